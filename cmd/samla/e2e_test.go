package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session/sanitize"
)

// server is a real `samla serve` on a free loopback port.
type server struct {
	addr string
	stop func()
}

var portLine = regexp.MustCompile(`ssh -p (\d+) `)

// startServer runs serve exactly as the binary does, with flags, and stops
// it the way SIGTERM does (its context ends).
func startServer(t testing.TB, dir string, extra ...string) *server {
	t.Helper()
	return startServerWith(t, dir, nil, io.Discard, extra...)
}

// startServerWith can change the wiring and see the server's log.
func startServerWith(t testing.TB, dir string, adjust func(*sshDeps), log io.Writer, extra ...string) *server {
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

// startWithFacilitator starts the server with one facilitator, whose key
// it returns.
func startWithFacilitator(t *testing.T, dir string, extra ...string) (*server, ssh.Signer) {
	t.Helper()
	key := termtest.NewSigner(t)
	keys := filepath.Join(dir, "facilitators")
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(key.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	return startServer(t, dir, append([]string{"--facilitators", keys}, extra...)...), key
}

// newRoom runs `samla room new` and returns the code from its first line.
func newRoom(t testing.TB, dir, title string, extra ...string) string {
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
func enter(t testing.TB, addr, code, name string, signer ssh.Signer) *termtest.Client {
	t.Helper()
	c := termtest.Dial(t, addr, termtest.Options{User: code, Signer: signer})
	c.Answer(t, "What should others call you?", name)
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
	c.WaitGone(t, "There is no room") // before typing: esc and a letter together read as alt+letter
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
		c.Answer(t, "New note", text)
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
	// The note written last is selected, so it is the one in view.
	c.WaitForFunc(t, "one card per row", func(s string) bool {
		return strings.Contains(s, "fourth") && !rowWith("third", "fourth")(s)
	})
}

// hostile are notes a participant might paste to attack other people's
// terminals; each carries a marker so the test knows when it has arrived.
// (session/sanitize has the full corpus; this is the set that matters
// end to end, through paste, the server and another person's terminal.)
var hostile = []string{
	"\x1b[2J\x1b[Hwiped",
	"\x1b]0;pwned title\x07after title",
	"\x1b]2;pwned\x1b\\after title ST",
	"\x1b]52;c;cm0gLXJmIH4=\x07clipboard",
	"\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
	"\x1b]4;1;rgb:ff/00/00\x07palette",
	"\x1b]10;#ff0000\x07\x1b]11;#00ff00\x07colours",
	"\x1bP$qm\x1b\\decrqss",
	"\x1bPq#0;2;0;0;0#1!7~\x1b\\sixel",
	"\x1b_Gf=100;AAAA\x1b\\kitty graphics",
	"\x1bXsos\x1b\\\x1b^pm\x1b\\string sequences",
	"\u009b31mc1 csi\u009b?1049h",
	"\u009d0;c1 osc\u009c c1 osc",
	"\x1b[?1049lleave alt screen",
	"\x1b[?25hshow cursor",
	"\x1b[?1000hmouse on",
	"\x1b[6ncursor report",
	"\x1b[5 qcursor style",
	"safe\rEVIL overwrite",
	"back\x08\x08\x08\x08space",
	"bell\x07\x07",
	"nul\x00byte",
	"\u202eTrojan\u202c source",
	"zero\u200bwidth\u2060joiners\ufeff",
	"zalgo a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308",
	"\x1b[31mred\x1b[0m\x1b[7minverse",
	"\x1bccursor reset RIS",
	"\x1b#8DECALN fill",
	"\x1b[1;1H\x1b[Jhome and clear",
	"\x1b]1337;File=inline=1:AAAA\x07iterm",
}

// expectedEffect reports whether a terminal side effect is samla's own
// drawing; anything else on the victim's terminal came from hostile text.
func expectedEffect(e, title string) bool {
	switch {
	case strings.Contains(e, "mode") && (strings.Contains(e, "2026") || strings.Contains(e, "2027")):
		return true // synchronized output and unicode core, toggled per frame
	case e == fmt.Sprintf("title %q", title):
		return true
	}
	return false
}

// inertProblems checks one victim screen after hostile text arrived:
// effects from effectsFrom on must be samla's own (title, or in baseline).
func inertProblems(c *termtest.Client, effectsFrom int, title string, baseline map[string]bool) []string {
	var problems []string
	screen := c.Screen()
	for _, leak := range []string{"pwned", "evil.example", "cm0gLXJmIH4", "AAAA"} {
		if strings.Contains(screen, leak) {
			problems = append(problems, fmt.Sprintf("%q reached the screen", leak))
		}
	}
	marks := 0
	for _, r := range screen {
		switch {
		case r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)):
			problems = append(problems, fmt.Sprintf("invisible or control character %U on the screen", r))
		case unicode.Is(unicode.Mn, r):
			if marks++; marks > 3 {
				problems = append(problems, "a pile of combining marks on the screen")
			}
		default:
			marks = 0
		}
	}
	if !c.AltScreen() {
		problems = append(problems, "the terminal left the alternate screen")
	}
	for _, e := range c.Effects(effectsFrom) {
		if !expectedEffect(e, title) && !baseline[e] {
			problems = append(problems, "terminal changed: "+e)
		}
	}
	return problems
}

// TestHostileTextIsInertOnOtherScreens sends hostile text both ways it can
// reach another person: pasted into a note (through the text field), and
// raw in a room title given to `ssh HOST new` (no text field in between, so
// only the session's sanitiser stands between it and every header).
func TestHostileTextIsInertOnOtherScreens(t *testing.T) {
	dir := t.TempDir()
	fac := termtest.NewSigner(t)
	keys := filepath.Join(dir, "facilitators")
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(fac.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	// Notes follow each other as fast as the screens show them, dozens a
	// second at moments: neither throttle is what this test is about.
	srv := startServer(t, dir, "--notes-per-minute", "600000", "--actions-per-second", "10000", "--facilitators", keys)

	t.Run("pasted notes", func(t *testing.T) {
		code := newRoom(t, dir, "Hostile")
		attacker := enter(t, srv.addr, code, "Mallory", nil)
		// Tall and wide enough to show every note at once.
		victim := termtest.Dial(t, srv.addr, termtest.Options{User: code, Width: 160, Height: 60})
		victim.WaitFor(t, "What should others call you?")
		victim.Press("enter")
		victim.WaitFor(t, "2 online")
		for i, note := range hostile {
			marker := fmt.Sprintf("Z%02dQ", i)
			before := victim.EffectCount()
			attacker.Press("n")
			attacker.WaitFor(t, "New note")
			// A paste, as a terminal sends it, so the bytes reach the server raw.
			attacker.Type("\x1b[200~" + marker + " " + note + "\x1b[201~")
			attacker.Press("enter")
			attacker.WaitGone(t, "New note")
			victim.WaitFor(t, marker)
			for _, p := range inertProblems(victim, before, "samla · Hostile", nil) {
				t.Errorf("note %d (%q): %s", i, note, p)
			}
			if !strings.HasPrefix(victim.Screen(), "Hostile") {
				t.Fatalf("note %d moved the victim's screen:\n%s", i, victim.Screen())
			}
		}
	})

	t.Run("raw room titles", func(t *testing.T) {
		// What joining any room does to a terminal (alternate screen,
		// cursor, paste mode): the baseline a hostile title must not add to.
		plain := newRoom(t, dir, "Plain")
		first := termtest.Dial(t, srv.addr, termtest.Options{User: plain, Width: 200})
		first.WaitFor(t, "What should others call you?")
		baseline := map[string]bool{}
		for _, e := range first.Effects(0) {
			baseline[e] = !strings.HasPrefix(e, "title ")
		}
		first.Close()
		for i, text := range hostile {
			marker := fmt.Sprintf("T%02dQ", i)
			out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "new '" + marker + " " + text + "'"})
			code, _, _ := strings.Cut(out, "\n")
			if status != 0 {
				t.Fatalf("title %d: status %d, %q", i, status, stderr)
			}
			victim := termtest.Dial(t, srv.addr, termtest.Options{User: code, Width: 200})
			victim.WaitFor(t, "What should others call you?")
			victim.WaitFor(t, marker)
			title := "samla · " + sanitize.Line(marker+" "+text)
			for _, p := range inertProblems(victim, 0, title, baseline) {
				t.Errorf("title %d (%q): %s", i, text, p)
			}
			if !strings.HasPrefix(victim.Screen(), marker) {
				t.Fatalf("title %d moved the victim's screen:\n%s", i, victim.Screen())
			}
			victim.Close()
		}
	})
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

// TestDroppedLinkLosesNoDraft: a person whose connection drops while
// writing finds their words again when they come back with the same key.
func TestDroppedLinkLosesNoDraft(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Drafts")
	key := termtest.NewSigner(t)
	c := enter(t, srv.addr, code, "Dana", key)
	c.Press("n")
	c.WaitFor(t, "New note")
	c.Type("Det tar för lång tid att få")
	c.WaitFor(t, "27 of 280 characters")
	c.Close() // the link drops mid-sentence

	back := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: key})
	back.WaitFor(t, "Your unsent note is back")
	back.Answer(t, "Det tar för lång tid att få", " svar")
	back.WaitFor(t, "Saved.")
	back.WaitFor(t, "att få svar") // on the card, wrapped

	// esc closes the editor but keeps the text; n brings it back.
	back.Press("n")
	back.WaitFor(t, "New note")
	back.Type("Andra tanken")
	back.Press("esc")
	back.WaitGone(t, "New note")
	back.Press("n")
	back.WaitFor(t, "Andra tanken")
}

