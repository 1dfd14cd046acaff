package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

func TestReorder(t *testing.T) {
	k := DefaultKeyMap(new(English()))
	key := func(s string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: []rune(s)[0], Text: s} }
	for _, tc := range []struct {
		name, key, item string
		order, want     []string
	}{
		{"+ adds an item at the end", "+", "c", []string{"a", "b"}, []string{"a", "b", "c"}},
		{"+ moves an item up", "+", "b", []string{"a", "b"}, []string{"b", "a"}},
		{"+ on the first keeps it", "+", "a", []string{"a", "b"}, []string{"a", "b"}},
		{"- moves an item down", "-", "a", []string{"a", "b"}, []string{"b", "a"}},
		{"- on one not ranked does nothing", "-", "c", []string{"a"}, []string{"a"}},
		{"a digit puts it at that place", "1", "c", []string{"a", "b", "c"}, []string{"c", "a", "b"}},
		{"a place past the end is the end", "9", "a", []string{"a", "b"}, []string{"b", "a"}},
		{"x takes it out", "x", "a", []string{"a", "b"}, []string{"b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			change, ok := reorder(k, key(tc.key), tc.item)
			if !ok {
				t.Fatalf("%q is not a rank key", tc.key)
			}
			before := slices.Clone(tc.order)
			if got := change(tc.order); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if !slices.Equal(tc.order, before) {
				t.Fatalf("the order given was changed in place: %v", tc.order)
			}
		})
	}
	if _, ok := reorder(k, key("n"), "a"); ok {
		t.Fatal("n is taken as a rank key")
	}
}

func TestAgendaScoringSettings(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		set          func(*session.Scoring, string) error
		check        func(session.Scoring) bool
		wantErr      bool
	}{
		{"scale and ends", "1-6 inte alls | helt och hållet", setScale, func(sc session.Scoring) bool {
			return sc.Scale == session.Scale{Min: 1, Max: 6} && sc.Labels == [2]string{"inte alls", "helt och hållet"}
		}, false},
		{"scale alone, with an en dash", "1–10", setScale, func(sc session.Scoring) bool {
			return sc.Scale == session.Scale{Min: 1, Max: 10}
		}, false},
		{"one end only", "1-5 låg", setScale, nil, true},
		{"not a scale", "ett till sex | x", setScale, func(sc session.Scoring) bool { return sc.Labels == [2]string{"ett till sex", "x"} }, false},
		{"axes with ranges", "Nytta 1-5 | Insats 1-3", setAxes, func(sc session.Scoring) bool {
			return len(sc.Axes) == 2 && sc.Axes[0].Name == "Nytta" && sc.Axes[1].Scale == session.Scale{Min: 1, Max: 3}
		}, false},
		{"axes named only", "Värde | Kostnad", setAxes, func(sc session.Scoring) bool {
			return sc.Axes[1].Name == "Kostnad" && sc.Axes[1].Scale == session.Scale{Min: 1, Max: 5}
		}, false},
		{"one axis", "Nytta", setAxes, nil, true},
		{"four quadrants", "a | b | c | d", setQuadrants, func(sc session.Scoring) bool { return len(sc.Quadrants) == 4 }, false},
		{"three quadrants", "a | b | c", setQuadrants, nil, true},
		{"statements", "Jag blev lyssnad på | | Jag fick veta vad som händer", setStatements, func(sc session.Scoring) bool {
			return len(sc.Statements) == 2 && sc.Statements[1].Text == "Jag fick veta vad som händer"
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sc session.Scoring
			err := tc.set(&sc, tc.answer)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tc.wantErr)
			}
			if tc.check != nil && !tc.check(sc) {
				t.Fatalf("%q gave %+v", tc.answer, sc)
			}
		})
	}
}

