package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/tui"
)

// syncBuffer is a log both the server and the test touch.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestConnectionLimitPerAddress(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--max-connections-per-address", "2")
	code := newRoom(t, dir, "Full")
	first := termtest.Dial(t, srv.addr, termtest.Options{User: code})
	first.WaitFor(t, "What should others call you?")
	second := termtest.Dial(t, srv.addr, termtest.Options{User: code})
	second.WaitFor(t, "What should others call you?")

	// The third is refused before the handshake, in words.
	conn, err := net.DialTimeout("tcp", srv.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	said, _ := io.ReadAll(conn)
	_ = conn.Close()
	if !strings.Contains(string(said), "too many connections from your address") {
		t.Fatalf("third connection got %q", said)
	}

	// When one leaves, there is room again.
	first.Press("ctrl+c")
	if err := first.Wait(); err != nil {
		t.Fatal(err)
	}
	first.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := ssh.Dial("tcp", srv.addr, &ssh.ClientConfig{
			User: code, HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
			Auth: []ssh.AuthMethod{ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		})
		if err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room after one left: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWrongCodesAreRateLimited: after the burst of wrong codes, every code,
// right or wrong, waits, so codes cannot be enumerated.
func TestWrongCodesAreRateLimited(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--code-guesses", "3", "--code-guess-interval", "1h")
	code := newRoom(t, dir, "Guarded")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: "guest"})
	c.WaitFor(t, "Room code:")
	for _, guess := range []string{"AAAAAA", "BBBBBB", "CCCCCC"} {
		c.Type(guess)
		c.Press("enter")
		c.WaitFor(t, "There is no room with the code "+guess)
		c.Press("esc")
		c.WaitGone(t, guess)
	}
	c.Type(code)
	c.Press("enter")
	c.WaitFor(t, "Too many wrong codes from your network, or from everyone at once")
	c.WaitFor(t, "60 min, or ask the facilitator")

	// A new connection from the same address does not reset the count,
	// nor does putting the code in the user name.
	again := termtest.Dial(t, srv.addr, termtest.Options{User: "DDDDDD"})
	again.WaitFor(t, "Too many wrong codes")
}

func TestIdlePeopleAreWarnedThenDisconnected(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--idle-timeout", "3s")
	code := newRoom(t, dir, "Idle")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: code})
	c.WaitFor(t, "What should others call you?")
	c.WaitFor(t, "Still there? Press any key within 1 s")
	c.Press("enter") // a key press (here: keep the default name) keeps them
	c.WaitGone(t, "Still there?")
	c.WaitFor(t, "you: Participant 1")
	c.WaitFor(t, "Still there?")
	c.WaitFor(t, "you were disconnected after 3 s without a key press")
	if err := c.Wait(); err != nil {
		t.Fatalf("session did not end cleanly: %v", err)
	}
}

// TestOnlyTheContractIsServed tries every SSH feature samla does not offer
// with a real client; each is refused and the server carries on.
func TestOnlyTheContractIsServed(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Surface")
	client, err := ssh.Dial("tcp", srv.addr, &ssh.ClientConfig{
		User: code, HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
		Auth: []ssh.AuthMethod{ssh.PublicKeys(termtest.NewSigner(t))},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.Close() }()

	t.Run("local port forwarding", func(t *testing.T) {
		payload := ssh.Marshal(struct {
			Host       string
			Port       uint32
			OriginHost string
			OriginPort uint32
		}{"127.0.0.1", 22, "127.0.0.1", 40000})
		if ch, _, err := client.OpenChannel("direct-tcpip", payload); err == nil {
			_ = ch.Close()
			t.Fatal("direct-tcpip channel was opened")
		}
	})
	t.Run("remote port forwarding", func(t *testing.T) {
		ok, _, err := client.SendRequest("tcpip-forward", true, ssh.Marshal(struct {
			Addr string
			Port uint32
		}{"127.0.0.1", 0}))
		if err != nil || ok {
			t.Fatalf("tcpip-forward: ok=%v err=%v", ok, err)
		}
	})
	t.Run("other channel types", func(t *testing.T) {
		for _, kind := range []string{"x11", "auth-agent@openssh.com", "forwarded-tcpip"} {
			if ch, _, err := client.OpenChannel(kind, nil); err == nil {
				_ = ch.Close()
				t.Errorf("%s channel was opened", kind)
			}
		}
	})
	t.Run("X11 forwarding request", func(t *testing.T) {
		s, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		if ok, err := s.SendRequest("x11-req", true, nil); ok || err != nil {
			t.Errorf("x11-req: ok=%v err=%v", ok, err)
		}
	})
	t.Run("agent forwarding never reaches the agent", func(t *testing.T) {
		// The SSH library acknowledges auth-agent-req; what matters is that
		// the server never opens a channel back to the person's agent.
		opened := client.HandleChannelOpen("auth-agent@openssh.com")
		s, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		if _, err := s.SendRequest("auth-agent-req@openssh.com", true, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		select {
		case ch := <-opened:
			_ = ch.Reject(ssh.Prohibited, "test")
			t.Fatal("the server tried to use the forwarded agent")
		case <-time.After(time.Second):
		}
	})
	t.Run("sftp subsystem", func(t *testing.T) {
		s, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		if err := s.RequestSubsystem("sftp"); err == nil {
			t.Fatal("sftp subsystem was accepted")
		}
	})
	for _, tc := range []struct{ cmd, stderr string }{
		{"scp -t /tmp", "unknown command"},
		{"sh -c id", "unknown command"},
		{"/bin/bash", "unknown command"},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			_, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Command: tc.cmd})
			if status != 2 || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("status %d stderr %q", status, stderr)
			}
		})
	}
	t.Run("a shell without a terminal", func(t *testing.T) {
		s, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		var stderr bytes.Buffer
		s.Stderr = &stderr
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		err = s.Wait()
		if exit, ok := err.(*ssh.ExitError); !ok || exit.ExitStatus() != 1 || !strings.Contains(stderr.String(), "needs a terminal") {
			t.Fatalf("err %v stderr %q", err, stderr.String())
		}
	})

	// After all that, people still get in.
	c := termtest.Dial(t, srv.addr, termtest.Options{User: code})
	c.WaitFor(t, "What should others call you?")
}

