package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestBackupWhileServingRestoresEveryone: a backup taken while people
// write is a database a server starts from with every room, and with the
// secret beside it a key is still the same person with the same notes.
func TestBackupWhileServingRestoresEveryone(t *testing.T) {
	dir, restored := t.TempDir(), t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Brukarråd")
	key := termtest.NewSigner(t)
	a := enter(t, srv.addr, code, "Åsa", key)
	a.Press("n")
	a.WaitFor(t, "New note")
	a.Type("Kortare väntan")
	a.Press("enter")
	a.WaitFor(t, "Saved.")

	copyPath := filepath.Join(restored, "samla.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"backup", copyPath, "--db", filepath.Join(dir, "samla.db")}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "samla serve --db "+copyPath) {
		t.Fatalf("backup said: %s", out.String())
	}
	for _, p := range []string{copyPath, copyPath + ".secret"} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, err, fi)
		}
	}
	if err := run(context.Background(), []string{"backup", copyPath, "--db", filepath.Join(dir, "samla.db")}, &out, &out); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}

	srv2 := startServer(t, restored)
	back := termtest.Dial(t, srv2.addr, termtest.Options{User: code, Signer: key})
	back.WaitFor(t, "you: Åsa") // no name question: the same person
	back.WaitFor(t, "Kortare väntan")
	back.WaitFor(t, "★ yours")
}
