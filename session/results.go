package session

import (
	"slices"
	"sort"
)

// Results is one activity's outcome, typed by its kind. Screens, plain
// mode and every export read it; JSON writes it as the activity's
// "results" list, in rank order.
type Results interface {
	// Kind is the activity kind the results belong to.
	Kind() string
	// Len is how many results there are (0: nothing came of the activity).
	Len() int
}

// NoteResult is one note of a brainstorm with the dots it got there.
// Rank is nil where nobody dotted: an undotted note is not "first".
type NoteResult struct {
	NoteID string `json:"note_id"`
	Text   string `json:"text"`
	Phase  string `json:"phase,omitempty"`
	Votes  int    `json:"votes"`
	Rank   *int   `json:"rank"`
}

// BrainstormResults are a brainstorm's notes, phase by phase, each phase
// most dots first.
type BrainstormResults []NoteResult

// Kind implements Results.
func (BrainstormResults) Kind() string { return KindBrainstorm }

// Len implements Results.
func (r BrainstormResults) Len() int { return len(r) }

// GroupResult is one named group of a cluster activity.
type GroupResult struct {
	GroupID string   `json:"group_id"`
	Title   string   `json:"title"`
	NoteIDs []string `json:"note_ids"`
	// DuplicateIDs are notes of the group marked as saying the same again.
	DuplicateIDs []string `json:"duplicate_ids,omitempty"`
}

// ClusterResults are the groups in the order people made them. Notes in
// no group have "cluster": null in the export's notes.
type ClusterResults []GroupResult

// Kind implements Results.
func (ClusterResults) Kind() string { return KindCluster }

// Len implements Results.
func (r ClusterResults) Len() int { return len(r) }

// ItemResult is one item of a vote: a note or a group (ItemKind, see
// Item), with its dots.
type ItemResult struct {
	ItemID   string   `json:"item_id"`
	ItemKind string   `json:"item_kind"`
	Text     string   `json:"text"`
	NoteIDs  []string `json:"note_ids,omitempty"`
	Votes    int      `json:"votes"`
	Rank     *int     `json:"rank"`
}

// VoteResults are a vote's items, most dots first; ties share a rank.
type VoteResults []ItemResult

// Kind implements Results.
func (VoteResults) Kind() string { return KindVote }

// Len implements Results.
func (r VoteResults) Len() int { return len(r) }

// ShownResults: a results activity has no outcome of its own; it shows
// the vote named by its source, whose results are in the report already.
type ShownResults []struct{}

// Kind implements Results.
func (ShownResults) Kind() string { return KindResults }

// Len implements Results.
func (ShownResults) Len() int { return 0 }

// result is activity a's outcome, by its kind.
func (s *state) result(a Activity) Results {
	spec, err := specOf(a.Kind)
	if err != nil {
		return ShownResults{} // a kind this build does not know has nothing to show
	}
	return spec.result(s, a)
}

func brainstormResult(s *state, a Activity) Results {
	totals := s.ballotOf(a.ID).totals
	notes := s.notesOf(a.ID)
	phase := map[string]int{}
	for i, c := range a.Columns {
		phase[c] = i
	}
	sort.SliceStable(notes, func(i, j int) bool {
		if pi, pj := phase[notes[i].Column], phase[notes[j].Column]; pi != pj {
			return pi < pj
		}
		if vi, vj := totals[notes[i].ID], totals[notes[j].ID]; vi != vj {
			return vi > vj
		}
		return s.unordered() && notes[i].Text < notes[j].Text
	})
	out := make(BrainstormResults, len(notes))
	for i, n := range notes {
		out[i] = NoteResult{NoteID: n.ID, Text: n.Text, Phase: n.Column, Votes: totals[n.ID]}
	}
	rankAll(out, func(r *NoteResult) (int, **int) { return r.Votes, &r.Rank })
	return out
}

func clusterResult(s *state, a Activity) Results {
	bd := s.boardOf(a.ID)
	out := make(ClusterResults, 0, len(bd.clusters))
	for _, c := range bd.clusters {
		g := GroupResult{GroupID: c.ID, Title: c.Title, NoteIDs: []string{}}
		for _, id := range c.Notes {
			if _, ok := s.noteByID[id]; !ok {
				continue // deleted since: the group keeps its title
			}
			g.NoteIDs = append(g.NoteIDs, id)
			if bd.duplicates[id] {
				g.DuplicateIDs = append(g.DuplicateIDs, id)
			}
		}
		out = append(out, g)
	}
	return out
}

func voteResult(s *state, a Activity) Results {
	totals := s.ballotOf(a.ID).totals
	items := s.sourceItems(a)
	out := make(VoteResults, len(items))
	for i, it := range items {
		out[i] = ItemResult{ItemID: it.ID, ItemKind: it.Kind, Text: it.Text, NoteIDs: it.NoteIDs, Votes: totals[it.ID]}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Votes != out[j].Votes {
			return out[i].Votes > out[j].Votes
		}
		return s.unordered() && out[i].Text < out[j].Text
	})
	rankAll(out, func(r *ItemResult) (int, **int) { return r.Votes, &r.Rank })
	return out
}

// unordered: in an anonymous room no list may keep the order notes were
// written in, which can tell who wrote what to anyone who watched.
func (s *state) unordered() bool { return s.info.Anonymity == Anonymous }

func resultsResult(*state, Activity) Results { return ShownResults{} }

// existing keeps the ids of notes that were not deleted.
func (s *state) existing(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, ok := s.noteByID[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// rankAll sets each result's rank from its dots; field gives both.
func rankAll[T any](rs []T, field func(*T) (int, **int)) {
	votes := make([]int, len(rs))
	for i := range rs {
		votes[i], _ = field(&rs[i])
	}
	for i, rank := range ranks(votes) {
		_, dst := field(&rs[i])
		*dst = rank
	}
}

// ranks gives competition ranks ("1, 1, 3") to counts sorted from most to
// fewest: ties share a rank, and a count of zero gets none. Counts out of
// order (a journey map's phases) are ranked among all of them.
func ranks(counts []int) []*int {
	sorted := slices.Clone(counts)
	slices.SortFunc(sorted, func(a, b int) int { return b - a })
	out := make([]*int, len(counts))
	for i, c := range counts {
		if c <= 0 {
			continue
		}
		r := slices.Index(sorted, c) + 1
		out[i] = &r
	}
	return out
}
