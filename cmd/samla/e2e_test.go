package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// server is a real `samla serve` on a free loopback port.
type server struct {
	addr string
	stop func()
}

var portLine = regexp.MustCompile(`ssh -p (\d+) `)

// startServer runs serve exactly as the binary does, with flags, and stops
// it the way SIGTERM does (its context ends).
func startServer(t *testing.T, dir string, extra ...string) *server {
	t.Helper()
	return startServerWith(t, dir, nil, io.Discard, extra...)
}

// startServerWith can change the wiring and see the server's log.
func startServerWith(t *testing.T, dir string, adjust func(*sshDeps), log io.Writer, extra ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	args := append([]string{"--db", filepath.Join(dir, "samla.db"), "--listen", "127.0.0.1:0"}, extra...)
	cfg, err := serveFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	cfg.adjust = adjust
	go func() {
		done <- runServe(ctx, cfg, pw, log)
		_ = pw.Close()
	}()
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := portLine.FindStringSubmatch(sc.Text()); m != nil {
				port <- m[1]
			}
		}
	}()
	s := &server{}
	select {
	case p := <-port:
		s.addr = "127.0.0.1:" + p
	case err := <-done:
		t.Fatalf("serve stopped at start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not print where to connect")
	}
	stopped := false
	s.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30s of its context ending")
		}
	}
	t.Cleanup(s.stop)
	return s
}

// newRoom runs `samla room new` and returns the code from its first line.
func newRoom(t *testing.T, dir, title string, extra ...string) string {
	t.Helper()
	var out bytes.Buffer
	args := append([]string{"room", "new", title, "--db", filepath.Join(dir, "samla.db")}, extra...)
	if err := run(context.Background(), args, &out, io.Discard); err != nil {
		t.Fatalf("room new: %v", err)
	}
	code, _, _ := strings.Cut(out.String(), "\n")
	if len(code) != 6 {
		t.Fatalf("room new printed %q", out.String())
	}
	return code
}

// enter joins code as a new participant called name and waits for the board.
func enter(t *testing.T, addr, code, name string, signer ssh.Signer) *termtest.Client {
	t.Helper()
	c := termtest.Dial(t, addr, termtest.Options{User: code, Signer: signer})
	c.WaitFor(t, "What should others call you?")
	c.Type(name)
	c.Press("enter")
	c.WaitFor(t, "you: "+name)
	return c
}

func TestWorkshopAcrossThreeScreensAndARestart(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Vägen till stöd") // made while the server runs
	keyA, keyB, keyC := termtest.NewSigner(t), termtest.NewSigner(t), termtest.NewSigner(t)

	a := enter(t, srv.addr, code, "Åsa", keyA)
	b := enter(t, srv.addr, strings.ToLower(code), "Bjørn", keyB)
	c := enter(t, srv.addr, code, "Chen", keyC)
	for _, cl := range []*termtest.Client{a, b, c} {
		cl.WaitFor(t, "3 online")
		cl.WaitFor(t, "No notes yet")
	}

	// A writes a note; B and C see it.
	a.Press("n")
	a.WaitFor(t, "New note")
	a.Type("Väntetiden är för lång")
	a.WaitFor(t, "22 of 280 characters")
	a.Press("enter")
	a.WaitFor(t, "Saved.")
	for _, cl := range []*termtest.Client{b, c} {
		cl.WaitFor(t, "Väntetiden är för lång")
		cl.WaitFor(t, "● 0")
	}
	a.WaitFor(t, "★ yours")

	// B votes; A and C see the count, B sees the dots it has left.
	b.Press("space")
	for _, cl := range []*termtest.Client{a, c} {
		cl.WaitFor(t, "● 1")
	}
	b.WaitFor(t, "you: 1")
	b.WaitFor(t, "dots left: 4 of 5")
	c.WaitFor(t, "dots left: 5 of 5")

	// Stop the server as SIGTERM does: screens are told, nothing is lost.
	srv.stop()
	a.WaitFor(t, "The room was closed by the server")

	srv2 := startServer(t, dir)
	back := termtest.Dial(t, srv2.addr, termtest.Options{User: code, Signer: keyB})
	// B is a returning participant: no name question, same dots.
	back.WaitFor(t, "you: Bjørn")
	back.WaitFor(t, "Väntetiden är för lång")
	back.WaitFor(t, "● 1 you: 1")
	back.WaitFor(t, "dots left: 4 of 5")
	back.WaitFor(t, "1 online")
}

func TestLobbyExplainsCodes(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Lobby test")
	// No key at all, and a user name that is not a code: the lobby.
	c := termtest.Dial(t, srv.addr, termtest.Options{User: "anna"})
	c.WaitFor(t, "Room code:")

	c.Type("hello")
	c.Press("enter")
	c.WaitFor(t, `"hello" is not a room code`)

	c.Press("esc")
	c.WaitGone(t, "hello")
	c.Type("ZZZ-ZZZ")
	c.Press("enter")
	c.WaitFor(t, "There is no room with the code ZZZZZZ")

	c.Press("esc")
	c.Type(strings.ToLower(code))
	c.Press("enter")
	c.WaitFor(t, "What should others call you?")
	c.Press("enter") // empty keeps the default name
	c.WaitFor(t, "you: Participant 1")
}

