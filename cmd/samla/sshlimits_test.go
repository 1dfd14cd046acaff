package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	charmssh "charm.land/ssh"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/tui"
)

// sizes records every window size the programs were given.
type sizes struct {
	mu   sync.Mutex
	seen [][2]int // per program, in order, the last size
	max  [2]int
}

func (s *sizes) model(tui.Deps) tea.Model {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, [2]int{})
	return &sizeModel{rec: s, i: len(s.seen) - 1}
}

func (s *sizes) last(i int) [2]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= len(s.seen) {
		return [2]int{}
	}
	return s.seen[i]
}

// sizeModel shows the size it was given, and nothing else.
type sizeModel struct {
	rec  *sizes
	i    int
	w, h int
}

func (m *sizeModel) Init() tea.Cmd { return nil }

func (m *sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.rec.mu.Lock()
		m.rec.seen[m.i] = [2]int{m.w, m.h}
		m.rec.max = [2]int{max(m.rec.max[0], m.w), max(m.rec.max[1], m.h)}
		m.rec.mu.Unlock()
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *sizeModel) View() tea.View { return tea.NewView(fmt.Sprintf("size %dx%d", m.w, m.h)) }

func rawDial(t *testing.T, addr string) *ssh.Client {
	t.Helper()
	c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{
		User: "guest", HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
		Auth: []ssh.AuthMethod{ssh.PublicKeys(termtest.NewSigner(t))},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(termtest.DefaultTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHugeTerminalsAreClamped: a pty request and window changes far beyond
// any real screen reach the program clamped to 500×200, and the server
// goes on serving others. (Unclamped, 65535×65535 ran the server out of
// memory; the sizes here are smaller so that a regression fails the test
// instead of killing it.)
func TestHugeTerminalsAreClamped(t *testing.T) {
	rec := &sizes{}
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) { d.newModel = rec.model }, io.Discard)
	client := rawDial(t, srv.addr)
	s, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	s.Stdout = out
	if err := s.RequestPty("xterm-256color", 600, 1000, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a screen of 500×200", func() bool { return strings.Contains(out.String(), "size 500x200") })

	for i := range 100 {
		w, h := 900, 300
		if i%2 == 1 {
			w, h = 300, 900
		}
		if err := s.WindowChange(h, w); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WindowChange(0, 0); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "an unknown size to become 80×24", func() bool { return rec.last(0) == [2]int{80, 24} })
	if err := s.WindowChange(40, 120); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the last size, 120×40", func() bool { return rec.last(0) == [2]int{120, 40} })

	second := termtest.Dial(t, srv.addr, termtest.Options{})
	second.WaitFor(t, "size 80x24")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.max[0] > maxColumns || rec.max[1] > maxRows {
		t.Fatalf("a program was given %d columns and %d rows", rec.max[0], rec.max[1])
	}
}

func TestClampSize(t *testing.T) {
	for _, c := range []struct{ in, want [2]uint32 }{
		{[2]uint32{65535, 65535}, [2]uint32{500, 200}},
		{[2]uint32{0, 0}, [2]uint32{80, 24}},
		{[2]uint32{120, 0}, [2]uint32{120, 24}},
		{[2]uint32{500, 200}, [2]uint32{500, 200}},
	} {
		if w, h := clampSize(c.in[0], c.in[1]); [2]uint32{w, h} != c.want {
			t.Errorf("clampSize(%v) = %d×%d, want %v", c.in, w, h, c.want)
		}
	}
}

// TestWindowFeedKeepsOnlyTheNewest: a storm of sizes nobody took yet is one
// resize, and a closed change channel ends the reader instead of spinning.
func TestWindowFeedKeepsOnlyTheNewest(t *testing.T) {
	changes := make(chan charmssh.Window)
	f := newWindowFeed(context.Background(), changes, slog.New(slog.DiscardHandler))
	for i := range 1000 {
		changes <- charmssh.Window{Width: 100 + i%7, Height: i}
	}
	close(changes)
	<-f.done
	got := make(chan tea.Msg, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.forward(ctx, func(m tea.Msg) { got <- m }, func() {})
	want := tea.WindowSizeMsg{Width: 100 + 999%7, Height: 999}
	if m := recvSize(t, got); m != want {
		t.Fatalf("forwarded %v, want %v", m, want)
	}
	waitHanded(t, f)
	if len(got) != 0 {
		t.Fatalf("more than the newest was forwarded: %v", <-got)
	}
}

// TestWindowFeedFollowsThePrograms: sizes go to the program that runs now:
// one that came while a program was busy goes to it once it takes it, one
// that came between programs to the next, and the end of a program does
// not take the next one's sizes away.
func TestWindowFeedFollowsThePrograms(t *testing.T) {
	changes, f := openWindowFeed(t)

	busy := make(chan struct{})
	first := make(chan tea.Msg, 10)
	quit1 := make(chan struct{})
	ctx1, end1 := context.WithCancel(context.Background())
	f.forward(ctx1, func(m tea.Msg) { <-busy; first <- m }, func() { close(quit1) })
	changes <- charmssh.Window{Width: 90, Height: 30} // taken, then held up by the busy program
	waitPending(t, f, false)
	changes <- charmssh.Window{Width: 91, Height: 31}
	changes <- charmssh.Window{Width: 92, Height: 32} // replaces 91 while 90 waits
	close(busy)
	if m := recvSize(t, first); m != (tea.WindowSizeMsg{Width: 90, Height: 30}) {
		t.Fatalf("first program got %v first", m)
	}
	if m := recvSize(t, first); m != (tea.WindowSizeMsg{Width: 92, Height: 32}) {
		t.Fatalf("first program got %v, not the newest", m)
	}
	waitHanded(t, f)

	// The next program begins before the first one's end is noticed.
	second := make(chan tea.Msg, 10)
	changes <- charmssh.Window{Width: 70, Height: 20} // between programs: the first still takes it
	if m := recvSize(t, first); m != (tea.WindowSizeMsg{Width: 70, Height: 20}) {
		t.Fatalf("first program got %v", m)
	}
	waitHanded(t, f)
	f.forward(context.Background(), func(m tea.Msg) { second <- m }, func() {})
	end1()
	<-quit1 // the program is told to end with its context
	changes <- charmssh.Window{Width: 71, Height: 21}
	if m := recvSize(t, second); m != (tea.WindowSizeMsg{Width: 71, Height: 21}) {
		t.Fatalf("the next program got %v", m)
	}
	if len(first) != 0 {
		t.Fatalf("the ended program got %v", <-first)
	}
}

// TestWindowFeedKeepsASizeForTheNextProgram: a size that comes while no
// program takes sizes goes to the next one.
func TestWindowFeedKeepsASizeForTheNextProgram(t *testing.T) {
	changes, f := openWindowFeed(t)
	ctx1, end1 := context.WithCancel(context.Background())
	ended := make(chan struct{})
	f.forward(ctx1, func(tea.Msg) {}, func() { close(ended) })
	end1()
	<-ended
	changes <- charmssh.Window{Width: 60, Height: 18}
	waitPending(t, f, true)
	next := make(chan tea.Msg, 1)
	f.forward(context.Background(), func(m tea.Msg) { next <- m }, func() {})
	if m := recvSize(t, next); m != (tea.WindowSizeMsg{Width: 60, Height: 18}) {
		t.Fatalf("the next program got %v", m)
	}
}

// openWindowFeed is a session's window feed, its changes closed when the
// test ends.
func openWindowFeed(t *testing.T) (chan<- charmssh.Window, *windowFeed) {
	t.Helper()
	changes := make(chan charmssh.Window)
	t.Cleanup(func() { close(changes) })
	return changes, newWindowFeed(context.Background(), changes, slog.New(slog.DiscardHandler))
}

// recvSize is the next size a program got, failing after a while rather
// than hanging.
func recvSize(t *testing.T, got <-chan tea.Msg) tea.Msg {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no size reached the program")
		return nil
	}
}

// waitHanded waits until no goroutine is handing sizes on.
func waitHanded(t *testing.T, f *windowFeed) {
	t.Helper()
	waitFeed(t, f, "sizes still being handed on", func() bool { return !f.handing })
}

// waitPending waits until a size is (or is not) waiting to be handed on.
func waitPending(t *testing.T, f *windowFeed, pending bool) {
	t.Helper()
	waitFeed(t, f, fmt.Sprintf("pending %v", pending), func() bool { return f.pending == pending })
}

func waitFeed(t *testing.T, f *windowFeed, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		f.mu.Lock()
		done := ok()
		f.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("window feed: waited in vain for %s", what)
		}
	}
}

