package session

import (
	"context"
	"slices"
	"sort"
)

// Ranking: each person puts up to MaxRanked items in order, in one go (a
// new order replaces the old one). The outcome per item is the mean of
// its places, a Borda count (first of k gets k points, last 1) and the
// best and worst place anyone gave it, which says how much people agreed.

// KindRank is the rank activity's name, on disk and in exports.
const KindRank = "rank"

// MaxRanked is the longest order one person gives: ten is what people can
// hold in mind and compare.
const MaxRanked = 10

// rankingSet is one person's whole order, first first; empty clears it.
type rankingSet struct {
	Activity string   `json:"activity"`
	PID      string   `json:"pid"`
	Order    []string `json:"order"`
}

func (s *state) applyRanking(b rankingSet) {
	mine := make(map[string][2]int, len(b.Order))
	for i, id := range b.Order {
		mine[id] = [2]int{i + 1}
	}
	s.marksOf(b.Activity).byPerson[b.PID] = mine
}

// orderOf reads a person's order back from their places.
func orderOf(mine map[string][2]int) []string {
	out := make([]string, 0, len(mine))
	for id := range mine {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return mine[out[i]][0] < mine[out[j]][0] })
	return out
}

func (s *state) decideRank(pid, activity string, order []string) ([]any, error) {
	a, err := s.scorer(pid, activity, KindRank, ErrNotRanking)
	if err != nil {
		return nil, err
	}
	if len(order) > MaxRanked {
		return nil, ErrRankTooLong
	}
	seen := map[string]bool{}
	for _, id := range order {
		if seen[id] {
			return nil, ErrRankedTwice
		}
		seen[id] = true
		if !s.hasItem(a, id) {
			return nil, ErrNoSuchItem
		}
	}
	if slices.Equal(orderOf(s.marksOf(a.ID).byPerson[pid]), order) {
		return nil, nil
	}
	return []any{rankingSet{Activity: a.ID, PID: s.toMark(pid), Order: slices.Clone(order)}}, nil
}

// Rank sets the member's whole order in the current rank activity, first
// first; an empty order takes it back.
func (m *Member) Rank(ctx context.Context, order []string) error {
	return m.RankIn(ctx, "", order)
}

// RankIn is Rank in the activity the member's screen shows (see RateIn).
func (m *Member) RankIn(ctx context.Context, activity string, order []string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRank(m.id, activity, order) })
}

// Reorder changes the member's order in the activity their screen shows
// by change, applied to their order as the room has it when the command
// is decided: two quick keys ("move this up", "and that one") each build
// on the other, never on a screen that has not caught up yet.
func (m *Member) Reorder(ctx context.Context, activity string, change func(order []string) []string) error {
	return m.act(ctx, func(s *state) ([]any, error) {
		a, err := s.scorer(m.id, activity, KindRank, ErrNotRanking)
		if err != nil {
			return nil, err
		}
		return s.decideRank(m.id, activity, change(orderOf(s.marksOf(a.ID).byPerson[m.id])))
	})
}

// RankResult is one item of a rank activity; withheld like a rating.
type RankResult struct {
	ItemID   string   `json:"item_id"`
	ItemKind string   `json:"item_kind"`
	Text     string   `json:"text"`
	N        *int     `json:"n"`
	MeanRank *float64 `json:"mean_rank"`
	Borda    *int     `json:"borda"`
	// Best and Worst are the highest and lowest places it was given.
	Best     *int `json:"best"`
	Worst    *int `json:"worst"`
	Rank     *int `json:"rank"`
	Withheld bool `json:"withheld,omitempty"`
}

// RankResults are a rank activity's items, highest Borda count first.
type RankResults []RankResult

// Kind implements Results.
func (RankResults) Kind() string { return KindRank }

// Len implements Results.
func (r RankResults) Len() int { return len(r) }

// MarshalJSON writes [] for no items, as every other kind does.
func (r RankResults) MarshalJSON() ([]byte, error) { return marshalList([]RankResult(r)) }

func rankResult(s *state, a Activity) Results {
	m := s.marksOf(a.ID)
	items := s.itemsOf(a)
	points := min(len(items), MaxRanked) + 1
	out := make(RankResults, len(items))
	scores := make([]*float64, len(items))
	for i, it := range items {
		r := RankResult{ItemID: it.ID, ItemKind: it.Kind, Text: it.Text}
		places := firsts(m.values(it.ID))
		switch {
		case s.withheld(len(places)):
			r.Withheld = true
		case len(places) > 0:
			r = withPlaces(r, places, points)
			b := float64(*r.Borda)
			scores[i] = &b
		default:
			zero := 0
			r.N, r.Borda = &zero, &zero
		}
		out[i] = r
	}
	order := s.byScore(scores, textsOf(out, func(r RankResult) string { return r.Text }))
	out = permute(out, order)
	for i, rk := range floatRanks(permute(scores, order)) {
		out[i].Rank = rk
	}
	return out
}

// withPlaces fills n, mean place, Borda count and best/worst from the
// places people gave; points is the Borda count of a first place plus one.
func withPlaces(r RankResult, places []int, points int) RankResult {
	n, borda := len(places), 0
	for _, p := range places {
		borda += max(points-p, 0)
	}
	best, worst := slices.Min(places), slices.Max(places)
	r.N, r.MeanRank, r.Borda, r.Best, r.Worst = &n, mean(places), &borda, &best, &worst
	return r
}
