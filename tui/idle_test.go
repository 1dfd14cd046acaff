package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestIdleCheckEndsWithTheSession: the idle check sleeps for most of an
// hour; when the session ends it must return at once, or it keeps the
// ended program in memory (issue 14: a megabyte per visit). Without the
// fix this test waits for the hour and go test's timeout fails it.
func TestIdleCheckEndsWithTheSession(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	idle := newIdleTimer(ctx, nil, time.Hour, time.Now)
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
			idle := newIdleTimer(t.Context(), nil, c.timeout, time.Now)
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

// TestLaterSendsWithoutAGoroutine: with a way to send to the program, a
// wait is a timer: the command returns at once, the message comes after
// the wait, and a session that ended first gets nothing and lets go of it.
func TestLaterSendsWithoutAGoroutine(t *testing.T) {
	got := make(chan tea.Msg, 1)
	send := func(m tea.Msg) { got <- m }
	cmd := laterCmd(t.Context(), send, 20*time.Millisecond, idleCheckMsg{})
	if msg := cmd(); msg != nil {
		t.Fatalf("the command gave %T itself instead of returning", msg)
	}
	select {
	case m := <-got:
		if _, ok := m.(idleCheckMsg); !ok {
			t.Fatalf("sent %T", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was sent")
	}

	ctx, cancel := context.WithCancel(context.Background())
	ended := laterCmd(ctx, send, time.Hour, idleCheckMsg{})
	_ = ended()
	cancel()
	sent := func(m tea.Msg) { got <- m }
	_ = laterCmd(ctx, sent, time.Millisecond, idleCheckMsg{})() // after the end: never sent
	time.Sleep(50 * time.Millisecond)
	if len(got) != 0 {
		t.Fatalf("a wait whose session ended sent %T", <-got)
	}
}
