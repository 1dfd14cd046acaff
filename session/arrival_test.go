package session

import (
	"context"
	"errors"
	"testing"
)

// roomCounts is everything that would show a participant who was never one.
type roomCounts struct {
	events, listed, joined, online, arrivals int
}

func countRoom(t *testing.T, f *fixture, m *Member) roomCounts {
	t.Helper()
	ctx := context.Background()
	events, err := f.store.Events(ctx, m.room.code)
	if err != nil {
		t.Fatal(err)
	}
	rooms, err := f.hub.Rooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := roomCounts{events: len(events), joined: m.Latest().Joined, online: m.Latest().Online}
	for _, r := range rooms {
		if r.Code == m.room.code {
			c.listed = r.Participants
		}
	}
	// arrivals belong to the owner: read them in a command of its own.
	if err := m.room.do(ctx, func(*state) ([]any, error) { c.arrivals = len(m.room.arrivals); return nil, nil }); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAbandonedArrivalsLeaveNoParticipant: connections that open a room and
// leave without acting (at the name question) leave the log, the room
// list's count, the snapshot's counts and the owner's memory as they were
// (issue 14: 556 permanent participants from 1,000 such visits). While
// here they are present and have a number kept for them.
func TestAbandonedArrivalsLeaveNoParticipant(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	ctx := context.Background()
	host := f.join(t, code, "host")
	baseline := countRoom(t, f, host)
	for i := range 60 {
		var id Identity
		if i%3 != 0 { // a third come without a key, each a new person
			id.Key = []byte{byte(i), 'k'}
		}
		m, err := f.hub.Join(ctx, code, id)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := m.Latest().Person(m.ID()); !ok || p.Number < 2 {
			t.Fatalf("arrival %d has no number kept for the name question: %+v, %v", i, p, ok)
		}
		if i%5 == 0 { // a second terminal of the same person
			again, err := f.hub.Join(ctx, code, id)
			if err != nil {
				t.Fatal(err)
			}
			again.Leave()
		}
		m.Leave()
	}
	if got := countRoom(t, f, host); got != baseline {
		t.Fatalf("after 60 abandoned arrivals: %+v, want %+v as before", got, baseline)
	}
}

// TestFirstActJoinsUnderTheKeptNumber: a person becomes a participant with
// their first accepted act, under the number the name question offered
// them, with the view they chose before; a refused first command changes
// nothing; and it all survives a restart.
func TestFirstActJoinsUnderTheKeptNumber(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	ctx := context.Background()
	host := f.join(t, code, "host")
	early, err := f.hub.Join(ctx, code, Identity{Key: []byte("early")})
	if err != nil {
		t.Fatal(err)
	}
	defer early.Leave()
	late, err := f.hub.Join(ctx, code, Identity{Key: []byte("late")})
	if err != nil {
		t.Fatal(err)
	}
	defer late.Leave()
	offered, _ := late.Latest().Person(late.ID())
	if err := late.ChooseView(ctx, true); err != nil {
		t.Fatal(err)
	}
	before := countRoom(t, f, host)
	if err := late.Lock(ctx, true); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a participant locked the room: %v", err)
	}
	if got := countRoom(t, f, host); got != before {
		t.Fatalf("a refused first command changed the room: %+v, want %+v", got, before)
	}
	if err := late.AddNote(ctx, "först"); err != nil {
		t.Fatal(err)
	}
	if err := early.TakePart(ctx); err != nil {
		t.Fatal(err)
	}
	lateID, earlyID := late.ID(), early.ID()
	early.Leave()
	late.Leave()
	f.restart(t)
	again := f.join(t, code, "host")
	snap := again.Latest()
	p, ok := snap.Person(lateID)
	if !ok || p.Number != offered.Number || !p.Plain {
		t.Fatalf("after a restart the late arrival is %+v (%v), want number %d in plain mode", p, ok, offered.Number)
	}
	if e, _ := snap.Person(earlyID); e.Number == p.Number || e.Number == 0 {
		t.Fatalf("two people share number %d", e.Number)
	}
	if snap.Joined != 3 {
		t.Fatalf("joined after a restart: %d, want 3", snap.Joined)
	}
}
