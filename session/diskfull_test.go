package session

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/samla/samla/store"
)

// fullStore is the real store on a disk that is full on demand: its writes
// fail the way the store reports SQLITE_FULL.
type fullStore struct {
	*store.Store
	full atomic.Bool
}

func (f *fullStore) AppendRewriting(ctx context.Context, events, rewrites []store.Event) error {
	if f.full.Load() {
		return fmt.Errorf("commit %d events: %w", len(events), store.ErrDiskFull)
	}
	return f.Store.AppendRewriting(ctx, events, rewrites)
}

// TestFullDiskRefusesTheNoteAndKeepsItsDraft: a note written while the disk
// is full is refused as ErrDiskFull (so the screen can say so in words), is
// not shown to anyone, and its words stay the writer's draft; once there is
// space the same note saves, and nothing saved before was lost.
func TestFullDiskRefusesTheNoteAndKeepsItsDraft(t *testing.T) {
	f := newFixture(t)
	fs := &fullStore{Store: f.store}
	f.hub.store = fs
	code := f.room(t, RoomSpec{Title: "Full"})
	ctx := context.Background()
	m := f.join(t, code, "writer")
	if err := m.AddNote(ctx, "before"); err != nil {
		t.Fatal(err)
	}
	fs.full.Store(true)
	m.SetDraft("during")
	err := m.AddNote(ctx, "during")
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("note on a full disk: %v, want ErrDiskFull", err)
	}
	if got := m.Draft(); got != "during" {
		t.Fatalf("draft after a refused note: %q, want the note's words", got)
	}
	if n := len(m.Latest().NotesFor(m.ID())); n != 1 {
		t.Fatalf("%d notes shown after a refused note, want 1", n)
	}
	fs.full.Store(false)
	if err := m.AddNote(ctx, "during"); err != nil {
		t.Fatalf("note once there is space: %v", err)
	}
	f.restart(t)
	m = f.join(t, code, "writer")
	var texts []string
	for _, n := range m.Latest().NotesFor(m.ID()) {
		texts = append(texts, n.Text)
	}
	if fmt.Sprint(texts) != "[before during]" {
		t.Fatalf("notes after a restart: %v, want [before during]", texts)
	}
}
