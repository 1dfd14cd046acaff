package tui

import (
	"strings"
	"testing"
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
