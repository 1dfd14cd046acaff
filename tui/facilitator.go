package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// The board's facilitator side: keys that drive the room, a one-line
// prompt for timer and agenda input, the agenda panel, and what every
// screen does when the room is driven (timer, focus, reveal, removal).

// actionDoneMsg is the room's answer to a facilitator or ready command.
type actionDoneMsg struct{ err error }

func roomAction(f func() error) tea.Cmd {
	return func() tea.Msg { return actionDoneMsg{err: f()} }
}

func (m *boardModel) isFacilitator() bool { return m.snap.Facilitator(m.member.ID()) }

// facilitatorKey handles a facilitator's key; ok is false when the key is
// not one of theirs (or they are not a facilitator).
func (m *boardModel) facilitatorKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !m.isFacilitator() {
		return nil, false
	}
	if cmd, confirm, ok := roomCommand(*m.keys, m.text, msg, m.snap, m.member, m.ctx); ok {
		if confirm != "" {
			return m.confirm(confirm, func() tea.Cmd { return cmd }), true
		}
		return cmd, true
	}
	k, member, ctx := m.keys, m.member, m.ctx
	switch {
	case key.Matches(msg, k.TimerSet):
		return m.ask(m.text.TimerPrompt, "", func(s string) tea.Cmd {
			d, ok := parseMinutes(s)
			if !ok {
				return statusCmd(m.text.TimerBad, true)
			}
			return roomAction(func() error { return member.Timer(ctx, "start", d) })
		}), true
	case key.Matches(msg, k.Focus):
		note := m.selected
		if note == "" {
			m.setStatus(m.text.ErrNoNote, true)
			return nil, true
		}
		return roomAction(func() error { return member.Focus(ctx, note) }), true
	case key.Matches(msg, k.Agenda):
		m.openAgenda(false)
		return nil, true
	case key.Matches(msg, k.People):
		m.open, m.panel, m.peopleIndex = peoplePanel, panel{}, 0
		return nil, true
	}
	return nil, false
}

// roomCommand is a facilitator key that is one room command, the same in
// both views: next and previous activity, reveal, private writing (in a
// groups activity: who may sort), pause or resume the timer, a minute
// more, lock. Keys that ask or point at a note differ by view.
//
// Reveal, lock and ending private writing are capital letters that change
// the room for everyone and cannot be taken back (what was seen was seen),
// so they come with a question to answer first: Caps Lock or a phone's
// auto-capital must never reveal private notes.
func roomCommand(k KeyMap, t *Text, msg tea.KeyPressMsg, snap *session.Snapshot, member *session.Member, ctx context.Context) (cmd tea.Cmd, confirm string, ok bool) {
	var f func() error
	a := snap.Activity
	switch {
	case key.Matches(msg, k.Reveal):
		f, confirm = func() error { return member.Reveal(ctx) }, t.ConfirmReveal
		if a.VotesSecret() && !a.TakesDots() {
			confirm = t.ConfirmRevealAnswers
		}
	case key.Matches(msg, k.Private) && a.Hidden():
		f, confirm = viewOf(a).privateToggle(member, ctx, a), t.ConfirmReveal
	case key.Matches(msg, k.Lock) && !snap.Locked:
		f, confirm = func() error { return member.Lock(ctx, true) }, t.ConfirmLock
	case key.Matches(msg, k.NextActivity):
		f = func() error { return member.Go(ctx, +1) }
	case key.Matches(msg, k.PrevActivity):
		f = func() error { return member.Go(ctx, -1) }
	case key.Matches(msg, k.Private):
		f = viewOf(a).privateToggle(member, ctx, a)
	case key.Matches(msg, k.TimerPause):
		action := "pause"
		if !snap.Timer.Running {
			action = "resume"
		}
		f = func() error { return member.Timer(ctx, action, 0) }
	case key.Matches(msg, k.TimerAdd):
		f = func() error { return member.Timer(ctx, "add", time.Minute) }
	case key.Matches(msg, k.Lock):
		f = func() error { return member.Lock(ctx, false) }
	default:
		return nil, "", false
	}
	return roomAction(f), confirm, true
}

