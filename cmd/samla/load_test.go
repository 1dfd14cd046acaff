//go:build linux || darwin

package main

// The load tool: many real participants in one room, measured.
//
// BenchmarkRoomOfMany runs `samla serve` in a child process (this test
// binary again, see TestLoadServerProcess) and N real SSH clients in this
// one, each with its own key and its own terminal emulator (termtest). Two
// processes, so that the server's CPU time and heap can be told apart from
// the clients': on a real workshop the clients are other people's laptops.
// Both still share this machine's cores, so the latencies are pessimistic.
//
// One iteration is one complete run: start the server, bring N people
// through the name screen onto the board, measure one note fanning out and
// one vote storm, stop. The setup is part of the iteration on purpose, so
// the framework never asks for b.N > 1 by itself; use -benchtime 1x and
// -count for repeats. The numbers are in the custom metrics, not ns/op
// (which is suppressed). See docs/PERFORMANCE.md.
//
// Besides the times, a run counts bytes as each terminal receives them
// (the SSH channel's payload): bytes/client/dot and bytes/client/undot,
// what every other screen receives when one person gives the note a dot
// and takes it back (mean over the screens, and -max); and a newcomer's
// name-screen-bytes, board-screen-bytes (from enter on the name screen
// until the board is drawn) and first-screen-bytes (from connecting until
// the board is drawn, all three at 80x24).
//
// TestLoadSmoke is the same run at 50 people inside go test; it checks
// that every screen shows what it must and logs the figures.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/store"
)

const (
	// loadServerEnv carries the serve flags (JSON) to the child process; its
	// presence is what makes TestLoadServerProcess run.
	loadServerEnv = "SAMLA_LOAD_SERVE_ARGS"
	// loadSizesEnv overrides the room sizes, e.g. "1000" or "50,200".
	loadSizesEnv = "SAMLA_LOAD_SIZES"
	// loadProfileEnv names a directory for profiles of each size: the
	// server's CPU while the room fills and during the live phase (fan-out
	// and storm), and both sides' heaps once the room is full.
	loadProfileEnv = "SAMLA_LOAD_PROFILE_DIR"

	// loadWait bounds every wait: only something that never arrives fails.
	loadWait = 120 * time.Second
	// loadDialers is how many people connect at once while the room fills.
	loadDialers = 8
	// loadSettle lets the room go quiet before a measurement.
	loadSettle = 500 * time.Millisecond
	// loadBiggest is the largest size run without asking by name.
	loadBiggest = 500
)

var loadPortLine = regexp.MustCompile(`ssh -p (\d+) `)

func BenchmarkRoomOfMany(b *testing.B) {
	sizes := loadEnvInts(b, loadSizesEnv, []int{50, 200, 500, 1000}, 2)
	asked := os.Getenv(loadSizesEnv)
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			switch {
			case asked == "" && n > loadBiggest:
				b.Skipf("N=%d is not run by default: on two cores N=1000 takes about two minutes and 6 GB (most of it the test's terminal emulators); run it with %s=%d", n, loadSizesEnv, n)
			case testing.Short() && n > 50:
				b.Skip("-short: only N=50")
			}
			loadBench(b, n, func() map[string]float64 { return loadRun(b, n) })
		})
	}
}

// loadEnvInts reads a comma-separated list of whole numbers of at least
// least from env, or gives def when it is not set.
// loadBench runs b.N complete runs with n people and reports their
// metrics together.
func loadBench(b *testing.B, n int, run func() map[string]float64) {
	loadSkipFewFiles(b, n)
	var all loadMetrics
	for range b.N {
		all.add(run())
	}
	all.report(b)
}

func loadEnvInts(tb testing.TB, env string, def []int, least int) []int {
	tb.Helper()
	asked := os.Getenv(env)
	if asked == "" {
		return def
	}
	var out []int
	for _, f := range strings.Split(asked, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < least {
			tb.Fatalf("%s=%q: want whole numbers of at least %d, separated by commas", env, asked, least)
		}
		out = append(out, n)
	}
	return out
}

