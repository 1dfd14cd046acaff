package sanitize

import (
	"fmt"
	"image/color"
	"io"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

const termWidth, termHeight = 80, 24

// terminalProblems writes "ok " + line to a fresh terminal emulator and
// lists everything the terminal did besides printing it: callbacks (title,
// bell, modes, colours, cursor), cursor moves other than writing and
// wrapping, replies it wanted to send, styled or linked cells, and text
// that is not on the screen in the order it was written.
func terminalProblems(line string) []string {
	text := "ok " + line
	var problems []string
	note := func(format string, a ...any) {
		problems = append(problems, fmt.Sprintf(format, a...))
	}

	e := vt.NewEmulator(termWidth, termHeight)
	e.SetLogger(logFunc(func(format string, a ...any) { note("emulator: "+format, a...) }))
	e.SetCallbacks(watch(note))

	// Queries make the emulator write a reply to a pipe that blocks until
	// read, so read it; any reply at all is a failure.
	replies := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(e)
		replies <- b
	}()
	_, _ = e.WriteString(text)
	// Close the pipe, not the emulator: Close would race with Read.
	_ = e.InputPipe().(io.Closer).Close()
	if b := <-replies; len(b) > 0 {
		note("terminal replied %q", b)
	}

	problems = append(problems, stateProblems(e)...)
	problems = append(problems, cellProblems(e)...)
	problems = append(problems, contentProblems(e, text)...)
	return problems
}

type logFunc func(format string, a ...any)

func (f logFunc) Printf(format string, a ...any) { f(format, a...) }

// watch returns callbacks that note every change a terminal reports. A
// cursor move is allowed only rightwards on its row, or from the last
// column, which is how printing and wrapping move it.
func watch(note func(string, ...any)) vt.Callbacks {
	fired := func(name string) func() {
		return func() { note("callback %s fired", name) }
	}
	return vt.Callbacks{
		Bell:             fired("Bell"),
		Title:            func(s string) { note("title set to %q", s) },
		IconName:         func(s string) { note("icon name set to %q", s) },
		AltScreen:        func(on bool) { note("alt screen %v", on) },
		CursorVisibility: func(v bool) { note("cursor visible %v", v) },
		CursorStyle:      func(s vt.CursorStyle, blink bool) { note("cursor style %v blink %v", s, blink) },
		CursorColor:      func(c color.Color) { note("cursor colour %v", c) },
		BackgroundColor:  func(c color.Color) { note("background %v", c) },
		ForegroundColor:  func(c color.Color) { note("foreground %v", c) },
		WorkingDirectory: func(s string) { note("working directory %q", s) },
		EnableMode:       func(m ansi.Mode) { note("mode %v enabled", m) },
		DisableMode:      func(m ansi.Mode) { note("mode %v disabled", m) },
		CursorPosition: func(old, new uv.Position) {
			rightwards := new.Y == old.Y && new.X > old.X
			if !rightwards && old.X != termWidth-1 {
				note("cursor moved from %v to %v", old, new)
			}
		},
	}
}

// freshState is what stateProblems compares with: the state of a terminal
// nothing was written to.
var freshState = termState(vt.NewEmulator(termWidth, termHeight))

type state struct {
	altScreen, cursorHidden, blink bool
	cursorStyle                    vt.CursorStyle
	fg, bg, cursor                 color.Color
}

func termState(e *vt.Emulator) state {
	style, blink := e.CursorStyle()
	return state{
		altScreen:    e.IsAltScreen(),
		cursorHidden: e.CursorHidden(),
		blink:        blink,
		cursorStyle:  style,
		fg:           e.ForegroundColor(),
		bg:           e.BackgroundColor(),
		cursor:       e.CursorColor(),
	}
}

// stateProblems compares the terminal's state with a fresh one's, for what
// the callbacks might not cover.
func stateProblems(e *vt.Emulator) []string {
	if got := termState(e); got != freshState {
		return []string{fmt.Sprintf("terminal state %+v, want %+v", got, freshState)}
	}
	return nil
}

