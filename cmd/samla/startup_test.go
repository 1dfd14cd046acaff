//go:build linux || darwin

package main

// BenchmarkStartup: a server with a full database starts at once, and a
// room loads when its first person comes in (issue: 100 rooms and 100,000
// notes, under 1 s). The database is made once, before the timing, through
// the hub (loadSeed): R rooms of K notes, each room's notes written by 20
// people. Each iteration then starts `samla serve` on it in a child process
// as the load tool does, and reports:
//
//	start-to-listen-ms  from starting the process until it says where to
//	                    connect (the test binary's own start included)
//	start-to-ssh-ms     from starting the process until an SSH handshake
//	                    with it has finished
//	first-join-ms       a new person's connection to a room nobody has
//	                    been in since the start, until their name question
//	                    shows: the room's log is read then
//	again-join-ms       the same for a second new person, the room loaded
//	room-load-ms        the room's load alone, in this process: a fresh
//	                    hub on the same database opening the same room
//
//	go test -run '^$' -bench Startup -benchtime 5x -timeout 30m ./cmd/samla/
//	SAMLA_STARTUP_ROOMS=100 SAMLA_STARTUP_NOTES=1000 (the defaults)
//
// Iterations share the database; each joins a different room, so every
// first join is a load from the log.

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

const (
	startupRoomsEnv = "SAMLA_STARTUP_ROOMS"
	startupNotesEnv = "SAMLA_STARTUP_NOTES"
	// startupWriters write each room's notes; a person may write at most
	// 50 notes in an activity by default, and 1,000 need 20 of them.
	startupWriters = 20
)

func BenchmarkStartup(b *testing.B) {
	rooms := loadEnvInts(b, startupRoomsEnv, []int{100}, 1)[0]
	notes := loadEnvInts(b, startupNotesEnv, []int{1000}, 1)[0]
	dir := b.TempDir()
	db := filepath.Join(dir, "samla.db")
	made := time.Now()
	codes := loadSeed(b, db, rooms, notes, min(startupWriters, notes))
	b.Logf("%d rooms of %d notes made in %v (%s)", rooms, notes, time.Since(made).Round(time.Millisecond), startupSize(db))
	var all loadMetrics
	i := 0
	for b.Loop() {
		all.add(startupRun(b, dir, codes[i%len(codes)]))
		i++
	}
	all.report(b)
}

// startupRun starts the server on the database in dir and joins room code.
func startupRun(tb testing.TB, dir, code string) map[string]float64 {
	out := map[string]float64{}
	start := time.Now()
	srv := loadStartServer(tb, dir, 10)
	defer srv.stop()
	out["start-to-listen-ms"] = loadMS(time.Since(start))
	startupHandshake(tb, srv.addr)
	out["start-to-ssh-ms"] = loadMS(time.Since(start))
	for _, unit := range []string{"first-join-ms", "again-join-ms"} {
		at := time.Now()
		c := termtest.Dial(tb, srv.addr, termtest.Options{User: code, Signer: termtest.NewSigner(tb), Timeout: loadWait})
		c.WaitFor(tb, "What should others call you?")
		out[unit] = loadMS(time.Since(at))
		c.Close()
	}
	srv.stop()
	out["room-load-ms"] = loadMS(startupLoad(tb, filepath.Join(dir, "samla.db"), code))
	return out
}

// startupHandshake connects and completes an SSH handshake, then hangs up.
func startupHandshake(tb testing.TB, addr string) {
	tb.Helper()
	cfg := &ssh.ClientConfig{
		User: "guest", Auth: []ssh.AuthMethod{ssh.PublicKeys(termtest.NewSigner(tb))},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: loadWait,
	}
	nc, err := net.DialTimeout("tcp", addr, loadWait)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	cc, chans, reqs, err := ssh.NewClientConn(nc, addr, cfg)
	if err != nil {
		tb.Fatalf("SSH handshake: %v", err)
	}
	_ = ssh.NewClient(cc, chans, reqs).Close()
}

// startupLoad times a fresh hub's loading of room code from the database.
func startupLoad(tb testing.TB, db, code string) time.Duration {
	tb.Helper()
	st, err := store.Open(db)
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	defer func() { _ = st.Close() }()
	hub, err := session.NewHub(st)
	if err != nil {
		tb.Fatalf("hub: %v", err)
	}
	defer hub.Close()
	at := time.Now()
	if _, err := hub.Open(context.Background(), code); err != nil {
		tb.Fatalf("open %s: %v", code, err)
	}
	return time.Since(at)
}

// startupSize says how big the database files are.
func startupSize(db string) string {
	var sum int64
	for _, f := range []string{db, db + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			sum += fi.Size()
		}
	}
	return fmt.Sprintf("%.1f MB", float64(sum)/1e6)
}