// loadEnvFloat reads a positive number from env, or gives def.
func loadEnvFloat(tb testing.TB, env string, def float64) float64 {
	tb.Helper()
	asked := os.Getenv(env)
	if asked == "" {
		return def
	}
	v, err := strconv.ParseFloat(asked, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) {
		tb.Fatalf("%s=%q: want a positive number", env, asked)
	}
	return v
}

// loadSigners makes n keys, one for each person.
func loadSigners(tb testing.TB, n int) []ssh.Signer {
	tb.Helper()
	signers := make([]ssh.Signer, n)
	for i := range signers {
		signers[i] = termtest.NewSigner(tb)
	}
	return signers
}

// loadSkipFewFiles skips when n people (clients and server on this
// machine) would need more open files than ulimit -n allows.
func loadSkipFewFiles(tb testing.TB, n int) {
	tb.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < uint64(3*n+200) {
		tb.Skipf("%d people need about %d open files on this machine (clients and server); ulimit -n is %d", n, 3*n+200, lim.Cur)
	}
}

// TestLoadSmoke is the load tool at 50 people, so that go test runs it:
// everyone onto the board, a note on every screen, one dot and its
// return, everyone's dot on every screen, and a newcomer's first screen.
// It fails only if a screen never shows what it must (or the server
// breaks); the times and bytes are logged, never judged, because a
// shared CI machine under -race says nothing about them.
func TestLoadSmoke(t *testing.T) {
	const n = 50
	loadSkipFewFiles(t, n)
	out := loadRun(t, n)
	for _, unit := range slices.Sorted(maps.Keys(out)) {
		t.Logf("%-28s %10.1f", unit, out[unit])
	}
}

// loadMetrics collects each iteration's numbers; the report is their mean.
type loadMetrics struct {
	units []string
	sums  map[string]float64
	runs  int
}

func (m *loadMetrics) add(one map[string]float64) {
	if m.sums == nil {
		m.sums = map[string]float64{}
	}
	for unit, v := range one {
		if _, ok := m.sums[unit]; !ok {
			m.units = append(m.units, unit)
		}
		m.sums[unit] += v
	}
	m.runs++
}

func (m *loadMetrics) report(b *testing.B) {
	b.ReportMetric(0, "ns/op") // one op is a whole run; the metrics below say what matters
	for _, unit := range m.units {
		b.ReportMetric(m.sums[unit]/float64(m.runs), unit)
	}
}

