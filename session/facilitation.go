package session

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/samla/samla/session/sanitize"
)

// What facilitators do to a room: roles, the agenda, private writing and
// its reveal, the timer, focus, "ready", locking and removing people. Every
// command here is refused in session for anyone who is not a facilitator,
// whatever a screen shows or hides.

// Errors of facilitation.
var (
	ErrNotFacilitator = errors.New("only facilitators can do that")
	ErrLocked         = errors.New("the room is locked")
	ErrRemoved        = errors.New("you were removed from this room")
	ErrNoSuchActivity = errors.New("no such activity")
	ErrLastActivity   = errors.New("a room needs at least one activity")
	ErrNotYours       = errors.New("only the author can change a note")
	ErrClosedActivity = errors.New("that activity is closed")
	ErrTimer          = errors.New("the timer needs 1 second to 3 hours")
	// ErrStaysFacilitator: that facilitator cannot be made a participant
	// again from the room: the room's creator, oneself, or someone whose
	// key is in the facilitators file (the file is the truth).
	ErrStaysFacilitator = errors.New("that facilitator stays one")
)

// MaxColumns bounds journey-map columns, which share one screen's width.
const MaxColumns = 8

// Events of facilitation.
type (
	facilitatorAdded   struct{ PID string }
	facilitatorRemoved struct{ PID string }
	activityChanged    struct{ ID, Title, Prompt string }
	activityRemoved    struct{ ID string }
	activityMoved      struct {
		ID string
		To int
	}
	activityStarted    struct{ ID string }
	activityConfigured struct {
		ID      string
		Private bool
		Columns []string
	}
	activityRevealed struct {
		ID string
		// Order is the activity's notes as everyone sees them from the
		// reveal on: a random permutation decided at the reveal, so the
		// order written (which can say who wrote what) is never shown, and
		// every screen, the projector, the export and a replay agree.
		// Empty in logs from before the shuffle, and where nothing was
		// written in private.
		Order []string `json:",omitempty"`
	}
	roomLocked         struct{ Locked bool }
	participantRemoved struct{ PID string }
	readySet           struct {
		PID, Activity string
		Ready         bool
	}
	focusSet     struct{ Note string }
	timerChanged struct {
		Action  string // start, pause, resume, add, stop
		Seconds int
	}
	noteEdited struct{ ID, Text string }
	votingSet  struct {
		ID              string
		Budget, PerItem int
		Secret          bool
	}
	noteDeleted struct{ ID string }
)

// Timer is the room's countdown. Running: it ends at EndsAt. Paused: Left
// remains. Both zero: no timer.
type Timer struct {
	EndsAt  time.Time
	Left    time.Duration
	Running bool
}

// Remaining is how long is left at now; zero when done or not set.
func (t Timer) Remaining(now time.Time) time.Duration {
	if t.Running {
		return max(0, t.EndsAt.Sub(now))
	}
	return t.Left
}

// Set reports whether a timer is shown at all.
func (t Timer) Set() bool { return t.Running || t.Left > 0 }

// facilitation is the part of a room's state this file owns.
type facilitation struct {
	facilitators map[string]bool            // by event: creators and co-facilitators
	creators     map[string]bool            // made facilitator before anyone joined
	byKey        map[string]bool            // in memory: keys in the facilitators file
	removed      map[string]bool            // copy on write: snapshots share it
	ready        map[string]map[string]bool // activity → pid → ready
	locked       bool
	// keysRequired: people without an SSH key are refused (room.keys).
	keysRequired bool
	focus        string
	focusSeq     int64
	timer        Timer
	// edits are the seqs of each note's note.edited events, so a later
	// edit or delete can scrub the text they carry (see scrub.go).
	edits map[string][]int64
}

func newFacilitation() facilitation {
	return facilitation{
		facilitators: map[string]bool{},
		creators:     map[string]bool{},
		byKey:        map[string]bool{},
		removed:      map[string]bool{},
		ready:        map[string]map[string]bool{},
		edits:        map[string][]int64{},
	}
}

func (s *state) isFacilitator(pid string) bool {
	return s.fac.facilitators[pid] || s.fac.byKey[pid]
}

// asFacilitator runs decide only for a facilitator.
func (s *state) asFacilitator(pid string, decide func() ([]any, error)) ([]any, error) {
	if !s.isFacilitator(pid) {
		return nil, ErrNotFacilitator
	}
	return decide()
}

