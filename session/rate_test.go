package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

// scoreRoom is a room whose brainstorm has notes, then a rate, matrix or
// rank activity on them, current, with three participants.
type scoreRoom struct {
	*facRoom
	people []*Member
	items  map[string]string // text → id
}

func newScoreRoom(t *testing.T, spec RoomSpec, kind string, notes ...string) *scoreRoom {
	t.Helper()
	ctx := context.Background()
	r := &scoreRoom{facRoom: newFacRoom(t, spec), items: map[string]string{}}
	r.people = []*Member{r.part, r.join(t, r.code, "p2"), r.join(t, r.code, "p3")}
	for _, text := range notes {
		if err := r.part.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.fac.AddActivity(ctx, kind, "Prioritera", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	for _, it := range r.fac.Latest().Items() {
		r.items[it.Text] = it.ID
	}
	if kind == KindVote {
		for _, n := range r.fac.Latest().NotesFor(r.fac.ID()) {
			r.items[n.Text] = n.ID
		}
	} else {
		// Open, so tests read the live outcome (a new one starts secret).
		mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{}, false))
	}
	if len(r.items) != len(notes) {
		t.Fatalf("the %s offers %d items, want the brainstorm's %d", kind, len(r.items), len(notes))
	}
	return r
}

func (r *scoreRoom) current() Activity { return r.fac.Latest().Activity }

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func fp(f float64) *float64 { return &f }

func eqf(a, b *float64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func fmtf(f *float64) string {
	if f == nil {
		return "nil"
	}
	return fmt.Sprint(*f)
}

func fmti(i *int) string {
	if i == nil {
		return "nil"
	}
	return fmt.Sprint(*i)
}

// TestRatingArithmetic: mean, median (odd and even), distribution and
// spread of one item's ratings.
func TestRatingArithmetic(t *testing.T) {
	cases := []struct {
		vals             []int
		mean, median, sd *float64
		dist             []int
	}{
		{nil, nil, nil, nil, []int{0, 0, 0, 0, 0, 0}},
		{[]int{4}, fp(4), fp(4), fp(0), []int{0, 0, 0, 1, 0, 0}},
		{[]int{1, 6, 2}, fp(3), fp(2), fp(2.16), []int{1, 1, 0, 0, 0, 1}},
		{[]int{5, 1, 4, 6}, fp(4), fp(4.5), fp(1.87), []int{1, 0, 0, 1, 1, 1}},
		{[]int{2, 3, 3}, fp(2.67), fp(3), fp(0.47), []int{0, 1, 2, 0, 0, 0}},
	}
	for _, c := range cases {
		if m := mean(c.vals); !eqf(m, c.mean) {
			t.Errorf("mean(%v) = %s, want %s", c.vals, fmtf(m), fmtf(c.mean))
		}
		if m := median(c.vals); !eqf(m, c.median) {
			t.Errorf("median(%v) = %s, want %s", c.vals, fmtf(m), fmtf(c.median))
		}
		if sd := spread(c.vals); !eqf(sd, c.sd) {
			t.Errorf("spread(%v) = %s, want %s", c.vals, fmtf(sd), fmtf(c.sd))
		}
		if d := distribution(c.vals, Scale{1, 6}); fmt.Sprint(d.Counts) != fmt.Sprint(c.dist) {
			t.Errorf("distribution(%v) = %v, want %v", c.vals, d.Counts, c.dist)
		}
	}
}

// TestTiesShareARank: competition ranks over sorted scores, none for an
// item without a score.
func TestTiesShareARank(t *testing.T) {
	cases := []struct {
		scores []*float64
		want   string
	}{
		{[]*float64{fp(5), fp(4), fp(3)}, "[1 2 3]"},
		{[]*float64{fp(5), fp(5), fp(3)}, "[1 1 3]"},
		{[]*float64{fp(4.5), fp(2), fp(2), fp(2), fp(1)}, "[1 2 2 2 5]"},
		{[]*float64{fp(3), nil, nil}, "[1 nil nil]"},
	}
	for _, c := range cases {
		var got []string
		for _, r := range floatRanks(c.scores) {
			got = append(got, fmti(r))
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("ranks of %v = %v, want %s", c.scores, got, c.want)
		}
	}
}

// TestDistributionJSON: the distribution is an object in the scale's
// order, so "10" comes after "9".
func TestDistributionJSON(t *testing.T) {
	d := distribution([]int{10, 2, 2}, Scale{1, 10})
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"1":0,"2":2,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":1}`
	if string(b) != want {
		t.Fatalf("distribution is %s, want %s", b, want)
	}
}

// TestRateSkipAndChange: a rating can be changed and taken back (skipped)
// while the activity is current; the snapshot shows the viewer's own
// rating and how many answered.
func TestRateSkipAndChange(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan", "tolk")
	p, wait := r.people[0], r.items["väntan"]
	steps := []struct {
		value, mine, answered int
	}{{4, 4, 1}, {6, 6, 1}, {6, 6, 1}, {0, 0, 0}, {2, 2, 1}}
	for i, st := range steps {
		mustDo(t, p.Rate(ctx, wait, st.value))
		snap := p.Latest()
		if got := snap.MyRating(p.ID(), wait); got != st.mine || snap.Answered != st.answered {
			t.Fatalf("step %d: own rating %d, answered %d; want %d, %d", i, got, snap.Answered, st.mine, st.answered)
		}
	}
	res := r.fac.Latest().Outcome.(RateResults)
	if res.Items[0].ItemID != wait || *res.Items[0].N != 1 || *res.Items[0].Mean != 2 {
		t.Fatalf("outcome after changes: %+v", res.Items[0])
	}
}

// TestRateRefusals: a rating outside the scale, of an item that is gone,
// in an activity that is not a rate or has closed, or by someone removed
// is refused with its own error, and nothing is stored.
func TestRateRefusals(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan")
	wait, rate := r.items["väntan"], r.current().ID
	mustDo(t, r.fac.Remove(ctx, r.people[2].ID()))
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"above the scale", func() error { return r.people[0].Rate(ctx, wait, 7) }, ErrOutOfScale},
		{"below the scale", func() error { return r.people[0].Rate(ctx, wait, -1) }, ErrOutOfScale},
		{"an item that is gone", func() error { return r.people[0].Rate(ctx, "nope", 3) }, ErrNoSuchItem},
		{"a removed participant", func() error { return r.people[2].Rate(ctx, wait, 3) }, ErrNotJoined},
		{"an activity that is not current", func() error { return r.people[0].RateIn(ctx, "a1", wait, 3) }, ErrClosedActivity},
		{"an activity that does not exist", func() error { return r.people[0].RateIn(ctx, "a99", wait, 3) }, ErrNoSuchActivity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := r.fac.Latest().Seq
			if err := c.do(); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if snap := r.fac.Latest(); snap.Seq != before || snap.Answered != 0 {
				t.Fatalf("something was stored: seq %d → %d, answered %d", before, snap.Seq, snap.Answered)
			}
		})
	}
	// Closed: the room moved on, and a screen still showing the rate sends.
	mustDo(t, r.fac.Go(ctx, -1))
	if err := r.people[0].RateIn(ctx, rate, wait, 3); !errors.Is(err, ErrClosedActivity) {
		t.Fatalf("a rating after the activity closed: %v", err)
	}
	if err := r.people[0].Rate(ctx, wait, 3); !errors.Is(err, ErrNotRating) {
		t.Fatalf("a rating in a brainstorm: %v", err)
	}
}

