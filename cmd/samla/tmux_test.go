package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// tmuxTerm is a real OpenSSH client in a real terminal (tmux), as a person
// at the workshop would run it.
type tmuxTerm struct {
	socket, name string
}

func newTmuxTerm(t *testing.T, socket, name string, w, h int, argv ...string) *tmuxTerm {
	t.Helper()
	args := append([]string{"-L", socket, "new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}, argv...)
	cmd := exec.Command("tmux", args...)
	// No agent: the contract says people without one get in too.
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	tt := &tmuxTerm{socket: socket, name: name}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-session", "-t", name).Run() })
	return tt
}

func (tt *tmuxTerm) send(t *testing.T, keys ...string) {
	t.Helper()
	args := append([]string{"-L", tt.socket, "send-keys", "-t", tt.name}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

func (tt *tmuxTerm) screen(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("tmux", "-L", tt.socket, "capture-pane", "-p", "-t", tt.name).CombinedOutput()
	if err != nil {
		t.Fatalf("tmux capture-pane: %v\n%s", err, out)
	}
	return string(out)
}

func (tt *tmuxTerm) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(tt.screen(t), want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: screen never showed %q:\n%s", tt.name, want, tt.screen(t))
}

func writeOpenSSHKey(t *testing.T, path string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRealOpenSSHInTmux joins with the real ssh client: one person with a
// key, one with no key and no agent, at 80x24 and at 40 columns.
func TestRealOpenSSHInTmux(t *testing.T) {
	for _, tool := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipped: %s is not installed (apt-get install openssh-client tmux)", tool)
		}
	}
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Brukarråd")
	key := filepath.Join(dir, "id_ed25519")
	writeOpenSSHKey(t, key)
	host, port, _ := strings.Cut(srv.addr, ":")
	sshArgs := func(extra ...string) []string {
		return append([]string{"ssh", "-F", "/dev/null", "-p", port,
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"},
			append(extra, code+"@"+host)...)
	}
	socket := fmt.Sprintf("samla-test-%d", os.Getpid())

	withKey := newTmuxTerm(t, socket, "withkey", 80, 24, sshArgs("-i", key, "-o", "IdentitiesOnly=yes")...)
	withKey.waitFor(t, "What should others call you?")
	withKey.send(t, "Kari", "Enter")
	withKey.waitFor(t, "you: Kari")

	// Second to join, so the default name is "Participant 2".
	noKey := newTmuxTerm(t, socket, "nokey", 40, 12, sshArgs("-o", "PubkeyAuthentication=no")...)
	noKey.waitFor(t, "What should others call you?")
	noKey.send(t, "Enter")
	noKey.waitFor(t, "you: Participant 2")

	withKey.send(t, "n")
	withKey.waitFor(t, "New note")
	withKey.send(t, "-l", "Ingen ringde tillbaka")
	withKey.send(t, "Enter")
	noKey.waitFor(t, "Ingen ringde tillbaka")
	noKey.send(t, "+")
	withKey.waitFor(t, "● 1")
	noKey.waitFor(t, "dots left: 4 of 5")

	withKey.send(t, "C-c")
	noKey.waitFor(t, "1 online")
}
