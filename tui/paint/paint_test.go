package paint

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// terminal is a screen drawing onto an emulated terminal, counting bytes.
type terminal struct {
	emu     *vt.Emulator
	written bytes.Buffer
	scr     *Screen
}

func newTerminal(t *testing.T, w, h int) *terminal {
	t.Helper()
	term := &terminal{emu: vt.NewEmulator(w, h)}
	// The emulator answers the background question on a pipe that must be
	// read. The pipe is closed rather than the emulator, whose Close writes a
	// flag the reading goroutine reads unguarded.
	done := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, term.emu); close(done) }()
	t.Cleanup(func() {
		if c, ok := term.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
			<-done
		}
	})
	term.scr = New(io.MultiWriter(term.emu, &term.written), colorprofile.TrueColor, w, h)
	return term
}

func (term *terminal) draw(t *testing.T, v tea.View) int {
	t.Helper()
	before := term.written.Len()
	if err := term.scr.Draw(v); err != nil {
		t.Fatalf("draw: %v", err)
	}
	return term.written.Len() - before
}

func alt(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}

// want is what a terminal of this size shows for content, drawn whole on a
// fresh emulator: what every sequence of partial draws must end up as.
func want(t *testing.T, content string, w, h int) *vt.Emulator {
	t.Helper()
	emu := vt.NewEmulator(w, h)
	t.Cleanup(func() { _ = emu.Close() })
	rows := strings.Split(content, "\n")
	if len(rows) > h {
		rows = rows[len(rows)-h:]
	}
	for y, row := range rows {
		// Cut at the edge, as a screen never wraps a row onto the next.
		_, _ = fmt.Fprintf(emu, "\x1b[%d;1H%s\x1b[m", y+1, ansi.Truncate(row, w, ""))
	}
	return emu
}

func sameScreen(t *testing.T, step string, got, exp *vt.Emulator) {
	t.Helper()
	for y := 0; y < exp.Height(); y++ {
		for x := 0; x < exp.Width(); x++ {
			g, e := got.CellAt(x, y), exp.CellAt(x, y)
			if g == nil || e == nil {
				if (g == nil) != (e == nil) {
					t.Fatalf("%s: cell %d,%d: got %v, want %v", step, x, y, g, e)
				}
				continue
			}
			if !sameLook(g, e) {
				t.Fatalf("%s: cell %d,%d: got %q %+v, want %q %+v\ngot:\n%s\nwant:\n%s",
					step, x, y, g.Content, g.Style, e.Content, e.Style, got.String(), exp.String())
			}
		}
	}
}

// sameLook compares what a person sees; a blank may be stored as "" or " ".
func sameLook(a, b *uv.Cell) bool {
	ac, bc := a.Content, b.Content
	if ac == "" {
		ac = " "
	}
	if bc == "" {
		bc = " "
	}
	return ac == bc && a.Style.Equal(&b.Style)
}

var (
	bold  = lipgloss.NewStyle().Bold(true)
	pink  = lipgloss.NewStyle().Foreground(lipgloss.Color("#ff5fd7")).Background(lipgloss.Color("#303030"))
	inv   = lipgloss.NewStyle().Reverse(true)
	faint = lipgloss.NewStyle().Faint(true)
)