// parseMinutes reads "5", "2:30" or "90s".
func parseMinutes(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, true
	}
	if mins, secs, ok := strings.Cut(s, ":"); ok {
		m, err1 := strconv.Atoi(mins)
		sec, err2 := strconv.Atoi(secs)
		if err1 != nil || err2 != nil || m < 0 || sec < 0 || sec > 59 || m*60+sec == 0 {
			return 0, false
		}
		return time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	m, err := strconv.Atoi(s)
	if err != nil || m <= 0 {
		return 0, false
	}
	return time.Duration(m) * time.Minute, true
}

// linePrompt is a one-line question on the board (timer minutes, an
// activity's title). Its answer goes to onSubmit.
type linePrompt struct {
	input    textinput.Model
	onSubmit func(string) tea.Cmd
	// yesNo: one y, j or n answers at once, with no enter. A phone's
	// enter is often far away, and the question says (y/n) or (j/n).
	yesNo bool
}

// An answer's callback runs after the key that submitted it has been
// handled, on a copy of the board that is gone by then: it speaks to the
// board through messages, never by changing the model it closed over.
type (
	statusMsg struct {
		text    string
		isError bool
	}
	askMsg struct {
		label, initial string
		onSubmit       func(string) tea.Cmd
	}
)

func statusCmd(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, isError: isError} }
}

// askCmd asks a further question once the current one is answered.
func askCmd(label, initial string, onSubmit func(string) tea.Cmd) tea.Cmd {
	return func() tea.Msg { return askMsg{label: label, initial: initial, onSubmit: onSubmit} }
}

func (m *boardModel) ask(label, initial string, onSubmit func(string) tea.Cmd) tea.Cmd {
	in := textinput.New()
	in.Prompt = label
	in.SetStyles(inputStyles(m.dark))
	in.KeyMap.Paste.SetEnabled(false) // never the server's clipboard
	in.CharLimit = session.MaxPromptLen
	in.SetWidth(max(m.width-len(label)-2, 10))
	in.SetValue(initial)
	m.prompt = &linePrompt{input: in, onSubmit: onSubmit}
	return m.prompt.input.Focus()
}

// confirm asks a yes/no question; onYes runs after a yes.
func (m *boardModel) confirm(label string, onYes func() tea.Cmd) tea.Cmd {
	cmd := m.ask(label, "", func(answer string) tea.Cmd {
		if !yes(answer) {
			return nil
		}
		return onYes()
	})
	m.prompt.yesNo = true
	return cmd
}

func (m boardModel) updatePrompt(msg tea.KeyPressMsg) (boardModel, tea.Cmd) {
	answer, single := yesNoKey(msg)
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.prompt = nil
		return m, nil
	case m.prompt.yesNo && single && m.prompt.input.Value() == "":
		p := m.prompt
		m.prompt = nil
		m.afterAnswer = true
		return m, p.onSubmit(answer)
	case msg.String() == "enter":
		p := m.prompt
		m.prompt = nil
		return m, p.onSubmit(p.input.Value())
	}
	var cmd tea.Cmd
	m.prompt.input, cmd = m.prompt.input.Update(msg)
	return m, cmd
}

func (m *boardModel) currentIndex() int { return activityIndex(m.snap) }

// openAgenda shows the agenda panel; fromLobby closes it back to the lobby.
func (m *boardModel) openAgenda(fromLobby bool) {
	m.open, m.panel, m.agendaIndex = agendaPanel, panel{}, m.currentIndex()
	m.agendaOnly = fromLobby
}