// TestEnvironmentIsBounded: env requests past 64 variables, 8 KiB a value
// or 64 KiB in all are refused over SSH, not stored.
func TestEnvironmentIsBounded(t *testing.T) {
	srv := startServer(t, t.TempDir())
	client := rawDial(t, srv.addr)
	count := func(n int, value string) int {
		s, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		ok := 0
		for i := range n {
			if s.Setenv(fmt.Sprintf("V%03d", i), value) == nil {
				ok++
			}
		}
		return ok
	}
	if got := count(100, "x"); got != maxEnvVars {
		t.Errorf("%d of 100 small variables accepted, want %d", got, maxEnvVars)
	}
	if got := count(1, strings.Repeat("x", maxEnvValueBytes+1)); got != 0 {
		t.Errorf("a value over %d bytes was accepted", maxEnvValueBytes)
	}
	// 8,004 bytes each: 8 fit in 64 KiB, the ninth does not.
	if got := count(20, strings.Repeat("x", 8000)); got != 8 {
		t.Errorf("%d variables of 8000 bytes accepted, want 8", got)
	}
}

// TestConnectionWithoutSessionIsClosed: authenticating and then opening
// nothing holds no slot for long; a connection with a session stays.
func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	rec := &sizes{}
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) {
		d.conns.noSession = 300 * time.Millisecond
		d.newModel = rec.model
	}, io.Discard)
	idle := rawDial(t, srv.addr)
	busy := termtest.Dial(t, srv.addr, termtest.Options{})
	busy.WaitFor(t, "size 80x24")

	closed := make(chan error, 1)
	go func() { closed <- idle.Wait() }()
	select {
	case <-closed:
	case <-time.After(termtest.DefaultTimeout):
		t.Fatal("a connection without a session stayed open")
	}
	busy.Resize(100, 30)
	busy.WaitFor(t, "size 100x30")
}

