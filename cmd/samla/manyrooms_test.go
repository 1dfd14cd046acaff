//go:build linux || darwin

package main

// BenchmarkManyRooms: many workshops on one server at once, rather than one
// big room. R rooms of P people each are on their boards; in every room one
// person saves a note, all R within a few milliseconds of each other (one
// loop presses enter for all authors); the time from each author's enter
// until each screen in that room shows the note is taken, and reported over
// all screens of all rooms, over SAMLA_MANY_BURSTS such bursts (3 unless
// asked), a note a room each:
//
//	note-p50/p99/max-ms    enter until a screen in the author's room shows it
//	enter-spread-ms        from the first author's enter to the last's, in
//	                       the burst where it was longest
//	join-s                 until all R×P are on their boards, each room's
//	                       screens saying "P online"
//	note-server-cpu-ms     the server's CPU from the first enter until the
//	                       last screen showed its room's note, a burst's mean
//	note-client-cpu-ms     the clients' CPU (SSH, terminal emulators and
//	                       reading the screens) in the same time, on the
//	                       same cores
//	server-heap-KiB/session as in BenchmarkRoomOfMany
//
// With SAMLA_LOAD_PROFILE_DIR set, the server's CPU profile of each burst
// is written there as server-manyrooms-samla-cpu-burst<k>-N<R×P>.prof, the
// clients' as client-manyrooms-samla-cpu-burst<k>-N<R×P>.prof, and the
// server's goroutines
// once everyone is in as server-goroutines-N<R×P>.prof (text).
//
//	go test -run '^$' -bench 'ManyRooms$' -benchtime 1x -timeout 60m ./cmd/samla/
//	SAMLA_MANY_ROOMS=100 SAMLA_MANY_PEOPLE=20 go test -run '^$' -bench 'ManyRooms$' \
//	  -benchtime 1x -timeout 60m ./cmd/samla/
//
// The default is 10 rooms of 20 (the clients' terminal emulators take about
// 4.6 MiB each, so 100 rooms of 20 need about 10 GB on the benchmark's side).

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

const (
	manyRoomsEnv  = "SAMLA_MANY_ROOMS"
	manyPeopleEnv = "SAMLA_MANY_PEOPLE"
	manyBurstsEnv = "SAMLA_MANY_BURSTS"
	// manyBurstsMax notes fill two rows of three cards on an 80x24 board.
	manyBurstsMax = 6
)

func BenchmarkManyRooms(b *testing.B) {
	manyRoomsBench(b, 2, manyRoomsRun)
}

// manyRoomsBench runs one sub-benchmark for each number of rooms and of
// people in a room asked for (at least least people), and under it one
// for each server named, if any.
func manyRoomsBench(b *testing.B, least int, run func(tb testing.TB, rooms, people int) map[string]float64, servers ...string) {
	rooms := loadEnvInts(b, manyRoomsEnv, []int{10}, 1)
	people := loadEnvInts(b, manyPeopleEnv, []int{20}, least)
	for _, r := range rooms {
		for _, p := range people {
			b.Run(fmt.Sprintf("rooms=%d/people=%d", r, p), func(b *testing.B) {
				if len(servers) == 0 {
					loadBench(b, r*p, func() map[string]float64 { return run(b, r, p) })
					return
				}
				for _, s := range servers {
					b.Run(s, func(b *testing.B) {
						loadBench(b, r*p, func() map[string]float64 { return run(b, r, p) })
					})
				}
			})
		}
	}
}

// manyRoomsRun is one complete run: person i is in room i mod rooms, so
// the rooms fill side by side, and person r (the first in room r) writes.
func manyRoomsRun(tb testing.TB, rooms, people int) map[string]float64 {
	tb.Helper()
	out := map[string]float64{}
	n := rooms * people
	dir := tb.TempDir()
	codes := loadSeed(tb, filepath.Join(dir, "samla.db"), rooms, 0, 0)
	run := &loadGroup{}
	defer run.cleanup()
	srv := loadStartServer(tb, dir, n)
	defer srv.stop()
	signers := loadSigners(tb, n)
	before := srv.stats(tb, true)
	start := time.Now()
	clients := loadFillEach(tb, run, srv.addr, func(i int) string { return codes[i%rooms] }, signers)
	online := fmt.Sprintf(" %d online", people)
	run.waitAll(tb, clients, "everyone online", func(_ int, s string) bool { return strings.Contains(s, online) })
	out["join-s"] = time.Since(start).Seconds()
	time.Sleep(loadSettle)
	filled := srv.stats(tb, true)
	if dir := os.Getenv(loadProfileEnv); dir != "" {
		srv.command(tb, "profile goroutine "+loadProfilePath(tb, dir, "server-goroutines", n))
	}
	out["server-heap-KiB/session"] = float64(int64(filled.heap)-int64(before.heap)) / 1024 / float64(n)

	manyBursts(tb, run, clients, rooms, samlaPeer(), manyServer{
		cpu: func() time.Duration { return srv.stats(tb, false).cpu },
		profile: func(path string) func() {
			srv.command(tb, "profile start "+path)
			return func() { srv.command(tb, "profile stop") }
		},
	}, out)
	tb.Logf("%d rooms of %d: all on their boards in %.1fs; server log: %s", rooms, people, out["join-s"], srv.logTail())
	return out
}

// manyServer is the server side of a run of many rooms, for its bursts:
// its CPU so far, and where it can, a CPU profile into path until the
// returned func is called (else nil).
type manyServer struct {
	cpu     func() time.Duration
	profile func(path string) (stop func())
}