func (s *state) activityIndex(id string) int {
	for i, a := range s.activities {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// applyFacilitation folds this file's events; false if body is not one.
func (s *state) applyFacilitation(e event) (bool, error) {
	switch b := e.body.(type) {
	case facilitatorAdded:
		s.fac.facilitators[b.PID] = true
		if len(s.people) == 0 {
			// Only the room's creation names a facilitator before anyone
			// has joined; later ones need a joined person.
			s.fac.creators[b.PID] = true
		}
	case facilitatorRemoved:
		delete(s.fac.facilitators, b.PID)
	case activityChanged:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].Title, s.activities[i].Prompt = b.Title, b.Prompt
		}
	case activityRemoved:
		s.removeActivity(b.ID)
	case activityMoved:
		s.moveActivity(b.ID, b.To)
	case activityStarted:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.current = i
		}
	case activityConfigured:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].Private, s.activities[i].Columns = b.Private, b.Columns
		}
	case activityRevealed:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].Revealed = true
		}
		s.reorderNotes(b.Order)
	case roomLocked:
		s.fac.locked = b.Locked
	case keysRequired:
		s.fac.keysRequired = b.Required
	case participantRemoved:
		// Copy on write: published snapshots share this map.
		removed := make(map[string]bool, len(s.fac.removed)+1)
		for k, v := range s.fac.removed {
			removed[k] = v
		}
		removed[b.PID] = true
		s.fac.removed = removed
	case readySet:
		s.setReady(b)
	case focusSet:
		s.fac.focus, s.fac.focusSeq = b.Note, e.Seq
	case timerChanged:
		s.fac.timer = nextTimer(s.fac.timer, b, e.At)
	case votingSet:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].Budget, s.activities[i].PerItem, s.activities[i].Secret = b.Budget, b.PerItem, b.Secret
		}
	case noteEdited:
		if n := s.noteByID[b.ID]; n != nil {
			n.Text = b.Text
			s.fac.edits[b.ID] = append(s.fac.edits[b.ID], e.Seq)
		}
	case noteDeleted:
		s.deleteNote(b.ID)
		delete(s.fac.edits, b.ID)
	case roomClosed:
		s.applyClosed()
	default:
		return false, nil
	}
	return true, nil
}

func (s *state) removeActivity(id string) {
	i := s.activityIndex(id)
	if i < 0 {
		return
	}
	currentID := s.currentActivity().ID
	s.activities = append(s.activities[:i:i], s.activities[i+1:]...)
	if j := s.activityIndex(currentID); j >= 0 {
		s.current = j
	} else {
		s.current = min(i, len(s.activities)-1)
	}
}

func (s *state) moveActivity(id string, to int) {
	i := s.activityIndex(id)
	if i < 0 {
		return
	}
	currentID := s.currentActivity().ID
	a := s.activities[i]
	rest := append(s.activities[:i:i], s.activities[i+1:]...)
	to = max(0, min(to, len(rest)))
	s.activities = append(rest[:to:to], append([]Activity{a}, rest[to:]...)...)
	s.current = s.activityIndex(currentID)
}

func (s *state) setReady(b readySet) {
	m := make(map[string]bool, len(s.fac.ready[b.Activity])+1)
	for k, v := range s.fac.ready[b.Activity] {
		m[k] = v
	}
	if b.Ready {
		m[b.PID] = true
	} else {
		delete(m, b.PID)
	}
	s.fac.ready[b.Activity] = m
}

func (s *state) deleteNote(id string) {
	delete(s.noteByID, id)
	for i, n := range s.notes {
		if n.ID == id {
			s.notes = append(s.notes[:i:i], s.notes[i+1:]...)
			break
		}
	}
	s.dropVotes(id)
}

// nextTimer is the timer after a change at time at; replay gives the same
// timer because at is the event's stored time.
func nextTimer(t Timer, c timerChanged, at time.Time) Timer {
	d := time.Duration(c.Seconds) * time.Second
	switch c.Action {
	case "start":
		return Timer{EndsAt: at.Add(d), Running: true}
	case "pause":
		return Timer{Left: t.Remaining(at)}
	case "resume":
		return Timer{EndsAt: at.Add(t.Left), Running: true}
	case "add":
		if t.Running {
			t.EndsAt = t.EndsAt.Add(d)
		} else {
			t.Left += d
		}
		return t
	}
	return Timer{}
}

// Decisions.

