package session

import (
	"fmt"
	"testing"
)

// syntheticRound is a report of one round: a rate of 30 statements with a
// target, 40 answers each, and a poll of 10 options.
func syntheticRound(code string) Report {
	rate := RateResults{Scale: Scale{1, 6}, Target: &Target{AtLeast: 4, Share: 0.75}}
	for i := range MaxStatements {
		n := 40
		rate.Items = append(rate.Items, RatingResult{Text: fmt.Sprint("Påstående ", i), N: &n,
			Mean: fp(4.2), Distribution: &Distribution{From: 1, Counts: []int{2, 3, 5, 10, 12, 8}}})
	}
	poll := PollResults{Question: "Hur ofta?"}
	answered := 40
	poll.Answered = &answered
	for i := range MaxOptions {
		c := i * 2
		poll.Options = append(poll.Options, OptionResult{Option: fmt.Sprint("Svar ", i), Count: &c, Share: shareOf(c, answered)})
	}
	return Report{Room: ReportRoom{Code: code, Lang: "sv"}, Activities: []ReportActivity{
		{Kind: KindRate, Title: "Mål", Results: rate}, {Kind: KindPoll, Title: "Kontakt", Results: poll}}}
}

// BenchmarkCompareReports: a series of MaxSeries rounds of 30 statements
// and a 10-option poll, what `samla compare` works out after reading the
// rooms.
func BenchmarkCompareReports(b *testing.B) {
	reps := make([]Report, MaxSeries)
	for i := range reps {
		reps[i] = syntheticRound(fmt.Sprint("R", i))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CompareReports(reps); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareShown: what each snapshot of a later round's results
// activity costs for the comparison with one earlier round (the poll).
func BenchmarkCompareShown(b *testing.B) {
	s := newState(RoomInfo{Code: "NOW", Lang: "sv"})
	s.earlier = []Report{syntheticRound("BEFORE")}
	res := syntheticRound("NOW").Activities[1].Results
	b.ReportAllocs()
	for b.Loop() {
		if s.compareShown(Activity{ID: "a1", Kind: KindPoll, Title: "Kontakt"}, res) == nil {
			b.Fatal("nothing compared")
		}
	}
}
