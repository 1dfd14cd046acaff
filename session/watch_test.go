package session

import (
	"context"
	"errors"
	"testing"
)

// TestWatchIsForFacilitatorsAndTakesNoPart: the projector is open to the
// room's facilitators only, and a watching wall is nobody in the room.
func TestWatchIsForFacilitatorsAndTakesNoPart(t *testing.T) {
	ctx := context.Background()
	r := newFacRoom(t, RoomSpec{})
	if err := r.fac.Configure(ctx, "a1", true, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		id   Identity
		err  error
	}{
		{"the creator", Identity{Key: []byte("creator")}, nil},
		{"a key from the facilitators file", Identity{Key: []byte("new file key"), Facilitator: true}, nil},
		{"a participant", Identity{Key: []byte("participant")}, ErrNotFacilitator},
		{"someone new", Identity{Key: []byte("stranger")}, ErrNotFacilitator},
		{"no key, even if flagged", Identity{Facilitator: true}, ErrNotFacilitator},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := r.hub.Watch(ctx, r.code, c.id)
			if !errors.Is(err, c.err) {
				t.Fatalf("watch: got %v, want %v", err, c.err)
			}
			if w != nil {
				w.Stop()
				w.Stop() // twice is harmless
			}
		})
	}
	if _, err := r.hub.Watch(ctx, "ABCDEF", Identity{Key: []byte("creator")}); !errors.Is(err, ErrNoSuchRoom) {
		t.Fatalf("watch of a missing room: %v", err)
	}

	before := r.fac.Latest()
	w, err := r.hub.Watch(ctx, r.code, Identity{Key: []byte("creator")})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if err := r.part.AddNote(ctx, "private until revealed"); err != nil {
		t.Fatal(err)
	}
	<-w.Changed()
	snap := w.Latest()
	if snap.Online != before.Online || snap.Joined != before.Joined {
		t.Errorf("watching changed who is here: online %d→%d, joined %d→%d", before.Online, snap.Online, before.Joined, snap.Joined)
	}
	if got := snap.NotesFor(""); len(got) != 0 {
		t.Errorf("the wall shows private notes: %v", got)
	}
	if got := snap.HiddenCount(""); got != 1 {
		t.Errorf("the wall counts %d hidden notes, want 1", got)
	}
	if err := r.fac.Reveal(ctx); err != nil {
		t.Fatal(err)
	}
	<-w.Changed()
	if got := w.Latest().NotesFor(""); len(got) != 1 {
		t.Errorf("after the reveal the wall shows %d notes, want 1", len(got))
	}
}
