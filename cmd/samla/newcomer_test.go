package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestHelpListsEveryFlag: --help after any command is a request, not a
// mistake (exit 0, not 2), and names every flag the command takes, so a
// newcomer never has to read the source to find --listen or --join-host.
func TestHelpListsEveryFlag(t *testing.T) {
	cases := []struct {
		args  []string
		flags []string
	}{
		{[]string{"serve", "--help"}, []string{"-db", "-listen", "-host-key", "-facilitators", "-join-host", "-max-note-length",
			"-notes-per-activity", "-notes-per-minute", "-actions-per-second", "-max-connections", "-max-connections-per-address",
			"-idle-timeout", "-code-guess-interval", "-code-guesses"}},
		{[]string{"serve", "-h"}, []string{"-listen"}},
		{[]string{"room", "new", "--help"}, []string{"-db", "-template", "-anonymity", "-lang"}},
		{[]string{"room", "list", "--help"}, []string{"-db"}},
		{[]string{"export", "--help"}, []string{"-db", "-format", "-csv-separator", "-no-names"}},
		{[]string{"backup", "--help"}, []string{"-db"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			err := run(context.Background(), c.args, io.Discard, io.Discard)
			var help *helpRequest
			if !errors.As(err, &help) || errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a help request", err)
			}
			for _, f := range c.flags {
				if !strings.Contains(help.text, "  "+f+" ") && !strings.Contains(help.text, "  "+f+"\n") {
					t.Errorf("help does not name %s:\n%s", f, help.text)
				}
			}
		})
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"room", "--help"}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "samla room new TITLE") {
		t.Errorf("room --help: %v, %q", err, out.String())
	}
}

// TestNewTakesTheRestAsTitle: a title of several words works as people
// type it, locally and over SSH, where the command arrives as one line.
func TestNewTakesTheRestAsTitle(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "samla.db")
	title := func(code string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), []string{"export", code, "--format", "json", "--db", db}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		var rep struct{ Room struct{ Title string } }
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		return rep.Room.Title
	}
	if got := title(newRoom(t, dir, "Vägen", "till", "stöd", "--lang", "sv")); got != "Vägen till stöd" {
		t.Errorf("samla room new Vägen till stöd: title %q", got)
	}

	srv, facKey := startWithFacilitator(t, dir)
	for _, command := range []string{`new Vägen till stöd --lang sv`, `new --lang sv "Vägen till stöd"`} {
		out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: command})
		code, _, _ := strings.Cut(out, "\n")
		if status != 0 {
			t.Fatalf("ssh HOST %s: status %d, %q", command, status, stderr)
		}
		if got := title(code); got != "Vägen till stöd" {
			t.Errorf("ssh HOST %s: title %q", command, got)
		}
	}
	for command, flag := range map[string]string{"new --help": "-anonymity", "export --help": "-format", "rooms --help": "flags of rooms"} {
		out, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: command})
		if status != 0 || !strings.Contains(out, flag) || !strings.Contains(out, "ssh -p PORT HOST new TITLE") {
			t.Errorf("ssh HOST %s: status %d, %q", command, status, out)
		}
	}
}

// TestServeLeavesTheDirectoryMode: a whole first start (database, secret,
// host key) in a directory samla did not make leaves its mode as it was;
// it is often the working directory, shared with other things.
func TestServeLeavesTheDirectoryMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, dir)
	termtest.Dial(t, srv.addr, termtest.Options{User: "lobby"}).WaitFor(t, "Room code:")
	for _, name := range []string{"samla.db", "samla.db.secret", "samla_host_ed25519"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("first start made no %s: %v", name, err)
		}
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o755 {
		t.Errorf("the directory is %o after serve started, want 755", mode)
	}
}
