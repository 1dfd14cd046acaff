package tui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// idleTimer disconnects people who left: the SSH idle deadline cannot, since
// a busy room writes to every connection. It warns before it acts, and the
// warning costs a few bytes once, not a ticking clock.
type idleTimer struct {
	// ctx is the session's: its end ends a sleeping check, so no timer
	// outlives the program and keeps it in memory (issue 14).
	ctx              context.Context
	send             func(tea.Msg) // to the program, for the check's timer; nil sleeps
	timeout, warning time.Duration
	now              func() time.Time
	last             time.Time
	warned, expired  bool
}

type idleCheckMsg struct{}

func newIdleTimer(ctx context.Context, send func(tea.Msg), timeout time.Duration, now func() time.Time) idleTimer {
	// Two minutes' warning, or a fifth of a short timeout.
	warning := min(2*time.Minute, timeout/5)
	return idleTimer{ctx: ctx, send: send, timeout: timeout, warning: warning, now: now, last: now()}
}

func (t *idleTimer) touch() {
	t.last = t.now()
	t.warned = false
}

// schedule wakes the timer when the warning would be due.
func (t *idleTimer) schedule() tea.Cmd {
	if t.timeout <= 0 {
		return nil
	}
	due := t.last.Add(t.timeout - t.warning)
	if t.warned {
		due = t.last.Add(t.timeout)
	}
	return laterCmd(t.ctx, t.send, max(due.Sub(t.now()), time.Millisecond), idleCheckMsg{})
}

// start is the first check, at once: it schedules the sleep on its own.
// Batched with a program's other first commands, the sleep (most of an
// hour) would keep Bubble Tea's goroutine that waits for the whole batch
// alive with it, one goroutine more for every person for that hour.
func (t *idleTimer) start() tea.Cmd {
	if t.timeout <= 0 {
		return nil
	}
	return func() tea.Msg { return idleCheckMsg{} }
}

// sleepCmd is tea.Tick that also ends with ctx: a tea.Tick waits out its
// timer whatever happens, and Bubble Tea's batch waits for it, so a long
// tick keeps an ended program and everything it holds alive until it fires.
func sleepCmd(ctx context.Context, d time.Duration, msg tea.Msg) tea.Cmd {
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			return msg
		case <-ctx.Done():
			return nil
		}
	}
}

// laterCmd has msg sent to the program after d, unless ctx ends first,
// by a runtime timer: the command returns at once, and no goroutine waits
// (a sleeping one for every person's idle check was one goroutine more
// per person, for every collection to scan). Without send it is sleepCmd.
// Once ctx ends the timer is stopped, so it keeps nothing of an ended
// program alive.
func laterCmd(ctx context.Context, send func(tea.Msg), d time.Duration, msg tea.Msg) tea.Cmd {
	if send == nil || ctx == nil {
		return sleepCmd(ctx, d, msg)
	}
	return func() tea.Msg {
		if ctx.Err() != nil {
			return nil
		}
		var mu sync.Mutex
		var letGo func() bool
		mu.Lock()
		defer mu.Unlock()
		t := time.AfterFunc(d, func() {
			mu.Lock()
			stop := letGo
			mu.Unlock()
			stop() // the context need not call back to a timer that fired
			if ctx.Err() == nil {
				send(msg)
			}
		})
		letGo = context.AfterFunc(ctx, func() { t.Stop() })
		return nil
	}
}

// check warns, expires, or sleeps again; a key press since the last
// schedule simply moves the next check later.
func (t *idleTimer) check() (tea.Cmd, bool) {
	idle := t.now().Sub(t.last)
	switch {
	case idle >= t.timeout:
		t.expired = true
		return nil, true
	case idle >= t.timeout-t.warning:
		t.warned = true
	}
	return t.schedule(), false
}
