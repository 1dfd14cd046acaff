// Package termtest owns the participant's side of samla's end-to-end tests:
// it dials the server with a real SSH client, plays the part of the person's
// terminal emulator, and lets a test assert on what that person's screen
// shows rather than on the bytes the server happened to send.
//
// Everything here runs over loopback against a server the test started
// itself, so host keys are never checked.
package termtest

import (
	"image/color"

	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"golang.org/x/crypto/ssh"
)

// DefaultTimeout bounds every wait when Options.Timeout is zero. It is
// generous because -race and a loaded CI machine slow Bubble Tea's start-up
// a lot, and a passing test never waits for it anyway.
const DefaultTimeout = 10 * time.Second

// dialTimeout bounds TCP connect, the SSH handshake and opening the session:
// against a loopback server anything slower is a hang, not latency.
const dialTimeout = 5 * time.Second

// escGap is how long the keyboard pauses after a lone Esc. Bubble Tea reads
// ESC followed quickly by another byte as the start of an escape sequence (or
// Alt+key) and only settles on "esc" after 50ms of silence; no human types the
// next key that fast, and a test must not either or "esc","x" becomes
// "alt+x".
const escGap = 150 * time.Millisecond

// Options describe who connects and from what kind of terminal.
type Options struct {
	// User is the SSH user name, e.g. a room code "K7QX2M" or "plain+K7QX2M".
	// Empty means "guest".
	User string
	// Signer is the person's key. Nil authenticates with no key at all: the
	// client offers "none" and then keyboard-interactive, answering whatever
	// it is asked with empty strings (the server asks zero questions).
	Signer ssh.Signer
	// Width and Height of the terminal; zero means 80x24.
	Width, Height int
	// Term is $TERM as sent in the PTY request; empty means xterm-256color.
	Term string
	// Env is sent with Setenv before the PTY request, like OpenSSH's SendEnv.
	// Servers may refuse variables; refusals are ignored, as ssh does.
	Env map[string]string
	// Command, if set, is run as an exec request without a PTY (like
	// `ssh host rooms`) instead of opening an interactive shell. Read the
	// result with Output, or use RunCommand.
	Command string
	// Timeout bounds WaitFor, WaitForFunc, WaitGone, Wait and Output; zero
	// means DefaultTimeout.
	Timeout time.Duration
}

// Client is one person at one terminal: a real SSH connection
// (golang.org/x/crypto/ssh) with a PTY, whose output feeds a terminal
// emulator (github.com/charmbracelet/x/vt), so tests assert on the screen a
// person sees.
//
// Screen, Raw, Lines and AltScreen may be called from any goroutine. The
// keyboard (Type, Press) and Resize are meant for the test goroutine.
type Client struct {
	// Timeout bounds the waits of this client. It starts as Options.Timeout
	// (or DefaultTimeout); a test may change it between calls.
	Timeout time.Duration

	user   string
	hasPty bool
	conn   *ssh.Client
	sess   *ssh.Session

	// mu guards the emulator and the buffers: output arrives on x/crypto's
	// copy goroutines while tests read the screen on their own.
	mu      sync.Mutex
	emu     *vt.Emulator
	raw     slabs // everything the server sent, stdout and stderr interleaved
	stdout  slabs
	stderr  slabs
	changed chan struct{} // closed and replaced whenever output arrives
	effects []string      // terminal side effects, in order (see Effects)
	shown   shownScreen   // the screen as last read, row by row

	// keyMu serialises the keyboard so the pause after Esc covers whatever
	// is sent next, even from another goroutine.
	keyMu     sync.Mutex
	escSentAt time.Time // when a lone Esc was last sent; zero if not pending

	done    chan struct{} // closed once the remote session has ended
	waitErr error         // the session's exit, valid once done is closed
	gone    chan struct{} // closed once the connection has closed

	// pauseMu guards resumed: nil while output is read, else a channel
	// Resume closes (see Pause).
	pauseMu sync.Mutex
	resumed chan struct{}

	closeOnce sync.Once
	pumps     sync.WaitGroup
}

// NewSigner returns a fresh ed25519 key, i.e. a new person with an identity.
func NewSigner(t testing.TB) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("termtest: generate key: %v", err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatalf("termtest: signer: %v", err)
	}
	return s
}