func TestDrawsWhatTheViewSays(t *testing.T) {
	steps := []struct {
		name    string
		content string
	}{
		{"first", "Room  K7QX2M     3 online\n" + bold.Render("Obstacles") + "\n╭────╮\n│ a  │\n╰────╯\n" + faint.Render("n new note")},
		{"a dot", "Room  K7QX2M     3 online\n" + bold.Render("Obstacles") + "\n╭────╮\n│ a● │\n╰────╯\n" + faint.Render("n new note")},
		{"selected", "Room  K7QX2M     3 online\n" + bold.Render("Obstacles") + "\n╭────╮\n│" + inv.Render(" a● ") + "│\n╰────╯\n" + faint.Render("n new note")},
		{"shorter row", "Room  K7QX2M\n" + bold.Render("Obstacles") + "\n╭────╮\n│ a● │\n╰────╯"},
		{"wide", "Rum 🙂 ok\n日本語のメモ\n" + pink.Render("färg ✓")},
		{"wide moves", "Rum x🙂 ok\nX日本語のメモ\n" + pink.Render("färg ✓ ")},
		{"narrow over wide", "Rum xx ok\nXX本語のメモ\n" + pink.Render("färg")},
		{"long row is cut", strings.Repeat("lång ", 10)},
		{"blank", ""},
		{"full", strings.TrimSuffix(strings.Repeat(strings.Repeat("#", 20)+"\n", 6), "\n")},
		{"too tall keeps the bottom", "top\n1\n2\n3\n4\n5\n6\nbottom"},
	}
	term := newTerminal(t, 20, 6)
	for _, st := range steps {
		term.draw(t, alt(st.content))
		sameScreen(t, st.name, term.emu, want(t, term.scr.fit(st.content), 20, 6))
	}
}

func TestAnUnchangedViewWritesNothing(t *testing.T) {
	term := newTerminal(t, 40, 10)
	content := bold.Render("Obstacles") + "\n" + pink.Render("3 dots left")
	term.draw(t, alt(content))
	if n := term.draw(t, alt(content)); n != 0 {
		t.Fatalf("the same view again wrote %d bytes", n)
	}
	// The same look written with its styles in another order is no change.
	if n := term.draw(t, alt("\x1b[1m"+"Obstacles"+"\x1b[m\n"+pink.Render("3 dots left"))); n != 0 {
		t.Fatalf("the same look written differently wrote %d bytes", n)
	}
}

// A dot given changes one figure on a card: a cursor move and the figure
// in its style, not the card or the row (issue 13: at most 32 bytes).
func TestOneFigureCostsAFewBytes(t *testing.T) {
	term := newTerminal(t, 80, 24)
	card := func(dots int) string {
		return strings.Repeat("\n", 10) + "│ " + bold.Render(fmt.Sprintf("▶ ● %d", dots)) + " " + pink.Render("★ yours") + "          │"
	}
	term.draw(t, alt(card(1)))
	n := term.draw(t, alt(card(2)))
	if n > 32 {
		t.Fatalf("one dot cost %d bytes (%q), want at most 32", n, term.written.String()[term.written.Len()-n:])
	}
	sameScreen(t, "dot", term.emu, want(t, card(2), 80, 24))
}

func TestResizeDrawsWhole(t *testing.T) {
	term := newTerminal(t, 30, 5)
	term.draw(t, alt("one\ntwo"))
	term.emu.Resize(20, 4)
	term.scr.Resize(20, 4)
	term.draw(t, alt("one\ntwo"))
	sameScreen(t, "resized", term.emu, want(t, "one\ntwo", 20, 4))
}

func TestInlineLeavesTheAltScreenAndClosesClean(t *testing.T) {
	term := newTerminal(t, 30, 5)
	term.draw(t, alt(bold.Render("board")))
	if !term.emu.IsAltScreen() || !term.emu.CursorHidden() {
		t.Fatal("a full-screen view should be on the alternate screen with the cursor hidden")
	}
	term.draw(t, tea.NewView("Switching to plain mode\n"))
	if term.emu.IsAltScreen() {
		t.Fatal("an inline view stayed on the alternate screen")
	}
	if !strings.Contains(term.emu.String(), "Switching to plain mode") {
		t.Fatalf("inline words not shown:\n%s", term.emu.String())
	}
	if err := term.scr.Close(); err != nil {
		t.Fatal(err)
	}
	if term.emu.CursorHidden() {
		t.Fatal("the cursor stayed hidden after Close")
	}
	if !strings.HasSuffix(term.written.String(), "\x1b[?2004l") {
		t.Fatalf("bracketed paste not turned off: %q", term.written.String())
	}
}

