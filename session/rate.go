package session

import (
	"bytes"
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Rating on a scale: each person gives each item a value, 1–6 by default
// (project goals in public services are written that way: "at least 75 %
// rate 4 or more"), may skip an item and change a value while the
// activity is current. The outcome per item is n, mean, median and the
// distribution, ranked by mean.

// KindRate is the rate activity's name, on disk and in exports.
const KindRate = "rate"

// DefaultMinGroup is the smallest number of answers an anonymous room
// shows for an item: fewer, and a panel of five could be read person by
// person.
const DefaultMinGroup = 3

// ratingSet sets (Value > 0) or clears (0) one person's rating of one item.
type ratingSet struct {
	Activity string `json:"activity"`
	PID      string `json:"pid"`
	Item     string `json:"item"`
	Value    int    `json:"value"`
}

// RateScale is a's scale, the default 1–6 where none was set.
func (a Activity) RateScale() Scale {
	if a.Scoring.Scale == (Scale{}) {
		return Scale{1, 6}
	}
	return a.Scoring.Scale
}

// OutcomeHidden: the facilitator keeps the outcome from the room until
// the reveal.
func (a Activity) OutcomeHidden() bool { return a.Secret && !a.Revealed }

func (s *state) decideRate(pid, activity, item string, value int) ([]any, error) {
	a, err := s.scorer(pid, activity, KindRate, ErrNotRating)
	if err != nil {
		return nil, err
	}
	if err := inScale(value, a.RateScale()); err != nil {
		return nil, err
	}
	if !s.hasItem(a, item) {
		return nil, ErrNoSuchItem
	}
	if s.marksOf(a.ID).byPerson[pid][item][0] == value {
		return nil, nil
	}
	return []any{ratingSet{Activity: a.ID, PID: s.toMark(pid), Item: item, Value: value}}, nil
}

// Rate gives item value in the current rate activity; 0 takes the
// rating back (skips the item).
func (m *Member) Rate(ctx context.Context, item string, value int) error {
	return m.RateIn(ctx, "", item, value)
}

// RateIn is Rate in the activity the member's screen shows: refused with
// ErrClosedActivity when the room has moved on since.
func (m *Member) RateIn(ctx context.Context, activity, item string, value int) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRate(m.id, activity, item, value) })
}

// SetScoring sets up a rate, matrix or rank activity: its scale and
// labels, statements, axes and quadrants, and whether the outcome stays
// secret until the reveal.
func (m *Member) SetScoring(ctx context.Context, id string, sc Scoring, secret bool) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideScoring(m.id, id, sc, secret) })
}

// Distribution counts the answers per value of a scale, lowest first.
type Distribution struct {
	From   int
	Counts []int
}

// MarshalJSON writes {"1": 0, "2": 3, …} in the scale's order (a map
// would put "10" before "2").
func (d Distribution) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range d.Counts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strconv.Itoa(d.From+i) + `":` + strconv.Itoa(c))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// RatingResult is one item of a rate activity. Where it is withheld, n,
// mean, median, distribution and rank are all nil: even a mean of one
// answer is that person's answer.
type RatingResult struct {
	ItemID       string        `json:"item_id"`
	ItemKind     string        `json:"item_kind"`
	Text         string        `json:"text"`
	N            *int          `json:"n"`
	Mean         *float64      `json:"mean"`
	Median       *float64      `json:"median"`
	Distribution *Distribution `json:"distribution"`
	Rank         *int          `json:"rank"`
	Withheld     bool          `json:"withheld,omitempty"`
	// AtLeastShare and TargetMet are there where the activity has a
	// target and someone answered (beside CONTRACT.md's fields).
	AtLeastCount *int     `json:"at_least_count,omitempty"`
	AtLeastShare *float64 `json:"at_least_share,omitempty"`
	TargetMet    *bool    `json:"target_met,omitempty"`
}

// RateResults are a rate activity's items, highest mean first; ties
// share a rank, and items nobody rated have none.
type RateResults struct {
	Scale  Scale
	Labels [2]string
	// Target is the activity's target; nil where it has none.
	Target *Target
	Items  []RatingResult
}

// Kind implements Results.
func (RateResults) Kind() string { return KindRate }

// Len implements Results.
func (r RateResults) Len() int { return len(r.Items) }