// TestLanguageFollowsClientThenRoom: the client's locale first, then the
// room's language, and L switches for one person at any time.
func TestLanguageFollowsClientThenRoom(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	svRoom := newRoom(t, dir, "Språk", "--lang", "sv")
	nbRoom := newRoom(t, dir, "Språk", "--lang", "nb")

	// LANG says Swedish: the lobby is Swedish before any room is known.
	lobby := termtest.Dial(t, srv.addr, termtest.Options{User: "guest", Env: map[string]string{"LANG": "sv_SE.UTF-8"}})
	lobby.WaitFor(t, "Rumskod:")

	// LC_ALL beats LANG.
	over := termtest.Dial(t, srv.addr, termtest.Options{User: svRoom, Env: map[string]string{"LANG": "sv_SE.UTF-8", "LC_ALL": "nb_NO.UTF-8"}})
	over.WaitFor(t, "Hva skal de andre kalle deg?")

	// No locale from the client: the room's language.
	quiet := termtest.Dial(t, srv.addr, termtest.Options{User: nbRoom})
	quiet.WaitFor(t, "Hva skal de andre kalle deg?")
	quiet.Press("enter")
	quiet.WaitFor(t, "ny lapp") // the board's key help, in Norwegian
	// L cycles sv → nb → en for this person only.
	quiet.Press("L")
	quiet.WaitFor(t, "new note")
	quiet.Press("L")
	quiet.WaitFor(t, "ny lapp")
	quiet.WaitFor(t, "ge en prick")
	over.WaitFor(t, "Hva skal de andre kalle deg?") // others are unchanged
}

