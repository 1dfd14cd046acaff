package tui

import (
	"image/color"
	"slices"
	"strings"
	"sync/atomic"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	lru "github.com/hashicorp/golang-lru/v2"
)

// Renders holds what many sessions draw alike, drawn once and shared. In
// a room of a thousand every change (a note, a dot) made every session
// draw the same cards, header and key help again: a third of the server's
// time, for strings most people already had. One Renders serves all the
// sessions of a server (the SSH layer makes it and hands it to each in
// Deps).
//
// A part is keyed by everything its drawing depends on, so sharing never
// shows anyone what is not theirs: a card by its note's text, the line
// under it as this person sees it (their dots, their ★), the selection,
// the width and the Styles. The strings carry full colour; each session's
// painter fits them to its own terminal (paint), so one string suits all.
//
// Besides cards: rows of cards joined side by side, whole grids of them
// (most people in a room see the same cards; the grid was a view's
// biggest string, built by each), the key help, the
// header's room name, the activity's question and rules, the few styled
// words of each card's last line, and lines cut to a width.
//
// Each kind of part is a small LRU: a change makes new keys only for what
// changed, and what no screen shows any more falls out, so memory stays
// bounded however long the workshop and however many rooms (at most some
// megabytes, nearly all of it cards and rows of cards).
type Renders struct {
	cards   *lru.Cache[cardKey, *drawnCard]
	helps   *lru.Cache[helpKey, string]
	headers *lru.Cache[headerKey, measured]
	spans   *lru.Cache[spanKey, string]
	wraps   *lru.Cache[wrapKey, []string]
	cuts    *lru.Cache[cutKey, measured]
	rows    *lru.Cache[rowKey, joinedRow]
	grids   *lru.Cache[sharedGridKey, joinedGrid]
	// drawn and found count the cards drawn and those found drawn:
	// tests see by them that sessions share, without timing anything.
	drawn, found atomic.Int64
}

// How many of each part are kept. A room of 40 notes at a few widths,
// with each card selected or not and marked for its author and voters,
// is some hundreds of cards of about a kilobyte.
const (
	cardsKept   = 4096
	helpsKept   = 256
	headersKept = 256
	spansKept   = 1024
	wrapsKept   = 256
	cutsKept    = 256
	rowsKept    = 1024
	gridsKept   = 256
)

// NewRenders returns an empty Renders, to share between sessions.
func NewRenders() *Renders {
	return &Renders{
		cards:   newLRU[cardKey, *drawnCard](cardsKept),
		helps:   newLRU[helpKey, string](helpsKept),
		headers: newLRU[headerKey, measured](headersKept),
		spans:   newLRU[spanKey, string](spansKept),
		wraps:   newLRU[wrapKey, []string](wrapsKept),
		cuts:    newLRU[cutKey, measured](cutsKept),
		rows:    newLRU[rowKey, joinedRow](rowsKept),
		grids:   newLRU[sharedGridKey, joinedGrid](gridsKept),
	}
}

func newLRU[K comparable, V any](size int) *lru.Cache[K, V] {
	c, err := lru.New[K, V](size)
	if err != nil {
		// Only a size below one fails, and the sizes are constants.
		panic(err)
	}
	return c
}

// cardKey is everything a card's drawing depends on. meta is the card's
// last line before it is cut to the card's width: it holds what differs
// between people (their dots, their own notes) and between languages.
type cardKey struct {
	text     string
	meta     string
	selected bool
	width    int
	styles   *Styles
}

// card is the card for k, drawn by draw if no session has drawn it yet. A
// nil Renders, or no Styles to key by, draws every time.
func (r *Renders) card(k cardKey, draw func() string) *drawnCard {
	if r == nil || k.styles == nil {
		return newDrawnCard(draw())
	}
	if d, ok := r.cards.Get(k); ok {
		r.found.Add(1)
		return d
	}
	r.drawn.Add(1)
	d := newDrawnCard(draw())
	r.cards.Add(k, d)
	return d
}

// helpKey is everything the key-help line depends on: the keys shown
// (with their words and whether they are on), the help model's look and
// widths.
type helpKey struct {
	keys      string
	dark      bool
	width     int
	helpWidth int
}

func (r *Renders) help(k helpKey, draw func() string) string {
	if r == nil {
		return draw()
	}
	if s, ok := r.helps.Get(k); ok {
		return s
	}
	s := draw()
	r.helps.Add(k, s)
	return s
}

// headerKey is everything the header's left half (the room's name and
// code) depends on. The right half names the person and ticks with the
// timer: kept, it would only push the rest out.
type headerKey struct {
	title, code, badge string
	styles             *Styles
}

// measured is a line with its width.
type measured struct {
	s     string
	width int
}

func (r *Renders) header(k headerKey, draw func() string) measured {
	if r == nil || k.styles == nil {
		s := draw()
		return measured{s, lipgloss.Width(s)}
	}
	if m, ok := r.headers.Get(k); ok {
		return m
	}
	s := draw()
	m := measured{s, lipgloss.Width(s)}
	r.headers.Add(k, m)
	return m
}

