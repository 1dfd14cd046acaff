package session

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// round is one room of a measurement: a rate of statements with a
// target, then a poll; ratings are per statement, one value per person
// (0: that person skips it), poll answers are option numbers from 1.
type round struct {
	spec       RoomSpec
	statements []string
	ratings    map[string][]int
	poll       []int
}

func surveyAgenda(statements []string) *Template {
	return &Template{Activities: []TemplateActivity{
		{Kind: KindRate, Title: "Mål", Items: statements, Target: &Target{AtLeast: 4, Share: 0.75}},
		{Kind: KindPoll, Title: "Kontakt", Prompt: "Hur ofta?", Options: []string{"Ofta", "Sällan"}},
	}}
}

// runRound makes the room and has its people answer; the code.
func runRound(t *testing.T, f *fixture, r round) string {
	t.Helper()
	ctx := context.Background()
	if r.spec.Agenda == nil && r.spec.After == "" {
		r.spec.Agenda = surveyAgenda(r.statements)
	}
	r.spec.Creator = Identity{Key: []byte("fac")}
	code := f.room(t, r.spec)
	fac := f.join(t, code, "fac")
	people := make([]*Member, 6)
	for i := range people {
		people[i] = f.join(t, code, fmt.Sprint("p", i))
	}
	items := map[string]string{}
	for _, it := range fac.Latest().Items() {
		items[it.Text] = it.ID
	}
	for text, vals := range r.ratings {
		for i, v := range vals {
			if v > 0 {
				mustDo(t, people[i].Rate(ctx, items[text], v))
			}
		}
	}
	if len(r.poll) == 0 {
		return code
	}
	mustDo(t, fac.Go(ctx, +1))
	opts := fac.Latest().Items()
	for i, o := range r.poll {
		mustDo(t, people[i].Answer(ctx, []string{opts[o-1].ID}))
	}
	return code
}

func itemByText(c Comparison, text string) (CompareItem, bool) {
	for _, it := range c.Items {
		if it.Text == text {
			return it, true
		}
	}
	return CompareItem{}, false
}

func metOf(c *CompareCell) string {
	if c == nil || c.TargetMet == nil {
		return "nil"
	}
	return fmt.Sprint(*c.TargetMet)
}

// TestCompareMatchesByText: a statement in both rounds has n, mean,
// share at or above the target and met per round and the changes; a
// statement in only one round is listed with nothing for the other; a
// poll option is matched by question and option.
func TestCompareMatchesByText(t *testing.T) {
	f := newFixture(t)
	before := runRound(t, f, round{statements: []string{"Jag kan påverka", "Bara före"},
		ratings: map[string][]int{"Jag kan påverka": {4, 5, 6, 2}, "Bara före": {1, 1, 1}}, poll: []int{1, 1, 2}})
	after := runRound(t, f, round{statements: []string{"Jag kan påverka", "Bara efter"},
		ratings: map[string][]int{"Jag kan påverka": {3, 3, 4, 5}, "Bara efter": {6, 6, 6}}, poll: []int{1, 2, 2, 2}})
	c, err := f.hub.Compare(context.Background(), []string{before, after}, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	both, _ := itemByText(c, "Jag kan påverka")
	b, a := both.Rounds[0], both.Rounds[1]
	if !both.InAll || fmti(b.N) != "4" || fmti(a.N) != "4" || fmtf(b.Share) != "0.75" || fmtf(a.Share) != "0.5" ||
		metOf(b) != "true" || metOf(a) != "false" || fmtf(both.MeanChange) != "-0.5" || fmtf(both.ShareChange) != "-0.25" {
		t.Errorf("in both: %+v before %+v after %+v", both, *b, *a)
	}
	cases := []struct {
		text    string
		missing int
	}{{"Bara före", 1}, {"Bara efter", 0}}
	for _, w := range cases {
		it, ok := itemByText(c, w.text)
		if !ok || it.InAll || it.Rounds[w.missing] != nil || it.Rounds[1-w.missing] == nil || it.MeanChange != nil {
			t.Errorf("%s: %+v, want listed with round %d empty", w.text, it, w.missing+1)
		}
	}
	often, _ := itemByText(c, "Ofta")
	if often.Kind != KindPoll || often.Question != "Hur ofta?" || fmti(often.Rounds[0].Count) != "2" ||
		fmtf(often.Rounds[1].Share) != "0.25" || fmtf(often.ShareChange) != "-0.42" {
		t.Errorf("poll option: %+v", often)
	}
}

// TestCompareRefusals: the same room twice, a room that does not exist,
// rooms with nothing in common, one room that follows no other.
func TestCompareRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	one := runRound(t, f, round{statements: []string{"A"}})
	other := runRound(t, f, round{spec: RoomSpec{Agenda: &Template{Activities: []TemplateActivity{{Kind: KindRate, Title: "R", Items: []string{"B"}}}}}})
	cases := []struct {
		codes []string
		want  error
	}{
		{[]string{one, one}, ErrSameRoom},
		{[]string{one, "ZZZZZZ"}, ErrNoSuchRoom},
		{[]string{one, other}, ErrNothingInCommon},
		{[]string{one}, ErrTooFewRounds},
	}
	for _, c := range cases {
		if _, err := f.hub.Compare(ctx, c.codes, ReportOptions{}); !errors.Is(err, c.want) {
			t.Errorf("%v: %v, want %v", c.codes, err, c.want)
		}
	}
}