// loadRun is one complete run with n people and returns its metrics.
func loadRun(tb testing.TB, n int) map[string]float64 {
	tb.Helper()
	out := map[string]float64{}
	dir := tb.TempDir()
	db := filepath.Join(dir, "samla.db")
	code := loadNewRoom(tb, db)
	// People hang up after the server stopped (defers run last first):
	// leaving one by one would redraw everyone else's screen each time.
	run := &loadGroup{}
	defer run.cleanup()
	srv := loadStartServer(tb, dir, n)
	defer srv.stop()

	signers := loadSigners(tb, n)

	// The room fills.
	profiles := os.Getenv(loadProfileEnv)
	before := srv.stats(tb, true)
	heapBefore := loadHeap()
	if profiles != "" {
		srv.command(tb, "profile start "+loadProfilePath(tb, profiles, "server-join-cpu", n))
	}
	start := time.Now()
	clients := loadFill(tb, run, srv.addr, code, signers)
	online := fmt.Sprintf(" %d online", n)
	run.waitAll(tb, clients, "everyone online", func(_ int, s string) bool { return strings.Contains(s, online) })
	out["join-s"] = time.Since(start).Seconds()
	if profiles != "" {
		srv.command(tb, "profile stop")
	}
	time.Sleep(loadSettle)
	filled := srv.stats(tb, true)
	heapFilled := loadHeap()
	// A full room where nobody does anything should cost nothing.
	time.Sleep(time.Second)
	idle := srv.stats(tb, false)
	out["idle-server-cpu-ms/s"] = loadMS(idle.cpu - filled.cpu)
	out["join-server-cpu-ms/session"] = loadMS(filled.cpu-before.cpu) / float64(n)
	out["server-heap-KiB/session"] = float64(int64(filled.heap)-int64(before.heap)) / 1024 / float64(n)
	out["client-heap-KiB/session"] = float64(int64(heapFilled)-int64(heapBefore)) / 1024 / float64(n)
	out["server-goroutines/session"] = float64(filled.goroutines-before.goroutines) / float64(n)

	if profiles != "" {
		srv.command(tb, "profile heap "+loadProfilePath(tb, profiles, "server-heap", n))
		loadHeapProfile(tb, loadProfilePath(tb, profiles, "client-heap", n))
		srv.command(tb, "profile start "+loadProfilePath(tb, profiles, "server-live-cpu", n))
	}

	// Fan-out: one person saves a note; everyone's screen shows it.
	author := clients[0]
	probe := "loadprobe-" + code
	author.Press("n")
	author.WaitFor(tb, "New note")
	author.Type(probe)
	author.WaitFor(tb, probe)
	time.Sleep(loadSettle)
	var cpu0 time.Duration
	var srv0 loadStats
	var fanoutAt time.Time
	took := run.measure(tb, clients, "the new note", func() time.Time {
		cpu0, srv0 = loadCPU(), srv.stats(tb, false)
		fanoutAt = time.Now()
		author.Press("enter")
		return fanoutAt
	}, func(i int, s string) bool {
		if i == 0 { // the author's own editor shows the text before it is saved
			return strings.Contains(s, probe) && strings.Contains(s, "★ yours") && !strings.Contains(s, "New note")
		}
		return strings.Contains(s, probe)
	})
	cpu1, srv1 := loadCPU(), srv.stats(tb, false)
	out["fanout-p50-ms"] = loadMS(loadPercentile(took, 50))
	out["fanout-p95-ms"] = loadMS(loadPercentile(took, 95))
	out["fanout-p99-ms"] = loadMS(loadPercentile(took, 99))
	out["fanout-max-ms"] = loadMS(loadPercentile(took, 100))
	out["fanout-server-cpu-ms"] = loadMS(srv1.cpu - srv0.cpu)
	out["fanout-client-cpu-ms"] = loadMS(cpu1 - cpu0)

	loadOneDot(tb, run, clients, out)

	// The storm: everyone gives the note a dot at once.
	time.Sleep(loadSettle)
	final := fmt.Sprintf("● %d", n)
	var sent time.Duration
	var stormAt time.Time
	took = run.measure(tb, clients, fmt.Sprintf("%d dots on the note", n), func() time.Time {
		cpu0, srv0 = loadCPU(), srv.stats(tb, true)
		stormAt = time.Now()
		for _, c := range clients {
			c.Press("space")
		}
		sent = time.Since(stormAt)
		return stormAt
	}, func(_ int, s string) bool { return strings.Contains(s, final) })
	cpu1, srv1 = loadCPU(), srv.stats(tb, false)
	out["storm-ms"] = loadMS(loadPercentile(took, 100))
	out["storm-p50-ms"] = loadMS(loadPercentile(took, 50))
	out["storm-server-cpu-ms"] = loadMS(srv1.cpu - srv0.cpu)
	out["storm-client-cpu-ms"] = loadMS(cpu1 - cpu0)

	if profiles != "" {
		srv.command(tb, "profile stop")
	}
	loadNewcomer(tb, srv.addr, code, out)

	// When the room's owner took the note and the dots, by its own clock:
	// each event carries the time its batch was taken, and the commit
	// follows within one fsync.
	notes, dots := loadRoomLog(tb, db, code, "note.added", fanoutAt), loadRoomLog(tb, db, code, "vote.added", stormAt)
	if len(notes) == 1 && len(dots) == n {
		out["fanout-room-ms"] = loadMS(notes[0].Sub(fanoutAt))
		out["storm-room-ms"] = loadMS(dots[n-1].Sub(stormAt))
		out["storm-batches"] = float64(len(slices.CompactFunc(dots, time.Time.Equal)))
	} else {
		tb.Logf("the room's log has %d new notes and %d dots, not 1 and %d: no room timings", len(notes), len(dots), n)
	}
	tb.Logf("N=%d: all on the board in %.1fs; %d dots pressed in %v; server log: %s",
		n, out["join-s"], n, sent.Round(time.Millisecond), srv.logTail())
	return out
}