// spanKey is a few words in one of a shared Styles' styles (a card's
// "● 3", "★ mine"): the style is known by its place in the Styles.
type spanKey struct {
	style *lipgloss.Style
	text  string
}

// span is text in style, which is in a Styles that nothing writes to.
func (r *Renders) span(style *lipgloss.Style, text string) string {
	if r == nil {
		return style.Render(text)
	}
	k := spanKey{style, text}
	if s, ok := r.spans.Get(k); ok {
		return s
	}
	s := style.Render(text)
	r.spans.Add(k, s)
	return s
}

// wrapKey is a text (the question, a rule) wrapped in a style to a width
// in at most n lines.
type wrapKey struct {
	style    *lipgloss.Style
	text     string
	width, n int
}

// wrapped is wrapLines(*style, text, width, n), clipped so that a
// caller's append copies it.
func (r *Renders) wrapped(style *lipgloss.Style, text string, width, n int) []string {
	if r == nil {
		return wrapLines(*style, text, width, n)
	}
	k := wrapKey{style, text, width, n}
	if s, ok := r.wraps.Get(k); ok {
		return s
	}
	s := slices.Clip(wrapLines(*style, text, width, n))
	r.wraps.Add(k, s)
	return s
}

// cutKey is a line cut to a width, ending in tail if cut.
type cutKey struct {
	line, tail string
	width      int
}

// cut is ansi.Truncate(line, width, tail), which measures every
// character: lines every session cuts alike are measured once.
func (r *Renders) cut(line string, width int, tail string) string {
	return r.cutMeasured(line, width, tail).s
}

// cutMeasured is cut with the width of what it gives.
func (r *Renders) cutMeasured(line string, width int, tail string) measured {
	if r == nil {
		s := ansi.Truncate(line, width, tail)
		return measured{s, ansi.StringWidth(s)}
	}
	k := cutKey{line, tail, width}
	if m, ok := r.cuts.Get(k); ok {
		return m
	}
	s := ansi.Truncate(line, width, tail)
	m := measured{s, ansi.StringWidth(s)}
	r.cuts.Add(k, m)
	return m
}

// drawnCard is a card as lipgloss draws it and, when all its lines are
// equally wide and hold no tab or carriage return (as cards do), those
// lines: a row of such cards is then their lines side by side, which is
// what lipgloss.JoinHorizontal gives after measuring every line again.
type drawnCard struct {
	s     string
	lines []string // nil when the card is not so plain
	width int      // of each line
}

func newDrawnCard(s string) *drawnCard {
	d := &drawnCard{s: s}
	if strings.ContainsAny(s, "\t\r") {
		return d
	}
	lines := strings.Split(s, "\n")
	w := ansi.StringWidth(lines[0])
	for _, l := range lines[1:] {
		if ansi.StringWidth(l) != w {
			return d
		}
	}
	d.lines, d.width = lines, w
	return d
}

// rowKey is a row of the grid by its cards, which are never changed once
// drawn: the same cards side by side are the same lines.
type rowKey [maxColumns]*drawnCard

// joinedRow is joinRow's answer.
type joinedRow struct {
	lines  []string
	widths []int
	ok     bool
}

// row is joinRow(cards), joined once for all sessions showing those cards
// side by side: most of a grid's rows hold no card that differs between
// people, and joining them was most of a view's garbage. The lines are
// shared: callers must not change them.
func (r *Renders) row(cards []*drawnCard) ([]string, []int, bool) {
	if r == nil || len(cards) > maxColumns {
		return joinRow(cards)
	}
	var k rowKey
	copy(k[:], cards)
	if j, ok := r.rows.Get(k); ok {
		return j.lines, j.widths, j.ok
	}
	lines, widths, ok := joinRow(cards)
	r.rows.Add(k, joinedRow{lines, widths, ok})
	return lines, widths, ok
}

// maxGridRows is the most rows of cards a grid shared between sessions
// has (48 rows of a terminal); a taller one is joined by each session.
const maxGridRows = 12

// sharedGridKey is a grid by its cards and what is joined around them: the
// rows are keyed by their cards (never changed once drawn), and the words
// under them say how many are below, in the session's language and look.
type sharedGridKey struct {
	rows   [maxGridRows]rowKey
	below  int
	width  int
	height int
	text   *Text
	styles *Styles
}

type joinedGrid struct {
	s  string
	ok bool
}

// grid is join(), the grid of the drawn rows of cards, joined once for
// all sessions that show the same cards in the same space. k is the key
// without its rows, which grid fills in.
func (r *Renders) grid(drawn [][]*drawnCard, k sharedGridKey, join func() (string, bool)) (string, bool) {
	if r == nil || len(drawn) > maxGridRows {
		return join()
	}
	for i, row := range drawn {
		if len(row) > maxColumns {
			return join()
		}
		copy(k.rows[i][:], row)
	}
	if g, ok := r.grids.Get(k); ok {
		return g.s, g.ok
	}
	s, ok := join()
	r.grids.Add(k, joinedGrid{s, ok})
	return s, ok
}

