package session

import (
	"sort"
	"time"
)

// RoomInfo is what the room index says about a room.
type RoomInfo struct {
	Code      string
	Title     string
	CreatedAt time.Time
	Anonymity Anonymity
	Lang      string
}

// Anonymity is chosen when a room is made and never changes, because people
// decide what to write knowing it.
type Anonymity string

// The anonymity modes of CONTRACT.md.
const (
	Named     Anonymity = "named"
	Anonymous Anonymity = "anonymous"
	Peers     Anonymity = "peers"
)

// ParseAnonymity accepts the contract's names.
func ParseAnonymity(s string) (Anonymity, bool) {
	switch a := Anonymity(s); a {
	case Named, Anonymous, Peers:
		return a, true
	}
	return "", false
}

// Activity is one step of the room's agenda.
type Activity struct {
	ID     string
	Kind   string
	Title  string
	Prompt string
	// Private writing: each person sees only their own notes (and how many
	// others wrote) until a facilitator reveals them all.
	Private  bool
	Revealed bool
	// Columns, when set, are where notes go (a journey map's phases).
	Columns []string
	// Source: a vote dots the notes of this brainstorm; results show this vote.
	Source string
	// Budget and PerItem: dots per person, and at most on one note (0: defaults).
	Budget, PerItem int
	// Secret: dots stay hidden until the facilitator reveals them.
	Secret bool
	// FacilitatorsCluster: only facilitators sort notes into groups.
	FacilitatorsCluster bool
	// ContextSource and ContextText are what it shows beside its work
	// (context.go): an earlier activity's outcome, a facilitator's text.
	ContextSource, ContextText string
	// Scoring: the scale, statements, axes and quadrants of a rate,
	// matrix or rank activity (see items.go).
	Scoring Scoring
}

// Hidden reports whether notes of this activity are still private.
func (a Activity) Hidden() bool { return a.Private && !a.Revealed }

// Note is a sticky note as everyone may see it. Who wrote it stays inside
// the package; callers ask Snapshot whether a note is theirs.
type Note struct {
	ID         string
	ActivityID string
	Text       string
	// Column is the note's column where the activity has columns.
	Column string
	Votes  int
	Seq    int64
	At     time.Time
	author string
}

// Person is a participant as others may know them. Name is empty until they
// choose one; Number gives the stable default ("Participant 3").
type Person struct {
	Number int
	Name   string
	// Plain: they last chose plain mode (lines for screen readers).
	Plain bool
}

// Snapshot is a room at one sequence number. It is immutable and shared by
// every session of the room, so no reader ever locks the room.
type Snapshot struct {
	Seq int64
	// WorkSeq is the Seq of the last event that changed more than who is
	// here (arrivals, names, plain mode): equal WorkSeqs mean that only
	// presence differs between two snapshots.
	WorkSeq    int64
	Room       RoomInfo
	Activities []Activity
	Activity   Activity
	Joined     int
	Online     int
	VoteBudget int
	MaxPerItem int
	// Voted is how many people have given at least one dot in this activity.
	Voted  int
	Limits Limits
	Locked bool
	// Focus is the note facilitators asked everyone to look at; FocusSeq
	// changes with each request, so screens follow each one once.
	Focus    string
	FocusSeq int64
	Timer    Timer
	// Clusters of the current cluster activity, in order.
	Clusters []Cluster

	// notes of the current activity, in the order they were written (new
	// notes append, so cards on screens do not move). Private: who may see
	// which note depends on who asks (NotesFor).
	notes        []Note
	people       map[string]Person
	votesBy      map[string]map[string]int
	facilitators map[string]bool
	removed      map[string]bool
	ready        map[string]bool
	online       map[string]bool
	duplicates   map[string]bool

	// Of a rate, matrix or rank activity (items.go): its items, what each
	// person gave, how many answered and, unless secret, the outcome.
	items    []Item
	marksBy  map[string]map[string][2]int
	Answered int
	// Outcome is the typed result shown now: a rate, matrix or rank
	// activity's own (nil while it is secret), or what a results activity
	// shows.
	Outcome Results
	// Context is what the current activity shows beside its work; nil
	// for nothing.
	Context *ActivityContext
	// comparison sets the outcome a results activity shows beside the
	// earlier rounds' (series.go); nil where there are none to compare.
	comparison *Comparison
}