// loadDotsShown matches a card's count of dots.
var loadDotsShown = regexp.MustCompile(`● (\d+)`)

// loadShowsDots says whether a screen's first card shows exactly k dots.
func loadShowsDots(screen string, k int) bool {
	m := loadDotsShown.FindStringSubmatch(screen)
	return m != nil && m[1] == strconv.Itoa(k)
}

// loadOneDot: one person gives the note everyone sees a dot, then takes
// it back. What each other screen receives for each, until all are quiet,
// is the cost of a dot (issue: at most 32 bytes a screen).
func loadOneDot(tb testing.TB, g *loadGroup, clients []*termtest.Client, out map[string]float64) {
	tb.Helper()
	voter := clients[1]
	others := slices.Concat(clients[:1], clients[2:])
	for _, step := range []struct {
		key, unit string
		dots      int
	}{{"space", "bytes/client/dot", 1}, {"-", "bytes/client/undot", 0}} {
		before := loadQuiet(tb, others)
		voter.Press(step.key)
		g.waitAll(tb, others, fmt.Sprintf("● %d on the note", step.dots), func(_ int, s string) bool { return loadShowsDots(s, step.dots) })
		after := loadQuiet(tb, others)
		var sum, most int
		for i := range others {
			d := after[i] - before[i]
			sum, most = sum+d, max(most, d)
		}
		out[step.unit] = float64(sum) / float64(len(others))
		out[step.unit+"-max"] = float64(most)
	}
}

// loadQuietFor is how long every screen must receive nothing for a count
// of bytes to be complete: far longer than one frame.
const loadQuietFor = 250 * time.Millisecond

// loadQuiet waits until none of clients has received anything for
// loadQuietFor and returns what each has received in all.
func loadQuiet(tb testing.TB, clients []*termtest.Client) []int {
	tb.Helper()
	counts := func() []int {
		got := make([]int, len(clients))
		for i, c := range clients {
			got[i] = c.Received()
		}
		return got
	}
	deadline := time.Now().Add(loadWait)
	last := counts()
	for {
		time.Sleep(loadQuietFor)
		now := counts()
		if slices.Equal(now, last) {
			return now
		}
		if time.Now().After(deadline) {
			tb.Fatalf("screens still receiving after %v", loadWait)
		}
		last = now
	}
}

// loadNewcomer: someone new connects once the room is busy with a note;
// what their terminal receives until the name screen, and then the board,
// are drawn whole (issue: the first screen at 80x24 at most 8 KB).
func loadNewcomer(tb testing.TB, addr, code string, out map[string]float64) {
	tb.Helper()
	c := termtest.Dial(tb, addr, termtest.Options{User: code, Signer: termtest.NewSigner(tb), Timeout: loadWait})
	c.WaitFor(tb, "What should others call you?")
	name := loadQuiet(tb, []*termtest.Client{c})[0]
	c.Type("newcomer")
	c.WaitFor(tb, "newcomer")
	typed := loadQuiet(tb, []*termtest.Client{c})[0]
	c.Press("enter")
	c.WaitFor(tb, "you: newcomer")
	c.WaitFor(tb, bwBoardDrawn)
	all := loadQuiet(tb, []*termtest.Client{c})[0]
	out["name-screen-bytes"] = float64(name)
	out["board-screen-bytes"] = float64(all - typed)
	out["first-screen-bytes"] = float64(all)
}