func TestColoursFollowTheProfile(t *testing.T) {
	var out bytes.Buffer
	scr := New(&out, colorprofile.Ascii, 20, 3)
	if err := scr.Draw(alt(pink.Render("x") + bold.Render("y"))); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); strings.Contains(s, "38;2") || strings.Contains(s, "48;2") || !strings.Contains(s, "\x1b[1m") {
		t.Fatalf("NO_COLOR should keep bold and drop colours: %q", s)
	}
}

// Random edits of styled rows with wide characters: whatever the order of
// changes, the terminal ends up showing the view.
func TestRandomEditsEndAsTheView(t *testing.T) {
	const w, h = 24, 8
	rng := rand.New(rand.NewPCG(13, 1000))
	words := []string{"a", "lapp", "● 3", "日本", "🙂", "ö", " ", "    ", "★"}
	styles := []lipgloss.Style{lipgloss.NewStyle(), bold, pink, inv, faint}
	rows := make([]string, h)
	term := newTerminal(t, w, h)
	for step := range 300 {
		y := rng.IntN(h)
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(styles[rng.IntN(len(styles))].Render(words[rng.IntN(len(words))]))
		}
		rows[y] = b.String()
		content := strings.Join(rows[:1+rng.IntN(h)], "\n")
		term.draw(t, alt(content))
		sameScreen(t, fmt.Sprintf("step %d", step), term.emu, want(t, term.scr.fit(content), w, h))
	}
}

// BenchmarkANoteAppears draws what a new note does to a board at 80x24:
// a full styled frame, then the same frame with five rows changed (a card
// appears in the grid), alternately. What one person's screen costs per
// room change once the view is made.
func BenchmarkANoteAppears(b *testing.B) {
	frame := func(withNote bool) string {
		rows := make([]string, 24)
		rows[0] = bold.Render("Room K7QX2M") + "  Obstacles  " + faint.Render("212 online")
		for y := 1; y < 23; y++ {
			card := "│ " + pink.Render(fmt.Sprintf("note %02d waiting times", y)) + " │"
			rows[y] = card + "  " + card + "  " + inv.Render("● 3")
		}
		if withNote {
			for y := 10; y < 15; y++ {
				rows[y] = rows[y][:len(rows[y])/2] + pink.Render("│ the new one, blåbär │")
			}
		}
		rows[23] = faint.Render("n new note · space dot · ? help · q leave")
		return strings.Join(rows, "\n")
	}
	views := [2]tea.View{alt(frame(false)), alt(frame(true))}
	scr := New(io.Discard, colorprofile.ANSI256, 80, 24)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := scr.Draw(views[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// Rows that differ only in trailing spaces are the same on a terminal,
// unless a style is still set when the spaces begin.
func TestSameButBlanks(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"abc", "abc   ", true},
		{"   ", "", true},
		{"\x1b[1mab\x1b[m  ", "\x1b[1mab\x1b[m", true},
		{"\x1b[1mab\x1b[0m", "\x1b[1mab\x1b[0m    ", true},
		{"\x1b[41mab", "\x1b[41mab  ", false}, // red spaces
		{"abc", "abd", false},
		{"abc ", " abc", false},
	}
	for _, c := range cases {
		if got := sameButBlanks(c.a, c.b); got != c.same {
			t.Errorf("sameButBlanks(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// A row that only loses or gains trailing spaces writes nothing; one whose
// last style is still set when its spaces begin is drawn.
func TestTrailingBlanksWriteNothing(t *testing.T) {
	term := newTerminal(t, 20, 3)
	term.draw(t, alt("abc\nxyz"))
	if n := term.draw(t, alt("abc          \nxyz")); n != 0 {
		t.Errorf("spaces added at the end wrote %d bytes", n)
	}
	red := "\x1b[41mab"
	term.draw(t, alt(red))
	if n := term.draw(t, alt(red+"    ")); n == 0 {
		t.Error("red spaces were not drawn")
	}
	sameScreen(t, "red spaces", term.emu, want(t, red+"    ", 20, 3))
}
