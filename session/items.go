package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/samla/samla/session/sanitize"
)

// Vote, rate, matrix and rank activities work on items: the latest
// brainstorm's notes, or the latest groups activity's groups and the notes
// in no group, or (not for a vote) statements the facilitator typed into
// the agenda. What people give there (dots; a rating, a position on two
// axes, a place in an order) is kept per activity behind the kind: a
// ballot (voting.go) or marks (here).

// Item kinds. They are in the JSON export ("item_kind"), so they never
// change.
const (
	ItemNote      = "note"
	ItemGroup     = "group"
	ItemStatement = "statement" // typed by the facilitator
)

// Item is one thing people dot, rate, place on a matrix or rank.
type Item struct {
	ID string `json:"id"`
	// Kind is ItemNote, ItemGroup or ItemStatement.
	Kind string `json:"kind"`
	Text string `json:"text"`
	// NoteIDs are a group's notes (none for a note or a statement).
	NoteIDs []string `json:"note_ids,omitempty"`
}

// Bounds on what a facilitator sets up: a screen's worth, not a survey.
const (
	MaxStatements   = 30
	MaxLabelLen     = 40
	MaxStatementLen = 200
)

// Errors of rating, placing and ranking; the TUI explains each in words.
var (
	ErrNoSuchItem  = errors.New("that item is gone")
	ErrOutOfScale  = errors.New("that value is outside the scale")
	ErrScoring     = errors.New("these settings cannot be used")
	ErrNotScoring  = errors.New("this activity has no such settings")
	ErrNotRating   = errors.New("this activity takes no ratings")
	ErrNotPlacing  = errors.New("this activity has no matrix to place items on")
	ErrNotRanking  = errors.New("this activity takes no ranking")
	ErrRankTooLong = fmt.Errorf("a ranking holds at most %d items", MaxRanked)
	ErrRankedTwice = errors.New("an item can be in a ranking only once")
)

// Scale is the range of whole numbers people choose from.
type Scale struct {
	Min, Max int
}

// Axis is one dimension of a matrix.
type Axis struct {
	Name  string `json:"name"`
	Scale Scale  `json:"scale"`
}

// Scoring is how a rate, matrix or rank activity is set up. Zero values
// mean the defaults, which depend on the room's language (a matrix's axis
// and quadrant names), so they are filled in when read, not stored.
type Scoring struct {
	// Scale of a rate activity (zero: 1–6).
	Scale Scale `json:"scale,omitzero"`
	// Labels name the two ends of a rate's scale ("inte alls" … "helt").
	Labels [2]string `json:"labels,omitzero"`
	// Statements typed by the facilitator; none: the source's items.
	Statements []Item `json:"statements,omitempty"`
	// Axes (two) and Quadrants (four: high x low y, high both, low both,
	// low x high y) of a matrix; none: the defaults.
	Axes      []Axis   `json:"axes,omitempty"`
	Quadrants []string `json:"quadrants,omitempty"`
	// Multiple: a poll where people may choose more than one option (its
	// options are the statements).
	Multiple bool `json:"multiple,omitempty"`
	// Target of a rate activity: the share of answers at or above a value
	// a project promised (target.go).
	Target *Target `json:"target,omitempty"`
}

// scoringSet is a facilitator's setup of a rate, matrix or rank activity;
// Secret keeps its outcome hidden until the reveal, as a vote's dots.
type scoringSet struct {
	ID      string  `json:"id"`
	Scoring Scoring `json:"scoring"`
	Secret  bool    `json:"secret,omitempty"`
}

// marks are what people gave in one rate, matrix or rank activity: per
// person, per item, up to two values (a rating; x and y; a place). Each
// person's map is replaced, never changed, so snapshots share them.
type marks struct {
	byPerson map[string]map[string][2]int
}

func newMarks() *marks { return &marks{byPerson: map[string]map[string][2]int{}} }

// marksOf is activity's marks (kinds.go: held); empty marks for an
// activity that takes none.
func (s *state) marksOf(activity string) *marks {
	if m, ok := held[marks](s, activity); ok {
		return m
	}
	return newMarks()
}

// set replaces one person's value of one item; a zero pair forgets it.
func (m *marks) set(pid, item string, v [2]int) {
	mine := make(map[string][2]int, len(m.byPerson[pid])+1)
	for k, old := range m.byPerson[pid] {
		mine[k] = old
	}
	mine[item] = v
	if v == [2]int{} {
		delete(mine, item)
	}
	m.byPerson[pid] = mine
}

