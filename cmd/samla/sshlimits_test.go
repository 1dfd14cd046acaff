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
	f := newWindowFeed(context.Background(), changes)
	for i := range 1000 {
		changes <- charmssh.Window{Width: 100 + i%7, Height: i}
	}
	close(changes)
	<-f.done
	ctx, cancel := context.WithCancel(context.Background())
	var got []tea.Msg
	send := func(m tea.Msg) {
		got = append(got, m)
		cancel()
	}
	quit := func() {}
	f.forward(ctx, send, quit, slog.New(slog.DiscardHandler))
	want := tea.WindowSizeMsg{Width: 100 + 999%7, Height: 999}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("forwarded %v, want only %v", got, want)
	}
	select {
	case <-f.changed:
		t.Fatal("another resize was still pending")
	default:
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
