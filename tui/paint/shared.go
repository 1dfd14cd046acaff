package paint

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	lru "github.com/hashicorp/golang-lru/v2"
)

// rowsShared is how many row changes a server keeps painted: a room's
// change repaints the same few rows on most of its screens, and a server
// holds many rooms, each at a few terminal widths.
const rowsShared = 4096

// maxRowShared bounds what one kept row change holds (both texts and the
// bytes), so the rows kept stay a few megabytes however wide and colourful
// the terminals; a longer one is painted by each screen.
const maxRowShared = 2048

// sharedRows is what changes of a row were painted as, shared by the
// screens of a server (through its Painters). When a note or a dot
// changes a room, most of its screens change the same rows from the same
// text to the same text, and reading both rows into cells and comparing
// them was a fifth of the server's work; the bytes are the same for all
// such screens, so all but the first copy them.
type sharedRows struct {
	painted *lru.Cache[rowChange, paintedRow]
}

// rowChange is everything paintRow's bytes depend on: the two texts, the
// row and the width, the colours the terminal takes, and the pen it
// starts with (by the style as the view wrote it, before conversion; ""
// for none).
type rowChange struct {
	was, now string
	y, width int
	profile  colorprofile.Profile
	pen      string
}

// paintedRow is the bytes and the pen they leave.
type paintedRow struct {
	out    string
	pen    uv.Style
	penSrc string
}

func newSharedRows() *sharedRows {
	c, err := lru.New[rowChange, paintedRow](rowsShared)
	if err != nil {
		// Only a size below one fails, and the size is a constant.
		panic(err)
	}
	return &sharedRows{painted: c}
}

// paintRowShared is Screen.paintRow, found painted by another screen when it
// can be. The texts are copied into the key: they are slices of whole
// frames, which the cache would otherwise keep.
func (s *Screen) paintRowShared(y int, was, text string) {
	if s.shared == nil {
		s.paintRow(y, was, text)
		return
	}
	k := rowChange{was: was, now: text, y: y, width: s.width, profile: s.profile, pen: s.penSrc}
	if p, ok := s.shared.painted.Get(k); ok {
		s.buf.WriteString(p.out)
		s.pen, s.penSrc = p.pen, p.penSrc
		return
	}
	start := s.buf.Len()
	s.paintRow(y, was, text)
	if len(was)+len(text)+s.buf.Len()-start > maxRowShared {
		return
	}
	k.was, k.now, k.pen = strings.Clone(was), strings.Clone(text), strings.Clone(k.pen)
	s.shared.painted.Add(k, paintedRow{out: string(s.buf.Bytes()[start:]), pen: s.pen, penSrc: strings.Clone(s.penSrc)})
}
