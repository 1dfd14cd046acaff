package main

// How the room feels on a weak mobile link: two participants each behind a
// simulated slow link (bandwidth and latency, each way), timing what they
// see. Reported, never asserted: the machines are shared and noisy. Only
// something that never arrives fails, because that is a bug, not a speed.

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// slowLink is one direction of a slow network path. The sender paces pieces
// at rate (a token bucket with no burst, so a piece sent after a pause is
// not early), and a delivery queue holds each piece for latency after its
// last byte was sent.
type slowLink struct {
	rate    int           // bytes per second
	latency time.Duration // one way
}

// slowPiece is the most bytes the link sends as one unit: small enough that a
// frame arrives progressively, as it does over a real link.
const slowPiece = 256

// slowProxy puts the link between a client and target, both ways. It
// connects upstream one round trip late, standing in for TCP's handshake.
func slowProxy(tb testing.TB, target string, l slowLink) *bwProxy {
	return bwStartProxy(tb, target, &bwProxy{pipe: l.pipe, delay: 2 * l.latency})
}

func (l slowLink) pipe(dst, src net.Conn, f *bwFlow) {
	type chunk struct {
		b  []byte
		at time.Time
	}
	queue := make(chan chunk, 1024)
	go func() {
		defer close(queue)
		buf := make([]byte, 4096)
		free := time.Now() // when the link has sent everything so far
		for {
			n, err := src.Read(buf)
			for b := buf[:n]; len(b) > 0; b = b[min(len(b), slowPiece):] {
				k := min(len(b), slowPiece)
				free = slowLater(free, time.Now()).Add(time.Duration(k) * time.Second / time.Duration(l.rate))
				queue <- chunk{bytes.Clone(b[:k]), free.Add(l.latency)}
				// The sender waits while the link is busy, so a bulk
				// transfer backs up into TCP as it would on the real link.
				time.Sleep(time.Until(free))
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range queue {
		time.Sleep(time.Until(c.at))
		if _, err := dst.Write(c.b); err != nil {
			_ = src.Close() // ends the reader, which closes the queue
			for range queue {
			}
			return
		}
		f.bytes.Add(int64(len(c.b)))
	}
}

func slowLater(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// slowLimit bounds every wait behind a slow link. It is far beyond any
// plausible delay, so reaching it means the screen would never update.
const slowLimit = 60 * time.Second

// slowTerm is a participant's terminal behind a slow link. termtest's
// client cannot be used: it allows 5 s for the SSH handshake, and at a
// 600 ms round trip the handshake alone takes about that long.
type slowTerm struct {
	mu      sync.Mutex
	emu     *vt.Emulator
	changed chan struct{}
	client  *ssh.Client
	sess    *ssh.Session
	last    time.Time // when output last arrived
	pump    sync.WaitGroup
	once    sync.Once
	// ready is how long connecting took: TCP, the SSH handshake,
	// authentication, the PTY and the shell, before any screen.
	ready time.Duration
}

func slowDial(tb testing.TB, addr, user string, signer ssh.Signer, w, h int) *slowTerm {
	tb.Helper()
	start := time.Now()
	c := &slowTerm{emu: vt.NewEmulator(w, h), changed: make(chan struct{})}
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	_ = nc.SetDeadline(time.Now().Add(slowLimit))
	cc, chans, reqs, err := ssh.NewClientConn(nc, addr, &ssh.ClientConfig{
		User: user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		tb.Fatalf("ssh handshake through the slow link: %v", err)
	}
	c.client = ssh.NewClient(cc, chans, reqs)
	tb.Cleanup(c.close)
	if c.sess, err = c.client.NewSession(); err != nil {
		tb.Fatal(err)
	}
	stdin, err := c.sess.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	c.sess.Stdout, c.sess.Stderr = c, c
	if err := c.sess.RequestPty("xterm-256color", h, w, ssh.TerminalModes{ssh.ECHO: 1}); err != nil {
		tb.Fatal(err)
	}
	if err := c.sess.Shell(); err != nil {
		tb.Fatal(err)
	}
	_ = nc.SetDeadline(time.Time{})
	c.ready = time.Since(start)
	c.pump.Add(1)
	go c.answer(stdin)
	return c
}

// answer sends the emulator's replies to terminal queries, and the keys
// pressed, to the server. The emulator blocks until they are read.
func (c *slowTerm) answer(stdin io.WriteCloser) {
	defer c.pump.Done()
	buf := make([]byte, 4096)
	for {
		n, err := c.emu.Read(buf)
		if n > 0 {
			_, _ = stdin.Write(buf[:n])
		}
		if err != nil {
			_ = stdin.Close()
			return
		}
	}
}

// Write receives the session's output.
func (c *slowTerm) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.emu.Write(p)
	c.last = time.Now()
	close(c.changed)
	c.changed = make(chan struct{})
	return len(p), nil
}

func (c *slowTerm) screen() (string, chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b, line strings.Builder
	for y := range c.emu.Height() {
		line.Reset()
		for x := range c.emu.Width() {
			switch cell := c.emu.CellAt(x, y); {
			case cell == nil || cell.Content == "" && cell.Width > 0:
				line.WriteByte(' ')
			case cell.Width > 0: // zero is the right half of a wide character
				line.WriteString(cell.Content)
			}
		}
		// Trimmed as termtest does, so boardDrawn can pin two rows.
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String(), c.changed
}

// waitFor returns how long it took, from since, until the screen shows
// substr (or, with gone, no longer does).
func (c *slowTerm) waitFor(tb testing.TB, since time.Time, substr string, gone bool) time.Duration {
	tb.Helper()
	timer := time.NewTimer(slowLimit)
	defer timer.Stop()
	for {
		scr, changed := c.screen()
		if strings.Contains(scr, substr) != gone {
			return time.Since(since)
		}
		select {
		case <-changed:
		case <-timer.C:
			tb.Fatalf("through the slow link, %q never %s within %v:\n%s", substr, map[bool]string{false: "arrived", true: "went"}[gone], slowLimit, scr)
		}
	}
}

// answered returns how long after since the output caused by a key ended:
// the time of the last byte before a second of silence. For keys whose
// effect has no one piece of text to wait for, such as a redraw.
func (c *slowTerm) answered(tb testing.TB, since time.Time) time.Duration {
	tb.Helper()
	deadline := time.Now().Add(slowLimit)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		c.mu.Lock()
		last := c.last
		c.mu.Unlock()
		if last.After(since) && time.Since(last) > time.Second {
			return last.Sub(since)
		}
	}
	tb.Fatalf("through the slow link, no answer to a key within %v", slowLimit)
	return 0
}

// press types text (keys as their bytes) and returns when it was sent.
func (c *slowTerm) press(text string) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.emu.SendText(text)
	return time.Now()
}

func (c *slowTerm) close() {
	c.once.Do(func() {
		if c.sess != nil {
			_ = c.sess.Close()
		}
		_ = c.client.Close()
		if pw, ok := c.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
		c.pump.Wait()
	})
}

// slowLinks are the links measured: a weak mobile connection, and a worse
// one (GPRS-like) to see what scales with bandwidth and what with latency.
var slowLinks = []struct {
	name string
	link slowLink
}{
	{"64kbit-300ms", slowLink{rate: 64_000 / 8, latency: 300 * time.Millisecond}},
	{"32kbit-600ms", slowLink{rate: 32_000 / 8, latency: 600 * time.Millisecond}},
}

// BenchmarkSlowLink times, for two participants A and B each behind their
// own slow link: connecting until the board is drawn; a dot A gives until
// B's screen shows the count (and A's own screen); a note A saves until B
// sees it; a typed character until A sees it in the editor; and A's own
// redraws (the editor, moving the selection, opening a note) until their
// last byte. docs/ACCESS.md has the results.
func BenchmarkSlowLink(b *testing.B) {
	for _, sl := range slowLinks {
		b.Run(sl.name, func(b *testing.B) {
			srv := bwStart(b)
			// Six notes: two rows of cards, so the notes A adds still
			// land on B's 80x24 screen.
			code, _ := srv.room(b, 6)
			keyA, keyB := termtest.NewSigner(b), termtest.NewSigner(b)
			srv.known(b, code, keyA, "Ada")
			srv.known(b, code, keyB, "Bo")
			var m slowMetrics
			for b.Loop() {
				m.add(slowRound(b, srv, code, sl.link, keyA, keyB))
			}
			m.report(b)
		})
	}
}

// slowMetrics are sums of durations and how many each holds.
type slowMetrics struct {
	sum map[string]time.Duration
	n   map[string]int
}

func (m *slowMetrics) add(o slowMetrics) {
	if m.sum == nil {
		m.sum, m.n = map[string]time.Duration{}, map[string]int{}
	}
	for k, d := range o.sum {
		m.sum[k] += d
		m.n[k] += o.n[k]
	}
}

func (m *slowMetrics) note(name string, d time.Duration) {
	m.add(slowMetrics{sum: map[string]time.Duration{name: d}, n: map[string]int{name: 1}})
}

func (m *slowMetrics) report(b *testing.B) {
	for k, d := range m.sum {
		b.ReportMetric(float64(d.Milliseconds())/float64(m.n[k]), k+"-ms")
	}
	b.ReportMetric(0, "ns/op")
}

// slowRound connects A and B through fresh links and times one of each.
func slowRound(b *testing.B, srv *bwServer, code string, l slowLink, keyA, keyB ssh.Signer) slowMetrics {
	var m slowMetrics
	terms := make([]*slowTerm, 2)
	for i, key := range []ssh.Signer{keyA, keyB} {
		// One at a time, so each first screen has its link to itself.
		p := slowProxy(b, srv.addr, l)
		start := time.Now()
		t := slowDial(b, p.addr, code, key, 80, 24)
		m.note("first-screen", t.waitFor(b, start, bwBoardDrawn, false))
		m.note("ssh-ready", t.ready)
		terms[i] = t
	}
	a, o := terms[0], terms[1]
	idle := func() { time.Sleep(2 * l.latency) } // let both links drain

	// Dots on A's selected card, the first: give, take back, twice.
	for range 2 {
		idle()
		at := a.press(" ")
		m.note("dot-seen-by-other", o.waitFor(b, at, "● 1", false))
		m.note("dot-seen-by-self", a.waitFor(b, at, "you: 1", false))
		idle()
		at = a.press("-")
		m.note("dot-seen-by-other", o.waitFor(b, at, "● 1", true))
		a.waitFor(b, at, "you: 1", true)
	}

	// Notes: open the editor, type (timing each echo), save.
	for i := range 2 {
		idle()
		at := a.press("n")
		m.note("editor-open", a.waitFor(b, at, "0 of 280 characters", false))
		text := fmt.Sprintf("Slow note %d", i+1)
		for k, r := range text {
			at = a.press(string(r))
			if r != ' ' { // the counter leaves out trailing spaces
				m.note("key-echo", a.waitFor(b, at, fmt.Sprintf("%d of 280 characters", k+1), false))
			}
		}
		idle()
		at = a.press("\r")
		m.note("note-seen-by-other", o.waitFor(b, at, text, false))
		a.waitFor(b, at, "Saved.", false)
	}

	// A's own redraws: moving the selection, and opening a note to read.
	for _, keys := range [][2]string{{"\x1b[C", "\x1b[D"}, {"\r", "\x1b"}} {
		name := map[string]string{"\x1b[C": "move", "\r": "open-note"}[keys[0]]
		idle()
		m.note(name, a.answered(b, a.press(keys[0])))
		idle()
		a.answered(b, a.press(keys[1]))
	}
	a.close()
	o.close()
	return m
}

// TestLinkProxyShapesAndCounts checks the measuring tools, quickly, on a
// fast link: bytes arrive whole and in order, never sooner than latency
// and rate allow, and the counts match.
func TestLinkProxyShapesAndCounts(t *testing.T) {
	sink, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sink.Close() }()
	got := make(chan []byte, 1)
	arrived := make(chan time.Time, 1)
	go func() {
		c, err := sink.Accept()
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(c)
		arrived <- time.Now()
		got <- b
	}()
	l := slowLink{rate: 200_000, latency: 50 * time.Millisecond}
	p := slowProxy(t, sink.Addr().String(), l)
	counter := bwCountingProxy(t, p.addr)
	want := bytes.Repeat([]byte("0123456789abcdef"), 4000) // 64,000 bytes
	start := time.Now()
	c, err := net.Dial("tcp", counter.addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(want); err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("%d bytes arrived changed or incomplete, of %d", len(b), len(want))
	}
	// Handshake stand-in (2 latencies), sending at rate, one latency.
	least := 3*l.latency + time.Duration(len(want))*time.Second/time.Duration(l.rate)
	if took := (<-arrived).Sub(start); took < least {
		t.Errorf("arrived after %v; the link allows no sooner than %v", took, least)
	}
	if down, up := counter.counts(); up != int64(len(want)) || down != 0 {
		t.Errorf("counted %d up, %d down; want %d, 0", up, down, len(want))
	}
	if down, up := p.counts(); up != int64(len(want)) || down != 0 {
		t.Errorf("link counted %d up, %d down; want %d, 0", up, down, len(want))
	}
}
