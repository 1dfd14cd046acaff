package session

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"
)

// TestEditAndDeleteEraseTheOldText: the words a note had before an edit,
// and a deleted note's words, are in neither the database file nor its
// WAL, and replaying the scrubbed log gives the room as it was live.
func TestEditAndDeleteEraseTheOldText(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	const edited, deleted = "MARKERwardsevenQX", "MARKERdeletedZZ"
	if err := r.part.AddNote(ctx, "I am Anna from "+edited); err != nil {
		t.Fatal(err)
	}
	if err := r.part.AddNote(ctx, "secret "+deleted); err != nil {
		t.Fatal(err)
	}
	// The notes reach the database file itself first, as they would after
	// SQLite's automatic checkpoint, so the file's freed space is tested too.
	if err := r.store.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	var editID, delID string
	for _, n := range r.part.Latest().NotesFor(r.part.ID()) {
		if bytes.Contains([]byte(n.Text), []byte(edited)) {
			editID = n.ID
		} else {
			delID = n.ID
		}
	}
	if err := r.part.EditNote(ctx, editID, "first fix "+edited+"2"); err != nil {
		t.Fatal(err)
	}
	if err := r.part.EditNote(ctx, editID, "someone from a ward"); err != nil {
		t.Fatal(err)
	}
	if err := r.part.DeleteNote(ctx, delID); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(r.path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, m := range []string{edited, deleted} {
			if bytes.Contains(raw, []byte(m)) {
				t.Errorf("%q is still in samla.db%s", m, suffix)
			}
		}
	}
	live := r.part.Latest()
	info := live.Room
	s, err := loadState(ctx, r.store, info, func(closed bool) (*sealer, error) { return r.hub.sealerFor(ctx, info, closed, readKey) })
	if err != nil {
		t.Fatal(err)
	}
	if s.seq != live.Seq || len(s.notes) != 1 || s.notes[0].ID != editID || s.notes[0].Text != "someone from a ward" {
		t.Fatalf("replayed room differs: seq %d/%d, notes %+v", s.seq, live.Seq, s.notes)
	}
	if got, want := s.snapshot().NotesFor(r.part.ID()), live.NotesFor(r.part.ID()); len(got) != len(want) || !reflect.DeepEqual(got[0], want[0]) {
		t.Fatalf("replayed notes %+v, live %+v", got, want)
	}
}
