// Package paint owns what an SSH terminal shows of a Bubble Tea view: it
// draws a view when, and only when, it differs from the last one, and then
// only the cells that changed.
//
// Bubble Tea's own renderer wakes every program at its frame rate for the
// program's whole life and keeps two cell buffers of the whole screen (about
// 440 KB at 80x24). In a room of 1,000 that ticking was the whole of an idle
// room's CPU and those buffers a third of its memory (docs/PERFORMANCE.md).
// A Screen keeps the last frame as one string, is called from the program's
// own loop after each update, and parses into cells only the rows whose
// text changed, so an unchanged frame costs one string comparison and a
// changed dot a cursor move and a few cells.
package paint

import (
	"bytes"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Screen draws views onto one terminal. It is used from one goroutine, the
// program's loop, like the model whose views it draws.
type Screen struct {
	out     io.Writer
	profile colorprofile.Profile
	width   int
	height  int

	started bool   // set-up sequences written
	alt     bool   // on the alternate screen
	frame   string // what the alternate screen shows, rows joined by \n
	inline  string // what was last written off the alternate screen
	title   string

	buf bytes.Buffer
	pen uv.Style // the terminal's current style, after conversion

	// was and cur hold the cells of the row being painted, old and new.
	// They live for one frame only: kept between frames they would be a
	// copy of the screen per person, which is what this package avoids.
	was, cur rowScreen

	converted struct {
		from, to uv.Style
		ok       bool
	}
}

// rowScreen is one row of cells that a styled string draws itself into,
// so that a wide character is followed by its placeholder and index x is
// column x, as on the terminal.
type rowScreen struct{ *uv.Buffer }

func (rowScreen) WidthMethod() uv.WidthMethod { return ansi.WcWidth }

// New returns a Screen that writes to out for a terminal of the given size,
// with colours brought down to profile.
func New(out io.Writer, profile colorprofile.Profile, width, height int) *Screen {
	return &Screen{out: out, profile: profile, width: width, height: height}
}

// Resize takes a new terminal size; the next frame is drawn whole, since a
// terminal that changed size may have moved or cut what it showed.
func (s *Screen) Resize(width, height int) {
	if width == s.width && height == s.height {
		return
	}
	s.width, s.height = width, height
	s.frame = ""
	if s.alt {
		s.buf.WriteString(ansi.EraseEntireScreen)
	}
}

// Draw shows v, writing only what differs from what the terminal shows.
func (s *Screen) Draw(v tea.View) error {
	s.start()
	if v.AltScreen {
		s.drawAlt(v)
	} else {
		s.drawInline(v.Content)
	}
	return s.flush()
}

// Close gives the terminal back as it was found: main screen, cursor shown,
// pastes unbracketed.
func (s *Screen) Close() error {
	if !s.started {
		return nil
	}
	s.resetPen()
	if s.alt {
		s.buf.WriteString(ansi.ResetModeAltScreenSaveCursor)
		s.alt = false
	}
	s.buf.WriteString(ansi.ShowCursor + ansi.ResetModeBracketedPaste)
	s.started = false
	return s.flush()
}

// start writes the set-up once. The background colour question is asked
// here because Bubble Tea, which asks it through its renderer, draws
// nothing; the answer comes back with the keys.
func (s *Screen) start() {
	if s.started {
		return
	}
	s.started = true
	s.buf.WriteString(ansi.HideCursor + ansi.SetModeBracketedPaste + ansi.RequestBackgroundColor)
}

func (s *Screen) drawAlt(v tea.View) {
	if !s.alt {
		s.buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen)
		s.alt, s.frame, s.inline = true, "", ""
	}
	if v.WindowTitle != s.title {
		s.buf.WriteString(ansi.SetWindowTitle(v.WindowTitle))
		s.title = v.WindowTitle
	}
	frame := s.fit(v.Content)
	if frame == s.frame {
		return
	}
	s.was, s.cur = rowScreen{uv.NewBuffer(s.width, 1)}, rowScreen{uv.NewBuffer(s.width, 1)}
	defer func() { s.was, s.cur = rowScreen{}, rowScreen{} }()
	old := strings.Split(s.frame, "\n")
	for y, row := range strings.Split(frame, "\n") {
		was := ""
		if y < len(old) {
			was = old[y]
		}
		if row != was {
			s.paintRow(y, was, row)
		}
	}
	// A frame with fewer rows leaves the rest of the old one to be blanked.
	for y := strings.Count(frame, "\n") + 1; y < len(old); y++ {
		if old[y] != "" {
			s.paintRow(y, old[y], "")
		}
	}
	s.resetPen()
	s.frame = frame
}

