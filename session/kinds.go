package session

import "fmt"

// The activity kinds samla runs. The names are on disk (activity.added),
// in template files and in the JSON export, so they never change.
const (
	KindBrainstorm = "brainstorm"
	KindCluster    = "cluster"
	KindVote       = "vote"
	KindResults    = "results"
)

// kindSpec is what one activity kind owns: which earlier activity a new
// one works on, what people do in it, what its cards are, and its outcome
// as a typed result. Session code asks the spec, never the kind's name, and
// every export reads the result through this registry, so a kind added
// here cannot be forgotten by any format.
type kindSpec struct {
	name string
	// sources are the kinds whose latest activity before this one it works
	// on (a vote dots the latest brainstorm or groups); none: itself.
	sources []string
	// takesNotes: people write notes here.
	takesNotes bool
	// takesDots: people give dots here (with a budget and a most per item).
	takesDots bool
	// sorts: people group the source's notes here.
	sorts bool
	// secretDots: dots (or ratings, placements, orders) can stay hidden
	// until the reveal; a new activity of this kind starts secret, because
	// an outcome that moves as people answer shows who answered what to
	// anyone who watches them.
	secretDots bool
	// scores: people rate, place or rank items here; it says which
	// settings the kind takes (items.go). Nil: none.
	scores *scoreFields
	// showsSource: the activity shows its source's cards and dots, ranked
	// (results show a vote).
	showsSource bool
	// cards are what screens show while the activity is current, in a
	// new slice each time (the snapshot keeps it); holds says whether one
	// id is among the cards that take dots, cheaply.
	cards func(s *state, a Activity) []Note
	holds func(s *state, a Activity, id string) bool
	// snapshot adds what only this kind has to a snapshot (groups).
	snapshot func(s *state, snap *Snapshot, a Activity)
	result   func(s *state, a Activity) Results
	// fresh makes the state one activity of this kind keeps (what people
	// gave there), when the activity is added; nil: it keeps none.
	fresh func() any
}

// kinds is the registry, built once and never changed: every activity's
// kind is looked up on every snapshot and every screen, and building the
// table anew for each lookup was most of a drawing's garbage. It is set in
// init because the kinds' own functions look kinds up.
var kinds []kindSpec

func init() { kinds = kindSpecs() }

func kindSpecs() []kindSpec {
	dots := func() any { return newBallot() }
	groups := func() any { return newBoard() }
	given := func() any { return newMarks() }
	return []kindSpec{
		{name: KindBrainstorm, takesNotes: true, takesDots: true, fresh: dots,
			cards: func(s *state, a Activity) []Note { return s.notesOf(a.ID) }, holds: (*state).ownNote, result: brainstormResult},
		{name: KindCluster, sources: []string{KindBrainstorm}, sorts: true, fresh: groups,
			cards: func(s *state, a Activity) []Note { return s.notesOf(a.Source) }, snapshot: (*state).clusterSnapshot, result: clusterResult},
		{name: KindVote, sources: []string{KindBrainstorm, KindCluster}, takesDots: true, secretDots: true, fresh: dots,
			cards: (*state).voteCards, holds: (*state).sourceHas, result: voteResult},
		{name: KindRate, sources: []string{KindBrainstorm, KindCluster}, secretDots: true, scores: &scoreFields{scale: true}, fresh: given,
			cards: (*state).itemCards, result: rateResult},
		{name: KindMatrix, sources: []string{KindBrainstorm, KindCluster}, secretDots: true, scores: &scoreFields{axes: true}, fresh: given,
			cards: (*state).itemCards, result: matrixResult},
		{name: KindRank, sources: []string{KindBrainstorm, KindCluster}, secretDots: true, scores: &scoreFields{}, fresh: given,
			cards: (*state).itemCards, result: rankResult},
		{name: KindPoll, secretDots: true, scores: &scoreFields{}, fresh: given,
			cards: (*state).itemCards, result: pollResult},
		{name: KindResults, sources: []string{KindVote, KindRate, KindMatrix, KindRank, KindPoll}, showsSource: true,
			cards: func(s *state, a Activity) []Note { return s.sourceCards(s.activityByID(a.Source)) }, result: resultsResult},
	}
}

// Per-activity state: each activity keeps what people gave in it, made by
// its kind when the activity is added (kindSpec.fresh) and held in
// state.perActivity under the activity's id. Today that is a *ballot
// (the dots of a brainstorm or a vote), a *board (a groups activity's
// groups) or *marks (ratings, placements, orders). A kind with state of
// its own gives fresh and one typed accessor over held, like ballotOf,
// boardOf and marksOf, and adds no field to state. The holders are
// changed in place by apply only; what a snapshot takes from them is
// replaced, never changed (see each holder), so snapshots share it.

// held is activity's state if its kind keeps a T. False for an activity
// that keeps none or another (asking a groups activity for dots), or for
// no activity: callers then read an empty T, and what they would write
// there is lost, which only a log whose events contradict their
// activity's kind could ask for.
func held[T any](s *state, activity string) (*T, bool) {
	v, ok := s.perActivity[activity].(*T)
	return v, ok
}

// keepState gives a newly added activity the state its kind keeps.
func (s *state) keepState(a Activity) {
	if fresh := a.spec().fresh; fresh != nil {
		s.perActivity[a.ID] = fresh()
	}
}

// sourceCards are the cards of the activity a results activity shows.
func (s *state) sourceCards(src Activity) []Note {
	if src.ID == "" {
		return nil
	}
	return src.spec().cards(s, src)
}

// spec is a's kind; a kind this build does not know does nothing.
func (a Activity) spec() kindSpec {
	k, err := specOf(a.Kind)
	if err != nil {
		return kindSpec{name: a.Kind, cards: func(*state, Activity) []Note { return nil }, result: resultsResult}
	}
	return k
}

// TakesNotes reports whether people write notes in a.
func (a Activity) TakesNotes() bool { return a.spec().takesNotes }

// TakesDots reports whether people give dots in a.
func (a Activity) TakesDots() bool { return a.spec().takesDots }

// Sorts reports whether people group notes into named groups in a.
func (a Activity) Sorts() bool { return a.spec().sorts }

// VotesSecret: dots are given but not shown until the reveal.
func (a Activity) VotesSecret() bool { return a.spec().secretDots && a.Secret && !a.Revealed }

// Ranked: the outcome is shown, most dots first.
func (a Activity) Ranked() bool {
	k := a.spec()
	return k.showsSource || (k.secretDots && (!a.Secret || a.Revealed))
}

func specOf(kind string) (kindSpec, error) {
	for _, k := range kinds {
		if k.name == kind {
			return k, nil
		}
	}
	return kindSpec{}, fmt.Errorf("%w: unknown kind %q", ErrNoSuchActivity, kind)
}

// ActivityKinds are the activities samla runs, in the order the agenda
// editor offers them.
func ActivityKinds() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.name
	}
	return out
}
