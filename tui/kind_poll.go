package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/samla/samla/session"
)

// pollView: one question, its options as the cards. A digit picks the
// option with that number (0 is the tenth); in a multiple-choice poll it
// turns the option on or off. A card says "your choice" in words, and once
// the outcome shows, its count and share with a bar, so the result reads
// the same with or without colour and aloud in plain mode.
type pollView struct{ baseView }

// shownView is the view of the activity whose outcome s shows: a results
// activity shows another kind's outcome, and draws it as that kind does.
func shownView(s *session.Snapshot) activityView {
	if s.Outcome != nil && s.Outcome.Kind() != s.Activity.Kind {
		return viewOf(session.Activity{Kind: s.Outcome.Kind()})
	}
	return viewOf(s.Activity)
}

// pollKey is the digit binding: one per option a poll may have.
func pollKey(t *Text) key.Binding {
	return key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("1–9, 0", t.KeyPollChoose))
}

func (pollView) keys(k KeyMap) []key.Binding      { return []key.Binding{k.PollChoose} }
func (pollView) plainKeys(k KeyMap) []key.Binding { return []key.Binding{k.PollChoose} }
func (pollView) short(k KeyMap) []key.Binding {
	return []key.Binding{k.PollChoose, k.Open, k.Help, k.Quit}
}

// The hooks below are optional parts of an activity view that only some
// kinds have; the board, cards and plain mode ask for them by interface,
// so kinds without them are unchanged.
type (
	// cardMetaView says what a card's last line shows in this kind.
	cardMetaView interface {
		cardMeta(c *cardView, n session.Note) []string
	}
	// tellingView says the activity its own way on arrival in plain mode.
	tellingView interface {
		tell(t *Text, s *session.Snapshot) []string
	}
	// revealView says the outcome its own way when it is revealed.
	revealView interface {
		revealed(t *Text, s *session.Snapshot) string
	}
	// wallView draws the revealed outcome on the projector its own way.
	wallView interface {
		wall(t *Text, st *Styles, s *session.Snapshot, width, height int) string
	}
	// secretView says in its own words that the outcome is secret.
	secretView interface {
		secret(t *Text) string
	}
	// noteLineView reads one card its own way in plain mode.
	noteLineView interface {
		noteLine(t *Text, s *session.Snapshot, me string, i int, n session.Note) string
	}
)

// hint is how to answer.
func (pollView) hint(t *Text, _ *session.Snapshot) string { return t.PollHint }

// secret: a secret poll hides choices, not dots.
func (pollView) secret(t *Text) string { return t.PollSecretHint }

// optionFor is the option a digit key names: "" (ok true) for a digit
// past the last option, ok false for any other key.
func optionFor(s *session.Snapshot, msg tea.KeyPressMsg, k KeyMap) (string, bool) {
	if !key.Matches(msg, k.PollChoose) {
		return "", false
	}
	n, err := strconv.Atoi(msg.String())
	if err != nil {
		return "", false
	}
	if n == 0 {
		n = 10
	}
	items := s.Items()
	if n > len(items) {
		return "", true
	}
	return items[n-1].ID, true
}

func (pollView) boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	option, ok := optionFor(m.snap, msg, *m.keys)
	if !ok {
		return nil, false
	}
	if option == "" {
		m.setStatus(fmt.Sprintf(m.text.PollNoOption, len(m.snap.Items())), true)
		return nil, true
	}
	for i, n := range m.notes() {
		if n.ID == option {
			m.index, m.selected = i, n.ID
		}
	}
	member, ctx, activity := m.member, m.ctx, m.snap.Activity.ID
	return roomAction(func() error { return member.ChooseIn(ctx, activity, option) }), true
}

// plainKey chooses, then reads the option back as it now stands.
func (pollView) plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	option, ok := optionFor(p.snap, msg, p.keys)
	if !ok {
		return nil, false
	}
	if option == "" {
		p.say(fmt.Sprintf(p.text.PollNoOption, len(p.snap.Items())))
		return nil, true
	}
	member, ctx, activity := p.member, p.deps.Ctx, p.snap.Activity.ID
	return func() tea.Msg {
		err := member.ChooseIn(ctx, activity, option)
		if err == nil {
			return pollChosenMsg{option: option}
		}
		return actionDoneMsg{err: err}
	}, true
}