// TestThirdSessionOnOneConnectionIsRefused: two sessions per connection,
// and a closed one makes room again.
func TestThirdSessionOnOneConnectionIsRefused(t *testing.T) {
	srv := startServer(t, t.TempDir())
	client := rawDial(t, srv.addr)
	first, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.NewSession(); err != nil {
		t.Fatal(err)
	}
	if s, err := client.NewSession(); err == nil {
		_ = s.Close()
		t.Fatal("a third session on one connection was opened")
	}
	_ = first.Close()
	waitUntil(t, "room for a session after one closed", func() bool {
		s, err := client.NewSession()
		if err == nil {
			_ = s.Close()
		}
		return err == nil
	})
}

// TestIPv6CountsPerSlash64: addresses of one /64 share the per-address
// limit (a home gets a whole /64); IPv4 counts per address.
func TestIPv6CountsPerSlash64(t *testing.T) {
	addr := func(s string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(s), Port: 4000} }
	a, b := hostOf(addr("2001:db8:1:2::1")), hostOf(addr("2001:db8:1:2:ffff:eeee:dddd:cccc"))
	if a != b {
		t.Errorf("one /64 counted as %q and %q", a, b)
	}
	if c := hostOf(addr("2001:db8:1:3::1")); c == a {
		t.Errorf("another /64 counted as the same %q", c)
	}
	if v4 := hostOf(addr("192.0.2.7")); v4 != "192.0.2.7" {
		t.Errorf("IPv4 counted as %q", v4)
	}
	if idle, most := sshTimeouts(time.Hour); idle <= time.Hour || most < idle {
		t.Errorf("SSH timeouts %v and %v do not sit above the app's idle hour", idle, most)
	}
}
