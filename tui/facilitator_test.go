package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

// TestFacilitatorAnswersReachTheBoard: what an answered question leads to
// (a further question, or a word about a bad answer) shows on the board,
// not on a copy of it that is gone.
func TestFacilitatorAnswersReachTheBoard(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want string
	}{
		{"a bad timer", []string{"t", "soon", "enter"}, "Write minutes, like 5 or 2:30."},
		{"bad dots", []string{"A", "b", "many", "enter"}, "Write two numbers, like 5 3"},
		{"the question after the title", []string{"A", "e", "enter"}, "Question for everyone (optional):"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorkshop(t, true)
			w.s.keys(c.keys...)
			if screen := w.s.screen(); !strings.Contains(screen, c.want) {
				t.Fatalf("screen does not say %q:\n%s", c.want, screen)
			}
		})
	}
}

// TestAnonymousPeoplePanelCounts: in an anonymous room the facilitator's
// people panel says how many are here and done, and lists no numbers a
// watcher could match to faces; C closes the room for good after a yes,
// and the room then refuses new notes.
func TestAnonymousPeoplePanelCounts(t *testing.T) {
	fac := session.Identity{Key: []byte("golden facilitator")}
	s := newScreenTestAs(t, 100, 30, session.RoomSpec{Anonymity: session.Anonymous, Creator: fac}, "golden facilitator")
	var people []*session.Member
	for _, key := range []string{"anna", "bo", "cem"} {
		m, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte(key)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Leave)
		people = append(people, m)
	}
	if err := people[0].SetReady(s.ctx, true); err != nil {
		t.Fatal(err)
	}
	s.keys("enter") // past the word about anonymity
	s.refresh(people[0])
	s.keys("P")
	screen := s.screen()
	if !strings.Contains(screen, "Here: 3 participants (1 done) and 1 facilitators.") {
		t.Fatalf("the panel does not count:\n%s", screen)
	}
	for n := 1; n <= 4; n++ {
		if p := fmt.Sprintf("Participant %d", n); strings.Contains(screen, p) {
			t.Fatalf("the panel of an anonymous room lists %q:\n%s", p, screen)
		}
	}
	s.keys("C", "no", "enter") // the panel stays open after the answer
	if err := people[1].AddNote(s.ctx, "still open"); err != nil {
		t.Fatalf("the room closed without a yes: %v", err)
	}
	s.keys("C", "yes", "enter")
	if err := people[1].AddNote(s.ctx, "after closing"); !errors.Is(err, session.ErrRoomClosed) {
		t.Fatalf("a note after closing: %v", err)
	}
}

// TestOneKeyAnswersRoomQuestions: every yes/no question of the board (reveal,
// lock, agenda delete) takes one y, j or n as its answer, with no enter.
func TestOneKeyAnswersRoomQuestions(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		done func(s *session.Snapshot) bool
		want bool
	}{
		{"reveal, no", []string{"R", "n"}, func(s *session.Snapshot) bool { return !s.Activity.Hidden() }, false},
		{"reveal, yes", []string{"R", "y"}, func(s *session.Snapshot) bool { return !s.Activity.Hidden() }, true},
		{"lock, ja in capitals", []string{"K", "J"}, func(s *session.Snapshot) bool { return s.Locked }, true},
		{"agenda delete, no", []string{"A", "a", "Mer", "enter", "j", "d", "n"}, func(s *session.Snapshot) bool { return len(s.Activities) == 1 }, false},
		{"agenda delete, yes", []string{"A", "a", "Mer", "enter", "j", "d", "y"}, func(s *session.Snapshot) bool { return len(s.Activities) == 1 }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorkshop(t, true)
			w.s.keys(c.keys...)
			if w.s.app.board.prompt != nil {
				t.Fatalf("the question is still open after %q:\n%s", c.keys, w.s.screen())
			}
			if got := c.done(w.fac.Latest()); got != c.want {
				t.Fatalf("after %q: done %v, want %v", c.keys, got, c.want)
			}
		})
	}
}

// TestEnterAfterOneKeyAnswer: hands used to "y enter" still press enter
// after a one-key yes; that enter ends the answer and opens no note.
func TestEnterAfterOneKeyAnswer(t *testing.T) {
	w := newWorkshop(t, true)
	w.s.keys("R", "y")
	if w.fac.Latest().Activity.Hidden() {
		t.Fatal("R y did not reveal")
	}
	w.s.refresh(w.s.app.member) // the notes are there to be read
	w.s.keys("enter")
	if w.s.app.board.open != noPanel {
		t.Fatalf("the enter after the answer opened a panel:\n%s", w.s.screen())
	}
	w.s.keys("enter")
	if w.s.app.board.open != notePanel {
		t.Fatalf("a later enter does not read the note:\n%s", w.s.screen())
	}
}

// TestPeoplePanelGivesAndTakesFacilitation: f in the people panel asks,
// then makes the selected person co-facilitator; f again, answered yes,
// makes them a participant again; a no changes nothing.
func TestPeoplePanelGivesAndTakesFacilitation(t *testing.T) {
	w := newWorkshop(t, true)
	w.s.keys("P")
	for range 5 {
		people := w.s.app.board.snap.PresentFor(w.fac.ID())
		if people[w.s.app.board.peopleIndex].ID == w.other.ID() {
			break
		}
		w.s.keys("j")
	}
	isFac := func() bool { return w.fac.Latest().Facilitator(w.other.ID()) }
	for _, step := range []struct {
		keys []string
		want bool
	}{
		{[]string{"f", "n"}, false},
		{[]string{"f", "y"}, true},
		{[]string{"f", "n"}, true},
		{[]string{"f", "y"}, false},
	} {
		w.s.keys(step.keys...)
		if got := isFac(); got != step.want {
			t.Fatalf("after %q Omar is facilitator: %v, want %v\n%s", step.keys, got, step.want, w.s.screen())
		}
		w.s.refresh(w.other)
	}
}
