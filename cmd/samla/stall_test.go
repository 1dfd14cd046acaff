package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/tui"
)

// clientWindow is the SSH window of Go's client (64 packets of 32 KiB): a
// client that reads nothing has that much sent to it before the server's
// writes have to wait.
const clientWindow = 2 << 20

// chatty is a screen that changes every cell on every frame, so a client
// that stops reading has its window full within a second or two. Its first
// line says the size it was given.
type chatty struct {
	ctx   context.Context
	w, h  int
	frame int
}

type chattyTick struct{}

func newChatty(d tui.Deps) tea.Model { return &chatty{ctx: d.Ctx, w: 80, h: 24} }

func (m *chatty) Init() tea.Cmd { return m.tick() }

// tick ends with the session, so no test program outlives its session.
func (m *chatty) tick() tea.Cmd {
	ctx := m.ctx
	return func() tea.Msg {
		t := time.NewTimer(20 * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
			return chattyTick{}
		case <-ctx.Done():
			return nil
		}
	}
}

func (m *chatty) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case chattyTick:
		m.frame++
		return m, m.tick()
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *chatty) View() tea.View {
	var b strings.Builder
	fmt.Fprintf(&b, "size %dx%d\n", m.w, m.h)
	// No two neighbours alike, so the renderer cannot shorten a row to
	// one character and a repeat count.
	for y := range max(m.h-2, 0) {
		for x := range max(m.w-1, 1) {
			b.WriteByte(byte('a' + (x*7+y*3+m.frame)%26))
		}
		b.WriteByte('\n')
	}
	return tea.NewView(b.String())
}

// sent counts the bytes the server set out to write to its sessions, at
// the start of each write, whether or not the write got through, as they
// go on the wire (the PTY writer underneath turns a lone LF into CR LF).
type sent struct{ n atomic.Int64 }

func (s *sent) wrap(w io.Writer) io.Writer { return countingWriter{w: w, n: &s.n} }

type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	wire := bytes.ReplaceAll(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n")), []byte("\r\r\n"), []byte("\r\n"))
	c.n.Add(int64(len(wire)))
	return c.w.Write(p) //nolint:wrapcheck // the test's own pass-through
}

// TestUnreadClientIsHungUp: a client that stops reading and is then
// resized 26 times (issue 14: a paused terminal) does not wedge its
// session: whether it hangs up itself or stays, once the server's writes
// have waited the configured time, the connection closes, the session's
// goroutines and sockets go away, and the next client is served. (Before,
// the renderer waited for window space for as long as the client stayed
// connected; the second case guards what the window feed fixed.)
//
// The timeouts in these tests are a few seconds, not less: the clients that
// stay must answer a keepalive within half of it on a busy machine.
func TestUnreadClientIsHungUp(t *testing.T) {
	for _, c := range []struct {
		name   string
		unread string // the server's --unread-timeout
		end    func(t *testing.T, paused *termtest.Client, log *syncBuffer)
	}{
		{"the server hangs up after the timeout", "5s", func(t *testing.T, paused *termtest.Client, log *syncBuffer) {
			paused.WaitHungUp(t)
			if !strings.Contains(log.String(), "output not read") {
				t.Errorf("hung up, but not for its output:\n%s", log)
			}
			paused.Close()
		}},
		// The timeout is far beyond the test's waits here: the client's
		// hang-up alone must free the session.
		{"the client hangs up while the server waits", "10m", func(_ *testing.T, paused *termtest.Client, _ *syncBuffer) {
			paused.Hangup()
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := &syncBuffer{}
			var out sent
			srv := startServerWith(t, t.TempDir(), func(d *sshDeps) {
				d.newModel = newChatty
				d.output = out.wrap
			}, log, "--unread-timeout", c.unread)
			base := measure(t)

			// Clients of their own, closed here: a test client keeps all
			// it was sent, and that must not count as the server's.
			paused := connect(t, srv.addr, termtest.Options{Width: 300, Height: 100})
			paused.Timeout = 60 * time.Second
			paused.WaitFor(t, "size 300x100")
			paused.Pause()
			for i := range 26 {
				paused.Resize(300-i%2, 100-i%2)
			}
			waitForWindowUsed(t, &out, paused)
			c.end(t, paused, log)

			next := connect(t, srv.addr, termtest.Options{})
			next.WaitFor(t, "size 80x24")
			next.Close()
			after := settle(t, base)
			if !after.within(base) {
				t.Fatalf("the session left things behind: before %v, after %v\n%s", base, after, goroutineSummary())
			}
		})
	}
}

