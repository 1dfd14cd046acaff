package tui

import (
	"testing"

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
