package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// plainGuest joins code in plain mode without a key, as screen-reader
// users and people who never made a key do, and takes the default name.
func plainGuest(t *testing.T, addr, code string) *termtest.Client {
	t.Helper()
	c := termtest.Dial(t, addr, termtest.Options{User: "plain+" + code, Width: 300})
	c.Answer(t, "Your name (press enter to be called", "")
	c.WaitFor(t, "Keys: n new note.")
	return c
}

func leave(t *testing.T, c *termtest.Client) {
	t.Helper()
	c.Press("ctrl+c")
	if err := c.Wait(); err != nil {
		t.Fatal(err)
	}
}

// TestKeylessReconnectGetsNoFreshDotsOverSSH: without a key each SSH
// connection is someone new, so leaving and coming back used to give a new
// set of dots in the same vote. Over real SSH from one address: the second
// connection finds the dots of the first already given, and is told why
// and how to have dots of its own.
func TestKeylessReconnectGetsNoFreshDotsOverSSH(t *testing.T) {
	var hub *session.Hub
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) { hub = d.hub }, io.Discard)
	ctx := context.Background()
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Prickar"})
	if err != nil {
		t.Fatal(err)
	}
	author, err := hub.Join(ctx, info.Code, session.Identity{Key: []byte("author")})
	if err != nil {
		t.Fatal(err)
	}
	defer author.Leave()
	for _, text := range []string{"Telefontiden", "Breven"} {
		if err := author.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}

	first := plainGuest(t, srv.addr, info.Code)
	for left := 4; left >= 2; left-- {
		first.Press("space")
		first.WaitFor(t, "you have "+string(rune('0'+left))+" left.")
	}
	first.Press("j")
	first.WaitFor(t, "Note 2 of 2")
	for left := 1; left >= 0; left-- {
		first.Press("space")
		first.WaitFor(t, "you have "+string(rune('0'+left))+" left.")
	}
	leave(t, first)

	again := plainGuest(t, srv.addr, info.Code)
	again.Press("space")
	again.WaitFor(t, "shares dots, and they are all given.")
	again.WaitFor(t, "ssh-keygen -t ed25519")
	leave(t, again)
	if got := author.Latest().NotesFor(author.ID()); got[0].Votes+got[1].Votes != session.DefaultVoteBudget {
		t.Fatalf("dots from one address without a key: %d and %d, want %d in all", got[0].Votes, got[1].Votes, session.DefaultVoteBudget)
	}
}

// TestSourceNoteLimitOverSSH: one address's notes are limited together,
// however many keyless connections they come through.
func TestSourceNoteLimitOverSSH(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, "--people-per-address", "1")
	code := newRoom(t, dir, "Flod")
	first := wideGuest(t, srv.addr, code)
	for _, text := range []string{"ett", "två", "tre", "fyra", "fem"} { // one person's burst
		writeNote(t, first, text)
		first.WaitGone(t, "New note")
	}
	first.Close()
	again := wideGuest(t, srv.addr, code)
	writeNote(t, again, "sex")
	again.WaitFor(t, "Many notes and dots are coming from your network at once")
}

// wideGuest joins code full screen without a key, wide enough that a
// refusal fits on one line.
func wideGuest(t *testing.T, addr, code string) *termtest.Client {
	t.Helper()
	c := termtest.Dial(t, addr, termtest.Options{User: code, Width: 200, Height: 40})
	c.Answer(t, "What should others call you?", "Gäst")
	c.WaitFor(t, "you: Gäst")
	return c
}

// writeNote writes a note in the full-screen editor and presses enter.
func writeNote(t *testing.T, c *termtest.Client, text string) {
	t.Helper()
	c.Press("n")
	c.WaitFor(t, "New note")
	c.Type(text)
	c.Press("enter")
}

// TestKeysRequiredOverSSH: a room made with --keys-required, locally or
// with `ssh HOST new`, refuses people without a key and tells them how to
// make one; people with a key get in.
func TestKeysRequiredOverSSH(t *testing.T) {
	dir := t.TempDir()
	fac := termtest.NewSigner(t)
	keys := filepath.Join(dir, "facilitators")
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(fac.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, dir, "--facilitators", keys)
	out, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: `new "Beslut" --keys-required --lang sv`})
	if status != 0 {
		t.Fatalf("ssh new --keys-required: status %d", status)
	}
	remote := firstLine(out)
	for _, tc := range []struct {
		name, code, refusal string
		lang                string
		// welcome is the name question, in the room's language.
		welcome string
	}{
		{"samla room new", newRoom(t, dir, "Beslut", "--keys-required"), "connect with an SSH key", "en_GB.UTF-8", "What should others call you?"},
		{"ssh new", remote, "ansluter med en SSH-nyckel", "sv_SE.UTF-8", "Vad ska de andra kalla dig?"},
		{"in Norwegian", remote, "kobler til med en SSH-nøkkel", "nb_NO.UTF-8", "Vad ska de andra kalla dig?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			guest := termtest.Dial(t, srv.addr, termtest.Options{User: tc.code, Width: 300, Env: map[string]string{"LANG": tc.lang}})
			guest.WaitFor(t, tc.refusal)
			guest.WaitFor(t, "ssh-keygen -t ed25519")
			guest.Close()
			keyed := termtest.Dial(t, srv.addr, termtest.Options{User: tc.code, Signer: termtest.NewSigner(t)})
			keyed.WaitFor(t, tc.welcome)
		})
	}
	open := newRoom(t, dir, "Öppet")
	enter(t, srv.addr, open, "Gäst", nil)
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' || r == '\r' {
			return s[:i]
		}
	}
	return s
}
