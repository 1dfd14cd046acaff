package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// TestPlainModeSpeaksWell: what a screen reader says in a Swedish room, as
// bytes: the first line already in the room's language (the client sent no
// LANG), counts with their singular, a question mark not followed by a
// full stop, and the timer in words with no stopwatch symbol or m:ss.
func TestPlainModeSpeaksWell(t *testing.T) {
	ctx := context.Background()
	var hub *session.Hub
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) { hub = d.hub }, io.Discard)
	creator := session.Identity{Key: []byte("fac")}
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Hörbart", Lang: "sv", Creator: creator})
	if err != nil {
		t.Fatal(err)
	}
	fac, err := hub.Join(ctx, info.Code, creator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fac.Leave)
	// A title that is a question: the status must not say "Vad hände?."
	a := fac.Latest().Activity
	if err := fac.ChangeActivity(ctx, a.ID, "Vad hände?", a.Prompt); err != nil {
		t.Fatal(err)
	}

	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.Answer(t, "Ditt namn", "Rut")
	reader.WaitFor(t, "Tangenter: n ny lapp.")
	if err := fac.AddNote(ctx, "Varför ringer ingen tillbaka?"); err != nil {
		t.Fatal(err)
	}
	reader.WaitFor(t, "Ny lapp: Varför ringer ingen tillbaka?")
	reader.Press("j")
	reader.WaitFor(t, "Lapp 1 av 1: Varför ringer ingen tillbaka? 0 prickar, av Deltagare 1.")
	reader.Press("s")
	reader.WaitFor(t, "Vad hände? 1 lapp. ")
	reader.Press("a")
	reader.WaitFor(t, "Den enda lappen:")
	if err := fac.Timer(ctx, "start", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	reader.WaitFor(t, "Tid kvar: 5 minuter.")
	if err := fac.Timer(ctx, "pause", 0); err != nil {
		t.Fatal(err)
	}
	reader.WaitFor(t, "Klockan är pausad: ")

	text := strings.ReplaceAll(string(reader.Raw()), "\r\n", "\n")
	if first, _, _ := strings.Cut(text, "\n"); first != "samla i textläge för skärmläsare: varje ändring kommer på en ny rad." {
		t.Errorf("first line %q, want the intro in the room's language", first)
	}
	for _, noise := range []string{"?.", "⏱", "1 lappar", "samla, plain mode"} {
		if strings.Contains(text, noise) {
			t.Errorf("plain mode said %q:\n%s", noise, text)
		}
	}
}