// colourCodes finds SGR colour parameters of the given kinds in raw output.
var (
	anyColour  = regexp.MustCompile(`\x1b\[[0-9;:]*\b(3[0-9]|4[0-9]|9[0-7]|10[0-7])\b[0-9;:]*m`)
	extColour  = regexp.MustCompile(`\x1b\[[0-9;:]*[34]8;[25][;:]`)
	trueColour = regexp.MustCompile(`\x1b\[[0-9;:]*[34]8;2[;:]`)
)

// TestColoursFollowTheClient: NO_COLOR and what TERM/COLORTERM say the
// terminal can do decide the colours each session gets, per session.
func TestColoursFollowTheClient(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Färg")
	cases := []struct {
		name      string
		term      string
		env       map[string]string
		forbidden *regexp.Regexp
		want      *regexp.Regexp
	}{
		{"NO_COLOR", "xterm-256color", map[string]string{"NO_COLOR": "1"}, anyColour, nil},
		{"16 colours", "xterm", nil, extColour, anyColour},
		{"256 colours", "xterm-256color", nil, trueColour, extColour},
		{"truecolor", "xterm-256color", map[string]string{"COLORTERM": "truecolor"}, nil, anyColour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := termtest.Dial(t, srv.addr, termtest.Options{User: code, Term: tc.term, Env: tc.env})
			c.WaitFor(t, "What should others call you?")
			c.Press("enter")
			c.WaitFor(t, "dots left")
			c.Press("?")
			c.WaitFor(t, "Press ? or esc to close")
			raw := c.Raw()
			if tc.forbidden != nil {
				if m := tc.forbidden.Find(raw); m != nil {
					t.Errorf("found %q", m)
				}
			}
			if tc.want != nil && !tc.want.Match(raw) {
				t.Errorf("no colour of the expected kind at all")
			}
			// Selection, own notes and dots never depend on colour alone.
			if !strings.Contains(c.Screen(), "dots left") {
				t.Error("the dot count is not in words")
			}
		})
	}
}

// TestAuthorsChangeTheirOwnNotes: e changes one's own note, d deletes it
// after a question; others' notes cannot be touched.
func TestAuthorsChangeTheirOwnNotes(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Ändra")
	a := enter(t, srv.addr, code, "Ada", nil)
	b := enter(t, srv.addr, code, "Bo", nil)
	a.Press("n")
	a.Answer(t, "New note", "Stavfell")
	b.WaitFor(t, "Stavfell")

	b.Press("e")
	b.WaitFor(t, "You can only change your own notes.")

	a.Press("e")
	a.WaitFor(t, "Change your note")
	a.Press("backspace")
	a.Press("enter")
	b.WaitFor(t, "Stavfel ")
	b.WaitGone(t, "Stavfell")

	a.Press("d")
	a.Answer(t, "Delete this note and its dots?", "y")
	b.WaitFor(t, "No notes yet")
}
