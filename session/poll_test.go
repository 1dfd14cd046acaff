package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// newPollRoom is a room whose current activity is an open poll with
// options, three participants and a facilitator.
func newPollRoom(t *testing.T, spec RoomSpec, multiple bool, options ...string) *scoreRoom {
	t.Helper()
	ctx := context.Background()
	r := &scoreRoom{facRoom: newFacRoom(t, spec), items: map[string]string{}}
	r.people = []*Member{r.part, r.join(t, r.code, "p2"), r.join(t, r.code, "p3")}
	mustDo(t, r.fac.AddActivity(ctx, KindPoll, "Hur kom du hit?", ""))
	mustDo(t, r.fac.Go(ctx, +1))
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Statements: StatementItems(options), Multiple: multiple}, false))
	for _, it := range r.fac.Latest().Items() {
		r.items[it.Text] = it.ID
	}
	return r
}

// pollLine is a poll's outcome as "option count share" per option.
func pollLine(res PollResults) string {
	var parts []string
	for _, o := range res.Options {
		parts = append(parts, fmt.Sprintf("%s %s %s", o.Option, fmti(o.Count), fmtf(o.Share)))
	}
	return strings.Join(parts, ", ")
}

// TestPollCounting: single and multiple choice; shares are of the people
// who answered, so a multiple-choice poll's shares add up to more than 1;
// most chosen first, changes replace, a second choice in a single-choice
// poll replaces the first.
func TestPollCounting(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		multiple bool
		choose   [][]string // per person, options toggled in turn
		want     string
		answered int
	}{
		{"single", false, [][]string{{"buss"}, {"bil", "buss"}, {"cykel", "cykel"}}, "buss 2 1, bil 0 0, cykel 0 0", 2},
		{"single changed", false, [][]string{{"bil"}, {"cykel"}, {"bil"}}, "bil 2 0.67, cykel 1 0.33, buss 0 0", 3},
		{"multiple", true, [][]string{{"buss", "bil"}, {"buss"}, {"cykel", "buss", "cykel"}}, "buss 3 1, bil 1 0.33, cykel 0 0", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newPollRoom(t, RoomSpec{}, c.multiple, "bil", "buss", "cykel")
			for i, picks := range c.choose {
				for _, o := range picks {
					mustDo(t, r.people[i].ChooseIn(ctx, r.current().ID, r.items[o]))
				}
			}
			res := r.fac.Latest().Outcome.(PollResults)
			if got := pollLine(res); got != c.want || *res.Answered != c.answered {
				t.Fatalf("got %s (answered %s), want %s (answered %d)", got, fmti(res.Answered), c.want, c.answered)
			}
		})
	}
}

// TestPollAnswerRefusals: two options in a single-choice poll, one
// option twice, an option of no poll, and a poll that is not current.
func TestPollAnswerRefusals(t *testing.T) {
	ctx := context.Background()
	r := newPollRoom(t, RoomSpec{}, false, "ja", "nej")
	p := r.people[0]
	cases := []struct {
		name    string
		options []string
		want    error
	}{
		{"two in single choice", []string{r.items["ja"], r.items["nej"]}, ErrOneOption},
		{"no such option", []string{"x"}, ErrNoSuchItem},
	}
	for _, c := range cases {
		if err := p.Answer(ctx, c.options); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Statements: StatementItems([]string{"ja", "nej"}), Multiple: true}, false))
	if err := p.Answer(ctx, []string{r.items["ja"], r.items["ja"]}); !errors.Is(err, ErrChosenTwice) {
		t.Errorf("one option twice: %v", err)
	}
	mustDo(t, p.Answer(ctx, []string{r.items["nej"], r.items["ja"]}))
	if got := r.fac.Latest().MyChoices(p.ID()); len(got) != 2 || got[0] != r.items["ja"] {
		t.Errorf("choices %v, want both in the poll's order", got)
	}
	// Someone chose two: the poll cannot go back to taking one.
	if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Statements: StatementItems([]string{"ja", "nej"})}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("single choice after two were chosen: %v", err)
	}
	mustDo(t, r.fac.Go(ctx, -1))
	if err := p.ChooseIn(ctx, r.current().ID, r.items["ja"]); !errors.Is(err, ErrNotPolling) {
		t.Errorf("a choice in a brainstorm: %v", err)
	}
}

// TestPollSetupRefusals: too many options, multiple choice or a target
// on kinds that take neither.
func TestPollSetupRefusals(t *testing.T) {
	ctx := context.Background()
	r := newPollRoom(t, RoomSpec{}, false, "ja")
	eleven := make([]string, MaxOptions+1)
	for i := range eleven {
		eleven[i] = fmt.Sprint("svar ", i)
	}
	if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Statements: StatementItems(eleven)}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("eleven options: %v", err)
	}
	if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Target: &Target{AtLeast: 4, Share: 0.75}}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("a target on a poll: %v", err)
	}
	rate := newScoreRoom(t, RoomSpec{}, KindRate, "väntan")
	if err := rate.fac.SetScoring(ctx, rate.current().ID, Scoring{Multiple: true}, false); !errors.Is(err, ErrScoring) {
		t.Errorf("multiple choice on a rate: %v", err)
	}
}