func (s *state) decideAddFacilitator(by, pid string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if _, ok := s.people[pid]; !ok || s.fac.removed[pid] {
			return nil, ErrNotJoined
		}
		if s.fac.facilitators[pid] {
			return nil, nil
		}
		return []any{facilitatorAdded{PID: pid}}, nil
	})
}

// decideRemoveFacilitator makes a co-facilitator a participant again: a
// mistaken f in the people panel is undone, not lived with for the rest
// of the workshop. The creator, oneself and a key in the facilitators
// file stay facilitators.
func (s *state) decideRemoveFacilitator(by, pid string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		switch {
		case pid == by || s.fac.creators[pid] || s.fac.byKey[pid]:
			return nil, ErrStaysFacilitator
		case !s.fac.facilitators[pid]:
			return nil, nil
		}
		return []any{facilitatorRemoved{PID: pid}}, nil
	})
}

// cleanTitle is an activity title or prompt as people may see it.
func cleanTitle(raw string, maxLen int) (string, error) {
	t := sanitize.Line(raw)
	if sanitize.TooLong(t, maxLen) {
		return "", fmt.Errorf("%w (at most %d characters)", ErrTitle, maxLen)
	}
	return t, nil
}

// cleanHeading checks an activity's title (required) and prompt (optional).
func cleanHeading(title, prompt string) (string, string, error) {
	t, err := cleanTitle(title, MaxTitleLen)
	if err != nil || t == "" {
		return "", "", ErrTitle
	}
	p, err := cleanTitle(prompt, MaxPromptLen)
	if err != nil {
		return "", "", err
	}
	return t, p, nil
}

// MaxPromptLen bounds an activity's prompt ("How might we …?").
const MaxPromptLen = 200

func (s *state) decideAddActivity(by, kind, title, prompt string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) { return s.addActivity(kind, title, prompt) })
}

// addActivity decides a new activity at the end of the agenda; a template
// adds its activities the same way a facilitator does.
func (s *state) addActivity(kind, title, prompt string) ([]any, error) {
	spec, err := specOf(kind)
	if err != nil {
		return nil, err
	}
	t, p, err := cleanHeading(title, prompt)
	if err != nil {
		return nil, err
	}
	added := activityAdded{ID: fmt.Sprintf("a%d", s.seq+1), Kind: kind, Title: t, Prompt: p, Secret: spec.secretDots}
	if len(spec.sources) > 0 {
		added.Source = s.lastOfKinds(len(s.activities), spec.sources...)
	}
	return []any{added}, nil
}

func (s *state) decideChangeActivity(by, id, title, prompt string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.activityIndex(id) < 0 {
			return nil, ErrNoSuchActivity
		}
		t, p, err := cleanHeading(title, prompt)
		if err != nil {
			return nil, err
		}
		return []any{activityChanged{ID: id, Title: t, Prompt: p}}, nil
	})
}

func (s *state) decideRemoveActivity(by, id string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.activityIndex(id) < 0 {
			return nil, ErrNoSuchActivity
		}
		if len(s.activities) == 1 {
			return nil, ErrLastActivity
		}
		return []any{activityRemoved{ID: id}}, nil
	})
}

func (s *state) decideMoveActivity(by, id string, to int) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.activityIndex(id) < 0 {
			return nil, ErrNoSuchActivity
		}
		return []any{activityMoved{ID: id, To: max(0, min(to, len(s.activities)-1))}}, nil
	})
}

// decideGo moves the whole room by steps through the agenda (+1 next, -1
// previous); everyone's screen follows.
func (s *state) decideGo(by string, steps int) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		i := s.current + steps
		if i < 0 || i >= len(s.activities) {
			return nil, ErrNoSuchActivity
		}
		return []any{activityStarted{ID: s.activities[i].ID}}, nil
	})
}

func (s *state) decideConfigure(by, id string, private bool, columns []string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) { return s.configure(id, private, columns) })
}

// configure decides an activity's private writing and columns.
func (s *state) configure(id string, private bool, columns []string) ([]any, error) {
	if s.activityIndex(id) < 0 {
		return nil, ErrNoSuchActivity
	}
	if len(columns) > MaxColumns {
		return nil, fmt.Errorf("%w: at most %d columns", ErrTitle, MaxColumns)
	}
	clean := make([]string, 0, len(columns))
	for _, c := range columns {
		t, err := cleanTitle(c, MaxTitleLen)
		if err != nil {
			return nil, err
		}
		if t != "" {
			clean = append(clean, t)
		}
	}
	return []any{activityConfigured{ID: id, Private: private, Columns: clean}}, nil
}

