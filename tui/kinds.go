package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// activityView is what one activity kind brings to the screens: its own
// keys, the line that tells people what to do, what plain mode says about
// it, and how the board and the wall lay it out. The board, plain mode and
// the projector ask viewOf for the current activity's view and never
// compare kind names; a new kind is one more view here (and its file).
type activityView interface {
	// keys are the kind's own keys on the full screen, listed by `?`.
	keys(k KeyMap) []key.Binding
	// plainKeys are its own keys in plain mode, told on arrival and by `?`.
	plainKeys(k KeyMap) []key.Binding
	// short are the keys the board's footer shows in this activity.
	short(k KeyMap) []key.Binding
	// hint is the line under the activity's title: what to do here.
	hint(t *Text, s *session.Snapshot) string
	// mark is what a card says of the viewer's own answer to item, where
	// the kind asks one of everyone (rate, matrix, rank); ok false if not.
	mark(t *Text, s *session.Snapshot, viewer, item string) (string, bool)
	// body draws the activity's own body in place of the cards (a scored
	// outcome); ok false to show the cards.
	body(t *Text, st *Styles, s *session.Snapshot, width, height, scroll int) (string, bool)
	// boardKey and plainKey handle a key of the kind's; ok false if the
	// key is not one of them.
	boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool)
	plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool)
	// announce tells in plain mode what changed within the activity
	// (groups formed, duplicates marked).
	announce(p *Plain, prev, next *session.Snapshot)
	// noteDetail is what the kind adds when plain mode reads a note.
	noteDetail(t *Text, s *session.Snapshot, n session.Note) string
	// inLanes: notes are laid out in the activity's columns (a journey map).
	inLanes(a session.Activity) bool
	// privateToggle is what the facilitator's private key does here.
	privateToggle(member *session.Member, ctx context.Context, a session.Activity) func() error
}

// kindView is an entry of the agenda editor: the kind, the key that adds
// one, and its screens.
type kindView struct {
	kind string
	add  func(AgendaKeys) key.Binding
	view activityView
}

// views is the table of kind views, built once and never changed: it is
// looked up for every card of every screen.
var views = kindViews()

// kindViews are the kinds the screens know, in the agenda editor's order.
func kindViews() []kindView {
	return []kindView{
		{session.KindBrainstorm, func(k AgendaKeys) key.Binding { return k.AddBrainstorm }, brainstormView{}},
		{session.KindCluster, func(k AgendaKeys) key.Binding { return k.AddCluster }, clusterView{}},
		{session.KindVote, func(k AgendaKeys) key.Binding { return k.AddVote }, voteView{}},
		{session.KindRate, func(k AgendaKeys) key.Binding { return k.AddRate }, rateView{}},
		{session.KindMatrix, func(k AgendaKeys) key.Binding { return k.AddMatrix }, matrixView{}},
		{session.KindRank, func(k AgendaKeys) key.Binding { return k.AddRank }, rankView{}},
		{session.KindPoll, func(k AgendaKeys) key.Binding { return k.AddPoll }, pollView{}},
		{session.KindResults, func(k AgendaKeys) key.Binding { return k.AddResults }, resultsView{}},
	}
}

// viewOf is a's view; a kind this build does not know shows its notes and
// nothing more.
func viewOf(a session.Activity) activityView {
	for _, v := range views {
		if v.kind == a.Kind {
			return v.view
		}
	}
	return baseView{}
}

// baseView is what every kind does unless it says otherwise: no keys of
// its own, nothing more to say, notes in a grid, private writing toggled.
type baseView struct{}

func (baseView) keys(KeyMap) []key.Binding      { return nil }
func (baseView) plainKeys(KeyMap) []key.Binding { return nil }
func (baseView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.New, k.Vote, k.Unvote, k.Open, k.Help, k.Quit}
}
func (baseView) mark(*Text, *session.Snapshot, string, string) (string, bool) { return "", false }
func (baseView) body(*Text, *Styles, *session.Snapshot, int, int, int) (string, bool) {
	return "", false
}
func (baseView) hint(*Text, *session.Snapshot) string                     { return "" }
func (baseView) boardKey(*boardModel, tea.KeyPressMsg) (tea.Cmd, bool)    { return nil, false }
func (baseView) plainKey(*Plain, tea.KeyPressMsg) (tea.Cmd, bool)         { return nil, false }
func (baseView) announce(*Plain, *session.Snapshot, *session.Snapshot)    {}
func (baseView) noteDetail(*Text, *session.Snapshot, session.Note) string { return "" }
func (baseView) inLanes(session.Activity) bool                            { return false }
func (baseView) privateToggle(member *session.Member, ctx context.Context, a session.Activity) func() error {
	return func() error { return member.Configure(ctx, a.ID, !a.Private, a.Columns) }
}

// brainstormView: people write notes, in the journey map's phases where
// the activity has columns.
type brainstormView struct{ baseView }

func (brainstormView) inLanes(a session.Activity) bool { return len(a.Columns) > 0 }

// noteDetail names a journey map's phase: a note is read with where it is.
func (brainstormView) noteDetail(t *Text, s *session.Snapshot, n session.Note) string {
	if len(s.Activity.Columns) == 0 || n.Column == "" {
		return ""
	}
	return fmt.Sprintf(t.PlainInPhase, n.Column)
}

// voteView: dots on the items; the keys are everyone's (space, -).
type voteView struct{ baseView }

func (voteView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.Vote, k.Unvote, k.Open, k.Help, k.Quit}
}

// resultsView: the source's outcome, ranked; nothing to act on.
type resultsView struct{ baseView }

func (resultsView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.Open, k.Up, k.Down, k.Help, k.Quit}
}

// body shows a rate, matrix or rank outcome as figures; a vote's outcome
// stays ranked cards.
func (resultsView) body(t *Text, st *Styles, s *session.Snapshot, width, height, scroll int) (string, bool) {
	return outcomeBody(t, st, s, width, height, scroll)
}