// joinRow is lipgloss.JoinHorizontal(lipgloss.Top, cards...) for cards
// that are plain and equally tall, with the width of each line; ok is
// false for any other cards.
func joinRow(cards []*drawnCard) (lines []string, widths []int, ok bool) {
	height := len(cards[0].lines)
	width := 0
	for _, c := range cards {
		if c.lines == nil || len(c.lines) != height {
			return nil, nil, false
		}
		width += c.width
	}
	lines, widths = make([]string, height), make([]int, height)
	for i := range lines {
		size := 0
		for _, c := range cards {
			size += len(c.lines[i])
		}
		var b strings.Builder
		b.Grow(size)
		for _, c := range cards {
			b.WriteString(c.lines[i])
		}
		lines[i], widths[i] = b.String(), width
	}
	return lines, widths, true
}

// heightBlock is lipgloss.NewStyle().Height(height).MaxHeight(height).
// Render of lines joined, for lines with no tab or carriage return of
// which the first len(widths) are known to be that wide: they are cut or
// filled to height and each padded to the widest, found before the cut,
// as lipgloss does. The grid's lines were measured once, when their cards
// were drawn, not again by every session.
func heightBlock(lines []string, widths []int, height int) string {
	ws := make([]int, max(len(lines), height))
	widest := 0
	for i, l := range lines {
		if i < len(widths) {
			ws[i] = widths[i]
		} else {
			ws[i] = ansi.StringWidth(l)
		}
		widest = max(widest, ws[i])
	}
	size := 0
	for i := range height {
		if i < len(lines) {
			size += len(lines[i])
		}
		size += widest - ws[i] + 1
	}
	var b strings.Builder
	b.Grow(size)
	for i := range height {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(lines[i])
		}
		for range widest - ws[i] {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// plainBox: box is a rounded border on all four sides and nothing else
// boxed would have to draw (colours, margins, alignment).
func plainBox(box lipgloss.Style) bool {
	none := func(c color.Color) bool { _, ok := c.(lipgloss.NoColor); return c == nil || ok }
	mt, mr, mb, ml := box.GetMargin()
	return box.GetBorderStyle() == lipgloss.RoundedBorder() &&
		box.GetBorderTop() && box.GetBorderRight() && box.GetBorderBottom() && box.GetBorderLeft() &&
		mt+mr+mb+ml == 0 && box.GetAlignHorizontal() == lipgloss.Left &&
		none(box.GetForeground()) && none(box.GetBackground()) &&
		none(box.GetBorderTopForeground()) && none(box.GetBorderRightForeground()) &&
		none(box.GetBorderBottomForeground()) && none(box.GetBorderLeftForeground()) &&
		none(box.GetBorderTopBackground()) && none(box.GetBorderRightBackground()) &&
		none(box.GetBorderBottomBackground()) && none(box.GetBorderLeftBackground()) &&
		len(box.GetBorderForegroundBlend()) == 0
}

// boxed is box.Width(width).Render(strings.Join(lines, "\n")) for the
// editor's box (a rounded border, one space of padding each side, nothing
// else): lines that fit inside are measured once and framed here, where
// lipgloss measured each line again at every step (wrapping, aligning,
// bordering), a quarter of what each key typed into a note cost. Anything
// else, or a line that would wrap, goes to lipgloss.
func boxed(box lipgloss.Style, width int, lines []string) string {
	b := box.GetBorderStyle()
	top, right, bottom, left := box.GetPadding()
	inner := width - 2 - left - right
	if top != 0 || bottom != 0 || left != 1 || right != 1 || inner < 1 || !plainBox(box) {
		return box.Width(width).Render(strings.Join(lines, "\n"))
	}
	if len(lines) == 0 {
		lines = []string{""} // as lipgloss draws nothing: one empty line
	}
	widths := make([]int, len(lines))
	size := 2 * 3 * width
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		if widths[i] > inner || strings.ContainsAny(l, "\t\r\n") {
			return box.Width(width).Render(strings.Join(lines, "\n"))
		}
		size += len(l) + inner - widths[i] + 10
	}
	var s strings.Builder
	s.Grow(size)
	s.WriteString(b.TopLeft + strings.Repeat(b.Top, width-2) + b.TopRight)
	for i, l := range lines {
		s.WriteString("\n" + b.Left + " ")
		s.WriteString(l)
		s.WriteString(strings.Repeat(" ", inner-widths[i]) + " " + b.Right)
	}
	s.WriteString("\n" + b.BottomLeft + strings.Repeat(b.Bottom, width-2) + b.BottomRight)
	return s.String()
}
