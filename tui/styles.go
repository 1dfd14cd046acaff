package tui

import (
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are one session's look. Colours are ANSI palette indices so they
// follow the person's own theme on light and dark backgrounds; the renderer
// downsamples or drops them per session (NO_COLOR, TERM=dumb). Nothing is
// told by colour alone: every style here has a textual twin on screen.
//
// Text people must read is never faint and never a fixed grey or yellow:
// faint text and the palette's yellow measure 1.4–3.4 : 1 on common dark
// and light themes, below WCAG AA's 4.5 : 1. Muted text and one's own notes
// are therefore the terminal's own foreground (Muted plain, Mine bold, both
// with a textual twin), which every theme makes readable on its background.
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

// sharedStyles are DefaultStyles made once for every session: each
// screen of each session held its own copy, about 47 KB a person. Nothing
// writes to them; a screen that wanted other styles would make its own.
var sharedStyles = sync.OnceValue(func() *Styles {
	s := DefaultStyles()
	return &s
})

// DefaultStyles returns samla's styles.
func DefaultStyles() Styles {
	accent := lipgloss.Color("6")
	return Styles{
		Header:   lipgloss.NewStyle().Bold(true),
		Code:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Muted:    lipgloss.NewStyle(),
		Prompt:   lipgloss.NewStyle().Italic(true),
		Card:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Selected: lipgloss.NewStyle().Reverse(true).Bold(true),
		Mine:     lipgloss.NewStyle().Bold(true),
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
	s.Focused.Placeholder = placeholderStyle(dark)
	s.Blurred.Placeholder = placeholderStyle(dark)
	return s
}

func areaStyles(dark bool) textarea.Styles {
	s := textarea.DefaultStyles(dark)
	s.Cursor.Blink = false
	s.Focused.Placeholder = placeholderStyle(dark)
	s.Blurred.Placeholder = placeholderStyle(dark)
	return s
}

// placeholderStyle is a field's hint ("Your name"): readable (the help
// line's grey, not bubbles' 240, which is 2 : 1 and bright black under 16
// colours), and italic, so it does not look like something already typed.
func placeholderStyle(dark bool) lipgloss.Style {
	pick := lipgloss.LightDark(dark)
	return lipgloss.NewStyle().Italic(true).Foreground(pick(lipgloss.Color(helpDescLight), lipgloss.Color(helpDescDark)))
}

// The key-help greys, chosen to reach WCAG AA (4.5 : 1) on the usual dark
// backgrounds (black, #1E1E1E, One Dark, Solarized, Ubuntu's aubergine)
// and light ones (white, Solarized light, light grey); TestHelpContrast
// measures them. The dark ones downsample to the 16-colour palette's
// white, never to black, so TERM=vt100 (16 colours) does not draw black
// on black.
const (
	helpKeyDark   = "#D0D0D0"
	helpDescDark  = "#B2B2B2"
	helpKeyLight  = "#303030"
	helpDescLight = "#505050"
)

// helpStyles are the key-help line's styles for a dark or light
// background (bubbles' own greys measure 1.4–3.4 : 1). Keys are bold, so
// they stand out from their descriptions by more than colour.
func helpStyles(dark bool) help.Styles {
	pick := lipgloss.LightDark(dark)
	key := lipgloss.NewStyle().Bold(true).Foreground(pick(lipgloss.Color(helpKeyLight), lipgloss.Color(helpKeyDark)))
	desc := lipgloss.NewStyle().Foreground(pick(lipgloss.Color(helpDescLight), lipgloss.Color(helpDescDark)))
	return help.Styles{
		ShortKey: key, ShortDesc: desc, ShortSeparator: desc, Ellipsis: desc,
		FullKey: key, FullDesc: desc, FullSeparator: desc,
	}
}

// newHelp is a key-help model with readable styles; dark until the
// terminal says its background (most terminals in use are dark).
func newHelp() help.Model {
	h := help.New()
	h.Styles = helpStyles(true)
	return h
}
