package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/samla/samla/session/sanitize"
)

// Context beside the work: an activity can show, beside what people do in
// it, the outcome of an earlier activity (the themes while people write
// "How might we …?" challenges, so nobody rewords them from memory) or a
// text the facilitator wrote (a persona: "Robyn, 31, …"). It is set with
// one event, activity.context, by a facilitator or a template.

// MaxContextLen bounds the facilitator's text: a persona, not a document.
const MaxContextLen = 1000

// ErrContext is a context that cannot be shown: an activity that is not
// earlier than the one it is for, or a text too long.
var ErrContext = errors.New("that cannot be shown beside this activity")

// contextSet is what activity ID shows beside its work: the outcome of
// Source (an earlier activity's id) and/or Text; both empty: nothing.
type contextSet struct {
	ID     string `json:"id"`
	Source string `json:"source,omitempty"`
	Text   string `json:"text,omitempty"`
}

func (s *state) applyContext(e event) bool {
	b, ok := e.body.(contextSet)
	if !ok {
		return false
	}
	if i := s.activityIndex(b.ID); i >= 0 {
		s.activities[i].ContextSource, s.activities[i].ContextText = b.Source, b.Text
	}
	return true
}

func (s *state) decideContext(by, id, source, text string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) { return s.setContext(id, source, text) })
}

// setContext checks a context: the source comes before the activity in
// the agenda (a later one has no outcome yet, and could form a loop).
func (s *state) setContext(id, source, text string) ([]any, error) {
	i := s.activityIndex(id)
	if i < 0 {
		return nil, ErrNoSuchActivity
	}
	if source != "" {
		if j := s.activityIndex(source); j < 0 || j >= i {
			return nil, fmt.Errorf("%w: only an activity before it", ErrContext)
		}
	}
	clean := sanitize.Text(text)
	if sanitize.TooLong(clean, MaxContextLen) {
		return nil, fmt.Errorf("%w: a text of at most %d characters", ErrContext, MaxContextLen)
	}
	a := s.activities[i]
	if a.ContextSource == source && a.ContextText == clean {
		return nil, nil
	}
	return []any{contextSet{ID: id, Source: source, Text: clean}}, nil
}

// SetContext makes activity id show the outcome of the earlier activity
// source ("" for none) and text ("" for none) beside its work.
func (m *Member) SetContext(ctx context.Context, id, source, text string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideContext(m.id, id, source, text) })
}

// ActivityContext is what the current activity shows beside its work.
type ActivityContext struct {
	// Text is the facilitator's text, "" for none.
	Text string
	// Source is the earlier activity whose outcome is shown (ID "" for
	// none), and Outcome that outcome as its kind reports it.
	Source  Activity
	Outcome Results
	notes   map[string]string
	order   []string
	// Earlier are, for a results activity, the outcomes of the activities
	// before it besides the one it shows: the whole workshop's outcome,
	// so a vote added after the results leaves nothing out.
	Earlier []*ActivityContext
}

// Loose are the source's notes in none of its groups, in the order
// written: a themes activity's notes nobody sorted still belong beside it.
func (c *ActivityContext) Loose(groups ClusterResults) []string {
	grouped := map[string]bool{}
	for _, g := range groups {
		for _, id := range g.NoteIDs {
			grouped[id] = true
		}
	}
	var out []string
	for _, id := range c.order {
		if !grouped[id] {
			out = append(out, c.notes[id])
		}
	}
	return out
}

// NoteText is the text of one of the source's notes (a group's notes are
// ids in its outcome).
func (c *ActivityContext) NoteText(id string) string { return c.notes[id] }

// contextSnapshot adds the current activity's context to snap.
func (s *state) contextSnapshot(snap *Snapshot) {
	a := snap.Activity
	if a.spec().showsSource {
		snap.Context = s.earlierOutcomes(a)
		return
	}
	if a.ContextSource == "" && a.ContextText == "" {
		return
	}
	c := &ActivityContext{Text: a.ContextText}
	if src := s.activityByID(a.ContextSource); src.ID != "" && !src.Hidden() {
		s.outcomeOf(c, src)
	}
	snap.Context = c
}

// outcomeOf puts src's outcome, with its notes' words, in c.
func (s *state) outcomeOf(c *ActivityContext, src Activity) {
	c.Source, c.Outcome = src, s.result(src)
	c.notes = map[string]string{}
	for _, n := range s.notesOf(s.sourceNotesOf(src)) {
		c.notes[n.ID] = n.Text
		c.order = append(c.order, n.ID)
	}
}

// earlierOutcomes are a results activity's context: every activity before
// it with an outcome people have seen, except the one it shows itself.
func (s *state) earlierOutcomes(results Activity) *ActivityContext {
	var out []*ActivityContext
	for _, a := range s.activities {
		if a.ID == results.ID {
			break
		}
		if a.ID == results.Source || a.spec().showsSource || a.Hidden() || (a.Secret && !a.Revealed) {
			continue
		}
		c := &ActivityContext{}
		if s.outcomeOf(c, a); c.Outcome.Len() > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &ActivityContext{Earlier: out}
}

// sourceNotesOf is the activity whose notes an outcome of a names: its
// own for a brainstorm, its source's for a cluster or a vote.
func (s *state) sourceNotesOf(a Activity) string {
	if a.Source != "" && !a.TakesNotes() {
		src := s.activityByID(a.Source)
		if src.Source != "" && !src.TakesNotes() {
			return src.Source // results → vote → brainstorm
		}
		return src.ID
	}
	return a.ID
}
