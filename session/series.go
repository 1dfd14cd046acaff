package session

import (
	"context"
	"errors"
	"fmt"
)

// A series is rooms that are rounds of the same measurement: a staff
// survey at the start and at the end of a programme, a user panel each
// quarter. A later round is made with the earlier one's agenda (the
// activities and their settings and statements, never its notes or
// answers) and remembers which room it follows, so `samla compare` on it
// finds the rounds before. Nothing links a person's answers across the
// rounds: each room has its own participant ids.

// MaxSeries is the most rounds a comparison follows back: a programme's
// quarters over a few years, not an endless chain to walk.
const MaxSeries = 12

// ErrSeriesLoop is a chain of rounds that comes back to itself, which a
// log written by samla cannot have; said rather than walked forever.
var ErrSeriesLoop = errors.New("the rounds of this series lead back to each other")

// seriesLinked records, in a new room's log, the room it is the next
// round of.
type seriesLinked struct {
	After string `json:"after"`
}

// applySeries folds the events of this file; false for any other body.
func (s *state) applySeries(e event) bool {
	b, ok := e.body.(seriesLinked)
	if ok {
		s.after = b.After
	}
	return ok
}

// agenda is the room's agenda as a template: what the next round starts
// with.
func (s *state) agenda() Template {
	t := Template{Activities: make([]TemplateActivity, 0, len(s.activities))}
	for _, a := range s.activities {
		t.Activities = append(t.Activities, templateOf(a))
	}
	return t
}

// templateOf is one activity as a template file would write it.
func templateOf(a Activity) TemplateActivity {
	sc := a.Scoring
	ta := TemplateActivity{Kind: a.Kind, Title: a.Title, Prompt: a.Prompt, Private: a.Private, Columns: a.Columns,
		Budget: a.Budget, PerItem: a.PerItem, Quadrants: sc.Quadrants, Multiple: sc.Multiple, Target: sc.Target}
	if sc.Scale != (Scale{}) {
		ta.Scale = []int{sc.Scale.Min, sc.Scale.Max}
	}
	if sc.Labels != [2]string{} {
		ta.Labels = sc.Labels[:]
	}
	for _, ax := range sc.Axes {
		ta.Axes = append(ta.Axes, TemplateAxis{Name: ax.Name, Scale: []int{ax.Scale.Min, ax.Scale.Max}})
	}
	texts := make([]string, len(sc.Statements))
	for i, it := range sc.Statements {
		texts[i] = it.Text
	}
	switch {
	case len(texts) == 0:
	case a.Kind == KindPoll:
		ta.Options = texts
	default:
		ta.Items = texts
	}
	return ta
}

// nextRound fills spec from the room it follows: its agenda, and its
// language and anonymity where spec chose none, so the rounds compare
// like with like.
func (h *Hub) nextRound(ctx context.Context, spec *RoomSpec) error {
	earlier, err := h.stored(ctx, spec.After)
	if err != nil {
		return fmt.Errorf("the room to follow, %s: %w", NormalizeCode(spec.After), err)
	}
	spec.After = earlier.info.Code
	t := earlier.agenda()
	spec.Agenda = &t
	if spec.Anonymity == "" {
		spec.Anonymity = earlier.info.Anonymity
	}
	if spec.Lang == "" {
		spec.Lang = earlier.info.Lang
	}
	return nil
}

// Series are the codes of the rounds up to and including the room with
// code, earliest first, following each room's link to the one before.
func (h *Hub) Series(ctx context.Context, code string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for next := NormalizeCode(code); next != "" && len(out) < MaxSeries; {
		if seen[next] {
			return nil, fmt.Errorf("%w: %s", ErrSeriesLoop, next)
		}
		seen[next] = true
		s, err := h.stored(ctx, next)
		if err != nil {
			return nil, fmt.Errorf("round %s: %w", next, err)
		}
		out = append([]string{s.info.Code}, out...)
		next = s.after
	}
	return out, nil
}

// earlierRounds are the reports of the rounds up to and including the
// room after, read once when a later room loads (they are finished), so
// its results screen can show the change. An outcome the earlier room
// kept secret stays out. A round that cannot be read is left out and
// logged: the comparison is an addition to the screen, not its purpose.
func (h *Hub) earlierRounds(ctx context.Context, after string) []Report {
	if after == "" {
		return nil
	}
	codes, err := h.Series(ctx, after)
	if err != nil {
		h.log.Warn("earlier rounds", "after", after, "err", err)
		return nil
	}
	var out []Report
	for _, code := range codes {
		rep, err := h.Report(ctx, code, ReportOptions{})
		if err != nil {
			h.log.Warn("earlier round", "room", code, "err", err)
			continue
		}
		shown := rep.Activities[:0]
		for _, a := range rep.Activities {
			if !a.Secret || a.Revealed {
				shown = append(shown, a)
			}
		}
		rep.Activities = shown
		out = append(out, rep)
	}
	return out
}

// compareShown sets the outcome res of src, which a results activity
// shows, beside the earlier rounds; nil when nothing in it was in them.
func (s *state) compareShown(src Activity, res Results) *Comparison {
	if len(s.earlier) == 0 {
		return nil
	}
	now := Report{
		Room:       ReportRoom{Code: s.info.Code, Title: s.info.Title, Anonymity: string(s.info.Anonymity), Lang: s.info.Lang},
		Activities: []ReportActivity{{ID: src.ID, Kind: src.Kind, Title: src.Title, Results: res}},
	}
	c, err := CompareReports(append(append([]Report(nil), s.earlier...), now))
	if err != nil {
		return nil
	}
	return &c
}

// Comparison is the outcome a results activity shows beside the earlier
// rounds of the series, the latest round (this room) last; false where
// the room follows no other or nothing shown was in the earlier rounds.
func (s *Snapshot) Comparison() (Comparison, bool) {
	if s.comparison == nil {
		return Comparison{}, false
	}
	return *s.comparison, true
}

// Before is the item of kind with text (a poll's option under question)
// in the round before this one, from Comparison; false where it was not
// in that round.
func (c Comparison) Before(kind, question, text string) (*CompareCell, bool) {
	for _, it := range c.Items {
		if it.Kind != kind || it.Question != question || it.Text != text || len(it.Rounds) < 2 {
			continue
		}
		cell := it.Rounds[len(it.Rounds)-2]
		return cell, cell != nil
	}
	return nil, false
}
