package tui

import (
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are one session's look. Colours are ANSI palette indices so they
// follow the person's own theme on light and dark backgrounds; the renderer
// downsamples or drops them per session (NO_COLOR, TERM=dumb). Nothing is
// told by colour alone: every style here has a textual twin on screen.
type Styles struct {
	Header   lipgloss.Style
	Code     lipgloss.Style
	Muted    lipgloss.Style
	Prompt   lipgloss.Style
	Card     lipgloss.Style
	Selected lipgloss.Style
	Mine     lipgloss.Style
	Dots     lipgloss.Style
	Error    lipgloss.Style
	Info     lipgloss.Style
	Title    lipgloss.Style
	Box      lipgloss.Style
}

// DefaultStyles returns samla's styles.
func DefaultStyles() Styles {
	accent := lipgloss.Color("6")
	return Styles{
		Header:   lipgloss.NewStyle().Bold(true),
		Code:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Muted:    lipgloss.NewStyle().Faint(true),
		Prompt:   lipgloss.NewStyle().Italic(true),
		Card:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Selected: lipgloss.NewStyle().Reverse(true).Bold(true),
		Mine:     lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		Dots:     lipgloss.NewStyle().Bold(true),
		Error:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("1")),
		Info:     lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		Title:    lipgloss.NewStyle().Bold(true).Underline(true),
		Box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
	}
}

// inputStyles are the text fields' styles for a light or dark background,
// with a steady cursor: a blinking one sends bytes twice a second to every
// idle screen, which people on weak links pay for.
func inputStyles(dark bool) textinput.Styles {
	s := textinput.DefaultStyles(dark)
	s.Cursor.Blink = false
	return s
}

func areaStyles(dark bool) textarea.Styles {
	s := textarea.DefaultStyles(dark)
	s.Cursor.Blink = false
	return s
}