// waitForWindowUsed waits until the server has set out half a window more
// than the paused client received. Go's client grants window back in
// halves, so the server may send between half and all of a window beyond
// that; once it has set out half, the rest (a few frames of the chatty
// screen) is used up within moments, and its writes wait on this client.
func waitForWindowUsed(t *testing.T, out *sent, c *termtest.Client) {
	t.Helper()
	received := int64(c.Received())
	waitUntil(t, "the server to have half a window waiting", func() bool {
		return out.n.Load() >= received+clientWindow/2
	})
}

// TestPausedClientCatchesUp: a client whose output was paused long enough
// for the server's writes to wait, and resized 26 times meanwhile, shows
// the current screen at its last size once it reads again.
func TestPausedClientCatchesUp(t *testing.T) {
	var out sent
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) {
		d.newModel = newChatty
		d.output = out.wrap
	}, io.Discard)
	c := termtest.Dial(t, srv.addr, termtest.Options{Width: 300, Height: 100})
	c.Timeout = 60 * time.Second
	c.WaitFor(t, "size 300x100")
	c.Pause()
	for i := range 25 {
		c.Resize(300-i%2, 100-i%2)
	}
	c.Resize(321, 99)
	waitForWindowUsed(t, &out, c)
	c.Resume()
	c.WaitFor(t, "size 321x99")
	second := termtest.Dial(t, srv.addr, termtest.Options{})
	second.WaitFor(t, "size 80x24")
}

// freezer stands between a client and the server like a link that goes
// dead: once frozen, it passes nothing either way and tells nobody, as a
// laptop that went to sleep.
type freezer struct {
	addr   string
	ln     net.Listener
	frozen chan struct{}
	once   sync.Once
	mu     sync.Mutex
	conns  []net.Conn
}

func newFreezer(t testing.TB, target string) *freezer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &freezer{addr: ln.Addr().String(), ln: ln, frozen: make(chan struct{})}
	t.Cleanup(f.close)
	go f.serve(target)
	return f
}

func (f *freezer) serve(target string) {
	for {
		client, err := f.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", target)
		if err != nil {
			_ = client.Close()
			continue
		}
		f.mu.Lock()
		f.conns = append(f.conns, client, server)
		f.mu.Unlock()
		go f.pass(client, server)
		go f.pass(server, client)
	}
}

