package session

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/samla/samla/store"
)

// stuffingHub is a hub on a stopped clock, so rate limiters never refill
// during a test and every count is exact.
func stuffingHub(t *testing.T, l Limits) (*Hub, string) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	h, err := NewHub(st, WithLimits(l), WithSecret([]byte(testSecret)), WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.Close()
		_ = st.Close()
	})
	info, err := h.CreateRoom(context.Background(), RoomSpec{Title: "Stoppning"})
	if err != nil {
		t.Fatal(err)
	}
	return h, info.Code
}

func joinFrom(t *testing.T, h *Hub, code, source string, key string) *Member {
	t.Helper()
	id := Identity{Source: source}
	if key != "" {
		id.Key = []byte(key)
	}
	m, err := h.Join(context.Background(), code, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Leave)
	return m
}

// TestSourceLimitsHoldAcrossConnections: without a key every connection
// is someone new with fresh per-person limits; 100 keyless sessions wrote
// 500 notes in a second. What one source sends together is limited too,
// and the refusal says it is the address's limit.
func TestSourceLimitsHoldAcrossConnections(t *testing.T) {
	l := DefaultLimits()
	l.PeoplePerSource = 2
	for _, tc := range []struct {
		name  string
		burst int
		do    func(m *Member, note string) error
	}{
		{"notes", l.NoteBurst, func(m *Member, _ string) error { return m.AddNote(context.Background(), "fyll på") }},
		{"dots and taking them back", l.ActionBurst, func(m *Member, note string) error {
			if err := m.Vote(context.Background(), note); err != nil {
				return err
			}
			return m.Unvote(context.Background(), note)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, code := stuffingHub(t, l)
			author := joinFrom(t, h, code, "", "author")
			if err := author.AddNote(context.Background(), "mål"); err != nil {
				t.Fatal(err)
			}
			note := author.Latest().NotesFor(author.ID())[0].ID
			accepted := 0
			var refusal error
			for range 10 { // ten connections, each fresh for its own limits
				m := joinFrom(t, h, code, "198.51.100.7", "")
				for range tc.burst {
					if refusal = tc.do(m, note); refusal != nil {
						break
					}
					accepted++
				}
				m.Leave()
			}
			var slow *SlowDown
			if !errors.As(refusal, &slow) || !slow.Source {
				t.Fatalf("refusal %v, want the source's SlowDown", refusal)
			}
			// Dots count a give and a take; the source allows PeoplePerSource
			// people's bursts of each.
			want := l.PeoplePerSource * l.NoteBurst
			if tc.name != "notes" {
				want = l.PeoplePerSource * l.ActionBurst / 2
			}
			if accepted != want {
				t.Fatalf("one source got %d through ten connections, want %d", accepted, want)
			}
			if err := tc.do(joinFrom(t, h, code, "203.0.113.9", ""), note); err != nil {
				t.Fatalf("another source is refused too: %v", err)
			}
		})
	}
}

