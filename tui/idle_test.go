package tui

import (
	"context"
	"testing"
	"time"
)

// TestIdleCheckEndsWithTheSession: the idle check sleeps for most of an
// hour; when the session ends it must return at once, or it keeps the
// ended program in memory (issue 14: a megabyte per visit). Without the
// fix this test waits for the hour and go test's timeout fails it.
func TestIdleCheckEndsWithTheSession(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	idle := newIdleTimer(ctx, time.Hour, time.Now)
	cmd := idle.schedule()
	cancel()
	if msg := cmd(); msg != nil {
		t.Fatalf("the idle check after the session ended gave %T, want nothing", msg)
	}
}

// The first check comes at once and schedules the long sleep on its own
// (see start); without a timeout there is nothing to check, and above all
// nothing to expire.
func TestIdleStartChecksAtOnce(t *testing.T) {
	for _, c := range []struct {
		name    string
		timeout time.Duration
		checks  bool
	}{
		{"an hour", time.Hour, true},
		{"no timeout", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			idle := newIdleTimer(t.Context(), c.timeout, time.Now)
			cmd := idle.start()
			if (cmd != nil) != c.checks {
				t.Fatalf("a first check: %v, want %v", cmd != nil, c.checks)
			}
			if cmd == nil {
				return
			}
			if _, ok := cmd().(idleCheckMsg); !ok {
				t.Fatal("the first check is not an idle check")
			}
			next, expired := idle.check()
			if expired || next == nil || idle.warned {
				t.Fatalf("the first check expired (%v), warned (%v) or scheduled nothing (%v)", expired, idle.warned, next == nil)
			}
		})
	}
}
