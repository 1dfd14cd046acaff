package tui

import (
	"context"
	"testing"
	"time"
)

// TestTicksEndWithTheSession: a countdown tick or an idle check still
// waiting when the session ends gives up at once and says nothing, instead
// of waiting out its timer and keeping the ended program alive meanwhile
// (issue 14). A tick that waited would come back with its message.
func TestTicksEndWithTheSession(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	now := time.Now()
	idle := newIdleTimer(ctx, nil, time.Hour, time.Now)
	cases := []struct {
		name string
		msg  func() any
	}{
		{"countdown", func() any { return tickAt(ctx, nil, now.Add(time.Hour), now)() }},
		{"idle check", func() any { return idle.schedule()() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if msg := c.msg(); msg != nil {
				t.Fatalf("a tick after the session ended still said %#v", msg)
			}
		})
	}
}
