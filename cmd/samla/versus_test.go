//go:build linux

package main

// The comparison harness: samla beside ssh-chat (github.com/shazow/ssh-chat),
// the closest peer, driven by the same clients in the same run.
//
// BenchmarkVersusChat needs an ssh-chat binary built outside this
// repository (never vendored): .ci/bench-ssh-chat fetches it through the Go
// module proxy, builds it under /tmp and runs this benchmark with its path
// in $SAMLA_SSHCHAT. Without that variable the benchmark is skipped.
//
// Both servers run as child processes, so their CPU time and memory are
// read from /proc and told apart from the clients'. The clients are the
// load tool's: real SSH connections with a PTY of 80x24 and a terminal
// emulator each, arriving compareDialers at a time. For each server and
// size it reports the same four things: the time until everyone is in and
// every screen says so; how long a new note (samla) or line (ssh-chat)
// takes to reach every screen (p50, p99); the server's memory per
// participant; and the bytes each client receives for that one note or
// line. See docs/PERFORMANCE.md.

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

const (
	// compareChatEnv is the path of an ssh-chat binary.
	compareChatEnv = "SAMLA_SSHCHAT"
	// compareSizesEnv overrides the sizes, e.g. "100,500".
	compareSizesEnv = "SAMLA_COMPARE_SIZES"
	// compareProfileEnv names a directory for the server's CPU profile of
	// the idle full room, where the server can write one (samla).
	compareProfileEnv = "SAMLA_COMPARE_PROFILE_DIR"
	// compareDialers is how many people arrive at once, as in the issue's
	// first measurement, so the figures can be set beside it.
	compareDialers = 16
	// compareQuiet is how long the screens stay silent before the bytes of
	// one note are counted: far longer than one frame, so none is cut off.
	compareQuiet = 500 * time.Millisecond
	// userHZ is the unit of utime and stime in /proc/PID/stat, fixed at 100
	// by the Linux ABI whatever the kernel's own tick.
	userHZ = 100
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
	write func(b *testing.B, author *termtest.Client, text string)
	// seen says whether screen i shows the sent message.
	seen func(text string) func(i int, screen string) bool
}

func BenchmarkVersusChat(b *testing.B) {
	bin := os.Getenv(compareChatEnv)
	if bin == "" {
		b.Skipf("needs an ssh-chat binary in $%s; .ci/bench-ssh-chat builds one outside the repository and runs this", compareChatEnv)
	}
	sizes := loadEnvInts(b, compareSizesEnv, []int{100}, 2)
	peers := []comparePeer{samlaPeer(), chatPeer(bin)}
	for _, n := range sizes {
		for _, p := range peers {
			b.Run(fmt.Sprintf("N=%d/%s", n, p.name), func(b *testing.B) {
				var all loadMetrics
				for range b.N {
					all.add(compareRun(b, p, n))
				}
				all.report(b)
			})
		}
	}
}