// fit keeps the rows a terminal of this height shows: the last ones, as
// Bubble Tea does, since a frame taller than the screen scrolls.
func (s *Screen) fit(content string) string {
	content = strings.TrimSuffix(strings.ReplaceAll(content, "\r\n", "\n"), "\n")
	if n := strings.Count(content, "\n") + 1; n > s.height && s.height > 0 {
		rows := strings.Split(content, "\n")
		content = strings.Join(rows[n-s.height:], "\n")
	}
	return content
}

func (s *Screen) drawInline(content string) {
	if s.alt {
		s.resetPen()
		s.buf.WriteString(ansi.ResetModeAltScreenSaveCursor)
		s.alt, s.frame = false, ""
	}
	if content == s.inline {
		return
	}
	s.inline = content
	// Written as a terminal in raw mode needs it: an SSH session's
	// terminal does not turn \n into a new line at the left edge.
	s.buf.WriteString("\r" + strings.ReplaceAll(strings.ReplaceAll(content, "\r\n", "\n"), "\n", "\r\n"))
}

// paintRow writes the cells of row y that differ between was and row,
// from the first to the last that differs; a row that ends blank where the
// old one did not is ended by erasing to the right instead of by spaces.
func (s *Screen) paintRow(y int, was, row string) {
	old, cur := s.cells(s.was, was), s.cells(s.cur, row)
	first := 0
	for first < s.width && sameCell(&old[first], &cur[first]) {
		first++
	}
	if first == s.width {
		return // the text differed only in how its styles were written
	}
	last := s.width - 1
	for last > first && sameCell(&old[last], &cur[last]) {
		last--
	}
	// Never start or end in the middle of a wide character, old or new:
	// a terminal writing over half of one blanks the other half.
	for first > 0 && (isPlaceholder(&old[first]) || isPlaceholder(&cur[first])) {
		first--
	}
	for last+1 < s.width && (isPlaceholder(&old[last+1]) || isPlaceholder(&cur[last+1])) {
		last++
	}
	ink := last
	for ink >= first && isBlank(&cur[ink]) {
		ink--
	}
	erase := last-ink > len(ansi.EraseLineRight) && !hasInk(cur[last+1:])
	s.buf.WriteString(ansi.CursorPosition(first+1, y+1))
	end := last
	if erase {
		end = ink
	}
	for x := first; x <= end; x++ {
		s.putCell(&cur[x])
	}
	if erase {
		s.resetPen()
		s.buf.WriteString(ansi.EraseLineRight)
	}
}

// cells parses one row into exactly width cells, blank-padded. Styles stay
// as the view wrote them: only the cells written are brought down to the
// terminal's colours, in putCell.
func (s *Screen) cells(into rowScreen, row string) []uv.Cell {
	into.Clear()
	if row != "" {
		uv.NewStyledString(row).Draw(into, into.Bounds())
	}
	return into.Line(0)
}

func (s *Screen) putCell(c *uv.Cell) {
	if c.Width == 0 && c.Content == "" {
		return // the second half of a wide character, written with the first
	}
	style := s.convert(&c.Style)
	if !style.Equal(&s.pen) {
		if style.IsZero() {
			s.buf.WriteString(ansi.ResetStyle)
		} else {
			s.buf.WriteString(uv.StyleDiff(&s.pen, &style))
		}
		s.pen = style
	}
	if c.Content == "" {
		s.buf.WriteByte(' ')
		return
	}
	s.buf.WriteString(c.Content)
}

// convert brings a style down to the terminal's colours. A row is mostly
// runs of one style, so the last conversion is kept: converting is a map
// lookup per colour, a third of drawing when done for every cell.
func (s *Screen) convert(st *uv.Style) uv.Style {
	if st.IsZero() {
		return uv.Style{}
	}
	if !s.converted.from.Equal(st) || !s.converted.ok {
		s.converted.from, s.converted.to, s.converted.ok = *st, uv.ConvertStyle(*st, s.profile), true
	}
	return s.converted.to
}

func (s *Screen) resetPen() {
	if !s.pen.IsZero() {
		s.buf.WriteString(ansi.ResetStyle)
		s.pen = uv.Style{}
	}
}

func (s *Screen) flush() error {
	if s.buf.Len() == 0 {
		return nil
	}
	// One write per frame, so one SSH packet carries it and nothing can
	// come between its sequences.
	_, err := s.out.Write(s.buf.Bytes())
	s.buf.Reset()
	return err
}

func sameCell(a, b *uv.Cell) bool {
	return a.Content == b.Content && a.Width == b.Width && a.Style.Equal(&b.Style)
}

func isPlaceholder(c *uv.Cell) bool { return c.Width == 0 && c.Content == "" }

// isBlank: what erasing to the right leaves behind.
func isBlank(c *uv.Cell) bool {
	return (c.Content == " " || c.Content == "") && c.Width <= 1 && c.Style.IsZero()
}

func hasInk(cells []uv.Cell) bool {
	for i := range cells {
		if !isBlank(&cells[i]) {
			return true
		}
	}
	return false
}
