package session

import (
	"errors"
	"sort"
	"strings"
)

// Dots belong to the activity they were given in. On a brainstorm board
// people dot its notes; a vote activity dots the items of the activity it
// names (its Source): a brainstorm's notes, or a groups activity's groups
// and the notes in no group, with its own budget, a maximum per item, and
// secrecy until the facilitator reveals; a results activity shows a vote's
// outcome, ranked, and takes no dots.

// ErrNoVoting refuses dots in an activity that takes none.
var ErrNoVoting = errors.New("this activity takes no dots")

// ballot is one activity's dots, by item id. byPerson is copy-on-write
// per participant, so snapshots share the inner maps instead of copying
// every dot.
type ballot struct {
	byPerson map[string]map[string]int
	totals   map[string]int
}

func newBallot() *ballot {
	return &ballot{byPerson: map[string]map[string]int{}, totals: map[string]int{}}
}

// ballotOf is activity's dots (kinds.go: held); an empty ballot where it
// takes none.
func (s *state) ballotOf(activity string) *ballot {
	if b, ok := held[ballot](s, activity); ok {
		return b
	}
	return newBallot()
}

func (s *state) addVote(activity, pid, item string, delta int) {
	b := s.ballotOf(activity)
	mine := make(map[string]int, len(b.byPerson[pid])+1)
	for k, v := range b.byPerson[pid] {
		mine[k] = v
	}
	mine[item] += delta
	if mine[item] <= 0 {
		delete(mine, item)
	}
	b.byPerson[pid] = mine
	totals := make(map[string]int, len(b.totals)+1)
	for k, v := range b.totals {
		totals[k] = v
	}
	totals[item] += delta
	b.totals = totals
}

// voteCards are a vote's items as cards: a note as written (with its
// column, and its author for Mine and Author), a group as its title and
// the words of its notes that are not duplicates, so a screen reader says
// what the group holds.
func (s *state) voteCards(vote Activity) []Note {
	items := s.sourceItems(vote)
	out := make([]Note, 0, len(items))
	var dup map[string]bool // the groups activity's, read at its first group
	for _, it := range items {
		if it.Kind != ItemGroup {
			if n := s.noteByID[it.ID]; n != nil {
				out = append(out, *n)
			}
			continue
		}
		if dup == nil {
			dup = s.boardOf(vote.Source).duplicates
		}
		texts := make([]string, 0, len(it.NoteIDs))
		for _, id := range it.NoteIDs {
			if !dup[id] {
				texts = append(texts, s.noteByID[id].Text)
			}
		}
		out = append(out, Note{ID: it.ID, ActivityID: vote.Source, Text: it.Text + ": " + strings.Join(texts, " · ")})
	}
	return out
}

// notesOf is the notes written in activity, in the order written.
func (s *state) notesOf(activity string) []Note {
	var out []Note
	for _, n := range s.notes {
		if n.ActivityID == activity {
			out = append(out, *n)
		}
	}
	return out
}

// dotsShownIn is the activity whose dots show while a is current: a
// results activity shows its source vote's.
func dotsShownIn(a Activity) string {
	if a.spec().showsSource {
		return a.Source
	}
	return a.ID
}

// decideVote gives (delta +1) or takes back (-1) one of pid's dots on
// item, a note or a group of the current activity's ballot. The event
// keeps the field name note: it is on disk.
func (s *state) decideVote(pid, item string, delta int) ([]any, error) {
	if _, ok := s.people[pid]; !ok || s.fac.removed[pid] {
		return nil, ErrNotJoined
	}
	a := s.currentActivity()
	if !a.TakesDots() {
		return nil, ErrNoVoting
	}
	if !s.votable(a, item) {
		return nil, ErrNoSuchNote
	}
	b := s.ballotOf(a.ID)
	mine := b.byPerson[pid][item]
	if delta < 0 {
		if mine == 0 {
			return nil, ErrNoDotToTake
		}
		return []any{voteRemoved{PID: pid, Note: item, Activity: a.ID}}, nil
	}
	used := 0
	for _, v := range b.byPerson[pid] {
		used += v
	}
	if used >= a.budget() {
		return nil, ErrNoDotsLeft
	}
	if mine >= a.perItem() {
		return nil, ErrItemFull
	}
	return []any{voteChanged{PID: pid, Note: item, Activity: a.ID}}, nil
}

// votable reports whether item is one of a's cards, without building
// them: this runs for every dot.
func (s *state) votable(a Activity, item string) bool {
	k := a.spec()
	return k.holds != nil && k.holds(s, a, item)
}

// ownNote: item is a note written in a.
func (s *state) ownNote(a Activity, item string) bool {
	n, ok := s.noteByID[item]
	return ok && n.ActivityID == a.ID
}

func (a Activity) budget() int {
	if a.Budget > 0 {
		return a.Budget
	}
	return DefaultVoteBudget
}

func (a Activity) perItem() int {
	if a.PerItem > 0 {
		return a.PerItem
	}
	return DefaultMaxPerItem
}

// votingSnapshot fills the snapshot's notes, dots and budget for the
// current activity.
func (s *state) votingSnapshot(snap *Snapshot) {
	a := snap.Activity
	b := s.ballotOf(dotsShownIn(a))
	snap.VoteBudget, snap.MaxPerItem = a.budget(), a.perItem()
	snap.votesBy = make(map[string]map[string]int, len(b.byPerson))
	for id, v := range b.byPerson {
		snap.votesBy[id] = v
		if len(v) > 0 {
			snap.Voted++
		}
	}
	// The spec is looked up once: it is built anew on each lookup, and a
	// room of a thousand cards would otherwise build it per card.
	k, secret := a.spec(), a.VotesSecret()
	cards := k.cards(s, a)
	for i := range cards {
		cards[i].Votes = b.totals[cards[i].ID]
		if secret {
			cards[i].Votes = 0
		}
	}
	if len(cards) > 0 {
		snap.notes = cards
	}
	if k.snapshot != nil {
		k.snapshot(s, snap, a)
	}
	if len(a.Columns) > 0 {
		// A journey map reads left to right: notes by column, each column
		// in the order written.
		order := map[string]int{}
		for i, c := range a.Columns {
			order[c] = i
		}
		sort.SliceStable(snap.notes, func(i, j int) bool { return order[snap.notes[i].Column] < order[snap.notes[j].Column] })
	}
	if a.Ranked() {
		sort.SliceStable(snap.notes, func(i, j int) bool { return snap.notes[i].Votes > snap.notes[j].Votes })
	}
}

func (s *state) activityByID(id string) Activity {
	if i := s.activityIndex(id); i >= 0 {
		return s.activities[i]
	}
	return Activity{}
}

// dropVotes gives back every dot on a deleted note.
func (s *state) dropVotes(note string) {
	for activity, kept := range s.perActivity {
		b, ok := kept.(*ballot)
		if !ok {
			continue
		}
		for pid, mine := range b.byPerson {
			if mine[note] > 0 {
				s.addVote(activity, pid, note, -mine[note])
			}
		}
	}
}

// lastOfKinds is the latest activity of any of kinds before position i:
// a new vote dots the brainstorm (or groups) before it, new results show
// the vote before them.
func (s *state) lastOfKinds(i int, kinds ...string) string {
	for j := min(i, len(s.activities)) - 1; j >= 0; j-- {
		for _, k := range kinds {
			if s.activities[j].Kind == k {
				return s.activities[j].ID
			}
		}
	}
	return ""
}