func (s *state) decideReveal(by string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		a := s.currentActivity()
		if a.Revealed {
			return nil, nil
		}
		revealed := activityRevealed{ID: a.ID}
		if a.Private {
			revealed.Order = shuffled(s.notesOf(a.ID), s.shuffle)
		}
		return []any{revealed}, nil
	})
}

// shuffled is the ids of notes in the order shuffle puts them in.
func shuffled(notes []Note, shuffle func(n int, swap func(i, j int))) []string {
	if len(notes) < 2 {
		return nil
	}
	ids := make([]string, len(notes))
	for i, n := range notes {
		ids[i] = n.ID
	}
	shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids
}

// reorderNotes puts the notes named in order into that order, in the
// places those notes held among all notes, so everything that lists notes
// (cards, items, results, exports) shows the reveal's order. Notes not in
// order (deleted since, or of other activities) keep their places.
func (s *state) reorderNotes(order []string) {
	if len(order) == 0 {
		return
	}
	rank := make(map[string]int, len(order))
	for i, id := range order {
		rank[id] = i
	}
	var places []int
	var picked []*Note
	for i, n := range s.notes {
		if _, ok := rank[n.ID]; ok {
			places = append(places, i)
			picked = append(picked, n)
		}
	}
	sort.SliceStable(picked, func(i, j int) bool { return rank[picked[i].ID] < rank[picked[j].ID] })
	for k, i := range places {
		s.notes[i] = picked[k]
	}
}

// CoarseCount is how private writing shows a count of notes to a room
// (the wall, the board): "a few" (few) from 1 to 4, and from 5 on about
// the nearest multiple of 5, so the count does not tick as each person
// saves, and someone watching a person cannot see when they wrote.
func CoarseCount(n int) (about int, few bool) {
	switch {
	case n <= 0:
		return 0, false
	case n < 5:
		return 0, true
	}
	return (n + 2) / 5 * 5, false
}

func (s *state) decideLock(by string, locked bool) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.fac.locked == locked {
			return nil, nil
		}
		return []any{roomLocked{Locked: locked}}, nil
	})
}

func (s *state) decideRemove(by, pid string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if _, ok := s.people[pid]; !ok {
			return nil, ErrNotJoined
		}
		if s.isFacilitator(pid) {
			return nil, ErrNotFacilitator // facilitators are not removed by each other
		}
		if s.fac.removed[pid] {
			return nil, nil
		}
		return []any{participantRemoved{PID: pid}}, nil
	})
}

func (s *state) decideReady(pid string, ready bool) ([]any, error) {
	if _, ok := s.people[pid]; !ok {
		return nil, ErrNotJoined
	}
	a := s.currentActivity().ID
	if s.fac.ready[a][pid] == ready {
		return nil, nil
	}
	return []any{readySet{PID: pid, Activity: a, Ready: ready}}, nil
}

func (s *state) decideFocus(by, note string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if _, ok := s.noteByID[note]; !ok {
			return nil, ErrNoSuchNote
		}
		return []any{focusSet{Note: note}}, nil
	})
}

func (s *state) decideTimer(by, action string, seconds int) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		switch action {
		case "start", "add":
			if seconds < 1 || seconds > 3*3600 {
				return nil, ErrTimer
			}
		case "pause":
			if !s.fac.timer.Running {
				return nil, nil
			}
		case "resume":
			if s.fac.timer.Running || s.fac.timer.Left == 0 {
				return nil, nil
			}
		case "stop":
		default:
			return nil, ErrTimer
		}
		return []any{timerChanged{Action: action, Seconds: seconds}}, nil
	})
}

// decideEdit and decideDelete: authors change their own notes, while the
// room is still on the note's activity.
func (s *state) decideEdit(pid, id, raw string) ([]any, error) {
	if err := s.mayChange(pid, id); err != nil {
		return nil, err
	}
	text := sanitize.Line(raw)
	switch {
	case text == "":
		return nil, ErrEmptyNote
	case sanitize.TooLong(text, s.limits.NoteLen):
		return nil, ErrNoteTooLong
	}
	return []any{noteEdited{ID: id, Text: text}}, nil
}

func (s *state) decideDelete(pid, id string) ([]any, error) {
	if err := s.mayChange(pid, id); err != nil {
		return nil, err
	}
	return []any{noteDeleted{ID: id}}, nil
}

