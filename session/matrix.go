package session

import "context"

// The impact/effort matrix: each person places each item on two axes
// (either may stay unset). The outcome per item is its mean on each axis,
// the spread (standard deviation) on each, the quadrant its means fall in
// and a rank: high on the first axis and low on the second first, which
// with the default axes is "most use for least effort".

// KindMatrix is the matrix activity's name, on disk and in exports.
const KindMatrix = "matrix"

// placementSet sets one person's position of one item; 0 leaves an axis
// unset, both 0 clears it.
type placementSet struct {
	Activity string `json:"activity"`
	PID      string `json:"pid"`
	Item     string `json:"item"`
	X        int    `json:"x"`
	Y        int    `json:"y"`
}

// matrixWords are the default axes and quadrants in each room language.
// Quadrants: high x low y (quick wins), both high (big bets), both low
// (fill-ins), low x high y (money pits).
func matrixWords() map[string]struct{ axes, quadrants [4]string } {
	return map[string]struct{ axes, quadrants [4]string }{
		"sv": {[4]string{"Nytta", "Insats"}, [4]string{"Snabba vinster", "Stora satsningar", "Småfix", "Pengaslukare"}},
		"nb": {[4]string{"Nytte", "Innsats"}, [4]string{"Raske gevinster", "Store satsinger", "Småfiks", "Pengesluk"}},
		"en": {[4]string{"Impact", "Effort"}, [4]string{"Quick wins", "Big bets", "Fill-ins", "Money pits"}},
	}
}

func wordsFor(lang string) struct{ axes, quadrants [4]string } {
	words := matrixWords()
	if w, ok := words[lang]; ok {
		return w
	}
	return words["en"]
}

// MatrixAxes are a's two axes, 1–5 and named in lang unless the
// facilitator set them.
func (a Activity) MatrixAxes(lang string) []Axis {
	if len(a.Scoring.Axes) == 2 {
		return a.Scoring.Axes
	}
	w := wordsFor(lang)
	return []Axis{{Name: w.axes[0], Scale: Scale{1, 5}}, {Name: w.axes[1], Scale: Scale{1, 5}}}
}

// MatrixQuadrants are a's four quadrant names (see matrixWords' order).
func (a Activity) MatrixQuadrants(lang string) []string {
	if len(a.Scoring.Quadrants) == 4 {
		return a.Scoring.Quadrants
	}
	q := wordsFor(lang).quadrants
	return q[:]
}

func (s *state) decidePlace(pid, activity, item string, x, y int) ([]any, error) {
	a, err := s.scorer(pid, activity, KindMatrix, ErrNotPlacing)
	if err != nil {
		return nil, err
	}
	axes := a.MatrixAxes(s.info.Lang)
	if err := inScale(x, axes[0].Scale); err != nil {
		return nil, err
	}
	if err := inScale(y, axes[1].Scale); err != nil {
		return nil, err
	}
	if !s.hasItem(a, item) {
		return nil, ErrNoSuchItem
	}
	if s.marksOf(a.ID).byPerson[pid][item] == [2]int{x, y} {
		return nil, nil
	}
	return []any{placementSet{Activity: a.ID, PID: s.toMark(pid), Item: item, X: x, Y: y}}, nil
}

// Place puts item at x on the first axis and y on the second in the
// current matrix; 0 leaves an axis unset, and both 0 takes it off.
func (m *Member) Place(ctx context.Context, item string, x, y int) error {
	return m.PlaceIn(ctx, "", item, x, y)
}

// PlaceIn is Place in the activity the member's screen shows (see RateIn).
func (m *Member) PlaceIn(ctx context.Context, activity, item string, x, y int) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decidePlace(m.id, activity, item, x, y) })
}

// PlacementResult is one item of a matrix; withheld like a rating.
type PlacementResult struct {
	ItemID   string   `json:"item_id"`
	ItemKind string   `json:"item_kind"`
	Text     string   `json:"text"`
	N        *int     `json:"n"`
	XMean    *float64 `json:"x_mean"`
	YMean    *float64 `json:"y_mean"`
	XSpread  *float64 `json:"x_spread"`
	YSpread  *float64 `json:"y_spread"`
	// Quadrant is the name of the quadrant the means fall in; a mean at
	// the middle of an axis counts as high.
	Quadrant *string `json:"quadrant"`
	Rank     *int    `json:"rank"`
	Withheld bool    `json:"withheld,omitempty"`
}

// MatrixResults are a matrix's items, best placed first, with its axes
// and quadrants for drawing the grid.
type MatrixResults struct {
	Axes      []Axis
	Quadrants []string
	Items     []PlacementResult
}

// Kind implements Results.
func (MatrixResults) Kind() string { return KindMatrix }

// Len implements Results.
func (r MatrixResults) Len() int { return len(r.Items) }

// MarshalJSON writes the list CONTRACT.md fixes.
func (r MatrixResults) MarshalJSON() ([]byte, error) { return marshalList(r.Items) }

func matrixResult(s *state, a Activity) Results {
	out := MatrixResults{Axes: a.MatrixAxes(s.info.Lang), Quadrants: a.MatrixQuadrants(s.info.Lang)}
	m := s.marksOf(a.ID)
	items := s.itemsOf(a)
	scores := make([]*float64, len(items))
	for _, it := range items {
		r := PlacementResult{ItemID: it.ID, ItemKind: it.Kind, Text: it.Text}
		placed := m.values(it.ID)
		if s.withheld(len(placed)) {
			r.Withheld = true
		} else {
			r = out.place(r, placed)
		}
		scores[len(out.Items)] = out.score(r)
		out.Items = append(out.Items, r)
	}
	order := s.byScore(scores, textsOf(out.Items, func(r PlacementResult) string { return r.Text }))
	out.Items = permute(out.Items, order)
	for i, rk := range floatRanks(permute(scores, order)) {
		out.Items[i].Rank = rk
	}
	return out
}

// place fills n, means, spreads and quadrant from people's positions.
func (mr MatrixResults) place(r PlacementResult, placed [][2]int) PlacementResult {
	var xs, ys []int
	for _, v := range placed {
		if v[0] > 0 {
			xs = append(xs, v[0])
		}
		if v[1] > 0 {
			ys = append(ys, v[1])
		}
	}
	n := len(placed)
	r.N = &n
	r.XMean, r.YMean, r.XSpread, r.YSpread = mean(xs), mean(ys), spread(xs), spread(ys)
	if r.XMean != nil && r.YMean != nil {
		q := mr.Quadrants[quadrant(*r.XMean, *r.YMean, mr.Axes)]
		r.Quadrant = &q
	}
	return r
}

// quadrant is the index in Quadrants of means x, y: at or above an axis'
// middle is high.
func quadrant(x, y float64, axes []Axis) int {
	high := func(v float64, sc Scale) bool { return v >= float64(sc.Min+sc.Max)/2 }
	hx, hy := high(x, axes[0].Scale), high(y, axes[1].Scale)
	switch {
	case hx && !hy:
		return 0
	case hx && hy:
		return 1
	case !hx && !hy:
		return 2
	}
	return 3
}

// score ranks an item: its first-axis mean less its second-axis mean,
// each as a share of its axis, so most use for least effort comes first.
func (mr MatrixResults) score(r PlacementResult) *float64 {
	if r.XMean == nil || r.YMean == nil {
		return nil
	}
	share := func(v float64, sc Scale) float64 { return (v - float64(sc.Min)) / float64(sc.Max-sc.Min) }
	v := round2(share(*r.XMean, mr.Axes[0].Scale) - share(*r.YMean, mr.Axes[1].Scale))
	return &v
}
