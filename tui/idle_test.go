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
