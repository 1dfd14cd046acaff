package main

import (
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestSignalIsTheServersToAnswer: a SIGTERM to the server's process does
// not quit people's programs behind the server's back (Bubble Tea's own
// handler did, so screens just stopped); the server's shutdown tells each
// screen, in its language, and only then closes.
func TestSignalIsTheServersToAnswer(t *testing.T) {
	// The test binary stands for samla serve, whose main owns the signal.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	defer signal.Stop(sig)

	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Signal")
	a := enter(t, srv.addr, code, "Åsa", termtest.NewSigner(t))
	plain := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + code, Signer: termtest.NewSigner(t), Width: 200})
	plain.Answer(t, "Your name", "Rut")
	plain.WaitFor(t, "Keys: n new note.")

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-sig
	// Both are still in the room: the signal was not theirs.
	a.Press("n")
	a.WaitFor(t, "New note")
	plain.Press("n")
	plain.WaitFor(t, "New note, enter saves")

	srv.stop() // what serve does on the signal
	plain.WaitFor(t, "The room was closed by the server. Please connect again.")
	a.WaitFor(t, "The room was closed by the server. Please connect again.")
}