// lines returns every line the text reached, scrolled off or on screen.
func lines(e *vt.Emulator) []uv.Line {
	all := append([]uv.Line(nil), e.Scrollback().Lines()...)
	for y := range termHeight {
		line := make(uv.Line, termWidth)
		for x := range termWidth {
			line[x] = *e.CellAt(x, y)
		}
		all = append(all, line)
	}
	return all
}

// cellProblems reports any cell drawn with a style or a hyperlink.
func cellProblems(e *vt.Emulator) []string {
	var problems []string
	for y, line := range lines(e) {
		for x, c := range line {
			if !c.Style.IsZero() || !c.Link.IsZero() {
				problems = append(problems, fmt.Sprintf("cell %d,%d %q has style %+v link %+v", x, y, c.Content, c.Style, c.Link))
			}
		}
	}
	return problems
}

// contentProblems checks that the clusters of text are on the screen in
// order, as plain writing would leave them. Spaces are left out of the
// comparison, since a line is padded with them. A wide cluster may be
// missing: this emulator blanks one that does not fit in the last column
// instead of wrapping it.
func contentProblems(e *vt.Emulator, text string) []string {
	var onScreen []string
	for _, line := range lines(e) {
		for _, c := range line {
			if c.Content != "" && c.Content != " " {
				onScreen = append(onScreen, c.Content)
			}
		}
	}
	i := 0
	for _, c := range clusters(text) {
		switch {
		case c.text == " ":
		case i < len(onScreen) && onScreen[i] == c.text:
			i++
		case c.width > 1:
		default:
			return []string{fmt.Sprintf("cluster %q (width %d) is not on screen where expected; screen has %q", c.text, c.width, onScreen)}
		}
	}
	if i != len(onScreen) {
		return []string{fmt.Sprintf("screen has %q beyond the text", onScreen[i:])}
	}
	return nil
}

type cluster struct {
	text  string
	width int
}

// clusters splits text as the emulator does: by grapheme cluster, but also
// before every printable ASCII character, which it prints without asking
// whether it joins what came before.
func clusters(text string) []cluster {
	var out []cluster
	for _, run := range asciiRuns(text) {
		for run != "" {
			c, w := ansi.FirstGraphemeCluster(run, ansi.GraphemeWidth)
			out = append(out, cluster{c, w})
			run = run[len(c):]
		}
	}
	return out
}

// asciiRuns cuts text before every printable ASCII character. Looking at
// bytes is enough: ASCII bytes never occur inside a multi-byte character.
func asciiRuns(text string) []string {
	var runs []string
	start := 0
	for i := 1; i < len(text); i++ {
		if text[i] >= ' ' && text[i] < 0x7f {
			runs = append(runs, text[start:i])
			start = i
		}
	}
	return append(runs, text[start:])
}

// TestTerminalCheckHasTeeth feeds the terminal check raw hostile text, so
// that a check that cannot fail does not pass for a safe sanitiser.
func TestTerminalCheckHasTeeth(t *testing.T) {
	raw := []string{
		"\x1b]0;pwned\a",
		"\x1b]2;pwned\x1b\\",
		"\x1b]8;;https://evil.example\x1b\\click",
		"\x1b]11;#ff0000\a",
		"\x1b[31mred",
		"\x1b[?1049h",
		"\x1b[?25l",
		"\x1b[?2004h",
		"\x1b[5 q",
		"\x1b[6n",
		"\x1b[c",
		"\x1bPq#0\x1b\\",
		"\x1b_Gf=100\x1b\\",
		"\x1b(0lqqk",
		"safe\rEVIL",
		"good\b\bEVIL",
		"ding\a",
		"a\nb",
	}
	for _, in := range raw {
		if len(terminalProblems(in)) == 0 {
			t.Errorf("terminal check found nothing wrong with raw %q", in)
		}
	}
}