// values are everyone's values of item, in no particular person's order.
func (m *marks) values(item string) [][2]int {
	var out [][2]int
	for _, mine := range m.byPerson {
		if v, ok := mine[item]; ok {
			out = append(out, v)
		}
	}
	return out
}

// answered counts people who gave anything.
func (m *marks) answered() int {
	n := 0
	for _, mine := range m.byPerson {
		if len(mine) > 0 {
			n++
		}
	}
	return n
}

// applyScore folds the events of this file and the kinds that use it;
// false if body is none of them.
func (s *state) applyScore(e event) bool {
	switch b := e.body.(type) {
	case scoringSet:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].Scoring, s.activities[i].Secret = b.Scoring, b.Secret
		}
	case ratingSet:
		s.marksOf(b.Activity).set(s.fromMark(b.PID), b.Item, [2]int{b.Value})
	case placementSet:
		s.marksOf(b.Activity).set(s.fromMark(b.PID), b.Item, [2]int{b.X, b.Y})
	case rankingSet:
		b.PID = s.fromMark(b.PID)
		s.applyRanking(b)
	case pollAnswered:
		b.PID = s.fromMark(b.PID)
		s.applyPoll(b)
	default:
		return false
	}
	return true
}

// itemsOf are the items of a rate, matrix or rank activity: its
// statements, or its source's items.
func (s *state) itemsOf(a Activity) []Item {
	if len(a.Scoring.Statements) > 0 {
		return a.Scoring.Statements
	}
	return s.sourceItems(a)
}

// sourceItems are what an activity that works on another offers (a
// vote's ballot): a brainstorm's notes in the order written, or a groups
// activity's groups in the order made, then every note of its brainstorm
// that is in no group and not a duplicate: a note nobody sorted (often a
// relative's lone voice) still gets its say.
func (s *state) sourceItems(a Activity) []Item {
	src := s.activityByID(a.Source)
	if src.ID == "" {
		return nil
	}
	if src.Kind != KindCluster {
		return noteItems(s.notesOf(src.ID))
	}
	bd := s.boardOf(src.ID)
	out := make([]Item, 0, len(bd.clusters))
	// A set, not clusterOf per note: this runs for every snapshot of a
	// vote, and clusterOf scans every group.
	grouped := map[string]bool{}
	for _, c := range bd.clusters {
		out = append(out, Item{ID: c.ID, Kind: ItemGroup, Text: c.Title, NoteIDs: s.existing(c.Notes)})
		for _, id := range c.Notes {
			grouped[id] = true
		}
	}
	for _, n := range s.notesOf(src.Source) {
		if !grouped[n.ID] && !bd.duplicates[n.ID] {
			out = append(out, Item{ID: n.ID, Kind: ItemNote, Text: n.Text})
		}
	}
	return out
}

// sourceHas reports whether item is one of sourceItems(a), without
// building them: this runs for every dot and every answer.
func (s *state) sourceHas(a Activity, item string) bool {
	src := s.activityByID(a.Source)
	if src.Kind != KindCluster {
		return s.ownNote(src, item)
	}
	bd := s.boardOf(src.ID)
	if bd.index(item) >= 0 {
		return true
	}
	n, ok := s.noteByID[item]
	return ok && n.ActivityID == src.Source && bd.clusterOf(item) < 0 && !bd.duplicates[item]
}

func noteItems(notes []Note) []Item {
	out := make([]Item, len(notes))
	for i, n := range notes {
		out[i] = Item{ID: n.ID, Kind: ItemNote, Text: n.Text}
	}
	return out
}

// hasItem reports whether id is one of a's items, without building them:
// this runs for every rating.
func (s *state) hasItem(a Activity, id string) bool {
	if len(a.Scoring.Statements) > 0 {
		for _, it := range a.Scoring.Statements {
			if it.ID == id {
				return true
			}
		}
		return false
	}
	return a.Source != "" && s.sourceHas(a, id)
}

// itemCards are a's items as cards, so screens that list notes (focus,
// plain mode) show them too.
func (s *state) itemCards(a Activity) []Note {
	items := s.itemsOf(a)
	out := make([]Note, len(items))
	for i, it := range items {
		out[i] = Note{ID: it.ID, ActivityID: a.ID, Text: it.Text}
	}
	return out
}

