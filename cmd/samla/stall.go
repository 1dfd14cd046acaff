package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// defaultUnread is how long a client may read nothing before it is
// dropped: longer than a weak link's usual gaps, short enough that a frozen
// laptop leaves the online count within a couple of minutes. Someone idle
// but connected is never dropped by it: their client reads and answers.
const defaultUnread = 90 * time.Second

// stallChunk is how much of a frame goes out per step: each step that
// completes is progress, so a large frame on a slow link that is still
// reading never counts as a stall, only one that stopped.
const stallChunk = 16 << 10

// stallWriter is a session's output. A write that makes no progress for
// the bound (the client stopped reading: a paused terminal, a frozen
// laptop, so the SSH window and the socket stay full) hangs up the
// connection, which ends the write with an error. Without it the program's
// renderer waited for window space forever, holding its lock, so the
// program and everything it held stayed until the client came back.
type stallWriter struct {
	w     io.Writer
	bound time.Duration

	mu    sync.Mutex  // one write at a time, so one timer covers them all
	timer *time.Timer // armed while a step is on its way
}

// newStallWriter writes to w; hangUp is called when one step has waited
// for the bound.
func newStallWriter(w io.Writer, bound time.Duration, hangUp func()) *stallWriter {
	t := time.AfterFunc(bound, hangUp)
	t.Stop()
	return &stallWriter{w: w, bound: bound, timer: t}
}

func (s *stallWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	written := 0
	for len(p) > 0 {
		n, err := s.step(p[:stepLen(p)])
		written += n
		if err != nil {
			return written, fmt.Errorf("write to session: %w", err)
		}
		p = p[n:]
	}
	return written, nil
}

func (s *stallWriter) step(p []byte) (int, error) {
	s.timer.Reset(s.bound)
	defer s.timer.Stop()
	return s.w.Write(p) //nolint:wrapcheck // wrapped by Write
}

// stepLen is the next step's length: at most stallChunk, never ending
// between a CR and its LF, which the PTY writer underneath would otherwise
// double.
func stepLen(p []byte) int {
	n := min(len(p), stallChunk)
	if n < len(p) && p[n-1] == '\r' {
		n++
	}
	return n
}

// keepAlive asks the client for a sign of life every half bound, and hangs
// up if none comes within the other half, so a client that reads nothing
// at all (a laptop asleep, a link gone without a word) is dropped within
// the bound even when there is nothing to write to it. Any SSH client
// answers (OpenSSH and Go's with a refusal, which is an answer), also one
// whose person has not touched a key for an hour. It ends with ctx; the
// channel it returns is closed once it has.
//
// Between asks it is a runtime timer, not a goroutine: a goroutine for
// each person, asleep for the whole session, is a stack the garbage
// collector scans at every collection.
func keepAlive(ctx context.Context, conn gossh.Conn, bound time.Duration, hangUp func()) <-chan struct{} {
	half := bound / 2
	done := make(chan struct{})
	var once sync.Once
	end := func() { once.Do(func() { close(done) }) }
	var mu sync.Mutex // the timer is set before its first ask reads it
	var timer *time.Timer
	ask := func() {
		if ctx.Err() == nil && !answers(ctx, conn, half) {
			hangUp()
			end()
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil { // ended before or while asking: not again
			end()
			return
		}
		timer.Reset(half)
	}
	mu.Lock()
	timer = time.AfterFunc(half, ask)
	mu.Unlock()
	context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if timer.Stop() { // else an ask is under way, and ends it
			end()
		}
	})
	return done
}

// answers sends one keepalive and says whether the client answered within
// wait (or ctx ended first, which is no reason to hang up).
func answers(ctx context.Context, conn gossh.Conn, wait time.Duration) bool {
	reply := make(chan error, 1)
	go func() {
		// Returns when the reply comes or the connection closes, so this
		// goroutine never outlives the connection.
		_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
		reply <- err
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-reply:
		return err == nil
	case <-ctx.Done():
		return true
	case <-timer.C:
		return false
	}
}
