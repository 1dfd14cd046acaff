package tui

import (
	"io"
	"sync"
	"time"
)

// Lines is plain mode's way out: text goes into a bounded queue and one
// goroutine writes it to the session, so a stalled client never blocks the
// program, and what is written stays in order.
type Lines struct {
	// missedLine says that n lines were dropped, in the person's language.
	missedLine func(n int) string
	ch         chan string
	done       chan struct{}
	mu         sync.Mutex
	missed     int
	closed     bool
}

// linesQueue holds about a workshop's worth of announcements; past it, a
// client that reads nothing loses lines and is told how many.
const linesQueue = 1024

// NewLines starts writing to w.
func NewLines(w io.Writer) *Lines {
	l := &Lines{ch: make(chan string, linesQueue), done: make(chan struct{}), missedLine: englishMissed}
	go l.drain(w)
	return l
}

func (l *Lines) drain(w io.Writer) {
	defer close(l.done)
	for s := range l.ch {
		if _, err := io.WriteString(w, s); err != nil {
			return
		}
	}
}

// setMissed changes the language of the "lines were skipped" line.
func (l *Lines) setMissed(f func(n int) string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.missedLine = f
}

// put queues s as it is (no newline added).
func (l *Lines) put(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if l.missed > 0 {
		select {
		case l.ch <- l.missedLine(l.missed):
			l.missed = 0
		default:
		}
	}
	select {
	case l.ch <- s:
	default:
		l.missed++
	}
}

// Close stops taking lines and waits a little for the queued ones to go out.
func (l *Lines) Close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.ch)
	}
	l.mu.Unlock()
	select {
	case <-l.done:
	case <-time.After(2 * time.Second):
	}
}

// englishMissed words lines lost before a language is chosen; made when
// needed, since a Text is kilobytes.
func englishMissed(n int) string {
	t := English()
	return t.missedLines(n)
}
