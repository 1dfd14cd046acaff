package termtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// echoModel shows everything the harness is supposed to deliver, one fact
// per line, so each test can wait for exactly the line it cares about. The
// last row is a ruler as wide as the window, to see re-layout on resize.
type echoModel struct {
	user, key, env string
	w, h           int
	n              int // key presses so far: catches replies misread as keys
	last, prev     string
	typed          string
}

func (m echoModel) Init() tea.Cmd { return nil }

func (m echoModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		m.n++
		m.prev, m.last = m.last, msg.String()
		m.typed += msg.Text
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m echoModel) View() tea.View {
	lines := []string{
		"user: " + m.user,
		"key: " + m.key,
		"env: " + m.env,
		fmt.Sprintf("size: %dx%d", m.w, m.h),
		fmt.Sprintf("last: #%d %s", m.n, m.last),
		"prev: " + m.prev,
		"typed: " + m.typed,
	}
	for len(lines) < m.h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, strings.Repeat("=", m.w))
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}

func teaHandler(s ssh.Session) (tea.Model, []tea.ProgramOption) {
	pty, _, _ := s.Pty()
	m := echoModel{user: s.User(), key: "none", w: pty.Window.Width, h: pty.Window.Height}
	if pk := s.PublicKey(); pk != nil {
		m.key = gossh.FingerprintSHA256(pk)
	}
	for _, kv := range s.Environ() {
		if v, ok := strings.CutPrefix(kv, "SAMLA_TEST="); ok {
			m.env = v
		}
	}
	return m, nil
}

// commands answers exec requests before they reach Bubble Tea, the way
// samla's "rooms" and "export X" are served.
func commands(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		cmd := s.Command()
		if len(cmd) == 0 {
			next(s)
			return
		}
		switch cmd[0] {
		case "echo":
			fmt.Fprintln(s, strings.Join(cmd[1:], " "))
			_ = s.Exit(0)
		case "lines":
			fmt.Fprint(s, "one\ntwo\n")
			_ = s.Exit(0)
		case "fail":
			fmt.Fprintln(s, "partial")
			fmt.Fprintln(s.Stderr(), "nope")
			_ = s.Exit(3)
		default:
			fmt.Fprintln(s.Stderr(), "unknown command")
			_ = s.Exit(127)
		}
	}
}

func startServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(filepath.Join(t.TempDir(), "hk")),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(_ ssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
			// Zero questions, as samla asks of keyless participants.
			_, err := ask("", "", nil, nil)
			return err == nil
		}),
		wish.WithMiddleware(bubbletea.Middleware(teaHandler), commands),
	)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		// Clients are closed by their own cleanups, which run first.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		<-served
	})
	return ln.Addr().String()
}

func TestTypeAndPress(t *testing.T) {
	t.Parallel()
	addr := startServer(t)
	c := Dial(t, addr, Options{})
	c.WaitFor(t, "size: 80x24")
	c.WaitFor(t, "user: guest")
	c.WaitFor(t, "last: #0")

	c.Type("hello wörld")
	c.WaitFor(t, "typed: hello wörld")
	n := len([]rune("hello wörld"))
	c.WaitFor(t, fmt.Sprintf("last: #%d d", n))

	// Every name Press documents must reach Bubble Tea as that same name.
	for _, k := range []string{
		"enter", "esc", "tab", "shift+tab", "up", "down", "left", "right",
		"space", "backspace", "home", "end", "pgup", "pgdown", "insert",
		"delete", "f1", "f5", "f12", "ctrl+a", "ctrl+x", "alt+x", "x", "?",
	} {
		c.Press(k)
		n++
		c.WaitFor(t, fmt.Sprintf("last: #%d %s\n", n, k))
	}

	// Back-to-back keys, including Esc right before a letter, arrive as
	// separate presses rather than as one Alt chord.
	c.Press("esc", "q", "enter", "enter")
	n += 4
	c.WaitForFunc(t, "esc, q, enter, enter", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("last: #%d enter\n", n)) &&
			strings.Contains(s, "prev: enter\n")
	})
	c.Press("esc")
	c.Type("z")
	n += 2
	c.WaitFor(t, fmt.Sprintf("last: #%d z\nprev: esc\n", n))

	if !c.AltScreen() {
		t.Errorf("AltScreen() = false with an AltScreen view")
	}
	if raw := string(c.Raw()); !strings.Contains(raw, "\x1b[?1049h") {
		t.Errorf("Raw() lacks the alt-screen switch: %q", raw)
	}

	c.Press("ctrl+c")
	if err := c.Wait(); err != nil {
		t.Fatalf("Wait after ctrl+c: %v", err)
	}
	if c.AltScreen() {
		t.Errorf("still on the alt screen after the program quit")
	}
}

