package session

import "time"

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
}

// Note is a sticky note as everyone may see it. Who wrote it stays inside
// the package; callers ask Snapshot whether a note is theirs.
type Note struct {
	ID         string
	ActivityID string
	Text       string
	Votes      int
	Seq        int64
	At         time.Time
	author     string
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
	Seq        int64
	Room       RoomInfo
	Activities []Activity
	Activity   Activity
	// Notes of the current activity, in the order they were written: new
	// notes append, so existing rows on people's screens do not move.
	Notes      []Note
	Joined     int
	Online     int
	VoteBudget int
	MaxPerItem int
	Limits     Limits
	people     map[string]Person
	votesBy    map[string]map[string]int
}

// Person returns a participant by id.
func (s *Snapshot) Person(pid string) (Person, bool) {
	p, ok := s.people[pid]
	return p, ok
}

// Mine reports whether pid wrote n.
func (s *Snapshot) Mine(pid string, n Note) bool { return n.author == pid }

// Author returns who wrote n, and false when the room must not say.
func (s *Snapshot) Author(n Note) (Person, bool) {
	if s.Room.Anonymity != Named {
		return Person{}, false
	}
	return s.Person(n.author)
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
