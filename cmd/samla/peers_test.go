//go:build linux || darwin

package main

// The servers the load tool sets side by side (BenchmarkVersusChat,
// BenchmarkManyRoomsVersusChat): samla and ssh-chat, each with how to
// start it, how a person gets in, and how a message is written and seen.

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// comparePeer is one server under test: how to start it, how a person gets
// in, and how a message is written and recognised.
type comparePeer struct {
	name string
	// start runs the server.
	start func(b *testing.B, dir string, n int) compareServer
	// enter brings one person in; it returns once they see themselves in.
	enter func(tb testing.TB, addr, room, name string, signer ssh.Signer) *termtest.Client
	// everyone says whether a screen shows that all n are in.
	everyone func(n int) func(screen string) bool
	// write prepares a message on the author's screen, up to the key that
	// sends it, which is "enter" for both.
	write func(tb testing.TB, author *termtest.Client, text string)
	// seen says whether screen i shows the sent message.
	seen func(text string) func(i int, screen string) bool
}

// compareServer is a running server under test.
type compareServer struct {
	addr string
	pid  int
	// room is what a client needs to join: samla's room code, or nothing.
	room string
	// stop ends the server (and is also a cleanup of the benchmark).
	stop func()
	// profile, where the server can, writes a CPU profile of it into path
	// until the returned func is called; nil where it cannot.
	profile func(b *testing.B, path string) (stop func())
}

// samlaPeer is `samla serve` as the load tool runs it, with one room.
func samlaPeer() comparePeer {
	return comparePeer{
		name: "samla",
		start: func(b *testing.B, dir string, n int) compareServer {
			code := loadNewRoom(b, filepath.Join(dir, "samla.db"))
			srv := loadStartServer(b, dir, n)
			return compareServer{
				addr: srv.addr, pid: srv.cmd.Process.Pid, room: code, stop: srv.stop,
				profile: func(b *testing.B, path string) func() {
					srv.command(b, "profile start "+path)
					return func() { srv.command(b, "profile stop") }
				},
			}
		},
		enter: loadEnter,
		everyone: func(n int) func(string) bool {
			online := fmt.Sprintf(" %d online", n)
			return func(s string) bool { return strings.Contains(s, online) }
		},
		write: func(tb testing.TB, author *termtest.Client, text string) {
			author.Press("n")
			author.WaitFor(tb, "New note")
			author.Type(text)
			author.WaitFor(tb, text)
		},
		seen: func(text string) func(int, string) bool {
			return func(i int, s string) bool {
				if i == 0 { // the author's own editor shows the text before it is saved
					return strings.Contains(s, text) && strings.Contains(s, "★ yours") && !strings.Contains(s, "New note")
				}
				return strings.Contains(s, text)
			}
		},
	}
}

// chatPeer is ssh-chat with its defaults, on a loopback port.
func chatPeer(bin string) comparePeer {
	return comparePeer{
		name: "ssh-chat",
		start: func(b *testing.B, dir string, _ int) compareServer {
			return chatStart(b, bin, dir)
		},
		enter: func(tb testing.TB, addr, _, name string, signer ssh.Signer) *termtest.Client {
			c := termtest.Dial(tb, addr, termtest.Options{User: name, Signer: signer, Timeout: loadWait})
			c.WaitFor(tb, name+" joined.")
			return c
		},
		everyone: func(n int) func(string) bool {
			all := fmt.Sprintf("(Connected: %d)", n)
			return func(s string) bool { return strings.Contains(s, all) }
		},
		write: func(tb testing.TB, author *termtest.Client, text string) {
			author.Type(text)
			author.WaitFor(tb, text)
		},
		seen: func(text string) func(int, string) bool {
			// Others see "name: text". The author sees "[name] text" both
			// in the prompt before sending and as the sent line, which
			// then has an empty prompt below it.
			line := ": " + text
			return func(i int, s string) bool {
				if i > 0 {
					return strings.Contains(s, line)
				}
				lines := strings.Split(strings.TrimRight(s, " \n"), "\n")
				last := strings.TrimSpace(lines[len(lines)-1])
				return len(lines) > 1 && strings.HasSuffix(last, "]") && strings.Contains(lines[len(lines)-2], "] "+text)
			}
		},
	}
}

// chatStart runs ssh-chat with a fresh host key on a free loopback port and
// waits until it accepts connections. It is stopped when the benchmark ends.
func chatStart(b testing.TB, bin, dir string) compareServer {
	b.Helper()
	key := filepath.Join(dir, "host_key")
	if err := chatHostKey(key); err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "--bind", addr, "-i", key)
	log := &loadTail{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		b.Fatalf("start ssh-chat: %v", err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	b.Cleanup(stop)
	for deadline := time.Now().Add(30 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("ssh-chat did not listen on %s: %v; it said: %s", addr, err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return compareServer{addr: addr, pid: cmd.Process.Pid, stop: stop}
}

// chatHostKey writes a new ed25519 host key in OpenSSH's format.
func chatHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	return nil
}