// ClusterOf is the group a note is in, in the current cluster activity.
func (s *Snapshot) ClusterOf(note string) (Cluster, bool) {
	for _, c := range s.Clusters {
		for _, n := range c.Notes {
			if n == note {
				return c, true
			}
		}
	}
	return Cluster{}, false
}

// Duplicate reports whether a note was marked as a duplicate.
func (s *Snapshot) Duplicate(note string) bool { return s.duplicates[note] }

// NotesFor is the current activity's notes as pid may see them: all of
// them, or during private writing only their own.
func (s *Snapshot) NotesFor(pid string) []Note {
	if !s.Activity.Hidden() {
		return s.notes
	}
	var own []Note
	for _, n := range s.notes {
		if n.author == pid {
			own = append(own, n)
		}
	}
	return own
}

// HiddenCount is how many notes others wrote that pid cannot see yet.
func (s *Snapshot) HiddenCount(pid string) int { return len(s.notes) - len(s.NotesFor(pid)) }

// Facilitator reports whether pid may drive the room.
func (s *Snapshot) Facilitator(pid string) bool { return s.facilitators[pid] }

// Removed reports whether pid was removed by a facilitator.
func (s *Snapshot) Removed(pid string) bool { return s.removed[pid] }

// Ready reports whether pid said they are done with the current activity.
func (s *Snapshot) Ready(pid string) bool { return s.ready[pid] }

// ReadyCount is how many of the participants (not facilitators) who are
// here are done, out of how many are here.
func (s *Snapshot) ReadyCount() (ready, of int) {
	for pid := range s.online {
		if s.facilitators[pid] {
			continue
		}
		of++
		if s.ready[pid] {
			ready++
		}
	}
	return ready, of
}

// StillWorking names who is not ready yet, only where names may be shown.
func (s *Snapshot) StillWorking() []Person {
	if s.Room.Anonymity == Anonymous {
		return nil
	}
	var out []Person
	for pid := range s.online {
		if !s.facilitators[pid] && !s.ready[pid] {
			out = append(out, s.people[pid])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Person returns a participant by id.
func (s *Snapshot) Person(pid string) (Person, bool) {
	p, ok := s.people[pid]
	return p, ok
}

// Mine reports whether pid wrote n.
func (s *Snapshot) Mine(pid string, n Note) bool { return n.author == pid }

// Author returns who wrote n as viewer may know it, and false when the
// room must not say: names are for everyone in named rooms, for
// facilitators only in "peers" rooms, and for nobody in anonymous ones.
func (s *Snapshot) Author(viewer string, n Note) (Person, bool) {
	switch {
	case s.Room.Anonymity == Named, s.Room.Anonymity == Peers && s.facilitators[viewer]:
		return s.Person(n.author)
	}
	return Person{}, false
}

// Present is one person in the room now, as a facilitator manages them.
type Present struct {
	ID          string
	Person      Person
	Ready       bool
	Facilitator bool
}

// PresentFor lists who is here, by number. Names are left out where viewer
// may not know them.
func (s *Snapshot) PresentFor(viewer string) []Present {
	named := s.Room.Anonymity == Named || (s.Room.Anonymity == Peers && s.facilitators[viewer])
	out := make([]Present, 0, len(s.online))
	for pid := range s.online {
		p := s.people[pid]
		if !named {
			p.Name = ""
		}
		out = append(out, Present{ID: pid, Person: p, Ready: s.ready[pid], Facilitator: s.facilitators[pid]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Person.Number < out[j].Person.Number })
	return out
}

// MyVotes is how many dots pid put on note.
func (s *Snapshot) MyVotes(pid, note string) int { return s.votesBy[pid][note] }

// DotsLeft is how many dots pid can still give.
func (s *Snapshot) DotsLeft(pid string) int {
	left := s.VoteBudget
	for _, v := range s.votesBy[pid] {
		left -= v
	}
	return left
}
