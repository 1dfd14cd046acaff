package session

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"strings"
	"time"

	"github.com/samla/samla/session/sanitize"
)

// Limits people meet; the TUI shows them (a counter, "dots left"). The note
// length is configurable (Limits); these are not.
const (
	MaxNameLen = 40
	// DefaultVoteBudget and DefaultMaxPerItem are the dot-voting defaults
	// facilitators expect from GroupMap and Mural: 5 dots, at most 3 on one item.
	DefaultVoteBudget = 5
	DefaultMaxPerItem = 3
)

// Errors a participant can cause; the TUI explains each in words.
var (
	ErrNoSuchRoom   = errors.New("no room with that code")
	ErrEmptyNote    = errors.New("the note is empty")
	ErrNoteTooLong  = errors.New("the note is too long")
	ErrNameTooLong  = fmt.Errorf("a name can be at most %d characters", MaxNameLen)
	ErrNoSuchNote   = errors.New("that note is gone")
	ErrNoDotsLeft   = errors.New("no dots left")
	ErrItemFull     = errors.New("this note already has your maximum of dots")
	ErrNoDotToTake  = errors.New("you have no dot on this note")
	ErrNotJoined    = errors.New("not a participant of this room")
	ErrAnonymous    = errors.New("names are not used in an anonymous room")
	ErrNoNotesHere  = errors.New("notes are written in a brainstorm")
	ErrNoSuchColumn = errors.New("no such column")
	ErrRoomShutDown = errors.New("the room is shutting down")
)

// state is a room as its log says it is. Only the room's owner goroutine
// touches it; everyone else reads Snapshots.
type state struct {
	info       RoomInfo
	seq        int64
	workSeq    int64 // see Snapshot.WorkSeq
	activities []Activity
	current    int
	people     map[string]*person
	joinOrder  []string
	notes      []*Note
	noteByID   map[string]*Note
	// perActivity is each activity's own state, by activity id, of the
	// type its kind keeps (kinds.go: held), so adding a kind adds no field
	// here.
	perActivity map[string]any
	// minGroup is the smallest group whose answers anonymous rooms show
	// (0: DefaultMinGroup); a report may ask for another.
	minGroup int
	online   map[string]int
	limits   Limits
	fac      facilitation
	// shuffle orders notes at a reveal (WithShuffle); not in the log, the
	// order it gives is.
	shuffle func(n int, swap func(i, j int))
	// seal hides who did what in an anonymous room's log (seal.go);
	// closed: the room was closed for good.
	seal   *sealer
	closed bool
	// after is the room this one is the next round of (series.go);
	// earlier are the rounds before it as reported when the room loaded.
	after   string
	earlier []Report
	// views are plain-mode choices in an anonymous room, kept in memory
	// only: which participant uses a screen reader is not for the log.
	views map[string]bool
	// markByPID and pidByMark map participants to the pseudonyms their
	// answers have in an anonymous room's log, and back (items.go).
	markByPID, pidByMark map[string]string
}

type person struct {
	id     string
	number int
	name   string
	plain  bool
	staff  bool
}

func newState(info RoomInfo) *state {
	return &state{
		info:        info,
		people:      map[string]*person{},
		noteByID:    map[string]*Note{},
		online:      map[string]int{},
		perActivity: map[string]any{},
		limits:      DefaultLimits(),
		fac:         newFacilitation(),
		shuffle:     mathrand.Shuffle,
		views:       map[string]bool{},
	}
}

