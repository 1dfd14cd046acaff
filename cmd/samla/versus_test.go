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
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
func compareFill(b testing.TB, g *loadGroup, enter func(tb testing.TB, i int) *termtest.Client, n int) []*termtest.Client {
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

// procStats is what /proc says about a server process.
type procStats struct {
	cpu     time.Duration
	rssKiB  int64
	peakKiB int64
}

func procRead(b testing.TB, pid int) procStats {
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

// BenchmarkManyRoomsVersusChat is BenchmarkManyRooms beside ssh-chat in
// the same run: R rooms of P people, one message in every room at the
// same instant, SAMLA_MANY_BURSTS times. ssh-chat has one room a server,
// so its R rooms are R ssh-chat processes (their CPU added up); samla's
// are R rooms of one server. The clients are the same (real SSH, a PTY of
// 80x24 and a terminal emulator each) and so are the figures. Needs
// $SAMLA_SSHCHAT, as BenchmarkVersusChat:
//
//	.ci/bench-ssh-chat rooms 100x20
func BenchmarkManyRoomsVersusChat(b *testing.B) {
	bin := os.Getenv(compareChatEnv)
	if bin == "" {
		b.Skipf("needs an ssh-chat binary in $%s; .ci/bench-ssh-chat builds one outside the repository and runs this", compareChatEnv)
	}
	manyRoomsBench(b, 2, func(tb testing.TB, rooms, people int) map[string]float64 {
		if strings.HasSuffix(tb.Name(), "/ssh-chat") {
			return manyChatRun(tb, bin, rooms, people)
		}
		return manyRoomsRun(tb, rooms, people)
	}, "samla", "ssh-chat")
}

// manyChatRun is manyRoomsRun with ssh-chat: one process a room.
func manyChatRun(b testing.TB, bin string, rooms, people int) map[string]float64 {
	b.Helper()
	out := map[string]float64{}
	n := rooms * people
	run := &loadGroup{}
	defer run.cleanup()
	servers := make([]compareServer, rooms)
	for r := range servers {
		servers[r] = chatStart(b, bin, b.TempDir())
		defer servers[r].stop()
	}
	peer := chatPeer(bin)
	signers := loadSigners(b, n)
	start := time.Now()
	clients := compareFill(b, run, func(tb testing.TB, i int) *termtest.Client {
		return peer.enter(tb, servers[i%rooms].addr, "", fmt.Sprintf("p%04d", i), signers[i])
	}, n)
	all := peer.everyone(people)
	run.waitAll(b, clients, "everyone in", func(_ int, s string) bool { return all(s) })
	out["join-s"] = time.Since(start).Seconds()
	time.Sleep(loadSettle)
	manyBursts(b, run, clients, rooms, peer, manyServer{cpu: func() time.Duration {
		var sum time.Duration
		for _, s := range servers {
			sum += procRead(b, s.pid).cpu
		}
		return sum
	}}, out)
	return out
}