// scorer reports whether pid may give a mark in the activity they see as
// current (activity, or "" for whatever is current now), of kind.
func (s *state) scorer(pid, activity, kind string, wrongKind error) (Activity, error) {
	if _, ok := s.people[pid]; !ok || s.fac.removed[pid] {
		return Activity{}, ErrNotJoined
	}
	a := s.currentActivity()
	switch {
	case activity != "" && s.activityIndex(activity) < 0:
		return Activity{}, ErrNoSuchActivity
	case activity != "" && activity != a.ID:
		// The facilitator moved on while this person's screen was behind.
		return Activity{}, ErrClosedActivity
	case a.Kind != kind:
		return Activity{}, wrongKind
	}
	return a, nil
}

// inScale checks one value; 0 is no value.
func inScale(v int, sc Scale) error {
	if v != 0 && (v < sc.Min || v > sc.Max) {
		return fmt.Errorf("%w: %d is not %d–%d", ErrOutOfScale, v, sc.Min, sc.Max)
	}
	return nil
}

// scoreFields are the settings a scored kind takes beyond statements.
type scoreFields struct {
	scale bool // a rate's scale and labels
	axes  bool // a matrix's axes and quadrants
}

// scoringOf is what kind takes; an error for a kind that is not scored.
func scoringOf(kind string) (scoreFields, error) {
	spec, err := specOf(kind)
	if err != nil {
		return scoreFields{}, err
	}
	if spec.scores == nil {
		return scoreFields{}, fmt.Errorf("%w: a %s activity", ErrNotScoring, kind)
	}
	return *spec.scores, nil
}

func (s *state) decideScoring(by, id string, sc Scoring, secret bool) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) { return s.scoring(id, sc, secret) })
}

// scoring decides an activity's scale, labels, statements, axes and
// quadrants; a template sets them up the same way.
func (s *state) scoring(id string, sc Scoring, secret bool) ([]any, error) {
	i := s.activityIndex(id)
	if i < 0 {
		return nil, ErrNoSuchActivity
	}
	a := s.activities[i]
	clean, err := cleanScoring(a, sc)
	if err != nil {
		return nil, err
	}
	m := s.marksOf(a.ID)
	if m.answered() > 0 && !sameScales(a, Activity{Kind: a.Kind, Scoring: clean}) {
		// Answers given on the old scale would be read on the new one.
		return nil, fmt.Errorf("%w: people have answered already, so the scale can no longer change", ErrScoring)
	}
	if m.answered() > 0 && a.Scoring.Multiple && !clean.Multiple {
		// Someone may have chosen two options of a poll that would take one.
		return nil, fmt.Errorf("%w: people have answered already, so the poll must keep taking several options", ErrScoring)
	}
	clean.Statements = renumber(a, clean.Statements, m)
	return []any{scoringSet{ID: id, Scoring: clean, Secret: secret}}, nil
}

// sameScales: a and b have the same rate scale and the same axis scales.
func sameScales(a, b Activity) bool {
	ax, bx := a.MatrixAxes(""), b.MatrixAxes("")
	return a.RateScale() == b.RateScale() && ax[0].Scale == bx[0].Scale && ax[1].Scale == bx[1].Scale
}

// cleanScoring checks sc for a (statements get their ids in renumber).
func cleanScoring(a Activity, sc Scoring) (Scoring, error) {
	fields, err := scoringOf(a.Kind)
	if err != nil {
		return Scoring{}, err
	}
	switch {
	case !fields.scale && (sc.Scale != Scale{} || sc.Labels != [2]string{}):
		return Scoring{}, fmt.Errorf("%w: a scale and its labels are for rate activities", ErrScoring)
	case !fields.axes && (len(sc.Axes) > 0 || len(sc.Quadrants) > 0):
		return Scoring{}, fmt.Errorf("%w: axes and quadrants are for matrix activities", ErrScoring)
	}
	var out Scoring
	if out.Scale, err = rateScale(sc.Scale); err != nil {
		return Scoring{}, err
	}
	if out.Labels, err = cleanLabels(sc.Labels); err != nil {
		return Scoring{}, err
	}
	if out.Axes, err = cleanAxes(sc.Axes); err != nil {
		return Scoring{}, err
	}
	if out.Quadrants, err = cleanQuadrants(sc.Quadrants); err != nil {
		return Scoring{}, err
	}
	if err := cleanOptions(a, sc); err != nil {
		return Scoring{}, err
	}
	if out.Target, err = cleanTarget(fields, sc.Target, sc.Scale); err != nil {
		return Scoring{}, err
	}
	out.Multiple = sc.Multiple
	out.Statements, err = statements(a, sc.Statements)
	return out, err
}

