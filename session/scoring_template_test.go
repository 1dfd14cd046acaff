package session

import (
	"errors"
	"strings"
	"testing"
)

// TestTemplateScoringFields: scale, labels, items, axes and quadrants in
// a template file set up the activity; wrong ones are refused with a
// message that names what is wrong.
func TestTemplateScoringFields(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, file string
		want       error
		says       string
		check      func(a Activity) bool
	}{
		{"rate 1–10 with labels and statements",
			`{"activities":[{"kind":"rate","title":"Betyg","scale":[1,10],"labels":["inte alls","helt"],"items":["Jag kunde påverka","Jag blev lyssnad på"]}]}`, nil, "",
			func(a Activity) bool {
				sc := a.Scoring
				return sc.Scale == Scale{1, 10} && sc.Labels == [2]string{"inte alls", "helt"} && len(sc.Statements) == 2 &&
					sc.Statements[0].ID == a.ID+"s1" && sc.Statements[1].Kind == ItemStatement
			}},
		{"matrix with its own axes and quadrants",
			`{"activities":[{"kind":"matrix","title":"M","axes":[{"name":"Värde","scale":[1,10]},{"name":"Kostnad"}],"quadrants":["a","b","c","d"]}]}`, nil, "",
			func(a Activity) bool {
				ax := a.MatrixAxes("sv")
				return ax[0].Name == "Värde" && ax[0].Scale == Scale{1, 10} && ax[1].Scale == Scale{1, 5} && a.MatrixQuadrants("sv")[3] == "d"
			}},
		{"rank with statements", `{"activities":[{"kind":"rank","title":"R","items":["x","y"]}]}`, nil, "",
			func(a Activity) bool { return len(a.Scoring.Statements) == 2 }},
		{"scale 1–7", `{"activities":[{"kind":"rate","title":"B","scale":[1,7]}]}`, ErrScoring, "1–5, 1–6 or 1–10", nil},
		{"scale of one number", `{"activities":[{"kind":"rate","title":"B","scale":[6]}]}`, ErrScoring, "[lowest, highest]", nil},
		{"three labels", `{"activities":[{"kind":"rate","title":"B","labels":["a","b","c"]}]}`, ErrScoring, "two ends", nil},
		{"axes on a rate", `{"activities":[{"kind":"rate","title":"B","axes":[{"name":"x"},{"name":"y"}]}]}`, ErrScoring, "matrix", nil},
		{"three quadrants", `{"activities":[{"kind":"matrix","title":"M","quadrants":["a","b","c"]}]}`, ErrScoring, "four quadrants", nil},
		{"an axis of 0–5", `{"activities":[{"kind":"matrix","title":"M","axes":[{"name":"x","scale":[0,5]},{"name":"y"}]}]}`, ErrScoring, "from 1 to", nil},
		{"items on a brainstorm", `{"activities":[{"kind":"brainstorm","title":"B","items":["x"]}]}`, ErrNotScoring, "activity 1 (brainstorm)", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := ParseTemplate([]byte(c.file))
			if !errors.Is(err, c.want) || (err != nil && !strings.Contains(err.Error(), c.says)) {
				t.Fatalf("err = %v, want %v saying %q", err, c.want, c.says)
			}
			if err != nil {
				return
			}
			code := f.room(t, RoomSpec{Agenda: &tpl, Template: "file.json", Lang: "sv"})
			if a := f.join(t, code, "p").Latest().Activity; !c.check(a) {
				t.Fatalf("activity set up as %+v", a.Scoring)
			}
		})
	}
}

// TestHMWTemplate: obstacles, themes, challenges, a 1–6 rating of the
// challenges, the matrix, and results, in every language.
func TestHMWTemplate(t *testing.T) {
	f := newFixture(t)
	for _, lang := range []string{"sv", "nb", "en"} {
		code := f.room(t, RoomSpec{Template: "hmw", Lang: lang})
		snap := f.join(t, code, "p").Latest()
		var kinds []string
		for _, a := range snap.Activities {
			kinds = append(kinds, a.Kind)
		}
		if got := strings.Join(kinds, " "); got != "brainstorm cluster brainstorm rate matrix results" {
			t.Fatalf("%s: %s", lang, got)
		}
		rate, matrix := snap.Activities[3], snap.Activities[4]
		if rate.Source != snap.Activities[2].ID || matrix.Source != snap.Activities[2].ID || snap.Activities[5].Source != matrix.ID {
			t.Errorf("%s: sources %q %q %q", lang, rate.Source, matrix.Source, snap.Activities[5].Source)
		}
		if rate.RateScale() != (Scale{1, 6}) || rate.Scoring.Labels[0] == "" || rate.Scoring.Labels[1] == "" {
			t.Errorf("%s: the rate is %+v", lang, rate.Scoring)
		}
	}
}

// TestSurveyTemplate: statements rated 1–6 with labels, a target on the
// first, and a poll with options, in every language; a poll's options and
// a target in a facilitator's own file are read the same way.
func TestSurveyTemplate(t *testing.T) {
	f := newFixture(t)
	for _, lang := range []string{"sv", "nb", "en"} {
		code := f.room(t, RoomSpec{Template: "survey", Lang: lang})
		snap := f.join(t, code, "p").Latest()
		var kinds []string
		for _, a := range snap.Activities {
			kinds = append(kinds, a.Kind)
		}
		if got := strings.Join(kinds, " "); got != "rate rate poll" {
			t.Fatalf("%s: %s", lang, got)
		}
		goal, more, poll := snap.Activities[0], snap.Activities[1], snap.Activities[2]
		if goal.Scoring.Target == nil || *goal.Scoring.Target != (Target{AtLeast: 4, Share: 0.75}) || len(goal.Scoring.Statements) != 1 {
			t.Errorf("%s: the target statement is %+v", lang, goal.Scoring)
		}
		if more.Scoring.Target != nil || len(more.Scoring.Statements) < 3 || more.Scoring.Labels[1] == "" {
			t.Errorf("%s: the statements are %+v", lang, more.Scoring)
		}
		if len(poll.Scoring.Statements) != 4 || poll.Scoring.Multiple || poll.Question() == poll.Title {
			t.Errorf("%s: the poll is %+v", lang, poll)
		}
	}
	for _, c := range []struct {
		json string
		ok   bool
	}{
		{`{"activities":[{"kind":"poll","title":"P","options":["a","b"],"multiple":true}]}`, true},
		{`{"activities":[{"kind":"rate","title":"R","options":["a","b"]}]}`, false},
		{`{"activities":[{"kind":"rate","title":"R","items":["a"],"target":{"at_least":9,"share":0.75}}]}`, false},
		{`{"activities":[{"kind":"poll","title":"P","options":["a"],"target":{"at_least":4,"share":0.75}}]}`, false},
		{`{"activities":[{"kind":"rate","title":"R","items":["a"],"target":{"at_least":4,"share":0.75}}]}`, true},
	} {
		if _, err := ParseTemplate([]byte(c.json)); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.json, err)
		}
	}
}