func TestResize(t *testing.T) {
	t.Parallel()
	addr := startServer(t)
	c := Dial(t, addr, Options{Width: 60, Height: 20})
	c.WaitFor(t, "size: 60x20")
	c.WaitForFunc(t, "ruler on the last of 20 rows", func(string) bool {
		l := c.Lines()
		return len(l) == 20 && l[19] == strings.Repeat("=", 60)
	})

	c.Resize(100, 30)
	c.WaitFor(t, "size: 100x30")
	c.WaitForFunc(t, "ruler on the last of 30 rows", func(string) bool {
		l := c.Lines()
		return len(l) == 30 && l[29] == strings.Repeat("=", 100)
	})

	c.Resize(40, 10)
	c.WaitFor(t, "size: 40x10")
	c.WaitForFunc(t, "ruler on the last of 10 rows", func(string) bool {
		l := c.Lines()
		return len(l) == 10 && l[9] == strings.Repeat("=", 40)
	})
}

func TestKeylessAndKeyed(t *testing.T) {
	t.Parallel()
	addr := startServer(t)
	signer := NewSigner(t)

	anon := Dial(t, addr, Options{User: "K7QX2M", Env: map[string]string{"SAMLA_TEST": "anon"}})
	keyed := Dial(t, addr, Options{
		User:   "plain+K7QX2M",
		Signer: signer,
		Env:    map[string]string{"SAMLA_TEST": "keyed", "LANG": "C.UTF-8"},
	})

	anon.WaitFor(t, "user: K7QX2M\nkey: none\nenv: anon\n")
	keyed.WaitFor(t, "user: plain+K7QX2M\nkey: "+gossh.FingerprintSHA256(signer.PublicKey())+"\nenv: keyed\n")

	// Two people, two screens: typing on one does not show on the other.
	anon.Type("a")
	keyed.Type("k")
	anon.WaitFor(t, "typed: a\n")
	keyed.WaitFor(t, "typed: k\n")
	if s := anon.Screen(); strings.Contains(s, "typed: k") {
		t.Errorf("keyed client's typing shows on the anonymous screen:\n%s", s)
	}
}

func TestCommand(t *testing.T) {
	t.Parallel()
	addr := startServer(t)

	out, errOut, status := RunCommand(t, addr, Options{Command: "echo hi there"})
	if out != "hi there\n" || errOut != "" || status != 0 {
		t.Errorf("echo: got (%q, %q, %d), want (%q, %q, 0)", out, errOut, status, "hi there\n", "")
	}

	out, errOut, status = RunCommand(t, addr, Options{Command: "fail", Signer: NewSigner(t)})
	if out != "partial\n" || errOut != "nope\n" || status != 3 {
		t.Errorf("fail: got (%q, %q, %d), want (%q, %q, 3)", out, errOut, status, "partial\n", "nope\n")
	}

	// The person's own tty turns \n into \r\n, so lines start at column 0.
	c := Dial(t, addr, Options{Command: "lines"})
	c.WaitForFunc(t, "two lines at column 0", func(string) bool {
		l := c.Lines()
		return l[0] == "one" && l[1] == "two"
	})
	if err := c.Wait(); err != nil {
		t.Errorf("Wait: %v", err)
	}
	if got := string(c.Raw()); got != "one\ntwo\n" {
		t.Errorf("Raw() = %q, want the untranslated bytes", got)
	}
}

// fatalRecorder stands in for the test in WaitFor so that its failure
// messages can be checked; Fatalf must not return, hence Goexit.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func failureOf(tb testing.TB, wait func(testing.TB)) string {
	f := &fatalRecorder{TB: tb}
	var wg sync.WaitGroup
	wg.Go(func() { wait(f) })
	wg.Wait()
	return f.msg
}

func TestWaitFailures(t *testing.T) {
	t.Parallel()
	addr := startServer(t)
	c := Dial(t, addr, Options{Timeout: 300 * time.Millisecond})
	c.Timeout = 10 * time.Second
	c.WaitFor(t, "size: 80x24")
	c.WaitGone(t, "typed: x")
	c.Timeout = 300 * time.Millisecond

	msg := failureOf(t, func(tb testing.TB) { c.WaitFor(tb, "never shown") })
	for _, want := range []string{"timed out", `"never shown"`, ` 3|size: 80x24`, "raw bytes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("timeout message lacks %q:\n%s", want, msg)
		}
	}

	c.Press("ctrl+c")
	start := time.Now()
	msg = failureOf(t, func(tb testing.TB) {
		c.Timeout = time.Minute
		c.WaitFor(tb, "never shown")
	})
	if !strings.Contains(msg, "session ended") {
		t.Errorf("ended-session message lacks the reason:\n%s", msg)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("WaitFor took %v to notice the session had ended", d)
	}
}

