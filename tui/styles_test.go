package tui

import (
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestHelpContrast: the key-help line reaches WCAG AA (4.5 : 1) on the
// backgrounds people's terminals commonly have, dark and light, and under
// 16 colours (TERM=vt100, xterm) its dark greys become white, never black.
func TestHelpContrast(t *testing.T) {
	backgrounds := map[bool][]string{
		true:  {"#000000", "#1E1E1E", "#282C34", "#002B36", "#300A24"},
		false: {"#FFFFFF", "#FDF6E3", "#EEEEEE", "#F5F5F5"},
	}
	for dark, bgs := range backgrounds {
		s := helpStyles(dark)
		for _, part := range []struct {
			name  string
			style lipgloss.Style
		}{{"key", s.ShortKey}, {"description", s.ShortDesc}, {"separator", s.ShortSeparator}, {"full key", s.FullKey}, {"full description", s.FullDesc}} {
			fg := part.style.GetForeground()
			if fg == nil {
				t.Fatalf("dark=%v: the %s has no colour", dark, part.name)
			}
			for _, bg := range bgs {
				if r := contrast(fg, lipgloss.Color(bg)); r < 4.5 {
					t.Errorf("dark=%v: the %s is %.2f : 1 on %s, want at least 4.5", dark, part.name, r, bg)
				}
			}
			if dark {
				if c := colorprofile.ANSI.Convert(fg); c == ansi.Black || c == ansi.BrightBlack {
					t.Errorf("under 16 colours the %s becomes %v: black on a black background", part.name, c)
				}
			}
		}
	}
}

// TestBodyTextIsNeverFaintOrFixedColour: muted text and one's own notes
// are in the terminal's own foreground (faint text and the palette's
// yellow are unreadable on many themes, yellow on white above all).
func TestBodyTextIsNeverFaintOrFixedColour(t *testing.T) {
	s := DefaultStyles()
	for name, st := range map[string]lipgloss.Style{"Muted": s.Muted, "Mine": s.Mine} {
		if st.GetFaint() {
			t.Errorf("%s is faint", name)
		}
		if _, none := st.GetForeground().(lipgloss.NoColor); !none && st.GetForeground() != nil {
			t.Errorf("%s has a fixed colour %v", name, st.GetForeground())
		}
	}
}
