package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Line layout shared by the screens: widths are in terminal cells, so wide
// characters and Nordic letters never push a line past the screen.

// spread puts left and right on one line, or on two when they do not fit.
func spread(left, right string, width int) []string {
	return spreadMeasured(measured{left, lipgloss.Width(left)}, right, width)
}

// spreadMeasured is spread with the left half measured already.
func spreadMeasured(left measured, right string, width int) []string {
	gap := width - left.width - lipgloss.Width(right)
	if gap < 2 {
		return []string{
			ansi.Truncate(left.s, width, "…"),
			lipgloss.PlaceHorizontal(width, lipgloss.Right, ansi.Truncate(right, width, "…")),
		}
	}
	return []string{left.s + strings.Repeat(" ", gap) + right}
}

// wrapLines wraps text to width in at most n lines, the last cut with …
func wrapLines(style lipgloss.Style, text string, width, n int) []string {
	lines := strings.Split(ansi.Wrap(text, width, " "), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1]+" …", width, "…")
	}
	for i := range lines {
		lines[i] = style.Render(lines[i])
	}
	return lines
}