// apply folds one event into the state. It trusts the event: validation
// happened when it was decided, and the log is the truth.
func (s *state) apply(e event) error {
	if e.Seq != s.seq+1 {
		return fmt.Errorf("event #%d applied after #%d", e.Seq, s.seq)
	}
	s.seq = e.Seq
	if !presenceEvent(e.body) {
		s.workSeq = e.Seq
	}
	switch b := e.body.(type) {
	case activityAdded:
		a := Activity{ID: b.ID, Kind: b.Kind, Title: b.Title, Prompt: b.Prompt, Source: b.Source, Secret: b.Secret}
		s.activities = append(s.activities, a)
		s.keepState(a)
	case joined:
		s.people[b.PID] = &person{id: b.PID, number: b.Number, staff: b.Staff}
		s.joinOrder = append(s.joinOrder, b.PID)
	case renamed:
		if p := s.people[b.PID]; p != nil {
			p.name = b.Name
		}
	case viewChosen:
		if p := s.people[b.PID]; p != nil {
			p.plain = b.Plain
		}
	case noteAdded:
		n := &Note{ID: b.ID, ActivityID: b.Activity, Text: b.Text, Column: b.Column, Seq: e.Seq, At: e.At, author: b.Author}
		s.notes = append(s.notes, n)
		s.noteByID[n.ID] = n
	case voteChanged:
		s.addVote(s.voteActivity(b.Activity, b.Note), b.PID, b.Note, 1)
	case voteRemoved:
		s.addVote(s.voteActivity(b.Activity, b.Note), b.PID, b.Note, -1)
	default:
		if s.applyCluster(e) || s.applyScore(e) || s.applyContext(e) || s.applySeries(e) {
			return nil
		}
		if ok, err := s.applyFacilitation(e); !ok || err != nil {
			return fmt.Errorf("event #%d: unknown body %T (%v)", e.Seq, e.body, err)
		}
	}
	return nil
}

// voteActivity: dots from before votes belonged to activities were given
// on the brainstorm board of the note.
func (s *state) voteActivity(activity, note string) string {
	if activity != "" {
		return activity
	}
	if n := s.noteByID[note]; n != nil {
		return n.ActivityID
	}
	return ""
}

func (s *state) currentActivity() Activity {
	if len(s.activities) == 0 {
		return Activity{}
	}
	return s.activities[s.current]
}

// newNoteID is random, not a counter, so an id never tells in which order
// notes were written (in an anonymous room, order can say who wrote what).
// It is stored in the event, so replays give the same id.
func (s *state) newNoteID() (string, error) {
	for {
		b := make([]byte, 5)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("note id: %w", err)
		}
		id := "n" + strings.ToLower(base32.StdEncoding.EncodeToString(b))
		if _, taken := s.noteByID[id]; !taken {
			return id, nil
		}
	}
}

// decisions: each returns the event bodies a command produces, or why not.

// decideJoin lets pid in: refused if removed, or new while the room is
// locked. A key in the facilitators file makes them a facilitator while
// connected (the file is the truth, so it is not in the log).
func (s *state) decideJoin(pid string, facilitator bool) ([]any, error) {
	_, known := s.people[pid]
	switch {
	case s.fac.removed[pid]:
		return nil, ErrRemoved
	case s.fac.locked && !known && !facilitator && !s.fac.facilitators[pid]:
		return nil, ErrLocked
	}
	if facilitator {
		s.fac.byKey[pid] = true
	}
	if known {
		return nil, nil
	}
	return []any{joined{PID: pid, Number: len(s.people) + 1, Staff: facilitator}}, nil
}

func (s *state) decideRename(pid, raw string) ([]any, error) {
	p, ok := s.people[pid]
	if !ok {
		return nil, ErrNotJoined
	}
	if s.info.Anonymity == Anonymous {
		return nil, ErrAnonymous
	}
	name := sanitize.Line(raw)
	if sanitize.TooLong(name, MaxNameLen) {
		return nil, ErrNameTooLong
	}
	if name == p.name {
		return nil, nil
	}
	return []any{renamed{PID: pid, Name: name}}, nil
}

// decideView logs the choice, except in an anonymous room: whether
// someone reads with a screen reader is health data, so there it is kept
// in memory only (rememberView), and a restart forgets it.
func (s *state) decideView(pid string, plain bool) ([]any, error) {
	p, ok := s.people[pid]
	if !ok {
		return nil, ErrNotJoined
	}
	if p.plain == plain || s.info.Anonymity == Anonymous {
		return nil, nil
	}
	return []any{viewChosen{PID: pid, Plain: plain}}, nil
}

