package session

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// Limits keep one person (or one script) from flooding a room. They are
// generous for people: a participant writing as fast as they can think
// never meets them; a pasted script meets them at once.
type Limits struct {
	// NoteLen is the most characters (as people count them) in a note.
	NoteLen int
	// NotesPerActivity is the most notes one person may write in one activity.
	NotesPerActivity int
	// NotesPerMinute and NoteBurst limit how fast one connection writes notes.
	NotesPerMinute float64
	NoteBurst      int
	// ActionsPerSecond and ActionBurst limit every other command (dots,
	// renames) from one connection.
	ActionsPerSecond float64
	ActionBurst      int
}

// DefaultLimits are samla's defaults.
func DefaultLimits() Limits {
	return Limits{
		NoteLen:          280,
		NotesPerActivity: 50,
		NotesPerMinute:   12,
		NoteBurst:        5,
		ActionsPerSecond: 5,
		ActionBurst:      20,
	}
}

// Validate reports a limit that would make the room unusable.
func (l Limits) Validate() error {
	switch {
	case l.NoteLen < 1 || l.NoteLen > MaxNoteLen:
		return fmt.Errorf("note length must be 1 to %d, not %d", MaxNoteLen, l.NoteLen)
	case l.NotesPerActivity < 1:
		return fmt.Errorf("notes per activity must be at least 1, not %d", l.NotesPerActivity)
	case l.NotesPerMinute <= 0 || l.NoteBurst < 1:
		return errors.New("the note rate and burst must be positive")
	case l.ActionsPerSecond <= 0 || l.ActionBurst < 1:
		return errors.New("the action rate and burst must be positive")
	}
	return nil
}

// SlowDown is the refusal of a command that came too fast. It says when
// the next one will be accepted, so the screen can say so kindly.
type SlowDown struct{ Wait time.Duration }

func (e *SlowDown) Error() string {
	return fmt.Sprintf("slow down: try again in %s", e.Wait.Round(time.Second))
}

// ErrSlowDown matches any SlowDown with errors.Is.
var ErrSlowDown = errors.New("slow down")

// Is makes errors.Is(err, ErrSlowDown) true for every SlowDown.
func (e *SlowDown) Is(target error) bool { return target == ErrSlowDown }

// ErrTooManyNotes is the refusal of a note past NotesPerActivity.
var ErrTooManyNotes = errors.New("too many notes in this activity")

// throttle is one connection's limiters.
type throttle struct {
	notes   *rate.Limiter
	actions *rate.Limiter
}

func newThrottle(l Limits) throttle {
	return throttle{
		notes:   rate.NewLimiter(rate.Limit(l.NotesPerMinute/60), l.NoteBurst),
		actions: rate.NewLimiter(rate.Limit(l.ActionsPerSecond), l.ActionBurst),
	}
}

// allow takes a token from lim or says how long until one is free. A
// refused command costs nothing, so hammering a key does not lengthen the wait.
func allow(lim *rate.Limiter, now time.Time) error {
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &SlowDown{Wait: d}
	}
	return nil
}

// MaxNoteLen is the longest note a room may allow; input buffers are sized
// from it.
const MaxNoteLen = 2000