// TestRateResults: three people rate; the outcome per item has n, mean,
// median, distribution, and ranks by mean with ties sharing a rank.
func TestRateResults(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan", "tolk", "bemötande", "blanketter")
	ratings := map[string][]int{"väntan": {6, 5, 4}, "tolk": {2, 3}, "bemötande": {5, 5, 5}, "blanketter": {}}
	for text, vals := range ratings {
		for i, v := range vals {
			mustDo(t, r.people[i].Rate(ctx, r.items[text], v))
		}
	}
	res := r.fac.Latest().Outcome.(RateResults)
	want := []struct {
		text    string
		n       int
		mean    float64
		median  float64
		rank    string
		distrib string
	}{
		{"väntan", 3, 5, 5, "1", "[0 0 0 1 1 1]"},
		{"bemötande", 3, 5, 5, "1", "[0 0 0 0 3 0]"},
		{"tolk", 2, 2.5, 2.5, "3", "[0 1 1 0 0 0]"},
	}
	for i, w := range want {
		got := res.Items[i]
		if got.Text != w.text || *got.N != w.n || *got.Mean != w.mean || *got.Median != w.median ||
			fmti(got.Rank) != w.rank || fmt.Sprint(got.Distribution.Counts) != w.distrib {
			t.Errorf("result %d: %s n=%s mean=%s median=%s rank=%s dist=%v; want %+v", i, got.Text, fmti(got.N),
				fmtf(got.Mean), fmtf(got.Median), fmti(got.Rank), got.Distribution, w)
		}
	}
	last := res.Items[3]
	if last.Text != "blanketter" || *last.N != 0 || last.Mean != nil || last.Rank != nil {
		t.Errorf("an item nobody rated: %+v, want last, n 0, no mean, no rank", last)
	}
}

