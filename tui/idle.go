package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// idleTimer disconnects people who left: the SSH idle deadline cannot, since
// a busy room writes to every connection. It warns before it acts, and the
// warning costs a few bytes once, not a ticking clock.
type idleTimer struct {
	timeout, warning time.Duration
	now              func() time.Time
	last             time.Time
	warned, expired  bool
}

type idleCheckMsg struct{}

func newIdleTimer(timeout time.Duration, now func() time.Time) idleTimer {
	// Two minutes' warning, or a fifth of a short timeout.
	warning := min(2*time.Minute, timeout/5)
	return idleTimer{timeout: timeout, warning: warning, now: now, last: now()}
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
	return tea.Tick(max(due.Sub(t.now()), time.Millisecond), func(time.Time) tea.Msg { return idleCheckMsg{} })
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