// Dial connects to addr as described by o and starts either an interactive
// PTY session or, if o.Command is set, the command. Any failure fails the
// test; the client is closed when the test ends.
func Dial(t testing.TB, addr string, o Options) *Client {
	t.Helper()
	c, err := dial(addr, o)
	if err != nil {
		t.Fatalf("termtest: dial %s as %q: %v", addr, userOrGuest(o.User), err)
	}
	t.Cleanup(c.Close)
	return c
}

// Connect is Dial for a caller that closes the client itself: the test
// keeps nothing of it for its end, so a test of a thousand visits holds
// only the clients still open, not every screen it ever drew.
func Connect(addr string, o Options) (*Client, error) {
	c, err := dial(addr, o)
	if err != nil {
		return nil, fmt.Errorf("termtest: dial %s as %q: %w", addr, userOrGuest(o.User), err)
	}
	return c, nil
}

// RunCommand runs o.Command on the server without a PTY, the way
// `ssh host export X` does, and returns what it printed and its exit status.
// A session that ends without an exit status reports -1.
func RunCommand(t testing.TB, addr string, o Options) (stdout, stderr string, exitStatus int) {
	t.Helper()
	if o.Command == "" {
		t.Fatalf("termtest: RunCommand needs Options.Command")
	}
	c := Dial(t, addr, o)
	err := c.Wait()
	stdout, stderr = c.Output()
	var exitErr *ssh.ExitError
	var missing *ssh.ExitMissingError
	switch {
	case err == nil:
		return stdout, stderr, 0
	case errors.As(err, &exitErr):
		return stdout, stderr, exitErr.ExitStatus()
	case errors.As(err, &missing):
		return stdout, stderr, -1
	default:
		t.Fatalf("termtest: %q: %v\nstdout: %q\nstderr: %q", o.Command, err, stdout, stderr)
		return "", "", 0
	}
}

func userOrGuest(u string) string {
	if u == "" {
		return "guest"
	}
	return u
}

func dial(addr string, o Options) (_ *Client, err error) {
	if o.Width <= 0 {
		o.Width = 80
	}
	if o.Height <= 0 {
		o.Height = 24
	}
	if o.Term == "" {
		o.Term = "xterm-256color"
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	c := &Client{
		Timeout: o.Timeout,
		user:    userOrGuest(o.User),
		hasPty:  o.Command == "",
		emu:     vt.NewEmulator(o.Width, o.Height),
		changed: make(chan struct{}),
		done:    make(chan struct{}),
		gone:    make(chan struct{}),
	}
	c.emu.SetCallbacks(c.recorder())

	var auth []ssh.AuthMethod
	if o.Signer != nil {
		// Only the key: a key the server refuses must fail the dial rather
		// than quietly log in anonymously and muddle the test.
		auth = append(auth, ssh.PublicKeys(o.Signer))
	} else {
		// x/crypto always tries "none" first; keyboard-interactive with
		// blank answers is what a keyless OpenSSH user does when the server
		// asks nothing.
		auth = append(auth, ssh.KeyboardInteractive(
			func(_, _ string, questions []string, _ []bool) ([]string, error) {
				return make([]string, len(questions)), nil
			}))
	}
	cfg := &ssh.ClientConfig{
		User:            c.user,
		Auth:            auth,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         dialTimeout,
	}

	nc, err := net.DialTimeout("tcp", addr, dialTimeout)
	if err != nil {
		return nil, err
	}
	// The deadline covers the handshake and the session set-up below, which
	// would otherwise block forever on a wedged server.
	_ = nc.SetDeadline(time.Now().Add(dialTimeout))
	cc, chans, reqs, err := ssh.NewClientConn(nc, addr, cfg)
	if err != nil {
		_ = nc.Close()
		return nil, err
	}
	c.conn = ssh.NewClient(cc, chans, reqs)
	go func() {
		_ = c.conn.Wait()
		close(c.gone)
	}()
	defer func() {
		if err != nil {
			_ = c.conn.Close()
		}
	}()

	c.sess, err = c.conn.NewSession()
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(o.Env)) {
		_ = c.sess.Setenv(k, o.Env[k])
	}
	stdin, err := c.sess.StdinPipe()
	if err != nil {
		return nil, err
	}
	c.sess.Stdout = &stream{c: c, own: &c.stdout}
	c.sess.Stderr = &stream{c: c, own: &c.stderr}

	if c.hasPty {
		modes := ssh.TerminalModes{
			ssh.ECHO:          1,
			ssh.TTY_OP_ISPEED: 38400,
			ssh.TTY_OP_OSPEED: 38400,
		}
		if err := c.sess.RequestPty(o.Term, o.Height, o.Width, modes); err != nil {
			return nil, fmt.Errorf("pty request: %w", err)
		}
		if err := c.sess.Shell(); err != nil {
			return nil, fmt.Errorf("shell: %w", err)
		}
	} else if err := c.sess.Start(o.Command); err != nil {
		return nil, fmt.Errorf("exec %q: %w", o.Command, err)
	}
	_ = nc.SetDeadline(time.Time{})

	c.startPumps(stdin)
	go func() {
		// Session.Wait may only be called once and also waits for the
		// stdout/stderr copies, so after done every byte is in raw.
		err := c.sess.Wait()
		c.mu.Lock()
		c.waitErr = err
		close(c.done)
		c.notifyLocked()
		c.mu.Unlock()
	}()
	return c, nil
}