// TestReconnectingWithoutAKeyGivesNoFreshDots: 40 keyless sessions gave
// one note 120 dots. People without a key from one source share the dots
// of as many people as were there at once.
func TestReconnectingWithoutAKeyGivesNoFreshDots(t *testing.T) {
	h, code := stuffingHub(t, relaxed())
	ctx := context.Background()
	author := joinFrom(t, h, code, "", "author")
	for _, text := range []string{"kö", "brev"} {
		if err := author.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	notes := author.Latest().NotesFor(author.ID())
	spend := func(m *Member) error { // a whole budget: 3 on one, 2 on the other
		for i := range DefaultVoteBudget {
			if err := m.Vote(ctx, notes[min(i/DefaultMaxPerItem, 1)].ID); err != nil {
				return fmt.Errorf("dot %d: %w", i+1, err)
			}
		}
		return nil
	}
	first := joinFrom(t, h, code, "198.51.100.7", "")
	if err := spend(first); err != nil {
		t.Fatal(err)
	}
	first.Leave()
	again := joinFrom(t, h, code, "198.51.100.7", "")
	if err := again.Vote(ctx, notes[1].ID); !errors.Is(err, ErrSourceDotsSpent) {
		t.Fatalf("reconnected without a key: %v, want ErrSourceDotsSpent", err)
	}
	keyed := joinFrom(t, h, code, "198.51.100.7", "own key")
	if err := spend(keyed); err != nil {
		t.Fatalf("someone with a key at the same address: %v", err)
	}
	if err := spend(joinFrom(t, h, code, "2001:db8:1:2::/64", "")); err != nil {
		t.Fatalf("someone without a key elsewhere: %v", err)
	}
}

// TestClassroomBehindOneAddress: sixty people without keys behind one NAT
// each write a note and give all their dots, with the default limits.
func TestClassroomBehindOneAddress(t *testing.T) {
	h, code := stuffingHub(t, DefaultLimits())
	ctx := context.Background()
	class := make([]*Member, 60)
	for i := range class {
		class[i] = joinFrom(t, h, code, "192.0.2.1", "")
		if err := class[i].AddNote(ctx, fmt.Sprintf("idé %d", i)); err != nil {
			t.Fatalf("pupil %d's note: %v", i, err)
		}
	}
	notes := class[0].Latest().NotesFor(class[0].ID())
	for i, m := range class {
		for d := range DefaultVoteBudget {
			note := notes[(i+d/DefaultMaxPerItem)%len(notes)].ID
			if err := m.Vote(ctx, note); err != nil {
				t.Fatalf("pupil %d's dot %d: %v", i, d+1, err)
			}
		}
		// Half the class goes home after voting: those still voting keep
		// their dots.
		if i%2 == 0 {
			m.Leave()
		}
	}
}

func TestKeysRequired(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	strict := []string{
		f.room(t, RoomSpec{Title: "Beslut", KeysRequired: true}),
		f.room(t, RoomSpec{Title: "Panel", KeysRequired: true, Template: "panel", Creator: Identity{Key: []byte("boss")}}),
	}
	open := f.room(t, RoomSpec{Title: "Öppet"})
	check := func() {
		t.Helper()
		for _, code := range strict {
			if _, err := f.hub.Join(ctx, code, Identity{}); !errors.Is(err, ErrKeyRequired) {
				t.Fatalf("without a key: %v, want ErrKeyRequired", err)
			}
			f.join(t, code, "alice")
		}
		f.join(t, open, "")
	}
	check()
	f.restart(t) // the option is in the log
	check()
}

// TestReconnectingWithoutAKeyGivesNoFreshNotes: the notes per person per
// activity are shared like dots by people without a key from one source.
func TestReconnectingWithoutAKeyGivesNoFreshNotes(t *testing.T) {
	l := relaxed()
	l.NotesPerActivity = 3
	h, code := stuffingHub(t, l)
	ctx := context.Background()
	write := func(m *Member, n int) error {
		for i := range n {
			if err := m.AddNote(ctx, fmt.Sprintf("lapp %d", i)); err != nil {
				return fmt.Errorf("note %d: %w", i+1, err)
			}
		}
		return nil
	}
	first := joinFrom(t, h, code, "198.51.100.7", "")
	if err := write(first, 3); err != nil {
		t.Fatal(err)
	}
	first.Leave()
	again := joinFrom(t, h, code, "198.51.100.7", "")
	if err := write(again, 1); !errors.Is(err, ErrSourceNotesSpent) {
		t.Fatalf("reconnected without a key: %v, want ErrSourceNotesSpent", err)
	}
	// Two at once have two people's notes.
	other := joinFrom(t, h, code, "198.51.100.7", "")
	if err := write(other, 3); err != nil {
		t.Fatalf("a second person there at once: %v", err)
	}
	if err := write(joinFrom(t, h, code, "198.51.100.7", "a key"), 3); err != nil {
		t.Fatalf("someone with a key at the same address: %v", err)
	}
	if err := write(joinFrom(t, h, code, "203.0.113.9", ""), 3); err != nil {
		t.Fatalf("someone without a key elsewhere: %v", err)
	}
}