// updateAgenda: the agenda panel's keys. The selection is an index into
// the agenda; every change goes through the room.
func (m boardModel) updateAgenda(msg tea.KeyPressMsg) (boardModel, tea.Cmd) {
	acts, member, ctx := m.snap.Activities, m.member, m.ctx
	i := max(0, min(m.agendaIndex, len(acts)-1))
	a := acts[i]
	k := m.keys.AgendaPanel
	if cmd, ok := m.scoringKey(msg, a); ok {
		return m, cmd
	}
	if cmd, ok := m.contextKey(msg, a); ok {
		return m, cmd
	}
	if kind, name, ok := addedKind(k, msg); ok {
		return m, m.ask(fmt.Sprintf(m.text.AgendaNew, name), "", func(title string) tea.Cmd {
			return roomAction(func() error { return member.AddActivity(ctx, kind, title, "") })
		})
	}
	switch {
	case key.Matches(msg, k.Close):
		m.open = noPanel
		if m.agendaOnly {
			return m, func() tea.Msg { return backToLobbyMsg{} }
		}
	case key.Matches(msg, k.Up):
		m.agendaIndex = max(0, i-1)
	case key.Matches(msg, k.Down):
		m.agendaIndex = min(len(acts)-1, i+1)
	case key.Matches(msg, k.Go):
		steps := i - m.currentIndex()
		if !m.agendaOnly { // from the lobby, the agenda stays open
			m.open = noPanel
		}
		return m, roomAction(func() error { return member.Go(ctx, steps) })
	case key.Matches(msg, k.Dots):
		return m, m.ask(m.text.AgendaDots, fmt.Sprintf("%d %d", a.Budget, a.PerItem), func(s string) tea.Cmd {
			var budget, per int
			if _, err := fmt.Sscan(s, &budget, &per); err != nil {
				return statusCmd(m.explain(session.ErrBudget), true)
			}
			return roomAction(func() error { return member.SetVoting(ctx, a.ID, budget, per, a.Secret) })
		})
	case key.Matches(msg, k.Rename):
		return m, m.ask(m.text.AgendaRename, a.Title, func(title string) tea.Cmd {
			return askCmd(m.text.AgendaPrompt, a.Prompt, func(prompt string) tea.Cmd {
				return roomAction(func() error { return member.ChangeActivity(ctx, a.ID, title, prompt) })
			})
		})
	case key.Matches(msg, k.Delete):
		// One letter would end an activity and what was written in it for
		// everyone, with no way back: ask first.
		return m, m.confirm(fmt.Sprintf(m.text.AgendaDeleteAsk, a.Title), func() tea.Cmd {
			return roomAction(func() error { return member.RemoveActivity(ctx, a.ID) })
		})
	case key.Matches(msg, k.Columns):
		return m, m.ask(m.text.AgendaColumns, strings.Join(a.Columns, ", "), func(s string) tea.Cmd {
			var cols []string
			for _, c := range strings.Split(s, ",") {
				if c = strings.TrimSpace(c); c != "" {
					cols = append(cols, c)
				}
			}
			return roomAction(func() error { return member.Configure(ctx, a.ID, a.Private, cols) })
		})
	case key.Matches(msg, k.MoveDown):
		m.agendaIndex = min(len(acts)-1, i+1)
		return m, roomAction(func() error { return member.MoveActivity(ctx, a.ID, i+1) })
	case key.Matches(msg, k.MoveUp):
		m.agendaIndex = max(0, i-1)
		return m, roomAction(func() error { return member.MoveActivity(ctx, a.ID, i-1) })
	}
	return m, nil
}

// addedKind is the kind of activity an agenda key adds, if it adds one,
// and its name in the facilitator's language.
func addedKind(k AgendaKeys, msg tea.KeyPressMsg) (kind, name string, ok bool) {
	for _, v := range views {
		if b := v.add(k); key.Matches(msg, b) {
			return v.kind, b.Help().Desc, true
		}
	}
	return "", "", false
}