// pollChosenMsg: a choice was made; plain mode reads the option back.
type pollChosenMsg struct{ option string }

// readChosen says the option just chosen, with the room as it is now
// (the choice is in the newest snapshot; plain mode's own catches up
// with its next change, and tells what changed then).
func (p *Plain) readChosen(msg pollChosenMsg) {
	now := p.member.Latest()
	for i, n := range now.NotesFor(p.member.ID()) {
		if n.ID == msg.option {
			p.point(i)
			p.say(pollView{}.noteLine(&p.text, now, p.member.ID(), i, n))
		}
	}
}

// noteLine is how plain mode reads an option: "Option 2 of 4: Buss, your
// choice", and its count and share once the outcome shows.
func (pollView) noteLine(t *Text, s *session.Snapshot, me string, i int, n session.Note) string {
	parts := []string{fmt.Sprintf(t.PollOption, i+1, len(s.NotesFor(me)), n.Text)}
	if chosen(s, me, n.ID) {
		parts = append(parts, t.YourChoice)
	}
	if o, ok := optionResult(s, n.ID); ok {
		parts = append(parts, optionWords(t, o))
	}
	return endSentence(strings.Join(parts, ", "))
}

// tell is what plain mode says on arrival: the question, the options by
// number, how to answer, and the outcome where it shows.
func (pollView) tell(t *Text, s *session.Snapshot) []string {
	res, shown := s.Outcome.(session.PollResults)
	question, multiple := s.Activity.Question(), s.Activity.Scoring.Multiple
	if shown {
		// Also where a results activity shows the poll.
		question, multiple = res.Question, res.Multiple
	}
	cards := s.NotesFor("")
	opts := make([]string, len(cards))
	for i, n := range cards {
		opts[i] = strconv.Itoa(i+1) + ": " + n.Text
	}
	lines := []string{endSentence(question), fmt.Sprintf(t.PollOptions, strings.Join(opts, "; "))}
	if multiple {
		lines = append(lines, t.PollMultiple)
	}
	if shown {
		lines = append(lines, outcomeLine(t, res))
		if line, ok := comparedLine(t, s, res); ok {
			lines = append(lines, line)
		}
		return lines
	}
	return append(lines, fmt.Sprintf(t.PollSecret, s.Answered))
}

// beforeWords: "before 50 %", the option's share in the round before,
// where this room is a later round and its results show the poll.
func beforeWords(t *Text, s *session.Snapshot, o session.OptionResult) (string, bool) {
	res, _ := s.Outcome.(session.PollResults)
	cmp, ok := s.Comparison()
	if !ok {
		return "", false
	}
	cell, ok := cmp.Before(session.KindPoll, res.Question, o.Option)
	if !ok {
		return "", false
	}
	return fmt.Sprintf(t.PollBefore, shareWords(t, cell.Share)), true
}