// rememberView keeps an anonymous room's view choice in memory.
func (s *state) rememberView(pid string, plain bool) {
	if s.info.Anonymity == Anonymous {
		s.views[pid] = plain
	}
}

func (s *state) decideNote(pid, raw, column string) ([]any, error) {
	if _, ok := s.people[pid]; !ok || s.fac.removed[pid] {
		return nil, ErrNotJoined
	}
	if !s.currentActivity().TakesNotes() {
		return nil, ErrNoNotesHere
	}
	text := sanitize.Line(raw)
	if text == "" {
		return nil, ErrEmptyNote
	}
	if sanitize.TooLong(text, s.limits.NoteLen) {
		return nil, ErrNoteTooLong
	}
	activity := s.currentActivity().ID
	if s.notesBy(pid, activity) >= s.limits.NotesPerActivity {
		return nil, ErrTooManyNotes
	}
	column, err := s.column(column)
	if err != nil {
		return nil, err
	}
	id, err := s.newNoteID()
	if err != nil {
		return nil, err
	}
	return []any{noteAdded{ID: id, Activity: activity, Author: pid, Text: text, Column: column}}, nil
}

// column is where a note goes in an activity with columns (a journey map's
// phases): the one asked for, or the first. Without columns, none.
func (s *state) column(asked string) (string, error) {
	cols := s.currentActivity().Columns
	switch {
	case len(cols) == 0:
		return "", nil
	case asked == "":
		return cols[0], nil
	}
	for _, c := range cols {
		if c == asked {
			return c, nil
		}
	}
	return "", ErrNoSuchColumn
}

func (s *state) notesBy(pid, activity string) int {
	n := 0
	for _, note := range s.notes {
		if note.author == pid && note.ActivityID == activity {
			n++
		}
	}
	return n
}

// presenceEvent says whether an event only tells who is here: someone
// arriving, naming themselves, or choosing plain mode. Screens in a big
// room draw these on a slower beat than the work (tui/pace.go).
func presenceEvent(body any) bool {
	switch body.(type) {
	case joined, renamed, viewChosen:
		return true
	}
	return false
}

// snapshot copies what readers need. Notes are copied by value; vote maps
// are shared because they are never mutated after being published.
func (s *state) snapshot() *Snapshot {
	snap := &Snapshot{
		Seq:        s.seq,
		WorkSeq:    s.workSeq,
		Room:       s.info,
		Activities: append([]Activity(nil), s.activities...),
		Activity:   s.currentActivity(),
		Joined:     len(s.people),
		Online:     len(s.online),
		Limits:     s.limits,
		people:     make(map[string]Person, len(s.people)),
	}
	for id, p := range s.people {
		plain, chosen := s.views[id]
		if !chosen {
			plain = p.plain
		}
		snap.people[id] = Person{Number: p.number, Name: p.name, Plain: plain}
	}
	s.votingSnapshot(snap)
	s.scoreSnapshot(snap)
	s.contextSnapshot(snap)
	snap.facilitators = make(map[string]bool, len(s.fac.facilitators)+len(s.fac.byKey))
	for id := range s.fac.facilitators {
		snap.facilitators[id] = true
	}
	for id := range s.fac.byKey {
		snap.facilitators[id] = true
	}
	snap.removed = s.fac.removed
	snap.online = make(map[string]bool, len(s.online))
	for id := range s.online {
		snap.online[id] = true
	}
	snap.ready = s.fac.ready[snap.Activity.ID]
	snap.Locked, snap.Focus, snap.FocusSeq, snap.Timer = s.fac.locked, s.fac.focus, s.fac.focusSeq, s.fac.timer
	return snap
}

// replay rebuilds a state from a log.
func replay(info RoomInfo, log []event) (*state, error) {
	s := newState(info)
	for _, e := range log {
		if err := s.apply(e); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// stamp assigns the next sequence numbers to decided bodies.
func (s *state) stamp(bodies []any, now time.Time) []event {
	out := make([]event, len(bodies))
	for i, b := range bodies {
		out[i] = event{Seq: s.seq + int64(i) + 1, At: s.eventTime(b, now), body: b}
	}
	return out
}