// rateScale accepts the scales people know from surveys: 1–5, 1–6, 1–10.
func rateScale(sc Scale) (Scale, error) {
	switch sc {
	case Scale{}, Scale{1, 5}, Scale{1, 6}, Scale{1, 10}:
		return sc, nil
	}
	return Scale{}, fmt.Errorf("%w: the scale must be 1–5, 1–6 or 1–10, not %d–%d", ErrScoring, sc.Min, sc.Max)
}

func cleanLabels(raw [2]string) ([2]string, error) {
	var out [2]string
	for i, l := range raw {
		t, err := cleanTitle(l, MaxLabelLen)
		if err != nil {
			return out, fmt.Errorf("%w: a scale label: %w", ErrScoring, err)
		}
		out[i] = t
	}
	return out, nil
}

// cleanAxes: none, or two named axes of 1 up to 2–10.
func cleanAxes(raw []Axis) ([]Axis, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) != 2 {
		return nil, fmt.Errorf("%w: a matrix has two axes, not %d", ErrScoring, len(raw))
	}
	out := make([]Axis, 2)
	for i, ax := range raw {
		name, err := cleanTitle(ax.Name, MaxLabelLen)
		if err != nil || name == "" {
			return nil, fmt.Errorf("%w: axis %d needs a name of at most %d characters", ErrScoring, i+1, MaxLabelLen)
		}
		sc := ax.Scale
		if sc == (Scale{}) {
			sc = Scale{1, 5}
		}
		if sc.Min != 1 || sc.Max < 2 || sc.Max > 10 {
			return nil, fmt.Errorf("%w: axis %q must run from 1 to 2–10, not %d–%d", ErrScoring, name, sc.Min, sc.Max)
		}
		out[i] = Axis{Name: name, Scale: sc}
	}
	return out, nil
}

func cleanQuadrants(raw []string) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) != 4 {
		return nil, fmt.Errorf("%w: a matrix has four quadrants, not %d names", ErrScoring, len(raw))
	}
	out := make([]string, 4)
	for i, q := range raw {
		t, err := cleanTitle(q, MaxLabelLen)
		if err != nil || t == "" {
			return nil, fmt.Errorf("%w: quadrant %d needs a name of at most %d characters", ErrScoring, i+1, MaxLabelLen)
		}
		out[i] = t
	}
	return out, nil
}

// statements cleans the facilitator's statements; ids are given by
// renumber, once the room's marks are known.
func statements(a Activity, raw []Item) ([]Item, error) {
	if len(raw) > MaxStatements {
		return nil, fmt.Errorf("%w: at most %d statements", ErrScoring, MaxStatements)
	}
	var out []Item
	seen := map[string]bool{}
	for _, it := range raw {
		text := sanitize.Line(it.Text)
		if text == "" || seen[text] {
			continue
		}
		if sanitize.TooLong(text, MaxStatementLen) {
			return nil, fmt.Errorf("%w: a statement can be at most %d characters", ErrScoring, MaxStatementLen)
		}
		seen[text] = true
		out = append(out, Item{ID: a.ID + "s" + strconv.Itoa(len(out)+1), Kind: ItemStatement, Text: text})
	}
	return out, nil
}

// renumber gives statements their lasting ids. One that was there before
// keeps its id (by its text), so ratings of it survive an edit of the
// others; a new one gets a number no statement of this activity had that
// anyone answered, so it never inherits the answers of one taken away.
func renumber(a Activity, items []Item, m *marks) []Item {
	old := map[string]string{}
	next := 1
	bump := func(id string) {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, a.ID+"s")); err == nil && strings.HasPrefix(id, a.ID+"s") && n >= next {
			next = n + 1
		}
	}
	for _, it := range a.Scoring.Statements {
		old[it.Text] = it.ID
		bump(it.ID)
	}
	for _, mine := range m.byPerson {
		for id := range mine {
			bump(id)
		}
	}
	out := make([]Item, len(items))
	for i, it := range items {
		id, ok := old[it.Text]
		if !ok {
			id = a.ID + "s" + strconv.Itoa(next)
			next++
		}
		out[i] = Item{ID: id, Kind: ItemStatement, Text: it.Text}
	}
	return out
}

// StatementItems turns texts into statements for SetScoring; ids are
// given when the room decides.
func StatementItems(texts []string) []Item {
	out := make([]Item, len(texts))
	for i, t := range texts {
		out[i] = Item{Kind: ItemStatement, Text: t}
	}
	return out
}

