package paint

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// uvRow is a row as ultraviolet reads it, the reader paint used before.
type uvRow struct{ *uv.Buffer }

func (uvRow) WidthMethod() uv.WidthMethod { return ansi.WcWidth }

// TestRowReadsAsUltraviolet: a row read into cells shows, column by
// column, the text, width and look ultraviolet's reader gives it, so that
// reading rows without ultraviolet's buffers changes nothing on a screen.
func TestRowReadsAsUltraviolet(t *testing.T) {
	const width = 20
	rng := rand.New(rand.NewPCG(7, 2026))
	words := []string{"a", "lapp", "● 3", "日本", "🙂", "ö", "e\u0301", " ", "\t", "★", "👨‍👩‍👧", "x\x1b]8;;u\x07y",
		"╭──╮", "│", "╰─", "▶", "↓", "…", "å\u0308", "─\u20dd", "★\ufe0f", "▶\u200d", "\u00ad", "×÷", "é\U0001F3FB"}
	styles := []lipgloss.Style{lipgloss.NewStyle(), bold, pink, inv, faint, bold.Foreground(lipgloss.Color("#102030"))}
	cases := []string{
		"",
		"plain text longer than twenty columns",
		"\x1b[1m\x1b[31mtwo\x1b[22m one\x1b[0;4mfresh\x1b[m",
		"a\x1b[31m\u0301b",
		"nineteen columns 日本",
		"\x1b[1;31",
	}
	for range 300 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(styles[rng.IntN(len(styles))].Render(words[rng.IntN(len(words))]))
		}
		cases = append(cases, b.String())
	}
	var r row
	for i, text := range cases {
		want := uvRow{uv.NewBuffer(width, 1)}
		uv.NewStyledString(text).Draw(want, want.Bounds())
		r.read(text, width)
		if len(r.cells) != width {
			t.Fatalf("case %d %q: %d cells, want %d", i, text, len(r.cells), width)
		}
		for x := range width {
			w, g := want.CellAt(x, 0), &r.cells[x]
			gotStyle := readStyle(r.styleOf(g))
			gotText := r.textOf(g)
			if w.Content != gotText || w.Width != int(g.width) || !(w.Width == 0 || w.Style.Equal(&gotStyle)) {
				t.Fatalf("case %d %q column %d: got %q width %d style %+v, ultraviolet %q width %d style %+v",
					i, text, x, gotText, g.width, gotStyle, w.Content, w.Width, w.Style)
			}
		}
	}
}

// TestOneColumnIsOneColumn: every character read without segmenting is
// one column as the views measure it, and a grapheme by itself.
func TestOneColumnIsOneColumn(t *testing.T) {
	for c := rune(0); c <= 0x2fff; c++ {
		if !oneColumn(c) {
			continue
		}
		s := string(c)
		if w := ansi.WcWidth.StringWidth(s); w != 1 { // as read measures
			t.Errorf("%U %q is %d columns", c, s, w)
		}
		if g, _ := ansi.FirstGraphemeCluster(s+"x", ansi.WcWidth); g != s {
			t.Errorf("%U %q joins what follows: %q", c, s, g)
		}
	}
}

// A style written as many sequences without a reset is kept short.
func TestLongStylesStayBounded(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "\x1b[38;5;%dmx", i%256)
	}
	var r row
	r.read(b.String(), 200)
	for x := range r.cells {
		key := r.styleOf(&r.cells[x])
		if len(key) > maxStyleKey+len("\x1b[38;5;255m") {
			t.Fatalf("column %d: style of %d bytes", x, len(key))
		}
		if st := readStyle(key); !st.Equal(&uv.Style{Fg: ansi.IndexedColor(uint8(x % 256))}) {
			t.Fatalf("column %d: style %+v", x, st)
		}
	}
}