// compareRun is one complete run of peer p with n people.
func compareRun(b *testing.B, p comparePeer, n int) map[string]float64 {
	b.Helper()
	out := map[string]float64{}
	run := &loadGroup{}
	// Clients hang up after the server stopped (defers run last first):
	// leaving one by one would make the rest redraw for each.
	defer run.cleanup()
	srv := p.start(b, b.TempDir(), n)
	defer srv.stop()
	addr, pid := srv.addr, srv.pid
	before := procRead(b, pid)

	signers := loadSigners(b, n)
	start := time.Now()
	clients := compareFill(b, run, func(tb testing.TB, i int) *termtest.Client {
		return p.enter(tb, addr, srv.room, fmt.Sprintf("p%04d", i), signers[i])
	}, n)
	all := p.everyone(n)
	run.waitAll(b, clients, "everyone in", func(_ int, s string) bool { return all(s) })
	out["join-s"] = time.Since(start).Seconds()
	time.Sleep(loadSettle)
	filled := procRead(b, pid)
	stopProfile := func() {}
	if dir := os.Getenv(compareProfileEnv); dir != "" && srv.profile != nil {
		stopProfile = srv.profile(b, loadProfilePath(b, dir, "versus-idle-cpu", n))
	}
	time.Sleep(2 * time.Second)
	idle := procRead(b, pid)
	stopProfile()
	out["idle-server-cpu-ms/s"] = loadMS(idle.cpu-filled.cpu) / 2
	out["join-server-cpu-ms/participant"] = loadMS(filled.cpu-before.cpu) / float64(n)
	out["server-rss-KiB/participant"] = float64(filled.rssKiB-before.rssKiB) / float64(n)

	author := clients[0]
	probe := "probe" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	p.write(b, author, probe)
	time.Sleep(loadSettle)
	var bytes0 int
	took := run.measure(b, clients, "the new message", func() time.Time {
		bytes0 = compareReceived(clients)
		at := time.Now()
		author.Press("enter")
		return at
	}, p.seen(probe))
	time.Sleep(compareQuiet)
	out["bytes/client/message"] = float64(compareReceived(clients)-bytes0) / float64(n)
	out["message-p50-ms"] = loadMS(loadPercentile(took, 50))
	out["message-p99-ms"] = loadMS(loadPercentile(took, 99))
	peak := procRead(b, pid)
	out["server-peak-rss-KiB/participant"] = float64(peak.peakKiB) / float64(n)
	return out
}

func compareReceived(clients []*termtest.Client) int {
	sum := 0
	for _, c := range clients {
		sum += c.Received()
	}
	return sum
}

// compareFill brings everyone in, compareDialers at a time.
func compareFill(b *testing.B, g *loadGroup, enter func(tb testing.TB, i int) *termtest.Client, n int) []*termtest.Client {
	b.Helper()
	clients := make([]*termtest.Client, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range compareDialers {
		wg.Go(func() {
			tb := g.tb(b)
			for !g.failed() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				clients[i] = enter(tb, i)
			}
		})
	}
	wg.Wait()
	g.check(b, "bringing everyone in")
	return clients
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

// procStats is what /proc says about a server process.
type procStats struct {
	cpu     time.Duration
	rssKiB  int64
	peakKiB int64
}

func procRead(b *testing.B, pid int) procStats {
	b.Helper()
	st, err := procStat(pid)
	if err != nil {
		b.Fatalf("server process %d: %v", pid, err)
	}
	return st
}

func procStat(pid int) (procStats, error) {
	var st procStats
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return st, fmt.Errorf("read stat: %w", err)
	}
	// The command name in parentheses may hold spaces: count fields after it.
	_, rest, ok := strings.Cut(string(raw), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return st, fmt.Errorf("stat has an unexpected form: %q", raw)
	}
	// Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name.
	var ticks int64
	for _, s := range f[11:13] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return st, fmt.Errorf("stat cpu time %q: %w", s, err)
		}
		ticks += v
	}
	st.cpu = time.Duration(ticks) * time.Second / userHZ
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, fmt.Errorf("read status: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		key, val, _ := strings.Cut(line, ":")
		var dst *int64
		switch key {
		case "VmRSS":
			dst = &st.rssKiB
		case "VmHWM":
			dst = &st.peakKiB
		default:
			continue
		}
		kb := strings.TrimSuffix(strings.TrimSpace(val), " kB")
		if *dst, err = strconv.ParseInt(kb, 10, 64); err != nil {
			return st, fmt.Errorf("status %s %q: %w", key, val, err)
		}
	}
	return st, nil
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
		write: func(b *testing.B, author *termtest.Client, text string) {
			author.Press("n")
			author.WaitFor(b, "New note")
			author.Type(text)
			author.WaitFor(b, text)
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
		write: func(b *testing.B, author *termtest.Client, text string) {
			author.Type(text)
			author.WaitFor(b, text)
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
func chatStart(b *testing.B, bin, dir string) compareServer {
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