// manyBursts runs SAMLA_MANY_BURSTS bursts of peer's messages, one in each
// of rooms rooms (person i is in room i mod rooms; the first of each room
// writes), and reports them in out: each screen's time from its author's
// enter until it showed the message, over all bursts, and the CPU of the
// server and of the clients, a burst's mean.
func manyBursts(tb testing.TB, run *loadGroup, clients []*termtest.Client, rooms int, peer comparePeer, srv manyServer, out map[string]float64) {
	tb.Helper()
	asked := loadEnvInts(tb, manyBurstsEnv, []int{3}, 1)
	bursts := asked[0]
	if len(asked) > 1 || bursts > manyBurstsMax {
		tb.Fatalf("%s=%s: one number, at most %d, so that every burst's note is on an 80x24 screen without scrolling",
			manyBurstsEnv, os.Getenv(manyBurstsEnv), manyBurstsMax)
	}
	var took []time.Duration
	var spread, serverCPU, clientCPU time.Duration
	for k := range bursts {
		t, m := manyBurst(tb, run, clients, rooms, k, peer, srv)
		took = append(took, t...)
		spread, serverCPU, clientCPU = max(spread, m.spread), serverCPU+m.serverCPU, clientCPU+m.clientCPU
	}
	out["note-p50-ms"] = loadMS(loadPercentile(took, 50))
	out["note-p99-ms"] = loadMS(loadPercentile(took, 99))
	out["note-max-ms"] = loadMS(loadPercentile(took, 100))
	out["enter-spread-ms"] = loadMS(spread)
	out["note-server-cpu-ms"] = loadMS(serverCPU / time.Duration(bursts))
	out["note-client-cpu-ms"] = loadMS(clientCPU / time.Duration(bursts))
}

// burstCost is what one burst of notes cost.
type burstCost struct {
	spread, serverCPU, clientCPU time.Duration
}

// manyBurst is burst number k: the first person of each room writes a
// message and sends it, all rooms within a few milliseconds; it returns,
// per client, how long after its author's enter the message was on its
// screen. With a profile directory, the server's (where it can) and the
// clients' CPU profiles of the burst are written there (go tool pprof
// adds up several files).
func manyBurst(tb testing.TB, run *loadGroup, clients []*termtest.Client, rooms, k int, peer comparePeer, srv manyServer) ([]time.Duration, burstCost) {
	tb.Helper()
	n := len(clients)
	authors, seen := clients[:rooms], make([]func(int, string) bool, rooms)
	for r, c := range authors {
		probe := fmt.Sprintf("manyprobe%d-%d", k, r)
		peer.write(tb, c, probe)
		seen[r] = peer.seen(probe)
	}
	time.Sleep(loadSettle)
	stopProfiles := func() {}
	if dir := os.Getenv(loadProfileEnv); dir != "" {
		stopServer := func() {}
		if srv.profile != nil {
			stopServer = srv.profile(loadProfilePath(tb, dir, fmt.Sprintf("server-manyrooms-%s-cpu-burst%d", peer.name, k), n))
		}
		stopClients := loadClientProfile(tb, dir, fmt.Sprintf("client-manyrooms-%s-cpu-burst%d", peer.name, k), n)
		stopProfiles = func() { stopClients(); stopServer() }
	}
	var srv0, cpu0 time.Duration
	entered := make([]time.Time, rooms)
	took := run.measure(tb, clients, "each room's message", func() time.Time {
		cpu0, srv0 = loadCPU(), srv.cpu()
		for r, c := range authors {
			entered[r] = time.Now()
			c.Press("enter")
		}
		return entered[0]
	}, func(i int, s string) bool {
		return seen[i%rooms](i/rooms, s) // the author is the first in the room
	})
	cpu1, srv1 := loadCPU(), srv.cpu()
	stopProfiles()
	for i := range took {
		took[i] = max(0, took[i]-entered[i%rooms].Sub(entered[0]))
	}
	time.Sleep(loadSettle)
	return took, burstCost{spread: entered[rooms-1].Sub(entered[0]), serverCPU: srv1 - srv0, clientCPU: cpu1 - cpu0}
}

// BenchmarkManyRoomsSustained: R workshops of P people at work at once,
// rather than one note in each at the same instant. Each room is
// BenchmarkRoomSustained's room (typists, authors, voters; sustainSeed
// notes to start), with its own rate of notes and dots; the rooms' notes
// are spread evenly over each interval, so the server sees a steady stream
// from all of them. Reported over every room, with the metrics of
// BenchmarkRoomSustained: currency (an author's enter until each voter's
// screen in that room shows the note), echo, the authors' lateness, the
// rates, and the CPU of the server, the clients and the rest.
//
//	SAMLA_MANY_ROOMS=100 SAMLA_MANY_PEOPLE=20 SAMLA_SUSTAIN_SECONDS=60 \
//	  go test -run '^$' -bench ManyRoomsSustained -benchtime 1x -timeout 60m ./cmd/samla/
//
// The default rates per room are a note every two seconds and a dot every
// two seconds (SAMLA_MANY_NOTES_PER_S, SAMLA_MANY_DOTS_PER_S): about twenty
// times a brainstorm's pace, where each person writes a note a minute.
func BenchmarkManyRoomsSustained(b *testing.B) {
	cfg := sustainConfigFrom(b, manyNotesEnv, 0.5, manyDotsEnv, 0.5)
	manyRoomsBench(b, 4, func(tb testing.TB, rooms, people int) map[string]float64 {
		return sustainRooms(tb, rooms, people, cfg, "server-manyrooms-sustained-cpu")
	})
}

const (
	manyNotesEnv = "SAMLA_MANY_NOTES_PER_S"
	manyDotsEnv  = "SAMLA_MANY_DOTS_PER_S"
)