func TestDialFailure(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	_, err = dial(addr, Options{})
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("dial to a closed port: got %v, want a *net.OpError", err)
	}
}

// TestScreenIsEachRowsCells holds the screen as read row by row when
// touched to every cell read afresh, after each piece of output: random
// text with wide characters, combining marks and styles, cursor moves,
// erases, insertions and deletions of lines and characters, scroll
// regions, scrolling, the alternate screen, full resets and resizes, cut
// into pieces at random (so an ESC may end one and its c begin the next).
func TestScreenIsEachRowsCells(t *testing.T) {
	pieces := []string{
		"a", "Å", "ö", " ", "   ", "漢", "字", "🙂", "e\u0301", "lapp", "\t", "\r\n", "\n", "\n\n\n\n\n",
		"\x1b[1;31m", "\x1b[0m", "\x1b[7m", "\x1b[3;70H", "\x1b[H", "\x1b[12;5H", "\x1b[5G",
		"\x1b[K", "\x1b[1K", "\x1b[2K", "\x1b[J", "\x1b[1J", "\x1b[2J", "\x1b[5X",
		"\x1b[2L", "\x1b[3M", "\x1b[4@", "\x1b[2P", "\x1b[3S", "\x1b[2T", "\x1bM", "\x1bD", "\x1bE",
		"\x1b[2;5r", "\x1b[r", "\x1b[?1049h", "\x1b[?1049l", "\x1b[?47h", "\x1b[?47l", "\x1bc", "\x1b7", "\x1b8",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		// At least 6 rows: the scroll region is rows 2 to 5 (vt panics on
		// an insertion in a region taller than the screen).
		w, h := 10+rng.IntN(80), 6+rng.IntN(20)
		c := &Client{emu: vt.NewEmulator(w, h)}
		c.emu.SetCallbacks(c.recorder())
		var in strings.Builder
		for range rng.IntN(600) {
			in.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out := []byte(in.String())
		for len(out) > 0 {
			n := min(len(out), 1+rng.IntN(64))
			c.feedLocked(out[:n])
			out = out[n:]
			if rng.IntN(40) == 0 {
				w, h = 10+rng.IntN(80), 6+rng.IntN(20)
				c.emu.Resize(w, h)
				c.shown.stale = true
			}
			if got, want := c.Screen(), screenByRows(c); got != want {
				t.Fatalf("round %d (%dx%d) after %q:\ngot  %q\nwant %q", round, w, h, in.String(), got, want)
			}
		}
	}
}

// screenByRows reads every row afresh, touched or not.
func screenByRows(c *Client) string {
	lines := make([]string, c.emu.Height())
	for y := range lines {
		lines[y] = c.rowLocked(y, c.emu.Width())
	}
	return strings.Join(lines, "\n")
}

// BenchmarkScreen is a card's row changing on a full 80x24 screen and
// the screen read, as every load-tool client does after each piece of
// output; BenchmarkScreenAllCells reads every cell instead.
func BenchmarkScreen(b *testing.B) {
	benchmarkScreen(b, (*Client).Screen)
}

func BenchmarkScreenAllCells(b *testing.B) {
	benchmarkScreen(b, func(c *Client) string { return screenByRows(c) })
}

func benchmarkScreen(b *testing.B, read func(*Client) string) {
	c := &Client{emu: vt.NewEmulator(80, 24)}
	c.emu.SetCallbacks(c.recorder())
	for y := range 24 {
		c.feedLocked(fmt.Appendf(nil, "\x1b[%d;1H╭─ lapp %d: något som borde bli bättre ─╮ 🙂 漢字", y+1, y))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		c.feedLocked(fmt.Appendf(nil, "\x1b[5;3Hlapp %d", i))
		_ = read(c)
	}
}

// TestSlabsKeepEverything: bytes written in pieces of every size, across
// slab boundaries, come back whole and in order.
func TestSlabsKeepEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var s slabs
	var want []byte
	for range 2000 {
		p := make([]byte, rng.IntN(700))
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		if rng.IntN(100) == 0 {
			p = make([]byte, slabSize+rng.IntN(slabSize))
		}
		s.Write(p)
		want = append(want, p...)
	}
	if got := s.bytes(); !bytes.Equal(got, want) || s.n != len(want) {
		t.Fatalf("kept %d bytes (n %d), wrote %d; equal: %v", len(got), s.n, len(want), bytes.Equal(got, want))
	}
}
