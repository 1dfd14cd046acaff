package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// The activities where each person gives every item a mark: rate (a number
// on a scale), matrix (a number on each of two axes) and rank (a place in
// their own order). The items are cards as in a vote; digits give the mark
// on the full screen and in plain mode alike, so nothing needs a mouse.

// scoreAnswer is a command that gives one mark, with the activity the
// person saw, so an answer never lands in the next activity.
type scoreAnswer func(ctx context.Context, m *session.Member, activity string) error

// scoredMsg is the room's answer to a mark on item.
type scoredMsg struct {
	err  error
	item string
}

// scoreCmd runs an answer through the room.
func scoreCmd(ctx context.Context, m *session.Member, activity, item string, answer scoreAnswer) tea.Cmd {
	return func() tea.Msg { return scoredMsg{err: answer(ctx, m, activity), item: item} }
}

// digit reads a digit key as a value of sc: "0" is 10 on a 1–10 scale.
func digit(msg tea.KeyPressMsg, sc session.Scale) (int, bool) {
	s := msg.String()
	if len(s) != 1 || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	v, _ := strconv.Atoi(s)
	if v == 0 && sc.Max == 10 {
		v = 10
	}
	return v, true
}

// rateView: digits rate the selected item; x takes the rating back.
type rateView struct{ baseView }

func (rateView) keys(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Rate, k.Score.Clear}
}
func (rateView) plainKeys(k KeyMap) []key.Binding { return rateView{}.keys(k) }
func (rateView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Rate, k.Score.Clear, k.Open, k.Help, k.Quit}
}

func (rateView) hint(t *Text, s *session.Snapshot) string {
	sc := s.Activity.RateScale()
	return fmt.Sprintf(t.RateHint, sc.Min, sc.Max) + " " + scaleLine(t, sc, s.Activity.Scoring.Labels)
}

// rateAnswer is the answer a key gives, if it gives one.
func rateAnswer(k KeyMap, msg tea.KeyPressMsg, s *session.Snapshot, item string) (scoreAnswer, bool) {
	if key.Matches(msg, k.Score.Clear) {
		return func(ctx context.Context, m *session.Member, a string) error { return m.RateIn(ctx, a, item, 0) }, true
	}
	v, ok := digit(msg, s.Activity.RateScale())
	if !ok {
		return nil, false
	}
	return func(ctx context.Context, m *session.Member, a string) error { return m.RateIn(ctx, a, item, v) }, true
}

// answerOnBoard sends a key's answer for the selected card; isAnswer
// false when the key gives none.
func (m *boardModel) answerOnBoard(answer scoreAnswer, isAnswer bool) (tea.Cmd, bool) {
	if !isAnswer {
		return nil, false
	}
	if m.selected == "" {
		m.setStatus(m.text.ErrNoNote, true)
		return nil, true
	}
	return scoreCmd(m.ctx, m.member, m.snap.Activity.ID, m.selected, answer), true
}

// answerInPlain is answerOnBoard for the note plain mode has gone to.
func (p *Plain) answerInPlain(item string, selected bool, answer scoreAnswer, isAnswer bool) (tea.Cmd, bool) {
	if !isAnswer {
		return nil, false
	}
	if !selected {
		p.say(p.text.ErrNoNote)
		return nil, true
	}
	return scoreCmd(p.deps.Ctx, p.member, p.snap.Activity.ID, item, answer), true
}

func (rateView) boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	answer, ok := rateAnswer(*m.keys, msg, m.snap, m.selected)
	return m.answerOnBoard(answer, ok)
}

func (rateView) plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	item, selected := p.selectedItem()
	answer, ok := rateAnswer(p.keys, msg, p.snap, item)
	return p.answerInPlain(item, selected, answer, ok)
}

func (rateView) mark(t *Text, s *session.Snapshot, viewer, item string) (string, bool) {
	return rateMark(t, s, viewer, item), true
}

func rateMark(t *Text, s *session.Snapshot, viewer, item string) string {
	if v := s.MyRating(viewer, item); v > 0 {
		return fmt.Sprintf(t.YourRating, v)
	}
	return t.NotRated
}

// matrixView: two digits place the selected item, the first on the first
// axis, the second on the other; x takes the placing back.
type matrixView struct{ baseView }

func (matrixView) keys(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Place, k.Score.Clear}
}
func (matrixView) plainKeys(k KeyMap) []key.Binding { return matrixView{}.keys(k) }
func (matrixView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Place, k.Score.Clear, k.Open, k.Help, k.Quit}
}

func (matrixView) hint(t *Text, s *session.Snapshot) string {
	ax := s.Axes()
	return fmt.Sprintf(t.MatrixHint, ax[0].Name, ax[0].Scale.Min, ax[0].Scale.Max, ax[1].Name, ax[1].Scale.Min, ax[1].Scale.Max)
}

// placing is a matrix answer half given: the first axis's value, waiting
// for the second's.
type placing struct {
	activity, item string
	x              int
}