// TestCompareWithholdsSmallGroups: in anonymous rooms an item fewer than
// three answered has no numbers in the comparison (and no change); in
// named rooms it has.
func TestCompareWithholdsSmallGroups(t *testing.T) {
	for _, c := range []struct {
		anonymity Anonymity
		withheld  bool
	}{{Anonymous, true}, {Named, false}} {
		t.Run(string(c.anonymity), func(t *testing.T) {
			f := newFixture(t)
			r := round{spec: RoomSpec{Anonymity: c.anonymity}, statements: []string{"Få"}, ratings: map[string][]int{"Få": {5, 6}}, poll: []int{1, 2}}
			before, after := runRound(t, f, r), runRound(t, f, r)
			cmp, err := f.hub.Compare(context.Background(), []string{before, after}, ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{"Få", "Ofta"} {
				it, _ := itemByText(cmp, text)
				cell := it.Rounds[1]
				if cell.Withheld != c.withheld || (cell.N == nil) != c.withheld || (cell.Share == nil) != c.withheld || (it.ShareChange == nil) != c.withheld {
					t.Errorf("%s: %+v, withheld %v wanted", text, *cell, c.withheld)
				}
			}
		})
	}
}

// TestNextRound: a room made after another has its agenda (statements,
// target, poll options), its language and anonymity, none of its
// answers, and compares with it given its own code alone; a series of
// three shows each round.
func TestNextRound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first := runRound(t, f, round{spec: RoomSpec{Lang: "sv", Anonymity: Anonymous}, statements: []string{"Jag kan påverka"},
		ratings: map[string][]int{"Jag kan påverka": {4, 4, 4}}, poll: []int{1, 1, 1}})
	second := runRound(t, f, round{spec: RoomSpec{After: first}, ratings: map[string][]int{"Jag kan påverka": {2, 2, 2}}})
	snap := f.join(t, second, "look").Latest()
	rate := snap.Activities[0]
	if snap.Room.Lang != "sv" || snap.Room.Anonymity != Anonymous || len(snap.Activities) != 2 ||
		rate.Scoring.Target == nil || rate.Scoring.Statements[0].Text != "Jag kan påverka" || len(snap.Activities[1].Scoring.Statements) != 2 {
		t.Fatalf("the next round: %+v %+v", snap.Room, snap.Activities)
	}
	third := runRound(t, f, round{spec: RoomSpec{After: second}, ratings: map[string][]int{"Jag kan påverka": {5, 5, 5}}})
	series, err := f.hub.Series(ctx, third)
	if err != nil || fmt.Sprint(series) != fmt.Sprint([]string{first, second, third}) {
		t.Fatalf("series %v, %v", series, err)
	}
	c, err := f.hub.Compare(ctx, []string{third}, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := itemByText(c, "Jag kan påverka")
	var trend []string
	for _, cell := range it.Rounds {
		trend = append(trend, fmtf(cell.Mean)+"/"+metOf(cell))
	}
	if fmt.Sprint(trend) != "[4/true 2/false 5/true]" || fmtf(it.MeanChange) != "1" {
		t.Errorf("trend %v, change %s", trend, fmtf(it.MeanChange))
	}
	// The poll's answers stayed in the first round.
	ofta, _ := itemByText(c, "Ofta")
	if fmti(ofta.Rounds[0].Count) != "3" || fmti(ofta.Rounds[1].N) != "0" {
		t.Errorf("poll across rounds: %+v %+v", *ofta.Rounds[0], *ofta.Rounds[1])
	}
	if _, err := f.hub.CreateRoom(ctx, RoomSpec{Title: "x", After: "ZZZZZZ"}); !errors.Is(err, ErrNoSuchRoom) {
		t.Errorf("after a room that does not exist: %v", err)
	}
}

// TestResultsShowTheEarlierRound: in a later round a results activity
// after a poll carries the comparison with the round before, where that
// round's poll was revealed; an earlier outcome kept secret stays out.
func TestResultsShowTheEarlierRound(t *testing.T) {
	ctx := context.Background()
	agenda := &Template{Activities: []TemplateActivity{
		{Kind: KindPoll, Title: "Kontakt", Prompt: "Hur ofta?", Options: []string{"Ofta", "Sällan"}},
		{Kind: KindResults, Title: "Resultat"},
	}}
	play := func(f *fixture, spec RoomSpec, picks []int, reveal bool) (string, *Member) {
		spec.Creator = Identity{Key: []byte("fac")}
		code := f.room(t, spec)
		fac := f.join(t, code, "fac")
		opts := fac.Latest().Items()
		for i, o := range picks {
			mustDo(t, f.join(t, code, fmt.Sprint("p", i)).Answer(ctx, []string{opts[o-1].ID}))
		}
		if reveal {
			mustDo(t, fac.Reveal(ctx))
		}
		mustDo(t, fac.Go(ctx, +1))
		return code, fac
	}
	for _, c := range []struct {
		revealed bool
		want     string
	}{{true, "0.75"}, {false, "none"}} {
		f := newFixture(t)
		first, _ := play(f, RoomSpec{Agenda: agenda}, []int{1, 1, 1, 2}, c.revealed)
		_, fac := play(f, RoomSpec{After: first}, []int{2, 2, 1}, true)
		got := "none"
		if cmp, ok := fac.Latest().Comparison(); ok {
			if before, ok := cmp.Before(KindPoll, "Hur ofta?", "Ofta"); ok {
				got = fmtf(before.Share)
			}
		}
		if got != c.want {
			t.Errorf("earlier poll revealed %v: the round before has %s, want %s", c.revealed, got, c.want)
		}
	}
}
