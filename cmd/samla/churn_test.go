package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// footprint is what a server holds that a visit must give back: its
// goroutines, its live heap after a collection, and its open files. The
// test process is server and clients at once, so the clients' share counts
// too; every client here is closed before it is measured.
type footprint struct {
	goroutines int
	heap       uint64
	fds        int
}

func measure(t testing.TB) footprint {
	t.Helper()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("count open files: %v", err)
	}
	return footprint{goroutines: runtime.NumGoroutine(), heap: m.HeapAlloc, fds: len(fds)}
}

func (f footprint) String() string {
	return fmt.Sprintf("%d goroutines, %.1f MiB live heap, %d open files", f.goroutines, float64(f.heap)/(1<<20), f.fds)
}

// within says whether now is back at base: 10 % above it plus a little,
// for what a server legitimately keeps (a pooled database connection, a
// note written, the collector's own pace).
func (f footprint) within(base footprint) bool {
	return f.goroutines <= base.goroutines+base.goroutines/10+8 &&
		f.heap <= base.heap+base.heap/10+4<<20 &&
		f.fds <= base.fds+base.fds/10+6
}

// settle waits for the footprint to come back to base, since the last
// session's goroutines end a moment after its client has gone, and gives
// the last measure either way.
func settle(t testing.TB, base footprint) footprint {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		now := measure(t)
		if now.within(base) || time.Now().After(deadline) {
			return now
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// goroutineSummary is the goroutine profile's most common stacks, so a
// failure shows what is left behind.
func goroutineSummary() string {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	s := b.String()
	if len(s) > 12000 {
		s = s[:12000]
	}
	return s
}

// visit is one way a person comes and goes.
type visit struct {
	name string
	run  func(t testing.TB, addr, code string, key ssh.Signer)
}

// visits: the ways of ending the churn goes through in turn. Known people
// come back with one of a few keys, so the room itself does not grow with
// every visit; the ones who leave at the name question are new each time,
// as they are in a real room.
func visits() []visit {
	return []visit{
		{"ctrl+c", func(t testing.TB, addr, code string, key ssh.Signer) {
			c := arrive(t, addr, code, key)
			defer c.Close()
			c.Press("ctrl+c")
			if err := c.Wait(); err != nil {
				t.Fatalf("ctrl+c did not end the session: %v", err)
			}
		}},
		{"note, then ctrl+c", func(t testing.TB, addr, code string, key ssh.Signer) {
			c := arrive(t, addr, code, key)
			defer c.Close()
			c.Press("n")
			c.WaitFor(t, "New note")
			c.Type("Kön är för lång")
			c.Press("enter")
			c.WaitFor(t, "Saved.")
			c.Press("ctrl+c")
			_ = c.Wait()
		}},
		{"link drops", func(t testing.TB, addr, code string, key ssh.Signer) {
			arrive(t, addr, code, key).Hangup()
		}},
		{"link drops while writing", func(t testing.TB, addr, code string, key ssh.Signer) {
			c := arrive(t, addr, code, key)
			defer c.Close()
			c.Press("n")
			c.WaitFor(t, "New note")
			c.Type("Halvfärdig tanke")
			c.WaitFor(t, "Halvfärdig tanke")
			c.Hangup()
		}},
		{"window closed", func(t testing.TB, addr, code string, key ssh.Signer) {
			arrive(t, addr, code, key).Close()
		}},
		{"gone at the name question", func(t testing.TB, addr, code string, _ ssh.Signer) {
			c := connect(t, addr, termtest.Options{User: code, Signer: termtest.NewSigner(t)})
			defer c.Close()
			c.WaitFor(t, "What should others call you?")
			c.Hangup()
		}},
		{"no key, ctrl+c at the name question", func(t testing.TB, addr, code string, _ ssh.Signer) {
			c := connect(t, addr, termtest.Options{User: code})
			defer c.Close()
			c.WaitFor(t, "What should others call you?")
			c.Press("ctrl+c")
			_ = c.Wait()
		}},
	}
}

// connect dials for a visit that closes its client itself, so the test
// does not keep a thousand screens until it ends.
func connect(t testing.TB, addr string, o termtest.Options) *termtest.Client {
	t.Helper()
	c, err := termtest.Connect(addr, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// arrive joins code with key, answering the name question the first time,
// and waits for the board. The caller closes the client.
func arrive(t testing.TB, addr, code string, key ssh.Signer) *termtest.Client {
	t.Helper()
	c := connect(t, addr, termtest.Options{User: code, Signer: key})
	c.WaitForFunc(t, "the name question or the board", func(s string) bool {
		return strings.Contains(s, "What should others call you?") || strings.Contains(s, "you: ")
	})
	if strings.Contains(c.Screen(), "What should others call you?") {
		c.Type("Gäst")
		c.Press("enter")
	}
	c.WaitFor(t, "you: ")
	return c
}

// churn runs n visits through every way of ending in turn.
func churn(t testing.TB, addr, code string, keys []ssh.Signer, n int) {
	t.Helper()
	all := visits()
	for i := range n {
		v := all[i%len(all)]
		v.run(t, addr, code, keys[i%len(keys)])
	}
}

// TestChurnLeavesNothingBehind: visits that end every way a visit ends
// (quit, a note and quit, a dropped link, a closed window, gone at the name
// question) leave the server's goroutines, live heap and open files where
// they were. Each visit used to leave its whole program behind, held by a
// timer nobody stopped (issue 14: 1,000 visits, 681 MB).
func TestChurnLeavesNothingBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("70 visits over SSH")
	}
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Kommer och går")
	keys := []ssh.Signer{termtest.NewSigner(t), termtest.NewSigner(t), termtest.NewSigner(t)}

	churn(t, srv.addr, code, keys, 2*len(visits())) // warm-up: pools, caches, the room
	base := settle(t, measure(t))
	churn(t, srv.addr, code, keys, 10*len(visits()))
	after := settle(t, base)
	t.Logf("before %v; after %d visits %v", base, 10*len(visits()), after)
	if !after.within(base) {
		t.Fatalf("visits left things behind: before %v, after %v\n%s", base, after, goroutineSummary())
	}
}

// BenchmarkChurn is the full size of the churn: run with -benchtime 1000x
// for a thousand visits. It reports what stays behind and what one visit
// costs.
func BenchmarkChurn(b *testing.B) {
	dir := b.TempDir()
	srv := startServer(b, dir)
	code := newRoom(b, dir, "Kommer och går")
	keys := []ssh.Signer{termtest.NewSigner(b), termtest.NewSigner(b), termtest.NewSigner(b)}
	churn(b, srv.addr, code, keys, 2*len(visits()))
	base := settle(b, measure(b))
	b.ResetTimer()
	churn(b, srv.addr, code, keys, b.N)
	b.StopTimer()
	after := settle(b, base)
	b.Logf("before %v; after %d visits %v", base, b.N, after)
	b.ReportMetric(float64(after.goroutines-base.goroutines), "goroutines-left")
	b.ReportMetric((float64(after.heap)-float64(base.heap))/(1<<20), "MiB-heap-left")
	b.ReportMetric(float64(after.fds-base.fds), "fds-left")
	b.ReportMetric(float64(base.heap)/(1<<20), "MiB-heap-before")
}