// scoreSnapshot adds the items, marks and outcome of the current rate,
// matrix or rank activity, or the outcome a results activity shows.
func (s *state) scoreSnapshot(snap *Snapshot) {
	a := snap.Activity
	if a.spec().showsSource {
		if src := s.activityByID(a.Source); src.ID != "" {
			snap.Outcome = s.result(src)
			snap.comparison = s.compareShown(src, snap.Outcome)
		}
		return
	}
	if a.spec().scores == nil {
		return
	}
	m := s.marksOf(a.ID)
	// The outer map changes with every answer; each person's map is
	// replaced, never changed, so a copy of the outer one is enough.
	snap.marksBy = make(map[string]map[string][2]int, len(m.byPerson))
	for pid, mine := range m.byPerson {
		snap.marksBy[pid] = mine
	}
	snap.items, snap.Answered = s.itemsOf(a), m.answered()
	if !a.OutcomeHidden() {
		snap.Outcome = s.result(a)
	}
}

// Items are the current rate, matrix or rank activity's items.
func (s *Snapshot) Items() []Item { return s.items }

// MyRating is pid's rating of item in the current rate activity (0: none).
func (s *Snapshot) MyRating(pid, item string) int { return s.marksBy[pid][item][0] }

// MyPlacement is where pid put item on the current matrix (0: not set).
func (s *Snapshot) MyPlacement(pid, item string) (x, y int) {
	v := s.marksBy[pid][item]
	return v[0], v[1]
}

// MyOrder is pid's ranking in the current rank activity, first first.
func (s *Snapshot) MyOrder(pid string) []string { return orderOf(s.marksBy[pid]) }

// Axes are the current matrix's axes, named in the room's language where
// the facilitator named none.
func (s *Snapshot) Axes() []Axis { return s.Activity.MatrixAxes(s.Room.Lang) }

// Quadrants are the current matrix's four quadrant names (see Scoring).
func (s *Snapshot) Quadrants() []string { return s.Activity.MatrixQuadrants(s.Room.Lang) }

// marshalList writes xs as a JSON list, [] when empty.
func marshalList[T any](xs []T) ([]byte, error) {
	if xs == nil {
		xs = []T{}
	}
	b, err := json.Marshal(xs)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	return b, nil
}

// MarshalJSON writes a scale as template files and CONTRACT.md write it:
// [1, 6].
func (sc Scale) MarshalJSON() ([]byte, error) {
	return []byte("[" + strconv.Itoa(sc.Min) + "," + strconv.Itoa(sc.Max) + "]"), nil
}

// UnmarshalJSON reads [low, high].
func (sc *Scale) UnmarshalJSON(data []byte) error {
	var v []int
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("a scale: %w", err)
	}
	if len(v) != 2 {
		return fmt.Errorf("%w: a scale is [lowest, highest]", ErrScoring)
	}
	sc.Min, sc.Max = v[0], v[1]
	return nil
}

// Who gave an answer, in an anonymous room's log, is a pseudonym
// (sealer.pseudonym): the room maps it to the participant while it has
// its key, so people change their own answers and see them; once the room
// is closed and the key destroyed, answers stay grouped by pseudonym (the
// outcome is the same) and nobody can tell whose they are.

// toMark is pid as an answer event names them.
func (s *state) toMark(pid string) string {
	if t, ok := s.markByPID[pid]; ok {
		return t
	}
	if t := s.seal.pseudonym(pid); t != "" {
		s.rememberMark(pid, t)
		return t
	}
	return pid
}

// fromMark is the participant an answer event names, where known.
func (s *state) fromMark(id string) string {
	if pid, ok := s.pidByMark[id]; ok {
		return pid
	}
	return id
}

func (s *state) rememberMark(pid, mark string) {
	if s.markByPID == nil {
		s.markByPID, s.pidByMark = map[string]string{}, map[string]string{}
	}
	s.markByPID[pid], s.pidByMark[mark] = mark, pid
}

// linkMarks runs once the log is replayed and the room's key is at hand:
// answers replayed under pseudonyms are kept under their participants
// again.
func (s *state) linkMarks() {
	if s.seal.pseudonym("") == "" {
		return
	}
	for pid := range s.people {
		s.rememberMark(pid, s.seal.pseudonym(pid))
	}
	for _, held := range s.perActivity {
		m, ok := held.(*marks)
		if !ok {
			continue
		}
		for id, mine := range m.byPerson {
			if pid, known := s.pidByMark[id]; known && pid != id {
				delete(m.byPerson, id)
				m.byPerson[pid] = mine
			}
		}
	}
}
