package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// clusterRoom: a brainstorm with notes, then a cluster activity, current.
func clusterRoom(t *testing.T, texts ...string) (*facRoom, map[string]string) {
	t.Helper()
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	for _, text := range texts {
		if err := r.part.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]string{}
	for _, n := range r.part.Latest().NotesFor(r.part.ID()) {
		ids[n.Text] = n.ID
	}
	if err := r.fac.AddActivity(ctx, "cluster", "Gruppera", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	return r, ids
}

func groups(s *Snapshot, ids map[string]string) string {
	text := map[string]string{}
	for k, v := range ids {
		text[v] = k
	}
	out := ""
	for _, c := range s.Clusters {
		out += c.Title + ":"
		for _, n := range c.Notes {
			out += " " + text[n]
		}
		out += "; "
	}
	return out
}

func TestClusteringByKeyboard(t *testing.T) {
	r, ids := clusterRoom(t, "väntan", "kö", "telefon", "bemötande", "vänlig")
	ctx := context.Background()
	m := r.part
	steps := []struct {
		name string
		do   func() error
		want string
		err  error
	}{
		{"drop on a note makes a group", func() error { return m.Drop(ctx, ids["kö"], ids["väntan"]) }, "väntan: väntan kö; ", nil},
		{"drop on a grouped note joins it", func() error { return m.Drop(ctx, ids["telefon"], ids["kö"]) }, "väntan: väntan kö telefon; ", nil},
		{"name the group", func() error { return m.RenameCluster(ctx, ids["kö"], "Väntetider") }, "Väntetider: väntan kö telefon; ", nil},
		{"a second group", func() error { return m.Drop(ctx, ids["vänlig"], ids["bemötande"]) }, "Väntetider: väntan kö telefon; bemötande: bemötande vänlig; ", nil},
		{"move between groups", func() error { return m.Drop(ctx, ids["telefon"], ids["vänlig"]) }, "Väntetider: väntan kö; bemötande: bemötande vänlig telefon; ", nil},
		{"take out", func() error { return m.TakeOut(ctx, ids["telefon"]) }, "Väntetider: väntan kö; bemötande: bemötande vänlig; ", nil},
		{"merge", func() error { return m.Merge(ctx, ids["vänlig"], ids["väntan"]) }, "Väntetider: väntan kö bemötande vänlig; ", nil},
		{"emptied groups go away", func() error {
			for _, n := range []string{"väntan", "kö", "bemötande", "vänlig"} {
				if err := m.TakeOut(ctx, ids[n]); err != nil {
					return err
				}
			}
			return nil
		}, "", nil},
		{"onto itself puts it back", func() error { return m.Drop(ctx, ids["kö"], ids["kö"]) }, "", nil},
		{"rename without a group", func() error { return m.RenameCluster(ctx, ids["kö"], "x") }, "", ErrNoSuchCluster},
	}
	for _, st := range steps {
		if err := st.do(); !errors.Is(err, st.err) {
			t.Fatalf("%s: err = %v, want %v", st.name, err, st.err)
		}
		if got := groups(r.fac.Latest(), ids); got != st.want {
			t.Fatalf("%s: groups = %q, want %q", st.name, got, st.want)
		}
	}
	if err := m.MarkDuplicate(ctx, ids["kö"]); err != nil || !r.fac.Latest().Duplicate(ids["kö"]) {
		t.Fatalf("duplicate: %v", err)
	}
}

func TestOnlyFacilitatorsClusterWhenSoChosen(t *testing.T) {
	r, ids := clusterRoom(t, "a", "b")
	ctx := context.Background()
	a := r.fac.Latest().Activity
	if err := r.part.SetClustering(ctx, a.ID, true); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a participant chose who clusters: %v", err)
	}
	if err := r.fac.SetClustering(ctx, a.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := r.part.Drop(ctx, ids["a"], ids["b"]); !errors.Is(err, ErrOnlyFacClust) {
		t.Fatalf("a participant clustered: %v", err)
	}
	if err := r.fac.Drop(ctx, ids["a"], ids["b"]); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentMovesEndConsistent: many people move the same notes at
// once; every screen ends with the same board, each note in at most one
// group.
func TestConcurrentMovesEndConsistent(t *testing.T) {
	texts := []string{"n0", "n1", "n2", "n3", "n4", "n5"}
	r, ids := clusterRoom(t, texts...)
	ctx := context.Background()
	var movers []*Member
	for i := range 8 {
		movers = append(movers, r.join(t, r.code, fmt.Sprint("mover", i)))
	}
	var wg sync.WaitGroup
	for i, m := range movers {
		wg.Go(func() {
			for j := range 20 {
				note := ids[texts[(i+j)%len(texts)]]
				target := ids[texts[(i+2*j+1)%len(texts)]]
				if err := m.Drop(ctx, note, target); err != nil && !errors.Is(err, ErrNoSuchNote) {
					t.Error(err)
				}
				if j%5 == 0 {
					_ = m.TakeOut(ctx, note)
				}
			}
		})
	}
	wg.Wait()
	final := r.fac.Latest()
	seen := map[string]int{}
	for _, c := range final.Clusters {
		if len(c.Notes) == 0 {
			t.Fatalf("an empty group %s remains", c.ID)
		}
		for _, n := range c.Notes {
			seen[n]++
		}
	}
	for n, count := range seen {
		if count > 1 {
			t.Fatalf("note %s is in %d groups", n, count)
		}
	}
	for _, m := range movers {
		if groups(m.Latest(), ids) != groups(final, ids) {
			t.Fatal("two screens show different boards")
		}
	}
	// And the log rebuilds exactly this board.
	want := groups(final, ids)
	r.restart(t)
	if got := groups(r.join(t, r.code, "creator").Latest(), ids); got != want {
		t.Fatalf("after restart: %q, want %q", got, want)
	}
}

func TestVoteOnGroups(t *testing.T) {
	r, ids := clusterRoom(t, "väntan", "kö", "tolk")
	ctx := context.Background()
	if err := r.part.Drop(ctx, ids["kö"], ids["väntan"]); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.AddActivity(ctx, "vote", "Rösta på grupper", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	items := r.part.Latest().NotesFor(r.part.ID())
	// The group, and the note nobody sorted: it must not drop off the ballot.
	if len(items) != 2 || items[0].Text != "väntan: väntan · kö" || items[1].ID != ids["tolk"] {
		t.Fatalf("vote items: %+v", items)
	}
	if err := r.part.Vote(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := r.part.Vote(ctx, ids["tolk"]); err != nil {
		t.Fatalf("a dot on a note in no group: %v", err)
	}
	if err := r.part.Vote(ctx, ids["kö"]); !errors.Is(err, ErrNoSuchNote) {
		t.Fatalf("a dot on a note inside a group: %v", err)
	}
}

// TestGroupTitleKeepsWholeCharacters: a group named after a long first
// note is cut between characters as people see them, never inside a flag
// or an emoji family.
func TestGroupTitleKeepsWholeCharacters(t *testing.T) {
	long := strings.Repeat("å", 29) + "🇸🇪🇳🇴 och 👨‍👩‍👧 tillsammans"
	r, ids := clusterRoom(t, long, "kort")
	ctx := context.Background()
	if err := r.part.Drop(ctx, ids["kort"], ids[long]); err != nil {
		t.Fatal(err)
	}
	title := r.part.Latest().Clusters[0].Title
	if want := strings.Repeat("å", 29) + "🇸🇪…"; title != want {
		t.Fatalf("title %q, want %q", title, want)
	}
}
