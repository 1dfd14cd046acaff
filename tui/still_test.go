package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

// TestStillWorkingNamesEveryone: the facilitator's "still working" line
// names people who kept their default name too ("Participant 3"); they
// used to be left out, so the line looked as if only they were done.
func TestStillWorkingNamesEveryone(t *testing.T) {
	ws := newWorkshop(t, true)
	quiet, err := ws.s.hub.Join(ws.ctx, ws.s.code, session.Identity{Key: []byte("golden quiet")})
	ws.must(t, err)
	ws.s.refresh(quiet)
	var line string
	for _, l := range strings.Split(ws.s.screen(), "\n") {
		if strings.Contains(l, "Still working:") {
			line = l
		}
	}
	me, _ := quiet.Latest().Person(quiet.ID())
	for _, want := range []string{"Omar", fmt.Sprintf("Participant %d", me.Number)} {
		if !strings.Contains(line, want) {
			t.Errorf("still working line %q does not name %s:\n%s", line, want, ws.s.screen())
		}
	}
}

// TestProjectorHidesTheJoinCommandWhileLocked: a locked room shows no join
// command on the wall (latecomers would type it only to be refused); it
// says the room is locked, and shows the command again when unlocked.
func TestProjectorHidesTheJoinCommandWhileLocked(t *testing.T) {
	ws := newWorkshop(t, false)
	wall := newWall(t, ws, "golden facilitator", 80, 24)
	if !strings.Contains(wall.screen(), "Join with: ssh -p 2222") {
		t.Fatalf("no join command:\n%s", wall.screen())
	}
	ws.must(t, ws.fac.Lock(ws.ctx, true))
	wall.refresh(ws.fac)
	if s := wall.screen(); strings.Contains(s, "Join with") || !strings.Contains(s, "The room is locked: nobody new can join now.") {
		t.Fatalf("locked, the wall shows:\n%s", s)
	}
	ws.must(t, ws.fac.Lock(ws.ctx, false))
	wall.refresh(ws.fac)
	if !strings.Contains(wall.screen(), "Join with: ssh -p 2222") {
		t.Fatalf("unlocked, no join command:\n%s", wall.screen())
	}
}

// TestNewNoteStartsInTheLastPhaseWritten: n opens the editor in the phase
// of one's own latest note, wherever the selection is; the first note
// starts in the first phase.
func TestNewNoteStartsInTheLastPhaseWritten(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{Creator: session.Identity{Key: []byte("golden viewer")}})
	s.named("Eva")
	me := s.app.member
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(me.Configure(s.ctx, me.Latest().Activity.ID, false, []string{"Före", "Under", "Efter"}))
	s.someoneWrites("golden other", "Någon annans lapp")
	s.refresh(me)
	s.keys("n")
	if !strings.Contains(s.screen(), "New note in Före") {
		t.Fatalf("a first note does not start in the first phase:\n%s", s.screen())
	}
	s.keys("esc")
	must(me.AddNoteIn(s.ctx, "Min lapp", "Efter"))
	must(me.AddNoteIn(s.ctx, "Annan lapp", "Under"))
	must(me.AddNoteIn(s.ctx, "Senaste lappen", "Efter"))
	s.refresh(me)
	s.keys("n")
	if !strings.Contains(s.screen(), "New note in Efter") {
		t.Fatalf("a new note does not start in the phase last written in:\n%s", s.screen())
	}
}
