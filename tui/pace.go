package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// Pacing a big room's redraws.
//
// Each screen draws every snapshot it takes, and a redraw costs about
// 0.6 ms of server CPU per person (docs/PERFORMANCE.md). In a room of
// hundreds, changes come faster than the server can redraw everyone: each
// arrival, each dot. So a session that drew a snapshot recently waits out a
// short window before taking the next one, and then takes only the newest.
// The first change after a quiet spell is drawn at once, so a single note
// still reaches every screen without delay; only bursts are thinned. A
// person's own keys are not held up: the wait is in the listener's command,
// not in the program's loop.

const (
	// paceFrom is the smallest room that is paced: below it every change
	// is drawn, as the cost of drawing it for everyone stays small.
	paceFrom = 50
	// pacePerPerson makes the window grow with the room, so the redraws
	// of the whole room stay near a fixed CPU budget (N people redrawing
	// once per N×0.5 ms is 2,000 redraws a second, about a core's worth).
	pacePerPerson = 500 * time.Microsecond
	// paceMost bounds the window: a screen is never more than this behind.
	paceMost = 500 * time.Millisecond
	// pacePresence is the window for changes of who is here only (people
	// arriving, naming themselves, leaving): a room of hundreds filling up
	// is a change every few milliseconds, which nobody needs to see sooner
	// than once a second, and drawing each was most of what filling the
	// room cost.
	pacePresence = time.Second
)

// paceWindow is how long after drawing a snapshot a session in a room with
// online people waits before it takes another.
func paceWindow(online int) time.Duration {
	if online < paceFrom {
		return 0
	}
	return min(time.Duration(online)*pacePerPerson, paceMost)
}

// drawnMark is what a screen shows: when its snapshot was taken, and the
// snapshot's WorkSeq, which tells a change of work from one of presence.
type drawnMark struct {
	at   time.Time
	work int64
}

// windowAfter is how long after drawn the screen waits to draw snap.
func windowAfter(drawn drawnMark, snap *session.Snapshot) time.Duration {
	w := paceWindow(snap.Online)
	if w > 0 && snap.WorkSeq == drawn.work {
		return max(w, pacePresence)
	}
	return w
}

// pacedListenCmd is listenCmd for a screen that shows drawn (a zero time
// for nothing yet): after a change it waits until the window since then is
// over, then takes the newest snapshot. While it waits out the longer
// window of a presence change, a change of work ends the wait as soon as
// its own window allows. after is time.After, or a clock a test controls.
func pacedListenCmd(ctx context.Context, m follower, drawn drawnMark, after func(time.Duration) <-chan time.Time) tea.Cmd {
	return func() tea.Msg {
		first := listenCmd(ctx, m)()
		if _, changed := first.(roomMsg); !changed {
			return first // the room or the session ended
		}
		if !drawn.at.IsZero() {
			if msg, done := waitWindow(ctx, m, drawn, after); done {
				return msg
			}
			// The changes signalled during the wait are in the newest
			// snapshot, taken below (a room stores a snapshot before it
			// signals): left pending, the signal would wake the next
			// listener to draw the same snapshot again.
			drain(m.Changed())
		}
		drain(m.WorkChanged())
		return roomMsg{snap: m.Latest(), from: m, at: time.Now()}
	}
}

// waitWindow waits until the newest snapshot's window is over; done says
// the room or the session ended meanwhile, with what to tell the program.
func waitWindow(ctx context.Context, m follower, drawn drawnMark, after func(time.Duration) <-chan time.Time) (tea.Msg, bool) {
	for {
		snap := m.Latest()
		wait := time.Until(drawn.at.Add(windowAfter(drawn, snap)))
		if wait <= 0 {
			return nil, false
		}
		// Only a presence wait can be cut short by what comes next, and
		// only by a change of work: waking at every arrival would wake
		// every screen of a room filling up at each one.
		var worked <-chan struct{}
		if snap.WorkSeq == drawn.work {
			worked = m.WorkChanged()
		}
		select {
		case <-after(wait):
			return nil, false
		case <-worked:
		case <-m.Room().Done():
			return roomClosedMsg{from: m}, true
		case <-ctx.Done():
			return nil, true
		}
	}
}

// drain clears a pending signal.
func drain(signal <-chan struct{}) {
	select {
	case <-signal:
	default:
	}
}
