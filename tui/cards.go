package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// cardView draws notes as cards for one viewer: a participant's board
// marks their own notes and dots; the projector, with no viewer, marks
// nobody's, so the wall never says who wrote or voted what.
type cardView struct {
	snap   *session.Snapshot
	viewer string // participant id; "" for the projector
	picked string // the note picked up on the cluster board, if any
	text   *Text
	styles *Styles
	// shared draws the cards once for every session with the same
	// look; look is the Styles the cards are drawn with, by which they
	// are keyed. Without either, each card is drawn here.
	shared *Renders
	look   *Styles
	// kind is what meta asks of the activity, asked once for a whole
	// grid or list; nil asks for each card.
	kind *cardKind
}

// cardKind is what a card's last line depends on in the activity. Each
// question looks the kind up anew, which for every card of every session
// cost more than drawing the line.
type cardKind struct {
	sorts, ranked, secret bool
	own                   cardMetaView // the shown kind's own line, if it has one
	view                  activityView
}

func kindOfCards(s *session.Snapshot) *cardKind {
	k := &cardKind{sorts: s.Activity.Sorts(), ranked: s.Activity.Ranked(), secret: s.Activity.VotesSecret(), view: viewOf(s.Activity)}
	k.own, _ = shownView(s).(cardMetaView)
	return k
}

// grid draws the cards that fit in height rows of cols cards, from card
// row top, with card sel (-1 for none) selected.
func (c *cardView) grid(notes []session.Note, sel, top, cols, width, height int) string {
	if height <= 0 {
		return ""
	}
	if len(notes) == 0 {
		return lipgloss.NewStyle().Width(width).Height(height).Render(c.styles.Muted.Render(c.text.NoNotes))
	}
	if height < cardHeight {
		// Not even one card fits (a phone, with the question above): a
		// line a note, so the selected note and one's own answer still show.
		return c.list(notes, sel, width, height)
	}
	if c.kind == nil {
		// A copy, so that a cardView kept for another snapshot asks anew.
		a := *c
		a.kind = kindOfCards(c.snap)
		c = &a
	}
	rows := max(1, height/cardHeight)
	top = max(0, min(top, (len(notes)-1)/cols))
	cardWidth := width / cols
	var drawn [][]*drawnCard
	for r := top; r < top+rows && r*cols < len(notes); r++ {
		var row []*drawnCard
		for col := 0; col < cols && r*cols+col < len(notes); col++ {
			i := r*cols + col
			row = append(row, c.drawn(notes, notes[i], i == sel, cardWidth))
		}
		drawn = append(drawn, row)
	}
	below := len(notes) - min(len(notes), (top+rows)*cols)
	if out, ok := c.plainGrid(drawn, below, width, height); ok {
		return out
	}
	var lines []string
	for _, row := range drawn {
		cards := make([]string, len(row))
		for i, d := range row {
			cards[i] = d.s
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, cards...))
	}
	out := strings.Join(lines, "\n")
	if below > 0 {
		out = c.withMore(out, below, width, height)
	}
	return lipgloss.NewStyle().Height(height).MaxHeight(height).Render(out)
}

// plainGrid is what grid draws, put together from lines the cards were
// measured in when drawn, rather than measured again by every session:
// ok is false where a card or the words under them are not plain enough
// for that (a tab, a carriage return, lines of unequal width).
func (c *cardView) plainGrid(drawn [][]*drawnCard, below, width, height int) (string, bool) {
	if c.look == nil {
		return c.joinGrid(drawn, below, width, height)
	}
	return c.shared.grid(drawn, sharedGridKey{below: below, width: width, height: height, text: c.text, styles: c.look}, func() (string, bool) {
		return c.joinGrid(drawn, below, width, height)
	})
}

// joinGrid is plainGrid, joined here.
func (c *cardView) joinGrid(drawn [][]*drawnCard, below, width, height int) (string, bool) {
	var lines []string
	var widths []int
	for _, row := range drawn {
		l, w, ok := c.shared.row(row)
		if !ok {
			return "", false
		}
		lines, widths = append(lines, l...), append(widths, w...)
	}
	if below > 0 {
		// lines is this view's own slice (appended to above), so the
		// shared rows' lines are not changed by moreLines.
		var last int
		lines, last = c.moreLines(lines, below, width, height)
		if strings.ContainsAny(lines[len(lines)-1], "\t\r") {
			return "", false
		}
		// moreLines added a line or changed the last.
		widths = append(widths[:len(lines)-1], last)
	}
	return heightBlock(lines, widths, height), true
}

// withMore says that cards continue below the last row shown: without it,
// lines above the board (a facilitator's) cut off the last row with no
// sign that anything was there. The words take the line under the cards
// when there is one; else they go at the right end of the last row's
// bottom border, so no row is given up for them.
func (c *cardView) withMore(out string, below, width, height int) string {
	lines, _ := c.moreLines(strings.Split(out, "\n"), below, width, height)
	return strings.Join(lines, "\n")
}

// moreLines is withMore on the grid's lines, which it may change. It
// gives the width of the last line too: the rest were measured when their
// cards were drawn, and measuring this one, as wide as the screen, in
// every view was a tenth of a board's drawing.
func (c *cardView) moreLines(lines []string, below, width, height int) ([]string, int) {
	mark := c.muted(fmt.Sprintf(c.text.MoreBelow, below))
	markWidth := ansi.StringWidth(mark)
	if len(lines) < height {
		return append(lines, mark), markWidth
	}
	last := len(lines) - 1
	cut := c.shared.cutMeasured(lines[last], max(0, width-markWidth-1), "")
	lines[last] = cut.s + " " + mark
	return lines, cut.width + 1 + markWidth
}