// TestRateSecretUntilReveal: a secret rate shows no outcome (only how
// many answered) until the facilitator reveals it.
func TestRateSecretUntilReveal(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan")
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Scale: Scale{1, 10}, Labels: [2]string{"inte alls", "helt"}}, true))
	if err := r.part.SetScoring(ctx, r.current().ID, Scoring{}, false); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a participant set up the rating: %v", err)
	}
	mustDo(t, r.people[0].Rate(ctx, r.items["väntan"], 10))
	snap := r.people[1].Latest()
	if snap.Outcome != nil || snap.Answered != 1 || snap.Activity.RateScale() != (Scale{1, 10}) || snap.Activity.Scoring.Labels[1] != "helt" {
		t.Fatalf("secret rate: outcome %v, answered %d, scale %v", snap.Outcome, snap.Answered, snap.Activity.RateScale())
	}
	mustDo(t, r.fac.Reveal(ctx))
	if res, ok := r.people[1].Latest().Outcome.(RateResults); !ok || *res.Items[0].Mean != 10 {
		t.Fatalf("after the reveal: %+v", r.people[1].Latest().Outcome)
	}
}

// TestRateWithheldBelowMinGroup: in an anonymous room an item fewer than
// three rated shows no numbers at all; in a named room it does.
func TestRateWithheldBelowMinGroup(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		anonymity Anonymity
		withheld  bool
	}{{Anonymous, true}, {Named, false}} {
		t.Run(string(c.anonymity), func(t *testing.T) {
			r := newScoreRoom(t, RoomSpec{Anonymity: c.anonymity}, KindRate, "väntan", "tolk")
			for i, p := range r.people {
				mustDo(t, p.Rate(ctx, r.items["väntan"], 3))
				if i < 2 {
					mustDo(t, p.Rate(ctx, r.items["tolk"], 6))
				}
			}
			res := r.fac.Latest().Outcome.(RateResults)
			few := res.Items[len(res.Items)-1]
			if few.Text != "tolk" && !c.withheld {
				few = res.Items[0]
			}
			if few.Withheld != c.withheld || (few.N == nil) != c.withheld || (few.Distribution == nil) != c.withheld || (few.Mean == nil) != c.withheld {
				t.Fatalf("two ratings: %+v, withheld %v wanted", few, c.withheld)
			}
			if enough := res.Items[0]; c.withheld && (enough.Withheld || *enough.N != 3) {
				t.Fatalf("three ratings: %+v", enough)
			}
		})
	}
}

// TestStatementsKeepTheirIDs: the facilitator's statements are the items;
// editing the list keeps the ids (and ratings) of statements still in it.
func TestStatementsKeepTheirIDs(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan")
	id := r.current().ID
	mustDo(t, r.fac.SetScoring(ctx, id, Scoring{Statements: StatementItems([]string{"Jag kunde påverka", "Jag blev lyssnad på"})}, false))
	first := r.fac.Latest().Items()
	if len(first) != 2 || first[0].Kind != ItemStatement || first[0].ID == first[1].ID {
		t.Fatalf("statements: %+v", first)
	}
	mustDo(t, r.people[0].Rate(ctx, first[1].ID, 5))
	mustDo(t, r.fac.SetScoring(ctx, id, Scoring{Statements: StatementItems([]string{"Jag blev lyssnad på", "Ny fråga"})}, false))
	second := r.fac.Latest().Items()
	if second[0].ID != first[1].ID || second[1].ID == first[0].ID || second[1].ID == first[1].ID {
		t.Fatalf("after the edit %+v, before %+v", second, first)
	}
	if r.people[0].Latest().MyRating(r.people[0].ID(), second[0].ID) != 5 {
		t.Fatal("the rating of a kept statement was lost")
	}
	if err := r.people[0].Rate(ctx, first[0].ID, 3); !errors.Is(err, ErrNoSuchItem) {
		t.Fatalf("rating a statement that was taken away: %v", err)
	}
	// A rated statement taken away: a new one never gets its id (or its
	// ratings), even when it is the highest number.
	mustDo(t, r.people[0].Rate(ctx, second[1].ID, 2))
	mustDo(t, r.fac.SetScoring(ctx, id, Scoring{Statements: StatementItems([]string{"Jag blev lyssnad på"})}, false))
	mustDo(t, r.fac.SetScoring(ctx, id, Scoring{Statements: StatementItems([]string{"Jag blev lyssnad på", "Tredje"})}, false))
	third := r.fac.Latest().Items()[1]
	if third.ID == second[1].ID || r.fac.Latest().MyRating(r.people[0].ID(), third.ID) != 0 {
		t.Fatalf("a new statement took the id of a rated one: %+v", third)
	}
}

