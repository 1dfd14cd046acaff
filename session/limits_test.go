package session

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// clock is a settable time for rate-limit tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)} }

func TestNoteRateSaysSlowDownAndRecovers(t *testing.T) {
	l := DefaultLimits()
	l.NotesPerMinute, l.NoteBurst = 6, 3 // one every 10 s after a burst of 3
	f := newFixtureWith(t, l)
	c := newClock()
	f.hub.now = c.now
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	ctx := context.Background()
	for i := range 3 {
		if err := m.AddNote(ctx, fmt.Sprint("burst ", i)); err != nil {
			t.Fatalf("note %d of the burst: %v", i, err)
		}
	}
	err := m.AddNote(ctx, "too fast")
	var slow *SlowDown
	if !errors.As(err, &slow) || !errors.Is(err, ErrSlowDown) {
		t.Fatalf("err = %v, want SlowDown", err)
	}
	if slow.Wait <= 0 || slow.Wait > 10*time.Second {
		t.Fatalf("wait = %v, want (0, 10s]", slow.Wait)
	}
	// Hammering does not lengthen the wait.
	for range 20 {
		_ = m.AddNote(ctx, "still too fast")
	}
	c.add(10 * time.Second)
	if err := m.AddNote(ctx, "after waiting"); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
	if got := len(m.Latest().NotesFor(m.ID())); got != 4 {
		t.Fatalf("%d notes, want 4", got)
	}
	// Another connection has its own allowance.
	other := f.join(t, code, "bob")
	if err := other.AddNote(ctx, "bob's note"); err != nil {
		t.Fatalf("another person was slowed by alice: %v", err)
	}
}

func TestActionRate(t *testing.T) {
	l := DefaultLimits()
	l.ActionsPerSecond, l.ActionBurst = 1, 4
	f := newFixtureWith(t, l)
	c := newClock()
	f.hub.now = c.now
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	ctx := context.Background()
	if err := m.AddNote(ctx, "note"); err != nil {
		t.Fatal(err)
	}
	note := m.Latest().NotesFor(m.ID())[0].ID
	steps := []func() error{
		func() error { return m.Vote(ctx, note) },
		func() error { return m.Unvote(ctx, note) },
		func() error { return m.Vote(ctx, note) },
		func() error { return m.Rename(ctx, "Alice") },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("action %d: %v", i, err)
		}
	}
	if err := m.Vote(ctx, note); !errors.Is(err, ErrSlowDown) {
		t.Fatalf("fifth action in a second: err = %v, want slow down", err)
	}
	c.add(time.Second)
	if err := m.Vote(ctx, note); err != nil {
		t.Fatalf("after a second: %v", err)
	}
}

func TestNoteCountAndLengthLimits(t *testing.T) {
	l := relaxed()
	l.NotesPerActivity, l.NoteLen = 3, 10
	f := newFixtureWith(t, l)
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	ctx := context.Background()
	if err := m.AddNote(ctx, "elva tecken"); !errors.Is(err, ErrNoteTooLong) {
		t.Fatalf("11 characters: err = %v", err)
	}
	if err := m.AddNote(ctx, "tio tecken"); err != nil {
		t.Fatalf("10 characters: %v", err)
	}
	for range 2 {
		if err := m.AddNote(ctx, "ok"); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.AddNote(ctx, "fourth"); !errors.Is(err, ErrTooManyNotes) {
		t.Fatalf("fourth note: err = %v", err)
	}
	if got := m.Latest().Limits.NoteLen; got != 10 {
		t.Fatalf("snapshot says note length %d", got)
	}
}

func TestLimitsValidate(t *testing.T) {
	bad := []func(*Limits){
		func(l *Limits) { l.NoteLen = 0 },
		func(l *Limits) { l.NoteLen = 5000 },
		func(l *Limits) { l.NotesPerActivity = 0 },
		func(l *Limits) { l.NotesPerMinute = 0 },
		func(l *Limits) { l.ActionBurst = 0 },
	}
	for i, change := range bad {
		l := DefaultLimits()
		change(&l)
		if l.Validate() == nil {
			t.Errorf("case %d: %+v accepted", i, l)
		}
	}
	if err := DefaultLimits().Validate(); err != nil {
		t.Fatal(err)
	}
}
