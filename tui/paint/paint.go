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

// Screen draws views onto one terminal. It is used by one goroutine at a
// time: the program's loop, or a painter while the loop waits for it
// (Painters), like the model whose views it draws.
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

	buf    bytes.Buffer
	pen    uv.Style // the terminal's current style, after conversion
	penSrc string   // pen as the view wrote it (a row's style key), "" for none

	// shared is the server's rows painted by other screens; nil paints
	// every row here.
	shared *sharedRows

	// was and cur are the row being painted, old and new. Their cells
	// are kept for the next frame's rows, at 8 bytes a column; what they
	// point into is let go after each frame.
	was, cur row
	styles   styleCache
	// match is, for each style of cur, the index of the same style in
	// was (noMatch if none, unknown until asked).
	match []uint16
}

const (
	unknown = 1<<16 - 1
	noMatch = 1<<16 - 2
)

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
	s.compose(v)
	return s.flush()
}

// compose puts what shows v into the buffer flush writes.
func (s *Screen) compose(v tea.View) {
	s.start()
	if v.AltScreen {
		s.drawAlt(v)
	} else {
		s.drawInline(v.Content)
	}
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
	defer s.letGo()
	old := strings.Split(s.frame, "\n")
	for y, row := range strings.Split(frame, "\n") {
		was := ""
		if y < len(old) {
			was = old[y]
		}
		if row != was && !sameButBlanks(was, row) {
			s.paintRowShared(y, was, row)
		}
	}
	// A frame with fewer rows leaves the rest of the old one to be blanked.
	for y := strings.Count(frame, "\n") + 1; y < len(old); y++ {
		if old[y] != "" {
			s.paintRowShared(y, old[y], "")
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
func (s *Screen) paintRow(y int, was, text string) {
	s.was.read(was, s.width)
	s.cur.read(text, s.width)
	s.match = s.match[:0]
	for range s.cur.styles {
		s.match = append(s.match, unknown)
	}
	old, cur := s.was.cells, s.cur.cells
	first := 0
	for first < s.width && s.same(&old[first], &cur[first]) {
		first++
	}
	if first == s.width {
		return // the text differed only in how its styles were written
	}
	last := s.width - 1
	for last > first && s.same(&old[last], &cur[last]) {
		last--
	}
	// Never start or end in the middle of a wide character, old or new:
	// a terminal writing over half of one blanks the other half.
	for first > 0 && (old[first].width == 0 || cur[first].width == 0) {
		first--
	}
	for last+1 < s.width && (old[last+1].width == 0 || cur[last+1].width == 0) {
		last++
	}
	ink := last
	for ink >= first && s.cur.blank(&cur[ink]) {
		ink--
	}
	erase := last-ink > len(ansi.EraseLineRight) && !s.cur.inked(cur[last+1:])
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

// letGo drops what the rows point into, so that a frame is not kept alive
// by the cells kept for the next one.
func (s *Screen) letGo() {
	s.was.text, s.cur.text = "", ""
	clear(s.was.styles)
	clear(s.cur.styles)
	clear(s.was.joined)
	clear(s.cur.joined)
}

// same: two cells look alike. Styles are compared as written, so the same
// look written two ways is drawn again, which costs bytes, never a wrong
// cell.
func (s *Screen) same(a, b *cell) bool {
	if a.width != b.width || s.matching(b.style) != a.style {
		return false
	}
	if a.size == 1 && b.size == 1 {
		return s.was.text[a.at] == s.cur.text[b.at]
	}
	return s.was.textOf(a) == s.cur.textOf(b)
}

// matching is the index in was of cur's style i, compared as text once
// per row rather than once per cell.
func (s *Screen) matching(i uint16) uint16 {
	if m := s.match[i]; m != unknown {
		return m
	}
	s.match[i] = noMatch
	key := s.cur.styles[i]
	for j, k := range s.was.styles {
		if k == key {
			s.match[i] = uint16(j)
			break
		}
	}
	return s.match[i]
}

func (s *Screen) putCell(c *cell) {
	if c.width == 0 {
		return // the second half of a wide character, written with the first
	}
	src := s.cur.styleOf(c)
	style := s.styles.get(src, s.profile)
	if !style.Equal(&s.pen) {
		if style.IsZero() {
			s.buf.WriteString(ansi.ResetStyle)
		} else {
			s.buf.WriteString(uv.StyleDiff(&s.pen, &style))
		}
		s.pen, s.penSrc = style, src
		if style.IsZero() {
			s.penSrc = "" // as after a reset, and nothing of this frame kept
		}
	}
	if c.size == 0 {
		s.buf.WriteByte(' ')
		return
	}
	s.buf.WriteString(s.cur.textOf(c))
}

func (s *Screen) resetPen() {
	if !s.pen.IsZero() {
		s.buf.WriteString(ansi.ResetStyle)
		s.pen = uv.Style{}
	}
	s.penSrc = ""
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

// sameButBlanks: two rows differ only in how many unstyled spaces end
// them, which a terminal shows alike (a row is blank past its text). The
// rows under a board's cards are such: padding to a width that changed
// with the cards above, and reading them into cells to find nothing to
// write was a third of a new note's drawing in a room that was empty.
func sameButBlanks(a, b string) bool {
	ta, tb := strings.TrimRight(a, " "), strings.TrimRight(b, " ")
	if ta != tb {
		return false
	}
	// The spaces are unstyled if no style is set before them, or the last
	// sequence before them resets it.
	return !strings.Contains(ta, "\x1b") || strings.HasSuffix(ta, "\x1b[m") || strings.HasSuffix(ta, "\x1b[0m")
}