func loadMS(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile by nearest rank; 100 is the maximum.
func loadPercentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func loadHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// loadCPU is this process's CPU time, user and system.
func loadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadMachineCPU is the CPU time every process on this machine has used
// since boot (Linux's /proc/stat), false where it cannot be read. The
// machine the tool runs on is often shared: what others used during a
// measurement says how far to trust its times.
func loadMachineCPU() (time.Duration, bool) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, false
	}
	var ticks int64
	// user nice system (idle iowait) irq softirq steal
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		v, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += v
	}
	return time.Duration(ticks) * time.Second / 100, true // USER_HZ is 100 on Linux
}

func loadProfilePath(tb testing.TB, dir, what string, n int) string {
	tb.Helper()
	abs, err := filepath.Abs(filepath.Join(dir, fmt.Sprintf("%s-N%d.prof", what, n)))
	if err == nil {
		err = os.MkdirAll(filepath.Dir(abs), 0o755)
	}
	if err != nil {
		tb.Fatalf("%s: %v", loadProfileEnv, err)
	}
	return abs
}

// loadClientProfile starts a CPU profile of the clients' own process (their
// SSH and terminal emulators) and returns what stops it; without a
// directory, or when go test's -cpuprofile already holds the profiler, it
// does nothing.
func loadClientProfile(tb testing.TB, dir, what string, n int) (stop func()) {
	tb.Helper()
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(loadProfilePath(tb, dir, what, n))
	if err != nil {
		tb.Fatalf("client profile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		tb.Logf("client profile not taken: %v", err)
		_ = f.Close()
		_ = os.Remove(f.Name()) // no empty profile to mistake for one
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			tb.Errorf("client profile: %v", err)
		}
	}
}

func loadHeapProfile(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("heap").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		tb.Fatalf("heap profile: %v", err)
	}
}

// loadRoomLog reads, from the room's log, when events of type typ at or
// after since were taken by the room's owner, in order.
func loadRoomLog(tb testing.TB, db, code, typ string, since time.Time) []time.Time {
	tb.Helper()
	st, err := store.Open(db)
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	defer func() { _ = st.Close() }()
	events, err := st.Events(context.Background(), code)
	if err != nil {
		tb.Fatalf("read the room's log: %v", err)
	}
	var at []time.Time
	for _, e := range events {
		if e.Type == typ && !e.At.Before(since) {
			at = append(at, e.At)
		}
	}
	return at
}

func loadNewRoom(tb testing.TB, db string) string {
	tb.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"room", "new", "Load test", "--db", db}, &out, io.Discard); err != nil {
		tb.Fatalf("room new: %v", err)
	}
	code, _, _ := strings.Cut(out.String(), "\n")
	if len(code) != 6 {
		tb.Fatalf("room new printed %q", out.String())
	}
	return code
}

// loadEnter brings one new person through the name screen onto the board.
func loadEnter(tb testing.TB, addr, code, name string, signer ssh.Signer) *termtest.Client {
	c := termtest.Dial(tb, addr, termtest.Options{User: code, Signer: signer, Timeout: loadWait})
	c.WaitFor(tb, "What should others call you?")
	c.Type(name)
	c.Press("enter")
	c.WaitFor(tb, "you: "+name)
	return c
}

// loadFill connects everyone, loadDialers at a time.
func loadFill(tb testing.TB, g *loadGroup, addr, code string, signers []ssh.Signer) []*termtest.Client {
	tb.Helper()
	return loadFillEach(tb, g, addr, func(int) string { return code }, signers)
}