// TestPollWithheldBelowMinGroup: in an anonymous room a poll fewer than
// three answered shows no counts at all; in a named room it does.
func TestPollWithheldBelowMinGroup(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		anonymity Anonymity
		people    int
		withheld  bool
	}{{Anonymous, 2, true}, {Anonymous, 3, false}, {Named, 2, false}} {
		t.Run(fmt.Sprint(c.anonymity, c.people), func(t *testing.T) {
			r := newPollRoom(t, RoomSpec{Anonymity: c.anonymity}, false, "ja", "nej")
			for _, p := range r.people[:c.people] {
				mustDo(t, p.Answer(ctx, []string{r.items["ja"]}))
			}
			res := r.fac.Latest().Outcome.(PollResults)
			if res.Withheld != c.withheld || (res.Answered == nil) != c.withheld || (res.Options[0].Count == nil) != c.withheld || res.Options[0].Withheld != c.withheld {
				t.Fatalf("%d answers: %+v, withheld %v wanted", c.people, res, c.withheld)
			}
		})
	}
}

// TestPollSecretUntilReveal: a new poll starts secret, showing only how
// many answered.
func TestPollSecretUntilReveal(t *testing.T) {
	ctx := context.Background()
	r := newPollRoom(t, RoomSpec{}, false, "ja", "nej")
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Statements: StatementItems([]string{"ja", "nej"})}, true))
	mustDo(t, r.people[0].Answer(ctx, []string{r.items["nej"]}))
	snap := r.people[1].Latest()
	if snap.Outcome != nil || snap.Answered != 1 || snap.OptionNumber(r.items["nej"]) != 2 {
		t.Fatalf("secret poll: outcome %v, answered %d", snap.Outcome, snap.Answered)
	}
	mustDo(t, r.fac.Reveal(ctx))
	if res := r.people[1].Latest().Outcome.(PollResults); pollLine(res) != "nej 1 1, ja 0 0" {
		t.Fatalf("after the reveal: %s", pollLine(res))
	}
}

// TestTargetArithmetic: the share at or above the value and met / not
// met at the boundaries: exactly 75 %, just under, nobody answering.
func TestTargetArithmetic(t *testing.T) {
	target := Target{AtLeast: 4, Share: 0.75}
	cases := []struct {
		vals  []int
		share string
		met   string
	}{
		{[]int{4, 5, 6, 3}, "0.75", "true"},
		{[]int{4, 5, 3, 3}, "0.5", "false"},
		{[]int{6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 3}, "0.92", "true"},
		{[]int{4, 4, 3}, "0.67", "false"},
		{nil, "nil", "nil"},
		{[]int{6}, "1", "true"},
	}
	for _, c := range cases {
		o := target.Outcome(c.vals)
		met := "nil"
		if o.Met != nil {
			met = fmt.Sprint(*o.Met)
		}
		if fmtf(o.Share) != c.share || met != c.met {
			t.Errorf("%v: share %s met %s, want %s %s", c.vals, fmtf(o.Share), met, c.share, c.met)
		}
	}
	if o := (Target{AtLeast: 4, Share: 0.7}).Outcome([]int{4, 4, 4, 4, 4, 4, 4, 1, 1, 1}); o.Met == nil || !*o.Met {
		t.Error("7 of 10 missed a 70 % target (the share is not exact in binary)")
	}
}

// TestRateTargetInResults: a rate with a target says per item the share
// at or above and met; a target off the scale or with no share is refused.
func TestRateTargetInResults(t *testing.T) {
	ctx := context.Background()
	r := newScoreRoom(t, RoomSpec{}, KindRate, "väntan", "tolk")
	for _, bad := range []Target{{AtLeast: 7, Share: 0.5}, {AtLeast: 4, Share: 0}, {AtLeast: 4, Share: 1.5}} {
		if err := r.fac.SetScoring(ctx, r.current().ID, Scoring{Target: &bad}, false); !errors.Is(err, ErrScoring) {
			t.Errorf("target %+v: %v", bad, err)
		}
	}
	mustDo(t, r.fac.SetScoring(ctx, r.current().ID, Scoring{Target: &Target{AtLeast: 4, Share: 0.75}}, false))
	for i, v := range []int{6, 4, 2} {
		mustDo(t, r.people[i].Rate(ctx, r.items["väntan"], v))
	}
	res := r.fac.Latest().Outcome.(RateResults)
	it := res.Items[0]
	if res.Target == nil || fmtf(it.AtLeastShare) != "0.67" || it.TargetMet == nil || *it.TargetMet || fmti(it.AtLeastCount) != "2" {
		t.Fatalf("väntan: share %s met %v", fmtf(it.AtLeastShare), it.TargetMet)
	}
	if none := res.Items[1]; none.AtLeastShare != nil || none.TargetMet != nil {
		t.Fatalf("an item nobody rated has a target outcome: %+v", none)
	}
}