func (c *cardView) card(notes []session.Note, n session.Note, selected bool, width int) string {
	return c.drawn(notes, n, selected, width).s
}

// drawn is the card of n, drawn by this session or found drawn by another
// that sees it the same.
func (c *cardView) drawn(notes []session.Note, n session.Note, selected bool, width int) *drawnCard {
	meta := c.meta(notes, n, selected)
	k := cardKey{text: n.Text, meta: meta, selected: selected, width: width, styles: c.look}
	return c.shared.card(k, func() string { return c.draw(n.Text, meta, selected, width) })
}

// draw draws a card of note text with meta as its last line.
func (c *cardView) draw(note, meta string, selected bool, width int) string {
	inner := width - 4 // border and padding
	wrapped := strings.Split(ansi.Wrap(note, inner, " "), "\n")
	if len(wrapped) > cardTextLines {
		wrapped = wrapped[:cardTextLines]
		wrapped[cardTextLines-1] = ansi.Truncate(wrapped[cardTextLines-1]+" …", inner, "…")
	}
	for len(wrapped) < cardTextLines {
		wrapped = append(wrapped, "")
	}
	text := strings.Join(wrapped, "\n")
	meta = ansi.Truncate(meta, inner, "…")
	if selected {
		// The selection is the card's last line in reverse, with ▶: moving
		// it redraws two short lines, not two whole borders (box drawing is
		// three bytes a cell, and this is the key people press most).
		meta = c.styles.Selected.Render(meta + strings.Repeat(" ", max(0, inner-ansi.StringWidth(meta))))
	}
	return c.styles.Card.Width(width).Render(text + "\n" + meta)
}

// meta says in text what colours only underline: the selection (▶), the
// viewer's own note (★), the dots.
func (c *cardView) meta(notes []session.Note, n session.Note, selected bool) string {
	var parts []string
	if selected {
		parts = append(parts, "▶")
	}
	kind := c.kind
	if kind == nil {
		kind = kindOfCards(c.snap)
	}
	if kind.sorts {
		return strings.Join(append(parts, c.clusterMeta(n)...), " ")
	}
	if kind.own != nil {
		return strings.Join(append(parts, kind.own.cardMeta(c, n)...), " ")
	}
	if mark, ok := kind.view.mark(c.text, c.snap, c.viewer, n.ID); ok {
		if c.viewer != "" {
			parts = append(parts, c.mine(mark))
		}
		if fig := outcomeFigure(c.text, c.snap.Outcome, n.ID); fig != "" {
			parts = append(parts, c.dots("· "+fig))
		}
		return strings.Join(parts, " ")
	}
	if n.Column != "" {
		parts = append(parts, "▤ "+n.Column)
	}
	if kind.ranked && n.Votes > 0 {
		parts = append(parts, fmt.Sprintf(c.text.Rank, rankOf(notes, n)))
	}
	if kind.secret {
		parts = append(parts, c.dots("● ?"))
	} else {
		parts = append(parts, c.dots(fmt.Sprintf("● %d", n.Votes)))
	}
	if c.viewer == "" {
		return strings.Join(parts, " ")
	}
	if mine := c.snap.MyVotes(c.viewer, n.ID); mine > 0 {
		parts = append(parts, fmt.Sprintf(c.text.YourDots, mine))
	}
	if c.snap.Mine(c.viewer, n) {
		parts = append(parts, c.mine("★ "+c.text.Mine))
	}
	return strings.Join(parts, " ")
}

// dots, mine and muted are text in those styles, drawn once for every
// session with c's look: a card's last line is drawn by every session,
// the card itself only by the first.
func (c *cardView) dots(text string) string {
	if c.look == nil {
		return c.styles.Dots.Render(text)
	}
	return c.shared.span(&c.look.Dots, text)
}

func (c *cardView) mine(text string) string {
	if c.look == nil {
		return c.styles.Mine.Render(text)
	}
	return c.shared.span(&c.look.Mine, text)
}

func (c *cardView) muted(text string) string {
	if c.look == nil {
		return c.styles.Muted.Render(text)
	}
	return c.shared.span(&c.look.Muted, text)
}

// clusterMeta is what a card says of its place on the cluster board.
func (c *cardView) clusterMeta(n session.Note) []string {
	var parts []string
	if n.ID == c.picked {
		parts = append(parts, "✋")
	}
	if cl, ok := c.snap.ClusterOf(n.ID); ok {
		parts = append(parts, c.mine("◆ "+cl.Title))
	}
	if c.snap.Duplicate(n.ID) {
		parts = append(parts, "≡ "+c.text.DuplicateMark)
	}
	return parts
}

// rankOf is a note's place in a ranked activity; ties share a place. A
// note nobody dotted has no place (callers leave it out), as in the export.
func rankOf(notes []session.Note, n session.Note) int {
	rank := 1
	for _, o := range notes {
		if o.Votes > n.Votes {
			rank++
		}
	}
	return rank
}

// list draws notes a line each, "meta · text", the selected one in view.
func (c *cardView) list(notes []session.Note, sel, width, height int) string {
	if c.kind == nil {
		a := *c
		a.kind = kindOfCards(c.snap)
		c = &a
	}
	start := max(0, min(sel-height/2, len(notes)-height))
	var lines []string
	for i := start; i < len(notes) && len(lines) < height; i++ {
		line := notes[i].Text
		if meta := c.meta(notes, notes[i], i == sel); meta != "" {
			line = meta + " · " + line
		}
		line = ansi.Truncate(line, width, "…")
		if i == sel {
			line = c.styles.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	return lipgloss.NewStyle().Height(height).MaxHeight(height).Render(strings.Join(lines, "\n"))
}
