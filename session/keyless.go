package session

import "errors"

// People without a key are someone new on every connection, so a budget
// per person alone gives a fresh set of dots to whoever reconnects. Dots
// of people without a key are therefore also counted per connection
// source: in one vote, everyone without a key from one source together has
// at most the per-person budget times the most people without a key that
// source has had in the room at once. A class of sixty behind one NAT has
// sixty budgets, as it should; one person reconnecting has one, however
// often they come back. Peak rather than present: a class does not lose
// dots it has not given yet when the first of them go home.

// The notes people without a key write in one activity are shared the
// same way: at most NotesPerActivity times that peak from one source.

// ErrSourceNotesSpent refuses a note when everyone without a key from the
// same address has together written as many as they may in this activity.
var ErrSourceNotesSpent = errors.New("everyone without a key at this address has written the most notes they may here")

// ErrSourceDotsSpent refuses a dot when everyone without a key from the
// same address has together given all the dots they have between them.
var ErrSourceDotsSpent = errors.New("the dots of everyone without a key at this address are spent")

// keylessSources is what a room knows of where people without a key came
// from. Only the room's owner goroutine touches it.
type keylessSources struct {
	pids   map[string][]string // source → everyone without a key who came from it
	online map[string]int      // source → of those, how many are here now
	peak   map[string]int      // source → the most that were here at once
	// notes counts the notes they wrote, by source and activity. A deleted
	// note is not given back: the budget is generous, and counting never
	// goes wrong by a note deleted and written again.
	notes map[string]map[string]int
}

func newKeylessSources() keylessSources {
	return keylessSources{pids: map[string][]string{}, online: map[string]int{}, peak: map[string]int{},
		notes: map[string]map[string]int{}}
}

// mayWrite refuses a note once the current activity's notes of everyone
// without a key from source reach their shared budget.
func (k *keylessSources) mayWrite(s *state, source string) error {
	if source == "" {
		return nil
	}
	if k.notes[source][s.currentActivity().ID] >= s.limits.NotesPerActivity*k.peak[source] {
		return ErrSourceNotesSpent
	}
	return nil
}

// wrote counts a saved note of someone without a key from source.
func (k *keylessSources) wrote(source, activity string) {
	if source == "" {
		return
	}
	if k.notes[source] == nil {
		k.notes[source] = map[string]int{}
	}
	k.notes[source][activity]++
}

// arrive counts someone without a key from source ("" is no known
// source, which only per-person budgets bind).
func (k *keylessSources) arrive(source, pid string) {
	if source == "" {
		return
	}
	k.pids[source] = append(k.pids[source], pid)
	k.online[source]++
	k.peak[source] = max(k.peak[source], k.online[source])
}

// leave counts them gone; their dots still count against the source.
func (k *keylessSources) leave(source string) {
	if source == "" {
		return
	}
	if k.online[source]--; k.online[source] <= 0 {
		delete(k.online, source)
	}
}

// mayDot refuses a dot once the current activity's dots of everyone
// without a key from source reach their shared budget.
func (k *keylessSources) mayDot(s *state, source string) error {
	if source == "" {
		return nil
	}
	a := s.currentActivity()
	b, ok := held[ballot](s, a.ID)
	if !a.TakesDots() || !ok {
		return nil
	}
	used := 0
	for _, pid := range k.pids[source] {
		for _, n := range b.byPerson[pid] {
			used += n
		}
	}
	if used >= a.budget()*k.peak[source] {
		return ErrSourceDotsSpent
	}
	return nil
}
