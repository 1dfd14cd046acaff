package tui

import (
	"strings"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// panel is a boxed, scrollable page over the board (help, one whole note).
// It keeps only its scroll offset: the content is drawn fresh each time, so
// a note's dots stay live while someone reads it.
type panel struct {
	offset int
}

// panelChrome is what the box adds around the content: border top and
// bottom, title, and the footer hint.
const panelChrome = 4

// view renders title, content and footer in a box of exactly width×height,
// scrolled to the panel's offset. It returns the offset actually used.
func (p panel) view(s *Styles, title, content, footer string, width, height int) (string, int) {
	return p.page(*s, s.Box, title, content, footer, width, height)
}

// bare is view without the box, for a phone: the border and its padding
// took four of twelve lines and four of forty columns.
func (p panel) bare(s *Styles, title, content, footer string, width, height int) (string, int) {
	return p.page(*s, lipgloss.NewStyle(), title, content, footer, width, height)
}

func (p panel) page(s Styles, box lipgloss.Style, title, content, footer string, width, height int) (string, int) {
	inner := max(width-box.GetHorizontalFrameSize(), 1)
	chrome := box.GetVerticalFrameSize() + 2 // title and footer
	// The footer lists the panel's keys; it wraps rather than hide the
	// last ones (the agenda has a dozen), taking room from the content.
	// Room is kept for the " ↓" that says there is more below.
	wrap := func(f string) string { return ansi.Wrap(f, inner, " ") }
	extra := strings.Count(wrap(footer+" ↓"), "\n")
	vp := viewport.New(viewport.WithWidth(inner), viewport.WithHeight(max(height-chrome-extra, 1)))
	// Wrap at word boundaries first; the viewport's own wrap cuts words.
	vp.SetContent(lipgloss.NewStyle().Width(inner).Render(content))
	vp.SetYOffset(p.offset)
	if !vp.AtBottom() {
		footer += " ↓"
	}
	body := s.Title.Render(title) + "\n" + vp.View() + "\n" + s.Muted.Render(wrap(footer))
	framed := box.Width(width).Height(height).MaxHeight(height)
	return framed.Render(lipgloss.NewStyle().MaxWidth(inner).Render(body)), vp.YOffset()
}