// MarshalJSON writes the list CONTRACT.md fixes; the scale is in the
// activity's settings.
func (r RateResults) MarshalJSON() ([]byte, error) { return marshalList(r.Items) }

func rateResult(s *state, a Activity) Results {
	sc := a.RateScale()
	m := s.marksOf(a.ID)
	items := s.itemsOf(a)
	out := RateResults{Scale: sc, Labels: a.Scoring.Labels, Target: a.Scoring.Target, Items: make([]RatingResult, len(items))}
	for i, it := range items {
		r := RatingResult{ItemID: it.ID, ItemKind: it.Kind, Text: it.Text}
		vals := firsts(m.values(it.ID))
		if s.withheld(len(vals)) {
			r.Withheld = true
		} else {
			n := len(vals)
			r.N, r.Distribution = &n, distribution(vals, sc)
			r.Mean, r.Median = mean(vals), median(vals)
			if t := a.Scoring.Target; t != nil {
				o := t.Outcome(vals)
				r.AtLeastCount, r.AtLeastShare, r.TargetMet = o.AtLeast, o.Share, o.Met
			}
		}
		out.Items[i] = r
	}
	means := make([]*float64, len(out.Items))
	for i := range out.Items {
		means[i] = out.Items[i].Mean
	}
	order := s.byScore(means, textsOf(out.Items, func(r RatingResult) string { return r.Text }))
	out.Items = permute(out.Items, order)
	for i, r := range floatRanks(permute(means, order)) {
		out.Items[i].Rank = r
	}
	return out
}

// withheld: an anonymous room shows no counts of fewer than its
// smallest group (nobody answering reveals nothing).
func (s *state) withheld(n int) bool {
	floor := s.minGroup
	if floor <= 0 {
		floor = DefaultMinGroup
	}
	return s.unordered() && n > 0 && n < floor
}

func firsts(vs [][2]int) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = v[0]
	}
	return out
}

func distribution(vals []int, sc Scale) *Distribution {
	d := &Distribution{From: sc.Min, Counts: make([]int, sc.Max-sc.Min+1)}
	for _, v := range vals {
		if v >= sc.Min && v <= sc.Max {
			d.Counts[v-sc.Min]++
		}
	}
	return d
}

// mean is nil for no values; rounded to two decimals, as reports show it.
func mean(vals []int) *float64 {
	if len(vals) == 0 {
		return nil
	}
	sum := 0
	for _, v := range vals {
		sum += v
	}
	m := round2(float64(sum) / float64(len(vals)))
	return &m
}

// median is the middle value, or the mean of the two middle ones.
func median(vals []int) *float64 {
	if len(vals) == 0 {
		return nil
	}
	sorted := slices.Clone(vals)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	m := float64(sorted[mid])
	if len(sorted)%2 == 0 {
		m = float64(sorted[mid-1]+sorted[mid]) / 2
	}
	return &m
}

// spread is the population standard deviation: how far people were
// from each other on one item (0: all agreed).
func spread(vals []int) *float64 {
	mu := mean(vals)
	if mu == nil {
		return nil
	}
	sum := 0.0
	for _, v := range vals {
		sum += (float64(v) - *mu) * (float64(v) - *mu)
	}
	sd := round2(math.Sqrt(sum / float64(len(vals))))
	return &sd
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// byScore orders indexes highest score first, unscored last; ties keep
// the items' order, except in anonymous rooms where they go by text.
func (s *state) byScore(scores []*float64, texts []string) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := scores[order[x]], scores[order[y]]
		switch {
		case a == nil || b == nil:
			if (a == nil) != (b == nil) {
				return b == nil
			}
		case *a != *b:
			return *a > *b
		}
		return s.unordered() && texts[order[x]] < texts[order[y]]
	})
	return order
}

// floatRanks gives competition ranks to scores sorted highest first:
// ties share a rank ("1, 1, 3"), and no score gets none.
func floatRanks(scores []*float64) []*int {
	out := make([]*int, len(scores))
	for i, sc := range scores {
		if sc == nil {
			continue
		}
		r := i + 1
		if i > 0 && out[i-1] != nil && *scores[i-1] == *sc {
			r = *out[i-1]
		}
		out[i] = &r
	}
	return out
}

func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

func textsOf[T any](xs []T, text func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = text(x)
	}
	return out
}
