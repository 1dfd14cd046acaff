package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// What an activity shows beside its work (session.ActivityContext): the
// themes while people write challenges, a persona. On a wide screen it is
// a column beside the cards; on a narrow one its first lines sit above
// them and v opens it whole; plain mode reads it with the question (i).

// contextMinWidth is the narrowest screen that has room for the context
// beside the cards (two columns of cards and a third of the width).
const contextMinWidth = 100

// contextLines are the context as lines of at most width cells.
func contextLines(t *Text, st *Styles, c *session.ActivityContext, width int) []string {
	if c == nil {
		return nil
	}
	var lines []string
	if c.Text != "" {
		lines = append(lines, strings.Split(c.Text, "\n")...)
	}
	if c.Source.ID != "" {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, st.Title.Render(fmt.Sprintf(t.ContextFrom, c.Source.Title)))
		lines = append(lines, outcomeText(t, st, c, width)...)
	}
	for _, e := range c.Earlier {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, contextLines(t, st, e, width)...)
	}
	return fit(lines, width)
}

// outcomeText is an earlier activity's outcome in words: groups with their
// notes, a ranked vote, notes, or a scored outcome's figures.
func outcomeText(t *Text, st *Styles, c *session.ActivityContext, width int) []string {
	if lines, ok := outcomeLines(t, st, c.Outcome, nil, width); ok {
		return lines
	}
	var lines []string
	switch r := c.Outcome.(type) {
	case session.ClusterResults:
		for _, g := range r {
			lines = append(lines, "■ "+g.Title)
			for _, id := range g.NoteIDs {
				lines = append(lines, "  – "+c.NoteText(id))
			}
		}
		if loose := c.Loose(r); len(loose) > 0 {
			lines = append(lines, "□ "+t.ContextLoose)
			for _, n := range loose {
				lines = append(lines, "  – "+n)
			}
		}
	case session.VoteResults:
		for _, it := range r {
			lines = append(lines, fmt.Sprintf("%s %s (%d)", place(t, it.Rank), it.Text, it.Votes))
		}
	case session.BrainstormResults:
		for _, n := range r {
			lines = append(lines, "– "+n.Text)
		}
	}
	if len(lines) == 0 {
		lines = append(lines, st.Muted.Render(t.NoAnswers))
	}
	return lines
}

// contextSide draws the context as a column of height rows.
func contextSide(t *Text, st *Styles, c *session.ActivityContext, width, height int) string {
	lines := contextLines(t, st, c, width-2)
	if len(lines) > height {
		lines = append(lines[:height-1], st.Muted.Render(ansi.Truncate(t.ContextMore, width-2, "…")))
	}
	return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).PaddingLeft(2).Render(strings.Join(lines, "\n"))
}

// contextTop is the context's first lines above the cards, with how to
// read the rest.
func contextTop(t *Text, st *Styles, c *session.ActivityContext, width, rows int) []string {
	lines := contextLines(t, st, c, width)
	if len(lines) <= rows {
		return lines
	}
	return append(lines[:rows-1], st.Muted.Render(ansi.Truncate(t.ContextMore, width, "…")))
}

// contextSentences are the context for plain mode, a line each.
func contextSentences(t *Text, c *session.ActivityContext) []string {
	if c == nil {
		return nil
	}
	var out []string
	if c.Text != "" {
		out = append(out, strings.Split(c.Text, "\n")...)
	}
	for _, e := range c.Earlier {
		out = append(out, contextSentences(t, e)...)
	}
	if c.Source.ID == "" {
		return out
	}
	out = append(out, fmt.Sprintf(t.ContextFrom, c.Source.Title))
	if said, ok := outcomeSentence(t, c.Outcome); ok {
		return append(out, said)
	}
	switch r := c.Outcome.(type) {
	case session.ClusterResults:
		for _, g := range r {
			notes := make([]string, len(g.NoteIDs))
			for i, id := range g.NoteIDs {
				notes[i] = endSentence(c.NoteText(id))
			}
			out = append(out, endSentence(g.Title)+" "+strings.Join(notes, " "))
		}
		if loose := c.Loose(r); len(loose) > 0 {
			for i := range loose {
				loose[i] = endSentence(loose[i])
			}
			out = append(out, endSentence(t.ContextLoose)+" "+strings.Join(loose, " "))
		}
	case session.VoteResults:
		for _, it := range r {
			out = append(out, fmt.Sprintf("%s %s %d.", place(t, it.Rank), endSentence(it.Text), it.Votes))
		}
	case session.BrainstormResults:
		for _, n := range r {
			out = append(out, endSentence(n.Text))
		}
	}
	return out
}
