package tui

import (
	"errors"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// TestSkippingTheNameTakesPart: at the name question, esc (keep the default
// name) is an answer, and makes the person a participant as a name does;
// only someone who leaves without answering is not one.
func TestSkippingTheNameTakesPart(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"a name", []string{"Åse", "enter"}},
		{"esc", []string{"esc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScreenTest(t, 80, 24, session.RoomSpec{})
			if got := s.app.member.Latest().Joined; got != 0 {
				t.Fatalf("joined %d at the name question, want 0", got)
			}
			s.keys(tc.keys...)
			if got := s.app.member.Latest().Joined; got != 1 {
				t.Fatalf("joined %d after answering with %s, want 1", got, tc.name)
			}
		})
	}
}

// TestKeysWhileTheNameIsSavedAreNotLost: keys pressed after enter, before
// the room has answered, are the board's once the name is saved ("Eva
// enter n" opens a note), and go on typing the name if it was refused.
func TestKeysWhileTheNameIsSavedAreNotLost(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer error
		check  func(s *screenTest) error
	}{
		{"saved", nil, func(s *screenTest) error {
			if s.app.screen != screenBoard || !s.app.board.editing {
				return fmt.Errorf("n after the name did not open a note:\n%s", s.screen())
			}
			return nil
		}},
		{"refused", errors.New("refused"), func(s *screenTest) error {
			if got := s.app.name.input.Value(); got != "Evan" {
				return fmt.Errorf("the name field holds %q", got)
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScreenTest(t, 80, 24, session.RoomSpec{})
			s.keys("Eva")
			if _, save := s.app.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); save == nil {
				t.Fatal("enter did not save the name")
			}
			if _, cmd := s.app.Update(tea.KeyPressMsg{Code: 'n', Text: "n"}); cmd != nil {
				t.Fatal("n during the save did something at once")
			}
			s.send(nameDoneMsg{err: tc.answer})
			if err := tc.check(s); err != nil {
				t.Fatal(err)
			}
		})
	}
}