// comparedLine says each option's share in the round before and now.
func comparedLine(t *Text, s *session.Snapshot, res session.PollResults) (string, bool) {
	cmp, ok := s.Comparison()
	if !ok || len(cmp.Rounds) < 2 {
		return "", false
	}
	var parts []string
	for _, o := range res.Options {
		if cell, ok := cmp.Before(session.KindPoll, res.Question, o.Option); ok {
			parts = append(parts, o.Option+" "+shareWords(t, cell.Share)+" → "+shareWords(t, o.Share))
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return fmt.Sprintf(t.PollCompared, cmp.Rounds[len(cmp.Rounds)-2].Code, strings.Join(parts, "; ")), true
}

// shareWords is a share in per cent, "–" where withheld.
func shareWords(t *Text, share *float64) string {
	if share == nil {
		return "–"
	}
	return fmt.Sprintf(t.PollPercent, session.SharePercent(*share))
}

// revealed is plain mode's line when the facilitator reveals the poll.
func (pollView) revealed(t *Text, s *session.Snapshot) string {
	if res, ok := s.Outcome.(session.PollResults); ok {
		return t.Revealed + " " + outcomeLine(t, res)
	}
	return t.Revealed
}

// wall is the revealed poll on the projector: the options most chosen
// first, each with its place, a bar, count and share in words, and the
// option's text under it; or, withheld, why there are no numbers.
func (pollView) wall(t *Text, st *Styles, s *session.Snapshot, width, height int) string {
	res, ok := s.Outcome.(session.PollResults)
	var lines []string
	switch {
	case !ok:
	case res.Withheld:
		lines = wrapLines(st.Muted, fmt.Sprintf(t.PollWithheld, session.DefaultMinGroup), width, 3)
	default:
		lines = append(lines, fmt.Sprintf(t.PollAnswered, *res.Answered), "")
		for _, o := range res.Options {
			place := "–"
			if o.Rank != nil {
				place = fmt.Sprintf(t.Rank, *o.Rank)
			}
			lines = append(lines, fmt.Sprintf("%-4s %s %s", place, st.Dots.Render(optionBar(o)), optionWords(t, o)))
			for _, l := range wrapLines(lipgloss.NewStyle(), o.Option, width-5, 2) {
				lines = append(lines, "     "+l)
			}
		}
	}
	if len(lines) > height {
		lines = lines[:height]
	}
	return lipgloss.NewStyle().Height(height).Render(strings.Join(lines, "\n"))
}

// outcomeLine says every option's count and share in one line, or why
// there are none.
func outcomeLine(t *Text, res session.PollResults) string {
	if res.Withheld {
		return fmt.Sprintf(t.PollWithheld, session.DefaultMinGroup)
	}
	parts := make([]string, len(res.Options))
	for i, o := range res.Options {
		parts[i] = o.Option + " " + optionWords(t, o)
	}
	return fmt.Sprintf(t.PollResults, *res.Answered, strings.Join(parts, "; "))
}

// cardMeta is a poll card's line: once the outcome shows the count and
// share, "your choice", then a bar. Words first: a narrow card cuts the
// end of the line, and the bar says nothing the words do not.
func (pollView) cardMeta(c *cardView, n session.Note) []string {
	var parts []string
	o, shown := optionResult(c.snap, n.ID)
	if shown {
		parts = append(parts, optionWords(c.text, o))
		if before, ok := beforeWords(c.text, c.snap, o); ok {
			parts = append(parts, before)
		}
	}
	if c.viewer != "" && chosen(c.snap, c.viewer, n.ID) {
		parts = append(parts, c.mine("✓ "+c.text.YourChoice))
	}
	if shown {
		parts = append(parts, c.dots(optionBar(o)))
	}
	return parts
}

func chosen(s *session.Snapshot, me, option string) bool {
	for _, id := range s.MyChoices(me) {
		if id == option {
			return true
		}
	}
	return false
}

// optionResult is option's outcome where the poll shows one.
func optionResult(s *session.Snapshot, option string) (session.OptionResult, bool) {
	res, ok := s.Outcome.(session.PollResults)
	if !ok {
		return session.OptionResult{}, false
	}
	for _, o := range res.Options {
		if o.OptionID == option {
			return o, true
		}
	}
	return session.OptionResult{}, false
}

// optionWords: "3 (60 %)", or "–" where the room withholds counts.
func optionWords(t *Text, o session.OptionResult) string {
	if o.Withheld || o.Count == nil {
		return "–"
	}
	return fmt.Sprintf(t.PollCount, *o.Count, session.SharePercent(*o.Share))
}

// optionBar is a share as up to ten blocks; the words beside it carry the
// number.
func optionBar(o session.OptionResult) string {
	if o.Share == nil {
		return ""
	}
	return strings.Repeat("█", session.SharePercent(*o.Share)/10) + strings.Repeat("░", 10-session.SharePercent(*o.Share)/10)
}
