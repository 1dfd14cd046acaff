package tui

import (
	"regexp"
	"testing"
	"time"

	"github.com/samla/samla/session"
)

// TestCountdownWakesOnlyWhenTheTextChanges: an hour's countdown wakes a
// screen 119 times (59 minute changes, then 60 seconds), not 3,600, and
// every wake shows something new while nothing changes in between.
func TestCountdownWakesOnlyWhenTheTextChanges(t *testing.T) {
	text := Swedish()
	for _, start := range []time.Duration{time.Hour, 5*time.Minute + 30*time.Second, 61 * time.Second, 3 * time.Second} {
		left, wakes := start, 0
		for left > 0 {
			wait := nextChange(left)
			if wait <= 0 || wait > left {
				t.Fatalf("from %v: wait %v with %v left", start, wait, left)
			}
			before := shownTime(&text, left)
			if mid := shownTime(&text, left-wait/2); mid != before {
				t.Fatalf("from %v: %q became %q before the wake at %v", start, before, mid, left-wait)
			}
			left -= wait
			wakes++
			if left > 0 && shownTime(&text, left) == before {
				t.Fatalf("from %v: woke at %v left and still showed %q", start, left, before)
			}
		}
		if start == time.Hour && wakes != 119 {
			t.Errorf("an hour's countdown woke %d times, want 119", wakes)
		}
	}
}

func TestShownTime(t *testing.T) {
	en := English()
	for _, c := range []struct {
		left time.Duration
		want string
	}{
		{time.Hour, "60 min"}, {5 * time.Minute, "5 min"}, {4*time.Minute + time.Second, "5 min"},
		{61 * time.Second, "2 min"}, {time.Minute, "1:00"}, {59*time.Second + time.Millisecond, "1:00"}, {time.Second, "0:01"},
	} {
		if got := shownTime(&en, c.left); got != c.want {
			t.Errorf("shownTime(%v) = %q, want %q", c.left, got, c.want)
		}
	}
}

// TestSpokenTimer: plain mode says the time in words with the right
// number, never the stopwatch symbol or m:ss, which screen readers read as
// "stopwatch four colon three zero".
func TestSpokenTimer(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	running := func(d time.Duration) session.Timer { return session.Timer{Running: true, EndsAt: now.Add(d)} }
	cases := []struct {
		text  Text
		timer session.Timer
		want  string
	}{
		{Swedish(), running(5 * time.Minute), "Tid kvar: 5 minuter."},
		{Swedish(), running(time.Minute), "Tid kvar: 1 minut."},
		{Swedish(), running(61 * time.Second), "Tid kvar: 1 minut och 1 sekund."},
		{Swedish(), running(45 * time.Second), "Tid kvar: 45 sekunder."},
		{Swedish(), session.Timer{Left: 150 * time.Second}, "Klockan är pausad: 2 minuter och 30 sekunder kvar."},
		{Swedish(), running(0), "Tiden är ute."},
		{Norwegian(), running(2 * time.Minute), "Tid igjen: 2 minutter."},
		{Norwegian(), session.Timer{Left: time.Second}, "Klokka er satt på pause: 1 sekund igjen."},
		{English(), running(90 * time.Second), "Time left: 1 minute and 30 seconds."},
	}
	noise := regexp.MustCompile(`⏱|\d:\d\d`)
	for _, c := range cases {
		got := spokenTimer(&c.text, c.timer, now)
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.text.Code, got, c.want)
		}
		if noise.MatchString(got) {
			t.Errorf("%s: %q has a symbol or m:ss", c.text.Code, got)
		}
	}
}
