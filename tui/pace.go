package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
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
)

// paceWindow is how long after drawing a snapshot a session in a room with
// online people waits before it takes another.
func paceWindow(online int) time.Duration {
	if online < paceFrom {
		return 0
	}
	return min(time.Duration(online)*pacePerPerson, paceMost)
}

// pacedListenCmd is listenCmd for a screen that drew the snapshot taken
// at drawnAt (zero for none): after a change it waits until the window
// since drawnAt is over, then takes the newest snapshot. after is
// time.After, or a clock a test controls.
func pacedListenCmd(ctx context.Context, m follower, drawnAt time.Time, after func(time.Duration) <-chan time.Time) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-m.Changed():
		case <-m.Room().Done():
			return roomClosedMsg{from: m}
		case <-ctx.Done():
			return nil
		}
		if !drawnAt.IsZero() {
			if wait := time.Until(drawnAt.Add(paceWindow(m.Latest().Online))); wait > 0 {
				select {
				case <-after(wait):
				case <-m.Room().Done():
					return roomClosedMsg{from: m}
				case <-ctx.Done():
					return nil
				}
				// The changes signalled during the wait are in the newest
				// snapshot, taken below (a room stores a snapshot before
				// it signals): left pending, the signal would wake the
				// next listener to draw the same snapshot again.
				select {
				case <-m.Changed():
				default:
				}
			}
		}
		return roomMsg{snap: m.Latest(), from: m, at: time.Now()}
	}
}