// loadFillEach is loadFill with person i going into room code(i).
func loadFillEach(tb testing.TB, g *loadGroup, addr string, code func(i int) string, signers []ssh.Signer) []*termtest.Client {
	tb.Helper()
	clients := make([]*termtest.Client, len(signers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range loadDialers {
		wg.Go(func() {
			gtb := g.tb(tb)
			for !g.failed() {
				i := int(next.Add(1)) - 1
				if i >= len(signers) {
					return
				}
				clients[i] = loadEnter(gtb, addr, code(i), fmt.Sprintf("p%04d", i), signers[i])
			}
		})
	}
	wg.Wait()
	g.check(tb, "filling the room")
	return clients
}

// loadGroup runs the waits of many clients in goroutines. termtest fails
// through testing.TB, which may only stop the benchmark's own goroutine, so
// the goroutines get a TB that records the failure and ends just
// themselves; check turns it into b.Fatal.
type loadGroup struct {
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (g *loadGroup) tb(tb testing.TB) testing.TB { return &loadTB{TB: tb, g: g} }

func (g *loadGroup) fail(msg string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.errs = append(g.errs, msg)
}

func (g *loadGroup) failed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.errs) > 0
}

func (g *loadGroup) check(tb testing.TB, what string) {
	tb.Helper()
	g.mu.Lock()
	errs := g.errs
	g.mu.Unlock()
	if len(errs) > 0 {
		tb.Fatalf("%s: %d failure(s); the first:\n%s", what, len(errs), errs[0])
	}
}

// cleanup closes every client, several at a time (each close waits for
// the server to end the session).
func (g *loadGroup) cleanup() {
	g.mu.Lock()
	fs := g.cleanups
	g.cleanups = nil
	g.mu.Unlock()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for _, f := range fs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			f()
		})
	}
	wg.Wait()
}

// waitAll waits until ok accepts every client's screen.
func (g *loadGroup) waitAll(tb testing.TB, clients []*termtest.Client, what string, ok func(i int, screen string) bool) {
	tb.Helper()
	g.measure(tb, clients, what, time.Now, ok)
}

// measure starts one waiter per client, lets each look at its screen once,
// then runs act, which says when the action began, and returns per client
// how long after that its screen first satisfied ok. Waiters re-check a
// screen only when output arrives, and stop at the first match.
func (g *loadGroup) measure(tb testing.TB, clients []*termtest.Client, what string, act func() time.Time, ok func(i int, screen string) bool) []time.Duration {
	tb.Helper()
	at := make([]time.Time, len(clients))
	var ready, done sync.WaitGroup
	ready.Add(len(clients))
	for i, c := range clients {
		done.Go(func() {
			first := true
			defer func() {
				if first { // failed before it looked: do not keep act waiting
					ready.Done()
				}
			}()
			c.WaitForFunc(g.tb(tb), what, func(s string) bool {
				if ok(i, s) {
					at[i] = time.Now()
				}
				if first {
					first = false
					ready.Done()
				}
				return !at[i].IsZero()
			})
		})
	}
	ready.Wait()
	t0 := act()
	done.Wait()
	g.check(tb, "waiting for "+what)
	took := make([]time.Duration, len(clients))
	for i, t := range at {
		took[i] = max(0, t.Sub(t0))
	}
	return took
}

// loadTB is a testing.TB for the group's goroutines.
type loadTB struct {
	testing.TB
	g *loadGroup
}

func (t *loadTB) Helper() {}

func (t *loadTB) Cleanup(f func()) {
	t.g.mu.Lock()
	defer t.g.mu.Unlock()
	t.g.cleanups = append(t.g.cleanups, f)
}