func TestLayoutFollowsTheTerminal(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Layout")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: code, Width: 30, Height: 10})
	c.WaitFor(t, "samla needs 40×12")

	c.Resize(80, 24)
	c.WaitFor(t, "What should others call you?")
	c.Press("enter")
	c.WaitFor(t, "you: Participant 1")
	for _, text := range []string{"first", "second", "third", "fourth"} {
		c.Press("n")
		c.WaitFor(t, "New note")
		c.Type(text)
		c.Press("enter")
		c.WaitFor(t, "Saved.")
	}
	// 80 columns hold three cards in a row; 160 hold all four.
	rowWith := func(words ...string) func(string) bool {
		return func(screen string) bool {
			for _, line := range strings.Split(screen, "\n") {
				all := true
				for _, w := range words {
					all = all && strings.Contains(line, w)
				}
				if all {
					return true
				}
			}
			return false
		}
	}
	c.WaitForFunc(t, "three cards in a row", rowWith("first", "second", "third"))
	if rowWith("first", "fourth")(c.Screen()) {
		t.Fatalf("four cards in one row at 80 columns:\n%s", c.Screen())
	}
	c.Resize(160, 48)
	c.WaitForFunc(t, "four cards in a row", rowWith("first", "second", "third", "fourth"))
	c.Resize(40, 12)
	c.WaitForFunc(t, "one card per row", func(s string) bool {
		return strings.Contains(s, "first") && !rowWith("first", "second")(s)
	})
}

func TestHostileNoteIsInertOnOtherScreens(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Hostile")
	a := enter(t, srv.addr, code, "Mallory", nil)
	b := enter(t, srv.addr, code, "Bo", nil)
	a.Press("n")
	a.WaitFor(t, "New note")
	// A paste, as a terminal sends it, full of escapes for other terminals.
	a.Type("\x1b[200~safe\x1b]0;pwned\x07\x1b[2J\rEVIL\x1b[201~")
	a.Press("enter")
	b.WaitFor(t, "safe EVIL")
	if b.AltScreen() == false {
		t.Fatal("B's terminal left the alternate screen")
	}
	if strings.Contains(b.Screen(), "pwned") {
		t.Fatalf("an OSC payload reached the screen:\n%s", b.Screen())
	}
}

func TestFacilitatorCommandsOverSSH(t *testing.T) {
	dir := t.TempDir()
	fac, other := termtest.NewSigner(t), termtest.NewSigner(t)
	keys := filepath.Join(dir, "facilitators")
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(fac.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, dir, "--facilitators", keys)

	out, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: `new "Panel om väntan" --anonymity anonymous --lang sv`})
	code, _, _ := strings.Cut(out, "\n")
	if status != 0 || len(code) != 6 {
		t.Fatalf("new: status %d, stdout %q", status, out)
	}
	out, _, status = termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "rooms"})
	if status != 0 || !strings.Contains(out, code) || !strings.Contains(out, "Panel om väntan") {
		t.Fatalf("rooms: status %d, stdout %q", status, out)
	}
	out, _, status = termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "export --format json " + strings.ToLower(code)})
	var rep struct {
		Room struct {
			Code      string `json:"code"`
			Title     string `json:"title"`
			CreatedAt string `json:"created_at"`
		} `json:"room"`
		Activities   []map[string]any `json:"activities"`
		Notes        []map[string]any `json:"notes"`
		Participants *int             `json:"participants"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || status != 0 {
		t.Fatalf("export: status %d, %v, stdout %q", status, err, out)
	}
	if rep.Room.Code != code || rep.Room.Title != "Panel om väntan" || rep.Room.CreatedAt == "" ||
		len(rep.Activities) != 1 || rep.Participants == nil || rep.Notes == nil {
		t.Fatalf("export misses contract fields: %s", out)
	}

	refusals := []struct {
		name   string
		signer ssh.Signer
		cmd    string
		status int
		stderr string
	}{
		{"participant key", other, "rooms", 1, "only facilitators"},
		{"no key", nil, "export " + code, 1, "only facilitators"},
		{"unknown command", fac, "shell", 2, "usage:"},
		{"bad flag", fac, "new X --anonymity secret", 2, "--anonymity must be"},
		{"no such room", fac, "export ZZZZZZ", 1, "no room with the code"},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			_, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: r.signer, Command: r.cmd})
			if status != r.status || !strings.Contains(stderr, r.stderr) {
				t.Fatalf("status %d stderr %q; want %d and %q", status, stderr, r.status, r.stderr)
			}
		})
	}
}
