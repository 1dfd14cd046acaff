package session

import (
	"errors"
	"fmt"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
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
	// PeoplePerSource scales the note and dot limits above to one
	// connection source (an address; for IPv6 its /64): the notes and dots
	// of that many people at full speed. People who come without a key are
	// someone new on every connection, so limits per person alone are
	// evaded by reconnecting; a limit per source is not. It is a multiple
	// of one person's, not the whole classroom, because a room of people
	// behind one NAT does not all write in the same second.
	PeoplePerSource int
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
		PeoplePerSource:  20,
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
	case l.PeoplePerSource < 1:
		return fmt.Errorf("people per address must be at least 1, not %d", l.PeoplePerSource)
	}
	return nil
}

// SlowDown is the refusal of a command that came too fast. It says when
// the next one will be accepted, so the screen can say so kindly.
type SlowDown struct {
	Wait time.Duration
	// Source: the limit of the person's address (everyone there together)
	// was met, not their own, so the screen does not blame them alone.
	Source bool
}

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

// newSourceThrottle is the limiters of one connection source: everyone
// there together gets PeoplePerSource people's rates and bursts.
func newSourceThrottle(l Limits) *throttle {
	n := float64(l.PeoplePerSource)
	return &throttle{
		notes:   rate.NewLimiter(rate.Limit(n*l.NotesPerMinute/60), l.PeoplePerSource*l.NoteBurst),
		actions: rate.NewLimiter(rate.Limit(n*l.ActionsPerSecond), l.PeoplePerSource*l.ActionBurst),
	}
}

// maxSources bounds the sources a hub keeps limiters for. Past it the
// least recently seen is forgotten and starts afresh, which costs an
// attacker with that many addresses nothing they did not already have.
const maxSources = 65536

// sourceThrottles are the hub's limiters per connection source.
type sourceThrottles struct {
	limits Limits
	mu     sync.Mutex
	cache  *lru.Cache[string, *throttle]
}

func newSourceThrottles(l Limits) (*sourceThrottles, error) {
	c, err := lru.New[string, *throttle](maxSources)
	if err != nil {
		return nil, fmt.Errorf("source limits: %w", err)
	}
	return &sourceThrottles{limits: l, cache: c}, nil
}

// of is source's limiters; nil for no source (a member made without the
// SSH layer, in tests and tools), which only the per-person limits bind.
func (t *sourceThrottles) of(source string) *throttle {
	if source == "" {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	th, ok := t.cache.Get(source)
	if !ok {
		th = newSourceThrottle(t.limits)
		t.cache.Add(source, th)
	}
	return th
}

// notesLimiter and actionsLimiter are a source's limiters; nil for none.
func (t *throttle) notesLimiter() *rate.Limiter {
	if t == nil {
		return nil
	}
	return t.notes
}

func (t *throttle) actionsLimiter() *rate.Limiter {
	if t == nil {
		return nil
	}
	return t.actions
}

// allowBoth takes a token from the person's limiter and, when there is
// one, the source's; a refusal by either costs neither.
func allowBoth(own, source *rate.Limiter, now time.Time) error {
	r := own.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &SlowDown{Wait: d}
	}
	if source == nil {
		return nil
	}
	rs := source.ReserveN(now, 1)
	if d := rs.DelayFrom(now); d > 0 {
		rs.CancelAt(now)
		r.CancelAt(now)
		return &SlowDown{Wait: d, Source: true}
	}
	return nil
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