func (s *state) mayChange(pid, id string) error {
	n, ok := s.noteByID[id]
	switch {
	case !ok:
		return ErrNoSuchNote
	case n.author != pid:
		return ErrNotYours
	case n.ActivityID != s.currentActivity().ID:
		return ErrClosedActivity
	}
	return nil
}

// act runs a command of this member's through the room, rate limited like
// every other action.
func (m *Member) act(ctx context.Context, decide func(s *state) ([]any, error)) error {
	if err := allow(m.throttle.actions, m.room.now()); err != nil {
		return err
	}
	return m.send(ctx, decide)
}

// Facilitator commands. Each is refused by the room for anyone else.

// AddFacilitator makes another participant co-facilitator.
func (m *Member) AddFacilitator(ctx context.Context, pid string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideAddFacilitator(m.id, pid) })
}

// RemoveFacilitator makes a co-facilitator a participant again.
func (m *Member) RemoveFacilitator(ctx context.Context, pid string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRemoveFacilitator(m.id, pid) })
}

// AddActivity appends an activity to the agenda.
func (m *Member) AddActivity(ctx context.Context, kind, title, prompt string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideAddActivity(m.id, kind, title, prompt) })
}

// ChangeActivity renames an activity and sets its prompt.
func (m *Member) ChangeActivity(ctx context.Context, id, title, prompt string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideChangeActivity(m.id, id, title, prompt) })
}

// RemoveActivity takes an activity off the agenda.
func (m *Member) RemoveActivity(ctx context.Context, id string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRemoveActivity(m.id, id) })
}

// MoveActivity puts an activity at position to (0 first).
func (m *Member) MoveActivity(ctx context.Context, id string, to int) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideMoveActivity(m.id, id, to) })
}

// Go moves the room steps through the agenda: +1 next, -1 previous.
func (m *Member) Go(ctx context.Context, steps int) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideGo(m.id, steps) })
}

// Configure sets private writing and columns of an activity.
func (m *Member) Configure(ctx context.Context, id string, private bool, columns []string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideConfigure(m.id, id, private, columns) })
}

// Reveal shows everyone's notes of the current activity at once.
func (m *Member) Reveal(ctx context.Context) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideReveal(m.id) })
}

// Lock closes (or opens) the room to people who have not been in it.
func (m *Member) Lock(ctx context.Context, locked bool) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideLock(m.id, locked) })
}

// Remove takes a participant out of the room for good.
func (m *Member) Remove(ctx context.Context, pid string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRemove(m.id, pid) })
}

// Focus brings everyone's selection to one note.
func (m *Member) Focus(ctx context.Context, note string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideFocus(m.id, note) })
}

// Timer starts, pauses, resumes, extends ("add") or stops the countdown.
func (m *Member) Timer(ctx context.Context, action string, d time.Duration) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideTimer(m.id, action, int(d.Seconds())) })
}

// Participant commands.

// SetReady says the member is done with the current activity (or not).
func (m *Member) SetReady(ctx context.Context, ready bool) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideReady(m.id, ready) })
}

// EditNote changes the text of the member's own note.
func (m *Member) EditNote(ctx context.Context, id, text string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideEdit(m.id, id, text) })
}

// DeleteNote removes the member's own note (and the dots on it).
func (m *Member) DeleteNote(ctx context.Context, id string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideDelete(m.id, id) })
}

// MaxBudget bounds dots per person: enough for any real vote.
const MaxBudget = 50

func (s *state) decideVoting(by, id string, budget, perItem int, secret bool) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) { return s.voting(id, budget, perItem, secret) })
}

// voting decides an activity's dots per person, per note, and secrecy.
func (s *state) voting(id string, budget, perItem int, secret bool) ([]any, error) {
	if s.activityIndex(id) < 0 {
		return nil, ErrNoSuchActivity
	}
	if budget < 1 || budget > MaxBudget || perItem < 1 || perItem > budget {
		return nil, ErrBudget
	}
	return []any{votingSet{ID: id, Budget: budget, PerItem: perItem, Secret: secret}}, nil
}

// ErrBudget refuses dot settings that make no sense.
var ErrBudget = fmt.Errorf("dots per person must be 1 to %d, and at most that many on one note", MaxBudget)

// SetVoting sets an activity's dots per person, per note, and secrecy.
func (m *Member) SetVoting(ctx context.Context, id string, budget, perItem int, secret bool) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideVoting(m.id, id, budget, perItem, secret) })
}