// agendaText lists the activities, the current one marked in words.
func (m *boardModel) agendaText() string {
	var lines []string
	for i, a := range m.snap.Activities {
		mark := "  "
		if i == m.agendaIndex {
			mark = "▶ "
		}
		line := fmt.Sprintf("%s%d. %s", mark, i+1, a.Title)
		if a.ID == m.snap.Activity.ID {
			line += " ●"
		}
		if a.Prompt != "" {
			line += " — " + a.Prompt
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// clock formats a duration as m:ss, rounding up so "0:00" means done.
func clock(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", secs/60, secs%60)
}

// timerTickMsg redraws the countdown when what it shows changes.
type timerTickMsg struct{ ends time.Time }

// countdown keeps the next tick scheduled while the room's timer runs,
// for a screen that shows it (the board, the wall).
type countdown struct {
	// ctx is the session's: a tick still waiting when the session ends
	// ends with it, rather than keep the ended program alive (issue 14).
	ctx     context.Context
	send    func(tea.Msg) // to the program, for the ticks' timers (Deps.Send)
	ticking time.Time     // the timer end a tick is scheduled for
}

// follow schedules ticks for a timer that started or changed.
func (c *countdown) follow(t session.Timer, now time.Time) tea.Cmd {
	if !t.Running || c.ticking.Equal(t.EndsAt) {
		return nil
	}
	c.ticking = t.EndsAt
	return tickAt(c.ctx, c.send, t.EndsAt, now)
}

// tick schedules the next tick, or says the timer reached zero.
func (c *countdown) tick(t session.Timer, msg timerTickMsg, now time.Time) (next tea.Cmd, zero bool) {
	if !t.Running || !t.EndsAt.Equal(msg.ends) {
		return nil, false // paused, stopped or changed: a newer tick (if any) is on its way
	}
	if t.Remaining(now) == 0 {
		return nil, true
	}
	return tickAt(c.ctx, c.send, t.EndsAt, now), false
}

func (m *boardModel) tick() tea.Cmd { return m.countdown.follow(m.snap.Timer, m.now()) }

// tickAt wakes when the countdown to ends next shows something else: each
// minute, then each second of the last one (see shownTime); or returns
// nothing once ctx ends.
func tickAt(ctx context.Context, send func(tea.Msg), ends, now time.Time) tea.Cmd {
	left := ends.Sub(now)
	if left <= 0 {
		return nil
	}
	return laterCmd(ctx, send, nextChange(left), timerTickMsg{ends: ends})
}

// onTick keeps the countdown going, and rings once when it reaches zero.
func (m *boardModel) onTick(msg timerTickMsg) tea.Cmd {
	next, zero := m.countdown.tick(m.snap.Timer, msg, m.now())
	if zero {
		m.setStatus(m.text.TimesUp, false)
		return tea.Raw("\a")
	}
	return next
}

// followRoom reacts to what facilitators did, once per change.
func (m *boardModel) followRoom(prev, next *session.Snapshot) {
	if prev != nil && prev.Activity.ID == next.Activity.ID && prev.Activity.Hidden() && !next.Activity.Hidden() {
		m.setStatus(m.text.Revealed, false)
	}
	if next.FocusSeq > m.focusSeen {
		m.focusSeen = next.FocusSeq
		for i, n := range m.notes() {
			if n.ID == next.Focus {
				m.index, m.selected = i, n.ID
				m.scrollTo(i / m.columns())
				m.setStatus(m.text.FocusAsked, false)
			}
		}
	}
}

// readyCmd toggles whether this person is done with the activity.
func readyCmd(ctx context.Context, member *session.Member, ready bool) tea.Cmd {
	return roomAction(func() error { return member.SetReady(ctx, ready) })
}

// updatePeople: the people panel's keys, for facilitators: f makes the
// selected person co-facilitator or a participant again, x removes them
// (each after a question).
func (m boardModel) updatePeople(msg tea.KeyPressMsg) (boardModel, tea.Cmd) {
	people, member, ctx := m.snap.PresentFor(m.member.ID()), m.member, m.ctx
	k := m.keys.PeoplePanel
	switch {
	case key.Matches(msg, k.CloseRoom):
		return m, m.confirm(m.text.CloseAsk, func() tea.Cmd {
			return roomAction(func() error { return member.CloseRoom(ctx) })
		})
	case key.Matches(msg, k.Close):
		m.open = noPanel
		return m, nil
	}
	if len(people) == 0 || m.anonymous() {
		// Nobody is listed in an anonymous room, so nobody is picked.
		return m, nil
	}
	i := max(0, min(m.peopleIndex, len(people)-1))
	who := people[i]
	switch {
	case key.Matches(msg, k.Up):
		m.peopleIndex = max(0, i-1)
	case key.Matches(msg, k.Down):
		m.peopleIndex = min(len(people)-1, i+1)
	case key.Matches(msg, k.MakeFacilitator):
		// Asked first both ways: a co-facilitator can do all a facilitator
		// can, and one given the rights by mistake must lose them again.
		if who.Facilitator {
			return m, m.confirm(fmt.Sprintf(m.text.UnmakeFacAsk, m.personName(who.Person)), func() tea.Cmd {
				return roomAction(func() error { return member.RemoveFacilitator(ctx, who.ID) })
			})
		}
		return m, m.confirm(fmt.Sprintf(m.text.MakeFacAsk, m.personName(who.Person)), func() tea.Cmd {
			return roomAction(func() error { return member.AddFacilitator(ctx, who.ID) })
		})
	case key.Matches(msg, k.Remove):
		return m, m.confirm(fmt.Sprintf(m.text.RemoveAsk, m.personName(who.Person)), func() tea.Cmd {
			return roomAction(func() error { return member.Remove(ctx, who.ID) })
		})
	}
	return m, nil
}

// anonymous: the room names nobody, so the people panel lists nobody.
func (m *boardModel) anonymous() bool { return m.snap.Room.Anonymity == session.Anonymous }

// peopleHelp is the people panel's keys: in an anonymous room there is
// nobody to pick, only the room to close.
func (m *boardModel) peopleHelp() string {
	k := m.keys.PeoplePanel
	if m.anonymous() {
		return helpLine([]key.Binding{k.CloseRoom, k.Close})
	}
	return helpLine(k.help())
}

// peopleCount is the people panel of an anonymous room: counts, not a
// list. A list by number, with who is done, lets a facilitator who watches
// the room match numbers to faces by when people came or finished.
func (m *boardModel) peopleCount() string {
	ready, of := m.snap.ReadyCount()
	facilitators := 0
	for _, p := range m.snap.PresentFor(m.member.ID()) {
		if p.Facilitator {
			facilitators++
		}
	}
	return fmt.Sprintf(m.text.PeopleCount, of, ready, facilitators) + "\n\n" + m.text.PeopleAnon
}

// peopleText lists who is here: number or name, done, facilitator; in an
// anonymous room only how many.
func (m *boardModel) peopleText() string {
	if m.anonymous() {
		return m.peopleCount()
	}
	var lines []string
	for i, p := range m.snap.PresentFor(m.member.ID()) {
		mark := "  "
		if i == m.peopleIndex {
			mark = "▶ "
		}
		line := mark + m.personName(p.Person)
		if p.Facilitator {
			line += " (" + m.text.Facilitator + ")"
		}
		if p.Ready {
			line += " ✓ " + m.text.Done
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// stillWorking names who is not done yet, for facilitators, where names
// may be shown; "" when everyone is done or names are not for them. Who
// kept the default name is named by it ("Participant 3"), as everywhere
// else: leaving them out made it look as if they were done.
func (m *boardModel) stillWorking() string {
	if m.snap.Room.Anonymity == session.Anonymous {
		return ""
	}
	var names []string
	for _, p := range m.snap.PresentFor(m.member.ID()) {
		if !p.Facilitator && !p.Ready {
			names = append(names, m.personName(p.Person))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(m.text.StillWorking, strings.Join(names, ", "))
}