// placeKey takes a digit towards placing item; it returns the answer once
// both values are in, and what to say meanwhile.
func placeKey(t *Text, k KeyMap, msg tea.KeyPressMsg, s *session.Snapshot, half *placing, item string) (answer scoreAnswer, say string, ok bool) {
	if key.Matches(msg, k.Score.Clear) {
		*half = placing{}
		return func(ctx context.Context, m *session.Member, a string) error { return m.PlaceIn(ctx, a, item, 0, 0) }, "", true
	}
	ax := s.Axes()
	if half.item != item || half.activity != s.Activity.ID {
		*half = placing{}
	}
	if half.item == "" {
		v, isDigit := digit(msg, ax[0].Scale)
		if !isDigit {
			return nil, "", false
		}
		if v < ax[0].Scale.Min || v > ax[0].Scale.Max {
			// Said now, not after the second digit throws both away.
			return nil, fmt.Sprintf(t.ErrOutOfScale, ax[0].Scale.Min, ax[0].Scale.Max), true
		}
		*half = placing{activity: s.Activity.ID, item: item, x: v}
		return nil, fmt.Sprintf(t.MatrixNext, ax[0].Name, v, ax[1].Name, ax[1].Scale.Min, ax[1].Scale.Max), true
	}
	y, isDigit := digit(msg, ax[1].Scale)
	if !isDigit {
		return nil, "", false
	}
	x := half.x
	*half = placing{}
	return func(ctx context.Context, m *session.Member, a string) error { return m.PlaceIn(ctx, a, item, x, y) }, "", true
}

func (matrixView) boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	answer, say, ok := placeKey(m.text, *m.keys, msg, m.snap, &m.placing, m.selected)
	if !ok {
		return nil, false
	}
	if m.selected == "" {
		m.placing = placing{}
		m.setStatus(m.text.ErrNoNote, true)
		return nil, true
	}
	if answer == nil {
		m.setStatus(say, false)
		return nil, true
	}
	return scoreCmd(m.ctx, m.member, m.snap.Activity.ID, m.selected, answer), true
}

func (matrixView) plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	item, selected := p.selectedItem()
	answer, say, ok := placeKey(&p.text, p.keys, msg, p.snap, &p.placing, item)
	if !ok {
		return nil, false
	}
	if !selected {
		p.placing = placing{}
		p.say(p.text.ErrNoNote)
		return nil, true
	}
	if answer == nil {
		p.say(say)
		return nil, true
	}
	return scoreCmd(p.deps.Ctx, p.member, p.snap.Activity.ID, item, answer), true
}

func (matrixView) mark(t *Text, s *session.Snapshot, viewer, item string) (string, bool) {
	return matrixMark(t, s, viewer, item), true
}

func matrixMark(t *Text, s *session.Snapshot, viewer, item string) string {
	x, y := s.MyPlacement(viewer, item)
	if x == 0 && y == 0 {
		return t.NotPlaced
	}
	ax := s.Axes()
	return fmt.Sprintf("%s %s · %s %s", ax[0].Name, valueOrDash(x), ax[1].Name, valueOrDash(y))
}

func valueOrDash(v int) string {
	if v == 0 {
		return "–"
	}
	return strconv.Itoa(v)
}

// rankView: + and - move the selected item up and down one's own order (an
// item not in it yet joins at the end), a digit puts it at that place, x
// takes it out.
type rankView struct{ baseView }

func (rankView) keys(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Up, k.Score.Down, k.Score.At, k.Score.Clear}
}
func (rankView) plainKeys(k KeyMap) []key.Binding { return rankView{}.keys(k) }
func (rankView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.Score.Up, k.Score.Down, k.Score.At, k.Open, k.Help, k.Quit}
}

func (rankView) hint(t *Text, s *session.Snapshot) string {
	return fmt.Sprintf(t.RankHint, session.MaxRanked)
}

// reorder is how a rank key changes one's order, if the key is one. It
// is applied by the room to the order it has (Member.Reorder), so keys
// pressed faster than the screen follows still each count.
func reorder(k KeyMap, msg tea.KeyPressMsg, item string) (func([]string) []string, bool) {
	switch {
	case key.Matches(msg, k.Score.Clear):
		return func(order []string) []string {
			return slices.DeleteFunc(slices.Clone(order), func(id string) bool { return id == item })
		}, true
	case key.Matches(msg, k.Score.Up):
		return func(order []string) []string {
			out, at := slices.Clone(order), slices.Index(order, item)
			switch {
			case at < 0:
				return append(out, item)
			case at > 0:
				out[at-1], out[at] = out[at], out[at-1]
			}
			return out
		}, true
	case key.Matches(msg, k.Score.Down):
		return func(order []string) []string {
			out, at := slices.Clone(order), slices.Index(order, item)
			if at >= 0 && at < len(out)-1 {
				out[at], out[at+1] = out[at+1], out[at]
			}
			return out
		}, true
	}
	n, ok := digit(msg, session.Scale{Min: 1, Max: 10})
	if !ok || n < 1 {
		return nil, false
	}
	return func(order []string) []string {
		out := slices.DeleteFunc(slices.Clone(order), func(id string) bool { return id == item })
		return slices.Insert(out, min(n-1, len(out)), item)
	}, true
}

func rankAnswer(k KeyMap, msg tea.KeyPressMsg, item string) (scoreAnswer, bool) {
	change, ok := reorder(k, msg, item)
	if !ok {
		return nil, false
	}
	return func(ctx context.Context, m *session.Member, a string) error { return m.Reorder(ctx, a, change) }, true
}

func (rankView) boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	answer, ok := rankAnswer(*m.keys, msg, m.selected)
	return m.answerOnBoard(answer, ok)
}

func (rankView) plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	item, selected := p.selectedItem()
	answer, ok := rankAnswer(p.keys, msg, item)
	return p.answerInPlain(item, selected, answer, ok)
}

func (rankView) mark(t *Text, s *session.Snapshot, viewer, item string) (string, bool) {
	return rankMark(t, s, viewer, item), true
}

func rankMark(t *Text, s *session.Snapshot, viewer, item string) string {
	if at := slices.Index(s.MyOrder(viewer), item); at >= 0 {
		return fmt.Sprintf(t.YourPlace, at+1)
	}
	return t.NotRanked
}

// scoredBody: while a scored activity is open, people answer on its
// cards; its outcome is drawn as figures by the results that show it.
