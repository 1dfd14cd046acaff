package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/samla/samla/session"
)

// TestResizeWhileWritingKeepsTheText: a phone turned (or a window made
// smaller) while someone writes still shows the end of what they wrote,
// where the cursor is, in several lines, and what they wrote is all kept.
func TestResizeWhileWritingKeepsTheText(t *testing.T) {
	words := strings.Repeat("långa ord om väntan ", 9) + "SLUT"
	for _, size := range []struct{ w, h int }{{40, 12}, {30, 10}, {40, 12}, {160, 48}, {40, 12}} {
		s := newScreenTest(t, 80, 24, session.RoomSpec{Template: "brukarresa", Lang: "sv"})
		s.named("Eva")
		s.keys("n", words)
		s.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		if size.w < MinWidth {
			s.send(tea.WindowSizeMsg{Width: 40, Height: 12})
		}
		if got := s.app.board.editor.value(); got != words {
			t.Fatalf("after a resize to %dx%d the note is %q", size.w, size.h, got)
		}
		screen := s.screen()
		if !strings.Contains(screen, "SLUT") {
			t.Errorf("after a resize to %dx%d the end of the text is hidden:\n%s", size.w, size.h, screen)
		}
		// On a phone, with the question and the private-writing rule
		// above, the note still shows several lines, not one.
		if n := strings.Count(screen, "väntan"); n < 3 {
			t.Errorf("after a resize to %dx%d %d lines of the note show:\n%s", size.w, size.h, n, screen)
		}
	}
}

// TestGoldenPhoneScreens pins the editor and the help of a real workshop
// (a question, private writing and phases above the board) on a phone's
// 40x12: the editor shows several lines of the note, the help several keys.
func TestGoldenPhoneScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"editor", []string{"n", strings.Repeat("Jag väntade länge på svar ", 4)}},
		{"help", []string{"?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScreenTest(t, 40, 12, session.RoomSpec{Template: "brukarresa", Lang: "sv"})
			s.named("Eva")
			s.keys(tc.keys...)
			screen := s.screen()
			if lines := strings.Count(screen, "\n") + 1; lines > 12 {
				t.Errorf("%d lines on a 12-line screen", lines)
			}
			golden.RequireEqual(t, screen)
		})
	}
}
