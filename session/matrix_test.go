package session

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestQuadrantFromMeans: at or above the middle of an axis is high; the
// four quadrants in Scoring's order.
func TestQuadrantFromMeans(t *testing.T) {
	axes := []Axis{{Name: "x", Scale: Scale{1, 5}}, {Name: "y", Scale: Scale{1, 5}}}
	cases := []struct {
		x, y float64
		want int
	}{{4.5, 1.5, 0}, {5, 5, 1}, {1, 1, 2}, {2.99, 3, 3}, {3, 2.99, 0}, {3, 3, 1}}
	for _, c := range cases {
		if got := quadrant(c.x, c.y, axes); got != c.want {
			t.Errorf("quadrant(%v, %v) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
}

// TestMatrixDefaultsInTheRoomsLanguage: impact and effort 1–5, and the
// quadrants named in the room's language, unless the facilitator named them.
func TestMatrixDefaultsInTheRoomsLanguage(t *testing.T) {
	cases := []struct {
		lang, x, y, first string
	}{{"sv", "Nytta", "Insats", "Snabba vinster"}, {"nb", "Nytte", "Innsats", "Raske gevinster"}, {"en", "Impact", "Effort", "Quick wins"}, {"de", "Impact", "Effort", "Quick wins"}}
	for _, c := range cases {
		var a Activity
		ax, q := a.MatrixAxes(c.lang), a.MatrixQuadrants(c.lang)
		if ax[0].Name != c.x || ax[1].Name != c.y || ax[0].Scale != (Scale{1, 5}) || len(q) != 4 || q[0] != c.first {
			t.Errorf("%s: axes %+v, quadrants %v", c.lang, ax, q)
		}
	}
}

// TestMatrixResults: means, spreads, quadrant and rank (most use for least
// effort first) from three people's positions, one axis left unset.
func TestMatrixResults(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{Lang: "sv"}, KindMatrix, "chatt", "ny lokal", "skylt")
	pos := map[string][][2]int{
		"chatt":    {{5, 1}, {4, 2}, {5, 0}},
		"ny lokal": {{5, 5}, {4, 5}, {3, 4}},
		"skylt":    {{1, 1}, {2, 2}, {0, 1}},
	}
	for text, ps := range pos {
		for i, p := range ps {
			mustDo(t, r.people[i].Place(ctx, r.items[text], p[0], p[1]))
		}
	}
	if x, y := r.people[2].Latest().MyPlacement(r.people[2].ID(), r.items["chatt"]); x != 5 || y != 0 {
		t.Fatalf("own placement %d, %d", x, y)
	}
	res := r.fac.Latest().Outcome.(MatrixResults)
	want := [][]string{
		{"chatt", "3", "4.67", "1.5", "0.47", "0.5", "Snabba vinster", "1"},
		{"skylt", "3", "1.5", "1.33", "0.5", "0.47", "Småfix", "2"},
		{"ny lokal", "3", "4", "4.67", "0.82", "0.47", "Stora satsningar", "3"},
	}
	for i, w := range want {
		g := res.Items[i]
		got := []string{g.Text, fmti(g.N), fmtf(g.XMean), fmtf(g.YMean), fmtf(g.XSpread), fmtf(g.YSpread), *g.Quadrant, fmti(g.Rank)}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("result %d: %v, want %v", i, got, w)
		}
	}
}

// TestPlaceRefusals: a value outside an axis, an item that is gone, and a
// placement outside a matrix are refused; clearing both axes takes it off.
func TestPlaceRefusals(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindMatrix, "chatt")
	id := r.items["chatt"]
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{
		Axes:      []Axis{{Name: "Värde", Scale: Scale{1, 10}}, {Name: "Kostnad"}},
		Quadrants: []string{"Gör nu", "Planera", "Kanske", "Låt bli"},
	}, false))
	cases := []struct {
		name string
		x, y int
		item string
		want error
	}{
		{"x above its axis", 11, 1, id, ErrOutOfScale},
		{"y above its default 1–5", 1, 6, id, ErrOutOfScale},
		{"an item that is gone", 1, 1, "nope", ErrNoSuchItem},
		{"10 on a 1–10 axis", 10, 5, id, nil},
		{"both cleared", 0, 0, id, nil},
	}
	for _, c := range cases {
		if err := r.people[0].Place(ctx, c.item, c.x, c.y); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	if snap := r.fac.Latest(); snap.Answered != 0 || snap.Axes()[0].Name != "Värde" || snap.Quadrants()[3] != "Låt bli" {
		t.Fatalf("answered %d, axes %+v, quadrants %v", snap.Answered, snap.Axes(), snap.Quadrants())
	}
	if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Axes: []Axis{{Name: "x"}}}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("one axis: %v", err)
	}
	if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Quadrants: []string{"a", "b"}}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("two quadrants: %v", err)
	}
	mustDo(t, r.fac.Go(ctx, -1))
	if err := r.people[0].Place(ctx, id, 1, 1); !errors.Is(err, ErrNotPlacing) {
		t.Errorf("placing in a brainstorm: %v", err)
	}
}

// TestResultsShowAnyScoredSource: a results activity after a rate, matrix
// or rank shows that activity's outcome.
func TestResultsShowAnyScoredSource(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []string{KindVote, KindRate, KindMatrix, KindRank} {
		t.Run(kind, func(t *testing.T) {
			r := newScoreRoom(t, RoomSpec{}, kind, "väntan")
			source := r.current().ID
			mustDo(t, r.fac.AddActivity(ctx, KindResults, "Resultat", ""))
			mustDo(t, r.fac.Go(ctx, +1))
			snap := r.people[0].Latest()
			if snap.Activity.Source != source || snap.Outcome == nil || snap.Outcome.Kind() != kind || snap.Outcome.Len() != 1 {
				t.Fatalf("results of a %s: source %q (want %q), outcome %#v", kind, snap.Activity.Source, source, snap.Outcome)
			}
		})
	}
}