// panicky is a screen with a bug: "!" makes it panic.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "!" {
		panic("a bug in one screen")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

func TestAPanicEndsOneSessionOnly(t *testing.T) {
	dir := t.TempDir()
	log := &syncBuffer{}
	buggy := func(d *sshDeps) {
		d.newModel = func(deps tui.Deps) tea.Model { return panicky{tui.New(deps)} }
	}
	srv := startServerWith(t, dir, buggy, log)
	code := newRoom(t, dir, "Robust")
	victim := enter(t, srv.addr, code, "Vic", nil)
	bystander := enter(t, srv.addr, code, "Bea", nil)
	bystander.WaitFor(t, "2 online")

	victim.Press("!")
	victim.WaitFor(t, "something went wrong on our side")
	if err := victim.Wait(); err != nil {
		t.Logf("victim's session ended with %v", err)
	}
	bystander.WaitFor(t, "1 online")
	bystander.Press("n")
	bystander.Answer(t, "New note", "still here")
	bystander.WaitFor(t, "Saved.")
	enter(t, srv.addr, code, "Newcomer", nil).WaitFor(t, "still here")

	out := log.String()
	if !strings.Contains(out, "session panic") || !strings.Contains(out, "a bug in one screen") || !strings.Contains(out, "goroutine") {
		t.Fatalf("the panic was not logged with its stack:\n%s", out)
	}
}

func TestTooFastIsToldToSlowDownNotDisconnected(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--notes-per-minute", "1")
	code := newRoom(t, dir, "Calm")
	c := enter(t, srv.addr, code, "Speedy", nil)
	for i := range 5 { // the burst
		c.Press("n")
		c.Answer(t, "New note", fmt.Sprint("quick ", i))
		c.WaitFor(t, "Saved.")
	}
	c.Press("n")
	c.Answer(t, "New note", "one too many")
	c.WaitFor(t, "Slow down a little: you can do that again in")
	// Nothing typed is lost, and the session goes on.
	c.WaitFor(t, "one too many")
	c.Press("esc")
	c.WaitFor(t, "quick 4")
}

// Stopping must not wait on, or race with, a connection that is still in
// its handshake: the server closes it along with everyone in a room.
func TestStoppingClosesHalfOpenConnections(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Stopping")
	inRoom := enter(t, srv.addr, code, "Eva", nil)

	halfOpen, err := net.DialTimeout("tcp", srv.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer halfOpen.Close()
	version := make([]byte, 8)
	if _, err := io.ReadFull(halfOpen, version); err != nil || string(version) != "SSH-2.0-" {
		t.Fatalf("server version %q: %v", version, err)
	}

	stopped := make(chan struct{})
	go func() { srv.stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the server waited on a connection in its handshake")
	}
	_ = halfOpen.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, halfOpen); err != nil {
		t.Fatalf("half-open connection was left open: %v", err)
	}
	inRoom.WaitFor(t, "The room was closed by the server")
}
