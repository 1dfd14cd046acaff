package session

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestRevealShufflesNotes: after private writing, the notes are shown in
// an order decided at the reveal and stored in the reveal event, not in
// the order written; every reader (a screen, the export) and a replay
// after a restart agree on it.
func TestRevealShufflesNotes(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	if err := r.fac.Configure(ctx, "a1", true, nil); err != nil {
		t.Fatal(err)
	}
	var written []string
	for i := range 20 {
		if err := r.part.AddNote(ctx, fmt.Sprintf("note %02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range r.part.Latest().NotesFor(r.part.ID()) {
		written = append(written, n.ID)
	}
	if err := r.fac.Reveal(ctx); err != nil {
		t.Fatal(err)
	}
	shown := ids(r.fac.Latest().NotesFor(r.fac.ID()))
	// 20! orders: the chance that a fair shuffle gives the order written is 4e-19.
	if reflect.DeepEqual(shown, written) {
		t.Fatalf("after the reveal the notes are in the order written: %v", shown)
	}
	if got := revealOrder(t, r.fixture, r.code); !reflect.DeepEqual(got, shown) {
		t.Fatalf("the reveal event stores %v, screens show %v", got, shown)
	}
	rep, err := r.hub.Report(ctx, r.code, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	for _, n := range rep.Notes {
		exported = append(exported, n.ID)
	}
	if !reflect.DeepEqual(exported, shown) {
		t.Fatalf("the export lists %v, screens show %v", exported, shown)
	}
	r.restart(t)
	again := r.join(t, r.code, "participant")
	if got := ids(again.Latest().NotesFor(again.ID())); !reflect.DeepEqual(got, shown) {
		t.Fatalf("after a restart the order is %v, was %v", got, shown)
	}
}

func ids(notes []Note) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.ID
	}
	return out
}

// revealOrder reads the order the reveal event stores, as it is on disk.
func revealOrder(t *testing.T, f *fixture, code string) []string {
	t.Helper()
	events, err := f.store.Events(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Type == "activity.revealed" {
			var b struct{ Order []string }
			if err := json.Unmarshal(e.Data, &b); err != nil {
				t.Fatal(err)
			}
			return b.Order
		}
	}
	t.Fatal("no reveal event")
	return nil
}

func TestCoarseCount(t *testing.T) {
	tests := []struct {
		n, about int
		few      bool
	}{
		{0, 0, false}, {1, 0, true}, {4, 0, true}, {5, 5, false}, {7, 5, false},
		{8, 10, false}, {12, 10, false}, {13, 15, false}, {101, 100, false},
	}
	for _, tt := range tests {
		about, few := CoarseCount(tt.n)
		if about != tt.about || few != tt.few {
			t.Errorf("CoarseCount(%d) = %d, %v; want %d, %v", tt.n, about, few, tt.about, tt.few)
		}
	}
}