func (t *loadTB) Error(args ...any)                 { t.g.fail(fmt.Sprint(args...)) }
func (t *loadTB) Errorf(format string, args ...any) { t.g.fail(fmt.Sprintf(format, args...)) }
func (t *loadTB) Fatal(args ...any)                 { t.g.fail(fmt.Sprint(args...)); runtime.Goexit() }
func (t *loadTB) Fatalf(format string, args ...any) {
	t.g.fail(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (t *loadTB) FailNow() { t.g.fail("FailNow"); runtime.Goexit() }

// loadServer is the child process running `samla serve`, with a small
// line protocol on its stdin and stdout for what only it can see.
type loadServer struct {
	addr  string
	cmd   *exec.Cmd
	stdin io.WriteCloser

	mu      sync.Mutex // serialises commands
	replies chan string
	log     *loadTail
	once    sync.Once
	exited  chan struct{}
}

// loadStats is the server process's view of itself.
type loadStats struct {
	cpu        time.Duration
	heap       uint64
	goroutines int
}

func loadStartServer(tb testing.TB, dir string, n int) *loadServer {
	tb.Helper()
	limit := strconv.Itoa(n + 50)
	args, _ := json.Marshal([]string{
		"--db", filepath.Join(dir, "samla.db"), "--listen", "127.0.0.1:0",
		"--max-connections", limit, "--max-connections-per-address", limit,
		"--notes-per-minute", "600", "--actions-per-second", "100",
		// Every client comes from loopback: one address for all of them.
		"--people-per-address", limit,
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadServerProcess$", "-test.count=1", "-test.timeout=3h")
	cmd.Env = append(os.Environ(), loadServerEnv+"="+string(args))
	s := &loadServer{
		cmd: cmd, replies: make(chan string, 1),
		log: &loadTail{}, exited: make(chan struct{}),
	}
	cmd.Stderr = s.log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if s.stdin, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start the server process: %v", err)
	}
	tb.Cleanup(s.stop)
	port := make(chan string, 1)
	go func() {
		defer close(s.exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "load"):
				select {
				case s.replies <- line:
				default: // a late answer to a command that already failed
				}
			default:
				if m := loadPortLine.FindStringSubmatch(line); m != nil {
					port <- m[1]
				}
			}
		}
	}()
	select {
	case p := <-port:
		s.addr = "127.0.0.1:" + p
	case <-s.exited:
		tb.Fatalf("the server process ended at start: %s", s.log)
	case <-time.After(60 * time.Second):
		tb.Fatalf("the server process did not say where to connect: %s", s.log)
	}
	return s
}

// stop ends the server as SIGTERM would (closing stdin cancels its
// context) and kills it if it has not gone in 30s.
func (s *loadServer) stop() {
	s.once.Do(func() {
		_ = s.stdin.Close()
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
		_ = s.cmd.Wait()
	})
}

func (s *loadServer) logTail() string {
	if t := strings.TrimSpace(s.log.String()); t != "" {
		return "\n" + t
	}
	return "no warnings"
}

func (s *loadServer) command(tb testing.TB, line string) string {
	tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintln(s.stdin, line); err != nil {
		tb.Fatalf("server process: %v: %s", err, s.log)
	}
	select {
	case r := <-s.replies:
		if strings.HasPrefix(r, "loaderror ") {
			tb.Fatalf("server process: %s", r)
		}
		return r
	case <-s.exited:
		tb.Fatalf("the server process ended: %s", s.log)
	case <-time.After(loadWait):
		tb.Fatalf("the server process did not answer %q", line)
	}
	return ""
}

// stats asks the server process for its CPU time, heap in use (after a
// collection if gc) and goroutines.
func (s *loadServer) stats(tb testing.TB, gc bool) loadStats {
	tb.Helper()
	line := "stats"
	if gc {
		line = "stats gc"
	}
	var st loadStats
	var cpu int64
	if _, err := fmt.Sscanf(s.command(tb, line), "loadstats %d %d %d", &cpu, &st.heap, &st.goroutines); err != nil {
		tb.Fatalf("server stats: %v", err)
	}
	st.cpu = time.Duration(cpu)
	return st
}

// loadTail keeps the last few KiB of what the server process logged.
type loadTail struct {
	mu  sync.Mutex
	buf []byte
}

func (l *loadTail) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if over := len(l.buf) - 8<<10; over > 0 {
		l.buf = l.buf[over:]
	}
	return len(p), nil
}

