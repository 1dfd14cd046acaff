package paint

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// row is one row of a view read into exactly width columns. Its cells
// point into the row's text and name their style by index, so reading a row
// allocates nothing: reading rows into ultraviolet's cell buffers (two per
// frame, each cell a copy of a style with colour interfaces) was half of a
// busy server's CPU (docs/PERFORMANCE.md).
type row struct {
	text   string
	cells  []cell
	styles []string // the SGR sequences in force since the last reset, each once; 0 is none
	joined []string // texts not in one piece of the row: a mark kept from its letter
}

// cell is one column. A wide character is a cell of its width followed by
// placeholders (width 0, no text), as a terminal lays it out.
type cell struct {
	at    uint32 // where the text starts in row.text
	size  uint16 // bytes of text; 0 for a blank or a placeholder, or inJoined
	width uint8  // columns; 0 for a placeholder
	style uint16 // index into row.styles
}

// inJoined as a cell's size says its text is row.joined[at].
const inJoined = 1<<16 - 1

// maxStyleKey bounds a style written as sequences without a reset: past
// it, the style is read and written anew as one sequence.
const maxStyleKey = 256

// read lays text out into width cells: printable graphemes take their
// width (wcwidth, as the views are measured), SGR sequences set the style,
// and every other sequence or control is dropped, as ultraviolet drops
// them. Columns the text does not reach are blank.
func (r *row) read(text string, width int) {
	r.text = text
	r.cells = r.cells[:0]
	clear(r.styles)
	r.styles = append(r.styles[:0], "")
	r.joined = r.joined[:0]
	style := uint16(0)
	var p *ansi.Parser
	for i := 0; i < len(text) && len(r.cells) < width; {
		b := text[i]
		switch {
		case b >= 0x20 && b < 0x7f && (i+1 == len(text) || text[i+1] < 0xc0):
			r.cells = append(r.cells, cell{at: uint32(i), size: 1, width: 1, style: style})
			i++
		case b == ansi.ESC && i+1 < len(text) && text[i+1] == '[':
			n, sgr := csiLength(text[i:])
			if sgr {
				style = r.setStyle(style, text[i:i+n])
			}
			i += n
		case b >= 0xc0 && oneColumnAlone(text[i:]):
			// A card's borders, å ä ö, arrows and dots: one column, and
			// no grapheme of more (segmenting them was a tenth of a
			// burst's drawing).
			_, n := utf8.DecodeRuneInString(text[i:])
			r.put(cell{at: uint32(i), size: uint16(n), width: 1, style: style}, width)
			i += n
		default:
			if p == nil {
				p = ansi.GetParser()
				defer ansi.PutParser(p)
			}
			seq, w, n, _ := ansi.DecodeSequenceWc(text[i:], ansi.NormalState, p)
			if b >= 0x20 && b < 0x7f {
				// A letter followed by a combining mark is one grapheme.
				seq, w = ansi.FirstGraphemeCluster(text[i:], ansi.WcWidth)
				n = len(seq)
			}
			switch {
			case w > 0:
				r.put(r.cluster(i, n, w, style), width)
			case n > 0 && seq[0] >= 0xc0 && len(r.cells) > 0:
				r.fold(i, n)
			}
			i += max(n, 1)
		}
	}
	for len(r.cells) < width {
		r.cells = append(r.cells, cell{width: 1})
	}
}

// oneColumnAlone says s starts with a character that is one column wide
// and a grapheme by itself: one of oneColumn's, followed by the end, by
// ASCII (an escape among it) or by another of oneColumn's, none of which
// joins a grapheme before it.
func oneColumnAlone(s string) bool {
	c, n := utf8.DecodeRuneInString(s)
	if !oneColumn(c) {
		return false
	}
	if n == len(s) || s[n] < 0x80 {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[n:])
	return oneColumn(next)
}

// oneColumn is the characters samla's screens are mostly made of beside
// ASCII, all one column wide (TestOneColumnIsOneColumn): Latin-1's
// letters and signs but the soft hyphen, arrows, box drawing, blocks and
// geometric shapes, and the stars.
func oneColumn(c rune) bool {
	switch {
	case c >= 0xa1 && c <= 0xff:
		return c != 0xad
	case c >= 0x2190 && c <= 0x21ff, c >= 0x2500 && c <= 0x25fc: // 25fd, 25fe are emoji, two columns
		return true
	}
	return c == 0x2605 || c == 0x2606 || c == 0x2026
}