// startPumps connects the emulator's "keyboard" to the session's stdin.
//
// vt.Emulator writes its replies to terminal queries (DA1, DSR/CPR, DECRQM,
// OSC 10/11 colours, ...) and every key we press into an io.Pipe, and its
// Write blocks until someone reads that pipe. So one goroutine drains the
// pipe at all times into an unbounded queue, and a second one copies the
// queue to stdin: a server that stops reading stdin then stalls only the
// second goroutine, never Write, which holds mu, which Screen and the waits
// need in order to time out and report.
func (c *Client) startPumps(stdin io.WriteCloser) {
	q := &queue{wake: make(chan struct{}, 1)}
	c.pumps.Add(2)
	go func() {
		defer c.pumps.Done()
		defer q.close()
		buf := make([]byte, 4096)
		for {
			// Read needs no lock: it only touches the pipe, which is
			// goroutine-safe (we never call Emulator.Close, whose flag
			// Read checks unsynchronised).
			n, err := c.emu.Read(buf)
			if n > 0 {
				q.push(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer c.pumps.Done()
		broken := false
		for {
			b, ok := q.take()
			if !ok {
				_ = stdin.Close()
				return
			}
			// Once the session is gone, keep draining so that nothing
			// upstream ever blocks.
			if !broken {
				if _, err := stdin.Write(b); err != nil {
					broken = true
				}
			}
		}
	}()
}

// queue is an unbounded byte FIFO between the two pumps.
type queue struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	wake   chan struct{}
}

func (q *queue) push(b []byte) {
	q.mu.Lock()
	q.buf = append(q.buf, b...)
	q.mu.Unlock()
	q.signal()
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take blocks until there are bytes (returned, ok) or the queue is closed
// and empty (nil, false).
func (q *queue) take() ([]byte, bool) {
	for {
		q.mu.Lock()
		if len(q.buf) > 0 {
			b := q.buf
			q.buf = nil
			q.mu.Unlock()
			return b, true
		}
		if q.closed {
			q.mu.Unlock()
			return nil, false
		}
		q.mu.Unlock()
		<-q.wake
	}
}

// slabs keeps bytes in fixed-size slabs. A bytes.Buffer copies and clears
// all it holds each time it grows, which for the load tool's thousands of
// clients was a seventh of their CPU; what is in a slab stays where it is.
type slabs struct {
	full [][]byte
	last []byte
	n    int
}

const slabSize = 16 << 10

func (s *slabs) Write(p []byte) {
	s.n += len(p)
	for len(p) > 0 {
		if len(s.last) == cap(s.last) {
			if s.last != nil {
				s.full = append(s.full, s.last)
			}
			s.last = make([]byte, 0, slabSize)
		}
		k := min(len(p), cap(s.last)-len(s.last))
		s.last = append(s.last, p[:k]...)
		p = p[k:]
	}
}

// bytes is a copy of everything written.
func (s *slabs) bytes() []byte {
	out := make([]byte, 0, s.n)
	for _, b := range s.full {
		out = append(out, b...)
	}
	return append(out, s.last...)
}

// stream receives one of the session's output streams. A real ssh client
// writes both stdout and stderr to the person's terminal, so both feed the
// emulator.
type stream struct {
	c   *Client
	own *slabs
}

func (s *stream) Write(p []byte) (int, error) {
	c := s.c
	c.pauseMu.Lock()
	resumed := c.resumed
	c.pauseMu.Unlock()
	if resumed != nil {
		<-resumed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw.Write(p)
	s.own.Write(p)
	feed := p
	if !c.hasPty {
		// Without a remote PTY nobody turns \n into \r\n on the server; the
		// person's own tty does it (ONLCR), so the emulator must too.
		feed = bytes.ReplaceAll(p, []byte{'\n'}, []byte{'\r', '\n'})
	}
	c.feedLocked(feed)
	c.notifyLocked()
	return len(p), nil
}

// feedLocked gives output to the emulator. A full reset (RIS, ESC c) clears
// the screen and forgets which rows it touched, so the screen as last read
// is stale after one, also when the ESC and the c arrive apart.
func (c *Client) feedLocked(p []byte) {
	if len(p) == 0 {
		return
	}
	if c.shown.escLast && p[0] == 'c' || bytes.Contains(p, []byte("\x1bc")) {
		c.shown.stale = true
	}
	c.shown.escLast = p[len(p)-1] == 0x1b
	_, _ = c.emu.Write(p)
}

func (c *Client) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Type sends s as if typed: each rune's UTF-8 bytes, nothing else. Newlines
// are sent as "\n", which is Ctrl+J, not Enter; use Press("enter").
func (c *Client) Type(s string) {
	c.send(func() { c.emu.SendText(s) }, s == "\x1b")
}

// Answer waits for a question on the screen, types text and presses enter:
// how a person answers a prompt.
func (c *Client) Answer(t testing.TB, question, text string) {
	t.Helper()
	c.WaitFor(t, question)
	c.Type(text)
	c.Press("enter")
}

// Press sends named keys with the bytes xterm sends for them. Besides the
// names below it accepts "ctrl+a".."ctrl+z", "alt+<key>" (ESC prefix) and
// any single character. An unknown name panics: it is a bug in the test.
//
//	enter esc tab shift+tab space backspace up down left right
//	home end pgup pgdown insert delete f1..f12
//
// Arrows honour DECCKM (application cursor keys) like xterm does, because
// the emulator itself encodes them.
func (c *Client) Press(keys ...string) {
	for _, k := range keys {
		ev, ok := parseKey(k)
		if !ok {
			panic(fmt.Sprintf("termtest: unknown key %q", k))
		}
		c.send(func() { c.emu.SendKey(ev) }, ev.Code == vt.KeyEscape && ev.Mod == 0)
	}
}

// send pushes input through the emulator's pipe, the same path as its
// replies to queries, so keys and replies reach the server in one order.
func (c *Client) send(write func(), loneEsc bool) {
	c.keyMu.Lock()
	defer c.keyMu.Unlock()
	if !c.escSentAt.IsZero() {
		if d := escGap - time.Since(c.escSentAt); d > 0 {
			time.Sleep(d)
		}
		c.escSentAt = time.Time{}
	}
	c.mu.Lock()
	write()
	c.mu.Unlock()
	if loneEsc {
		c.escSentAt = time.Now()
	}
}

var namedKeys = map[string]vt.KeyPressEvent{
	"enter":     {Code: vt.KeyEnter},
	"esc":       {Code: vt.KeyEscape},
	"escape":    {Code: vt.KeyEscape},
	"tab":       {Code: vt.KeyTab},
	"shift+tab": {Code: vt.KeyTab, Mod: vt.ModShift},
	"space":     {Code: vt.KeySpace, Text: " "},
	"backspace": {Code: vt.KeyBackspace},
	"up":        {Code: vt.KeyUp},
	"down":      {Code: vt.KeyDown},
	"left":      {Code: vt.KeyLeft},
	"right":     {Code: vt.KeyRight},
	"home":      {Code: vt.KeyHome},
	"end":       {Code: vt.KeyEnd},
	"pgup":      {Code: vt.KeyPgUp},
	"pgdown":    {Code: vt.KeyPgDown},
	"insert":    {Code: vt.KeyInsert},
	"delete":    {Code: vt.KeyDelete},
	"f1":        {Code: vt.KeyF1},
	"f2":        {Code: vt.KeyF2},
	"f3":        {Code: vt.KeyF3},
	"f4":        {Code: vt.KeyF4},
	"f5":        {Code: vt.KeyF5},
	"f6":        {Code: vt.KeyF6},
	"f7":        {Code: vt.KeyF7},
	"f8":        {Code: vt.KeyF8},
	"f9":        {Code: vt.KeyF9},
	"f10":       {Code: vt.KeyF10},
	"f11":       {Code: vt.KeyF11},
	"f12":       {Code: vt.KeyF12},
}

func parseKey(name string) (vt.KeyPressEvent, bool) {
	if ev, ok := namedKeys[name]; ok {
		return ev, true
	}
	if rest, ok := strings.CutPrefix(name, "alt+"); ok {
		ev, ok := parseKey(rest)
		ev.Mod |= vt.ModAlt
		return ev, ok
	}
	if rest, ok := strings.CutPrefix(name, "ctrl+"); ok {
		if r := []rune(rest); len(r) == 1 && r[0] >= 'a' && r[0] <= 'z' {
			return vt.KeyPressEvent{Code: r[0], Mod: vt.ModCtrl}, true
		}
		if rest == "space" {
			return vt.KeyPressEvent{Code: vt.KeySpace, Mod: vt.ModCtrl}, true
		}
		return vt.KeyPressEvent{}, false
	}
	if r := []rune(name); len(r) == 1 {
		return vt.KeyPressEvent{Code: r[0], Text: name}, true
	}
	return vt.KeyPressEvent{}, false
}

// Screen returns what the person sees right now: one line per terminal row,
// joined with "\n", without colours or styles, trailing spaces trimmed.
// Rows are kept even when empty so that line i is row i.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.screenLocked()
}

// Lines is Screen split into rows.
func (c *Client) Lines() []string {
	return strings.Split(c.Screen(), "\n")
}

// shownScreen is the screen as last read. Reading every cell after each
// piece of output cost the load tool's thousands of clients more CPU than
// their SSH and terminal emulation together (a screen's cells are about
// 200 KB, and each client's are elsewhere in memory), so only the rows the
// emulator marks as touched since the last read are read again.
//
// The emulator marks every row a write, an erase, an insertion, a deletion
// or a scroll changes; it drops its marks without a change of ours only on
// a switch between the main and the alternate screen, a full reset and a
// resize, after which everything is read again (stale, or a new size).
type shownScreen struct {
	rows    []string
	screen  string
	width   int
	stale   bool
	escLast bool // the last output ended in ESC: a c next is a full reset
}

// screenLocked is the screen now, reading again only what changed.
func (c *Client) screenLocked() string {
	w, h := c.emu.Width(), c.emu.Height()
	sh := &c.shown
	all := sh.stale || sh.rows == nil || len(sh.rows) != h || sh.width != w
	if all {
		sh.rows, sh.width, sh.stale = make([]string, h), w, false
	}
	touched := c.emu.Touched()
	changed := all
	for y := range h {
		if all || y < len(touched) && touched[y] != nil {
			sh.rows[y] = c.rowLocked(y, w)
			changed = true
		}
	}
	clear(touched) // Touched is the emulator's own list: nil is "unchanged"
	if changed {
		sh.screen = strings.Join(sh.rows, "\n")
	}
	return sh.screen
}

// rowLocked is row y as text, trailing spaces trimmed.
func (c *Client) rowLocked(y, w int) string {
	var b strings.Builder
	b.Grow(3 * w) // box drawing is three bytes a cell
	for x := range w {
		cell := c.emu.CellAt(x, y)
		switch {
		case cell == nil || cell.Content == "" && cell.Width > 0:
			b.WriteByte(' ')
		case cell.Width == 0:
			// The right half of a wide character: already printed.
		default:
			b.WriteString(cell.Content)
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// AltScreen reports whether the terminal shows the alternate screen, as a
// full-screen TUI does and a plain line-mode interface must not.
func (c *Client) AltScreen() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.emu.IsAltScreen()
}

// Raw returns a copy of every byte the server sent so far, stdout and stderr
// interleaved as they arrived, before any \n translation. It is unbounded:
// tests are short.
func (c *Client) Raw() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.bytes()
}

// Received is how many bytes the server sent so far, as they arrived.
func (c *Client) Received() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.n
}

// Output waits (up to Timeout) for the session to end and returns its stdout
// and stderr separately. Meant for Command clients.
func (c *Client) Output() (stdout, stderr string) {
	_ = c.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.stdout.bytes()), string(c.stderr.bytes())
}

// WaitFor waits until the screen contains substr. Rows are joined with
// "\n", so substr may span rows: "size: 80x24\nlast:" pins two lines
// together, and a trailing "\n" pins the end of a (non-last) row.
func (c *Client) WaitFor(t testing.TB, substr string) {
	t.Helper()
	c.WaitForFunc(t, fmt.Sprintf("screen to contain %q", substr), func(s string) bool {
		return strings.Contains(s, substr)
	})
}

// WaitGone waits until the screen no longer contains substr.
func (c *Client) WaitGone(t testing.TB, substr string) {
	t.Helper()
	c.WaitForFunc(t, fmt.Sprintf("screen to no longer contain %q", substr), func(s string) bool {
		return !strings.Contains(s, substr)
	})
}

// WaitForFunc waits until ok accepts the screen, re-checking whenever output
// arrives rather than on a clock. It fails the test after Timeout, or as soon
// as the session has ended with ok still unsatisfied (the screen cannot
// change any more), showing the screen in either case. desc completes the
// sentence "waiting for ...".
func (c *Client) WaitForFunc(t testing.TB, desc string, ok func(screen string) bool) {
	t.Helper()
	timer := time.NewTimer(c.Timeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		scr := c.screenLocked()
		changed := c.changed
		c.mu.Unlock()
		if ok(scr) {
			return
		}
		select {
		case <-changed:
			continue
		case <-c.done:
			// Done is closed only after all output was written, so one
			// last look is conclusive.
			c.mu.Lock()
			scr = c.screenLocked()
			c.mu.Unlock()
			if ok(scr) {
				return
			}
			t.Fatalf("termtest: session ended (%v) while waiting for %s\n%s", c.waitErr, desc, c.dump())
		case <-timer.C:
			t.Fatalf("termtest: timed out after %v waiting for %s\n%s", c.Timeout, desc, c.dump())
		}
	}
}

// dump renders the screen with row numbers and a frame so that blank rows
// and trailing content are visible in a failure message, plus the tail of
// the raw stream for when the screen is not the problem.
func (c *Client) dump() string {
	c.mu.Lock()
	lines := strings.Split(c.screenLocked(), "\n")
	w, h := c.emu.Width(), c.emu.Height()
	raw := c.raw.bytes()
	total := len(raw)
	if len(raw) > 400 {
		raw = raw[len(raw)-400:]
	}
	tail := fmt.Sprintf("%q", raw)
	c.mu.Unlock()

	var b strings.Builder
	fmt.Fprintf(&b, "--- screen of %q, %dx%d ---\n", c.user, w, h)
	for i, l := range lines {
		fmt.Fprintf(&b, "%2d|%s\n", i, l)
	}
	fmt.Fprintf(&b, "--- last %d of %d raw bytes ---\n%s", min(total, 400), total, tail)
	return b.String()
}

// Resize changes the terminal size the way a person dragging the window
// does: the emulator's grid changes first, then the server is told with a
// window-change request.
func (c *Client) Resize(w, h int) {
	c.mu.Lock()
	c.emu.Resize(w, h)
	c.shown.stale = true
	c.notifyLocked()
	c.mu.Unlock()
	if c.hasPty {
		_ = c.sess.WindowChange(h, w)
	}
}

// Wait waits for the remote session to end and returns how: nil for exit
// status 0, *ssh.ExitError otherwise, *ssh.ExitMissingError if the server
// sent none. It gives up after Timeout with an error, so a server that never
// hangs up fails the test instead of hanging it.
func (c *Client) Wait() error {
	timer := time.NewTimer(c.Timeout)
	defer timer.Stop()
	select {
	case <-c.done:
		return c.waitErr
	case <-timer.C:
		return fmt.Errorf("termtest: session of %q still running after %v", c.user, c.Timeout)
	}
}

// Pause stops reading what the server sends, as a terminal paused with
// ctrl+s or a laptop that froze: the SSH window fills up and the server's
// writes wait for it. Keys, resizes and the connection go on. Resume reads
// again, from where it stopped.
func (c *Client) Pause() {
	c.pauseMu.Lock()
	defer c.pauseMu.Unlock()
	if c.resumed == nil {
		c.resumed = make(chan struct{})
	}
}

// Resume undoes Pause.
func (c *Client) Resume() {
	c.pauseMu.Lock()
	defer c.pauseMu.Unlock()
	if c.resumed != nil {
		close(c.resumed)
		c.resumed = nil
	}
}

// WaitHungUp waits (up to Timeout) for the server to close the connection,
// which a paused client sees even though it reads nothing.
func (c *Client) WaitHungUp(t testing.TB) {
	t.Helper()
	timer := time.NewTimer(c.Timeout)
	defer timer.Stop()
	select {
	case <-c.gone:
	case <-timer.C:
		t.Fatalf("termtest: the server kept the connection of %q open for %v", c.user, c.Timeout)
	}
}

// Close hangs up, like closing the terminal window. It is safe to call more
// than once and is called automatically when the test ends.
func (c *Client) Close() {
	c.end(func() { _ = c.sess.Close() })
}

// Hangup drops the connection without a word, like a laptop lid closing
// or a link going down: no channel close, just the TCP connection gone.
// Safe to call more than once, and together with Close.
func (c *Client) Hangup() {
	c.end(func() {})
}

// end says goodbye (or not), closes the connection and waits until every
// goroutine of this client has ended.
func (c *Client) end(goodbye func()) {
	c.closeOnce.Do(func() {
		c.Resume() // what was held back drains, so the session can end
		goodbye()
		_ = c.conn.Close()
		<-c.done
		// Ends the reply pump; Emulator.Close is avoided because its flag
		// is read unsynchronised by Emulator.Read.
		if pw, ok := c.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
		c.pumps.Wait()
	})
}

// recorder notes every side effect of the output beyond drawing cells:
// what a hostile note could do to someone's terminal if it got through.
// The callbacks run inside emu.Write, with c.mu already held.
func (c *Client) recorder() vt.Callbacks {
	note := func(format string, a ...any) { c.effects = append(c.effects, fmt.Sprintf(format, a...)) }
	return vt.Callbacks{
		Bell:             func() { note("bell") },
		Title:            func(s string) { note("title %q", s) },
		IconName:         func(s string) { note("icon name %q", s) },
		WorkingDirectory: func(s string) { note("working directory %q", s) },
		CursorColor:      func(col color.Color) { note("cursor colour %v", col) },
		BackgroundColor:  func(col color.Color) { note("background colour %v", col) },
		ForegroundColor:  func(col color.Color) { note("foreground colour %v", col) },
		CursorStyle:      func(style vt.CursorStyle, blink bool) { note("cursor style %v %v", style, blink) },
		EnableMode:       func(m ansi.Mode) { note("mode %v on", m) },
		DisableMode:      func(m ansi.Mode) { note("mode %v off", m) },
		AltScreen: func(on bool) {
			note("alt screen %v", on)
			c.shown.stale = true // the other screen's rows; the switch clears its marks
		},
		CursorVisibility: func(visible bool) { note("cursor visible %v", visible) },
	}
}

// Effects returns the terminal side effects seen so far (title, bell,
// colours, modes, alternate screen, cursor), from index from on, so a test
// can look at just what happened after some point.
func (c *Client) Effects(from int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if from >= len(c.effects) {
		return nil
	}
	return append([]string(nil), c.effects[from:]...)
}

// EffectCount is how many side effects have been seen, for Effects(from).
func (c *Client) EffectCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.effects)
}