// TestRateTargetInWords: a rate with a target says per item, in words,
// how many gave the threshold or more and whether the target was met.
func TestRateTargetInWords(t *testing.T) {
	n4, n3, at3, at1 := 4, 3, 3, 1
	share3, share1 := 0.75, 1.0/3
	met, missed := true, false
	mean := 4.5
	r := session.RateResults{
		Scale:  session.Scale{Min: 1, Max: 6},
		Target: &session.Target{AtLeast: 4, Share: 0.75},
		Items: []session.RatingResult{
			{ItemID: "s1", Text: "Jag blev lyssnad på", N: &n4, Mean: &mean, AtLeastCount: &at3, AtLeastShare: &share3, TargetMet: &met},
			{ItemID: "s2", Text: "Jag fick veta vad som händer", N: &n3, Mean: &mean, AtLeastCount: &at1, AtLeastShare: &share1, TargetMet: &missed},
		},
	}
	for _, tc := range []struct {
		text  Text
		wants []string
	}{
		{English(), []string{"3 of 4 (75%) gave 4 or more; target 75%: met", "1 of 3 (33%) gave 4 or more; target 75%: not met"}},
		{Swedish(), []string{"3 av 4 (75 %) gav 4 eller mer; mål 75 %: målet nått", "1 av 3 (33 %) gav 4 eller mer; mål 75 %: målet inte nått"}},
	} {
		got := ansi.Strip(strings.Join(rateLines(&tc.text, new(DefaultStyles()), r, nil, 80), "\n"))
		said, _ := outcomeSentence(&tc.text, r)
		for _, want := range tc.wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s screen lacks %q:\n%s", tc.text.Code, want, got)
			}
			if !strings.Contains(said, want) {
				t.Errorf("%s plain mode lacks %q:\n%s", tc.text.Code, want, said)
			}
		}
	}
}

// TestAgendaSetsScoring: the agenda's letters for statements, scale,
// axes, quadrants and what is shown beside ask their question (they once
// asked on a copy of the board, and nothing showed).
func TestAgendaSetsScoring(t *testing.T) {
	w := newWorkshop(t, true)
	w.must(t, w.fac.AddActivity(w.ctx, session.KindRate, "Betyg", ""))
	w.s.refresh(w.viewer)
	for _, k := range []struct{ key, asks string }{
		{"i", "Statements to rate"}, {"l", "Scale and its two ends"}, {"x", "Two axes"},
		{"q", "Four quadrants"}, {"p", "Show beside it"},
	} {
		w.s.keys("A")
		w.s.send(tea.KeyPressMsg{Code: tea.KeyDown})
		w.s.keys(k.key)
		if screen := w.s.screen(); !strings.Contains(screen, k.asks) {
			t.Errorf("%s in the agenda does not ask %q:\n%s", k.key, k.asks, screen)
		}
		w.s.keys("esc", "esc")
	}
	w.s.keys("A")
	w.s.send(tea.KeyPressMsg{Code: tea.KeyDown})
	w.s.keys("l")
	w.s.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	w.s.keys("1-5 inte alls | helt", "enter")
	a := w.fac.Latest().Activities[1]
	if a.RateScale() != (session.Scale{Min: 1, Max: 5}) || a.Scoring.Labels != [2]string{"inte alls", "helt"} {
		t.Fatalf("the scale set in the agenda: %+v %+v", a.RateScale(), a.Scoring.Labels)
	}
}

// TestMatrixFirstDigitOutOfScale: a first digit past the axis is said at
// once and waits for a new one, rather than after the second digit.
func TestMatrixFirstDigitOutOfScale(t *testing.T) {
	w := newWorkshop(t, false)
	w.must(t, w.fac.Reveal(w.ctx))
	w.must(t, w.fac.AddActivity(w.ctx, session.KindMatrix, "Matris", ""))
	w.must(t, w.fac.Go(w.ctx, +1))
	snap := w.viewer.Latest()
	k := DefaultKeyMap(new(English()))
	var half placing
	item := snap.Items()[0].ID
	answer, say, ok := placeKey(new(English()), k, tea.KeyPressMsg{Code: '6', Text: "6"}, snap, &half, item)
	if !ok || answer != nil || !strings.Contains(say, "from 1 to 5") || half.item != "" {
		t.Fatalf("6 on a 1–5 axis: answer %v, said %q, waiting %+v", answer != nil, say, half)
	}
	if _, say, _ = placeKey(new(English()), k, tea.KeyPressMsg{Code: '4', Text: "4"}, snap, &half, item); !strings.Contains(say, "Now Effort") {
		t.Fatalf("4 then: %q", say)
	}
}

// TestANewNoteIsSelected: after saving a note, the selection goes to it
// once the room shows it, so it is in view and e or d acts on it; a key
// pressed before that keeps the person where they went.
func TestANewNoteIsSelected(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.someoneWrites("Omar", "ett", "två", "tre")
	s.keys("n", "min lapp", "enter")
	s.refresh(s.app.member)
	board := s.app.board
	if n := board.noteByID(board.selected); n.Text != "min lapp" {
		t.Fatalf("selected %q after saving, want the new note", n.Text)
	}
}