// TestScoringRefusals: settings that make no sense are refused with a
// message that says what is wrong.
func TestScoringRefusals(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan")
	id := r.current().ID
	long := make([]Item, MaxStatements+1)
	for i := range long {
		long[i] = Item{Text: fmt.Sprint("påstående ", i)}
	}
	cases := []struct {
		name string
		id   string
		sc   Scoring
		want error
	}{
		{"scale 0–6", id, Scoring{Scale: Scale{0, 6}}, ErrScoring},
		{"scale 1–7", id, Scoring{Scale: Scale{1, 7}}, ErrScoring},
		{"axes on a rate", id, Scoring{Axes: []Axis{{Name: "x"}, {Name: "y"}}}, ErrScoring},
		{"too many statements", id, Scoring{Statements: long}, ErrScoring},
		{"a brainstorm", "a1", Scoring{}, ErrNotScoring},
		{"no such activity", "a99", Scoring{}, ErrNoSuchActivity},
		{"1–10 before anyone rated", id, Scoring{Scale: Scale{1, 10}}, nil},
		{"back to 1–6 before anyone rated", id, Scoring{}, nil},
	}
	for _, c := range cases {
		if err := r.fac.SetScoring(ctx, c.id, c.sc, false); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	// Once someone rated, the labels may change but the scale may not.
	mustDo(t, r.people[0].Rate(ctx, r.items["väntan"], 6))
	if err := r.fac.SetScoring(ctx, id, Scoring{Scale: Scale{1, 5}}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("1–5 after a rating of 6: %v", err)
	}
	mustDo(t, r.fac.SetScoring(ctx, id, Scoring{Scale: Scale{1, 6}, Labels: [2]string{"nej", "ja"}}, false))
}

// TestScoresSurviveARestart: setup, ratings, placements and orders come
// back from the log after the server restarts.
func TestScoresSurviveARestart(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan", "tolk")
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Scale: Scale{1, 5}, Labels: [2]string{"nej", "ja"}}, true))
	mustDo(t, r.part.Rate(ctx, r.items["tolk"], 5))
	r.restart(t)
	p := r.join(t, r.code, "participant")
	snap := p.Latest()
	if snap.MyRating(p.ID(), r.items["tolk"]) != 5 || snap.Activity.RateScale() != (Scale{1, 5}) || !snap.Activity.OutcomeHidden() || snap.Answered != 1 {
		t.Fatalf("after a restart: rating %d, scale %v, hidden %v, answered %d",
			snap.MyRating(p.ID(), r.items["tolk"]), snap.Activity.RateScale(), snap.Activity.OutcomeHidden(), snap.Answered)
	}
}

// TestScoredActivitiesStartSecret: a new rate, matrix or rank keeps its
// outcome from the room until the reveal, as a vote does; templates too.
func TestScoredActivitiesStartSecret(t *testing.T) {
	ctx := context.Background()
	r := newFacRoom(t, RoomSpec{})
	mustDo(t, r.fac.AddNote(ctx, "väntan"))
	for _, kind := range []string{KindRate, KindMatrix, KindRank} {
		mustDo(t, r.fac.AddActivity(ctx, kind, kind, ""))
		mustDo(t, r.fac.Go(ctx, +1))
		snap := r.part.Latest()
		if !snap.Activity.OutcomeHidden() || snap.Outcome != nil {
			t.Errorf("a new %s shows its outcome: %#v", kind, snap.Outcome)
		}
		mustDo(t, r.fac.Reveal(ctx))
		if r.part.Latest().Outcome == nil {
			t.Errorf("a revealed %s shows no outcome", kind)
		}
	}
	f := newFixture(t)
	snap := f.join(t, f.room(t, RoomSpec{Template: "hmw"}), "p").Latest()
	if !snap.Activities[3].Secret || !snap.Activities[4].Secret {
		t.Error("the hmw template's rate and matrix are not secret until the reveal")
	}
}

// TestSnapshotsDoNotChangeUnderReaders: a session reads its snapshot's
// ratings while others rate; the race detector fails this test if the
// room changes a map a published snapshot holds.
func TestSnapshotsDoNotChangeUnderReaders(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan", "tolk")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			if err := r.people[i%3].Rate(ctx, r.items["tolk"], 1+i%6); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		snap := r.people[0].Latest()
		for _, p := range r.people {
			_ = snap.MyRating(p.ID(), r.items["tolk"])
		}
		_ = snap.Answered
	}
}
