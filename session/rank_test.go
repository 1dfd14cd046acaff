package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestRankResults: three orders give each item its mean place, Borda
// count (first of 4 gets 4), best and worst place, and a rank by Borda
// count where ties share a rank.
func TestRankResults(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRank, "A", "B", "C", "D")
	orders := [][]string{{"A", "B", "C"}, {"B", "A"}, {"C", "A", "B", "D"}}
	for i, texts := range orders {
		var ids []string
		for _, text := range texts {
			ids = append(ids, r.items[text])
		}
		mustDo(t, r.people[i].Rank(ctx, ids))
	}
	// A: places 1, 2, 2 → 4+3+3 = 10; B: 2, 1, 3 → 3+4+2 = 9;
	// C: 3, 1 → 2+4 = 6; D: 4 → 1.
	want := []struct {
		text, n, mean, borda, best, worst, rank string
	}{
		{"A", "3", "1.67", "10", "1", "2", "1"},
		{"B", "3", "2", "9", "1", "3", "2"},
		{"C", "2", "2", "6", "1", "3", "3"},
		{"D", "1", "4", "1", "4", "4", "4"},
	}
	res := r.fac.Latest().Outcome.(RankResults)
	for i, w := range want {
		g := res[i]
		got := []string{g.Text, fmti(g.N), fmtf(g.MeanRank), fmti(g.Borda), fmti(g.Best), fmti(g.Worst), fmti(g.Rank)}
		if fmt.Sprint(got) != fmt.Sprint([]string{w.text, w.n, w.mean, w.borda, w.best, w.worst, w.rank}) {
			t.Errorf("result %d: %v, want %+v", i, got, w)
		}
	}
	// A tie: the third person changes their order to C, D, so A and B
	// both have 4+3 = 7 and C 2+4 = 6.
	mustDo(t, r.people[2].Rank(ctx, []string{r.items["C"], r.items["D"]}))
	res = r.fac.Latest().Outcome.(RankResults)
	if *res[0].Rank != 1 || *res[1].Rank != 1 || *res[0].Borda != 7 || *res[1].Borda != 7 || *res[2].Rank != 3 {
		t.Fatalf("tied items: %s %s, %s %s, then %s", fmti(res[0].Borda), fmti(res[0].Rank), fmti(res[1].Borda), fmti(res[1].Rank), fmti(res[2].Rank))
	}
	if got := r.people[2].Latest().MyOrder(r.people[2].ID()); !slices.Equal(got, []string{r.items["C"], r.items["D"]}) {
		t.Fatalf("own order %v", got)
	}
	// An empty order takes it back.
	mustDo(t, r.people[2].Rank(ctx, nil))
	if snap := r.fac.Latest(); snap.Answered != 2 || len(snap.MyOrder(r.people[2].ID())) != 0 {
		t.Fatalf("after taking the order back: answered %d", snap.Answered)
	}
}

// TestRankRefusals: too long an order, an item twice or one that is gone,
// and a ranking outside a rank activity are refused; nothing is stored.
func TestRankRefusals(t *testing.T) {
	ctx := context.Background()
	texts := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
	r := newScoreRoom(t, RoomSpec{}, KindRank, texts...)
	var all []string
	for _, text := range texts {
		all = append(all, r.items[text])
	}
	cases := []struct {
		name  string
		order []string
		want  error
	}{
		{"eleven items", all, ErrRankTooLong},
		{"an item twice", []string{all[0], all[1], all[0]}, ErrRankedTwice},
		{"an item that is gone", []string{all[0], "nope"}, ErrNoSuchItem},
	}
	for _, c := range cases {
		if err := r.people[0].Rank(ctx, c.order); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	mustDo(t, r.fac.Go(ctx, -1))
	if err := r.people[0].Rank(ctx, all[:2]); !errors.Is(err, ErrNotRanking) {
		t.Errorf("ranking in a brainstorm: %v", err)
	}
	if n := len(r.fac.Latest().Activities); n != 2 || r.fac.Latest().Answered != 0 {
		t.Fatal("a refused ranking was stored")
	}
	mustDo(t, r.fac.Go(ctx, +1))
	if r.fac.Latest().Answered != 0 {
		t.Fatal("a refused ranking was stored")
	}
	// Ten of eleven is a whole order.
	mustDo(t, r.people[0].Rank(ctx, all[:MaxRanked]))
}