// cluster is the cell of the grapheme of n bytes at i.
func (r *row) cluster(i, n, w int, style uint16) cell {
	c := cell{at: uint32(i), size: uint16(n), width: uint8(min(w, 255)), style: style}
	if n >= inJoined {
		r.joined = append(r.joined, r.text[i:i+n])
		c.at, c.size = uint32(len(r.joined)-1), inJoined
	}
	return c
}

// put adds a cell and the placeholders after a wide one; a wide character
// that does not fit becomes blanks of its style, as on a terminal's last
// column.
func (r *row) put(c cell, width int) {
	w := int(c.width)
	if len(r.cells)+w > width {
		for len(r.cells) < width {
			r.cells = append(r.cells, cell{width: 1, style: c.style})
		}
		return
	}
	r.cells = append(r.cells, c)
	for range w - 1 {
		r.cells = append(r.cells, cell{})
	}
}

// fold adds a zero-width grapheme (a combining mark an escape sequence kept
// from its letter) to the last character, as the terminal would show it.
func (r *row) fold(at, n int) {
	last := len(r.cells) - 1
	for last > 0 && r.cells[last].width == 0 {
		last--
	}
	c := &r.cells[last]
	if c.size != inJoined && int(c.at)+int(c.size) == at && int(c.size)+n < inJoined {
		c.size += uint16(n)
		return
	}
	r.joined = append(r.joined, r.textOf(c)+r.text[at:at+n])
	c.at, c.size = uint32(len(r.joined)-1), inJoined
}

// setStyle applies one SGR sequence to the style in force and returns the
// index of the result.
func (r *row) setStyle(style uint16, seq string) uint16 {
	params := seq[2 : len(seq)-1]
	first, _, _ := strings.Cut(params, ";")
	first, _, _ = strings.Cut(first, ":")
	var key string
	switch {
	case params == "" || params == "0" || params == "00":
		return 0
	case first == "" || strings.Trim(first, "0") == "":
		key = seq // resets, then sets
	case style == 0:
		key = seq
	default:
		key = r.styles[style] + seq
		if len(key) > maxStyleKey {
			st := readStyle(key)
			key = uv.StyleDiff(&uv.Style{}, &st)
		}
	}
	for i, k := range r.styles {
		if k == key {
			return uint16(i) // one index a style, so cells compare styles as numbers
		}
	}
	r.styles = append(r.styles, key)
	return uint16(len(r.styles) - 1)
}

// textOf is what a cell shows; a column the text did not reach shows a
// space, as one written as a space does.
func (r *row) textOf(c *cell) string {
	switch {
	case c.size == 0 && c.width == 1:
		return " "
	case c.size == inJoined:
		return r.joined[c.at]
	}
	return r.text[c.at : int(c.at)+int(c.size)]
}

func (r *row) styleOf(c *cell) string { return r.styles[c.style] }

// csiLength is the length of the control sequence at the start of s and
// whether it is an SGR. An unfinished sequence runs to the end of s.
func csiLength(s string) (int, bool) {
	for i := 2; i < len(s); i++ {
		if b := s[i]; b >= 0x40 && b <= 0x7e {
			return i + 1, b == 'm'
		}
	}
	return len(s), false
}

// readStyle is the style a run of SGR sequences leaves, from none.
func readStyle(seqs string) uv.Style {
	var st uv.Style
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	var state byte
	for len(seqs) > 0 {
		seq, _, n, next := ansi.DecodeSequence(seqs, state, p)
		if ansi.HasCsiPrefix(seq) && p.Command() == 'm' {
			uv.ReadStyle(p.Params(), &st)
		}
		state, seqs = next, seqs[max(n, 1):]
	}
	return st
}

// styleCache keeps the last few styles as the terminal's colours allow;
// a row is mostly runs of a few styles, and reading one is a parse.
type styleCache struct {
	keys   [4]string
	styles [4]uv.Style
	next   int
}

func (c *styleCache) get(key string, profile colorprofile.Profile) uv.Style {
	if key == "" {
		return uv.Style{}
	}
	for i := range c.keys {
		if c.keys[i] == key {
			return c.styles[i]
		}
	}
	st := uv.ConvertStyle(readStyle(key), profile)
	// Cloned: the key points into a frame that is otherwise let go.
	c.keys[c.next], c.styles[c.next] = strings.Clone(key), st
	c.next = (c.next + 1) % len(c.keys)
	return st
}

// blank: what erasing to the right leaves behind.
func (r *row) blank(c *cell) bool {
	return c.width <= 1 && c.style == 0 && (c.width == 0 || r.textOf(c) == " ")
}

func (r *row) inked(cells []cell) bool {
	for i := range cells {
		if !r.blank(&cells[i]) {
			return true
		}
	}
	return false
}