func (l *loadTail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf)
}

// TestLoadServerProcess is not a test: it is the server half of the load
// tool (BenchmarkRoomOfMany and the benchmarks beside it, TestLoadSmoke),
// and does nothing unless started by it.
//
// It runs serve with the flags in $SAMLA_LOAD_SERVE_ARGS until its stdin
// closes, and answers lines on stdin:
//
//	stats [gc]             loadstats <cpu ns> <heap in use> <goroutines>
//	profile start PATH     loadok (CPU profile of this process into PATH)
//	profile stop           loadok
//	profile heap PATH      loadok (heap profile into PATH)
//	profile goroutine PATH loadok (the goroutines, grouped by stack, as text)
func TestLoadServerProcess(t *testing.T) {
	spec := os.Getenv(loadServerEnv)
	if spec == "" {
		t.Skip("the server half of the load tool (BenchmarkRoomOfMany, TestLoadSmoke); runs only in its child process")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		t.Fatal(err)
	}
	cfg, err := serveFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	out := &loadLocked{w: os.Stdout}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		err := runServe(ctx, cfg, out, loadWarnings{os.Stderr})
		if ctx.Err() == nil { // on its own: the benchmark sees the process end
			fmt.Fprintf(os.Stderr, "serve ended: %v\n", err)
			os.Exit(1)
		}
		served <- err
	}()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var profile *os.File
	defer func() {
		if profile != nil {
			pprof.StopCPUProfile()
			_ = profile.Close()
		}
	}()

	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 1 && f[0] == "stats":
			if len(f) > 1 && f[1] == "gc" {
				runtime.GC()
			}
			cpu := loadCPU()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			out.printf("loadstats %d %d %d\n", int64(cpu), m.HeapInuse, runtime.NumGoroutine())
		case len(f) == 3 && f[0] == "profile" && f[1] == "start" && profile == nil:
			p, err := os.Create(f[2])
			if err == nil {
				if err = pprof.StartCPUProfile(p); err != nil {
					_ = p.Close()
				}
			}
			if err != nil {
				out.printf("loaderror %v\n", err)
				continue
			}
			profile = p
			out.printf("loadok\n")
		case len(f) == 3 && f[0] == "profile" && (f[1] == "heap" || f[1] == "goroutine"):
			p, err := os.Create(f[2])
			if err == nil {
				// Goroutines as text, grouped by stack: what each session runs.
				err = pprof.Lookup(f[1]).WriteTo(p, map[string]int{"heap": 0, "goroutine": 1}[f[1]])
				if cerr := p.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				out.printf("loaderror %v\n", err)
				continue
			}
			out.printf("loadok\n")
		case len(f) == 2 && f[0] == "profile" && f[1] == "stop" && profile != nil:
			pprof.StopCPUProfile()
			err := profile.Close()
			profile = nil
			if err != nil {
				out.printf("loaderror %v\n", err)
				continue
			}
			out.printf("loadok\n")
		default:
			out.printf("loaderror unknown command %q\n", sc.Text())
		}
	}
}

// loadLocked keeps the child's stdout lines whole: serve's banner and the
// replies both write to it.
type loadLocked struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *loadLocked) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *loadLocked) printf(format string, args ...any) { _, _ = fmt.Fprintf(l, format, args...) }

// loadWarnings passes on only the server's warnings and errors: a session
// log line per person would drown them.
type loadWarnings struct{ w io.Writer }

func (l loadWarnings) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("level=WARN")) || bytes.Contains(p, []byte("level=ERROR")) {
		return l.w.Write(p)
	}
	return len(p), nil
}