// pass copies until frozen, then reads nothing more: what the other side
// sends stays in the socket's buffers, unanswered.
func (f *freezer) pass(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		select {
		case <-f.frozen:
			return
		default:
		}
		n, err := src.Read(buf)
		if n > 0 {
			select {
			case <-f.frozen:
				return
			default:
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (f *freezer) freeze() { f.once.Do(func() { close(f.frozen) }) }

func (f *freezer) close() {
	f.freeze()
	_ = f.ln.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.conns {
		_ = c.Close()
	}
}

// TestFrozenClientIsDropped: a client that reads nothing at all (its link
// went dead without a word) is dropped after the configured time even in a
// quiet room, is no longer counted online, and comes back with its key as
// the same person. (Before, it stayed connected and online for as long as
// its socket lived.)
func TestFrozenClientIsDropped(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--unread-timeout", "5s")
	code := newRoom(t, dir, "Frusen")
	keyA := termtest.NewSigner(t)
	watcher := enter(t, srv.addr, code, "Bea", termtest.NewSigner(t))
	watcher.Timeout = 60 * time.Second

	link := newFreezer(t, srv.addr)
	frozen := enter(t, link.addr, code, "Åsa", keyA)
	watcher.WaitFor(t, "2 online")
	link.freeze()
	watcher.WaitFor(t, "1 online")
	frozen.Hangup()

	back := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: keyA})
	back.WaitFor(t, "you: Åsa")
	if strings.Contains(back.Screen(), "What should others call you?") {
		t.Fatal("the same key was asked for a name again")
	}
	watcher.WaitFor(t, "2 online")
}

// TestStallWriterSteps: a frame goes out in steps of at most stallChunk,
// each its own progress, and a CR stays with its LF.
func TestStallWriterSteps(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want []int
	}{
		{"small", "abc", []int{3}},
		{"exact", strings.Repeat("x", stallChunk), []int{stallChunk}},
		{"two", strings.Repeat("x", stallChunk+1), []int{stallChunk, 1}},
		{"cr lf kept together", strings.Repeat("x", stallChunk-1) + "\r\nz", []int{stallChunk + 1, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []int
			w := newStallWriter(writerFunc(func(p []byte) (int, error) {
				got = append(got, len(p))
				return len(p), nil
			}), time.Hour, func() { t.Error("hung up on a writer that made progress") })
			if n, err := w.Write([]byte(c.in)); err != nil || n != len(c.in) {
				t.Fatalf("wrote %d, %v", n, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("steps %v, want %v", got, c.want)
			}
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// BenchmarkFrozenClientDropped measures how long after its link goes dead
// a client stops being counted online, with --unread-timeout 2s: a
// keepalive goes out every second and waits a second for its answer, so
// it is between 1 and 2 s by design, plus the time to notice and redraw.
func BenchmarkFrozenClientDropped(b *testing.B) {
	dir := b.TempDir()
	srv := startServer(b, dir, "--unread-timeout", "2s")
	code := newRoom(b, dir, "Frusen")
	watcher := enter(b, srv.addr, code, "Bea", termtest.NewSigner(b))
	watcher.Timeout = time.Minute
	keys := []ssh.Signer{termtest.NewSigner(b), termtest.NewSigner(b)}
	var total, most time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		link := newFreezer(b, srv.addr)
		frozen := arrive(b, link.addr, code, keys[i%len(keys)])
		watcher.WaitFor(b, "2 online")
		b.StartTimer()
		start := time.Now()
		link.freeze()
		watcher.WaitFor(b, "1 online")
		took := time.Since(start)
		total += took
		most = max(most, took)
		b.StopTimer()
		frozen.Hangup()
		link.close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-drop")
	b.ReportMetric(float64(most.Milliseconds()), "ms-to-drop-max")
}

// TestStallWriterHangsUpOnAStuckStep: a step that does not go out within
// the bound hangs up, and the hang-up is what ends the write, with an
// error the renderer sees.
func TestStallWriterHangsUpOnAStuckStep(t *testing.T) {
	gone := make(chan struct{})
	var once sync.Once
	w := newStallWriter(writerFunc(func([]byte) (int, error) {
		<-gone // a client that reads nothing: only hanging up ends this
		return 0, io.ErrClosedPipe
	}), 10*time.Millisecond, func() { once.Do(func() { close(gone) }) })
	if _, err := w.Write([]byte("frame")); err == nil {
		t.Fatal("a write that never went out reported success")
	}
}

// silentConn is a connection whose client never answers a request.
type silentConn struct {
	ssh.Conn
	closed chan struct{}
}

func (c silentConn) SendRequest(string, bool, []byte) (bool, []byte, error) {
	<-c.closed
	return false, nil, io.EOF
}

// answeringConn answers every request, as any SSH client does, with a
// refusal.
type answeringConn struct{ ssh.Conn }

func (answeringConn) SendRequest(string, bool, []byte) (bool, []byte, error) {
	return false, nil, nil
}

// TestKeepAliveHangsUpOnSilence: a client that answers no keepalive is
// hung up on; one that answers (even with a refusal) is kept until the
// session ends.
func TestKeepAliveHangsUpOnSilence(t *testing.T) {
	silent := silentConn{closed: make(chan struct{})}
	var once sync.Once
	<-keepAlive(context.Background(), silent, 20*time.Millisecond, func() { once.Do(func() { close(silent.closed) }) })

	ctx, cancel := context.WithCancel(context.Background())
	var answered atomic.Int32
	conn := countingAnswers{answeringConn{}, &answered, 3, cancel}
	<-keepAlive(ctx, conn, 20*time.Millisecond, func() { t.Error("hung up on a client that answered") })
	if n := answered.Load(); n < 3 {
		t.Fatalf("keepAlive ended after %d answers, before the session did", n)
	}
}

// countingAnswers ends the session after enough answers.
type countingAnswers struct {
	answeringConn
	n     *atomic.Int32
	until int32
	end   context.CancelFunc
}

func (c countingAnswers) SendRequest(name string, wantReply bool, payload []byte) (bool, []byte, error) {
	if c.n.Add(1) >= c.until {
		c.end()
	}
	return c.answeringConn.SendRequest(name, wantReply, payload)
}
