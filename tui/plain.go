package tui

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/sanitize"
)

// Plain is samla for screen readers and braille displays: no alternate
// screen, no cursor addressing, no redraws. The room is told as short lines,
// each change as one new line, and every action is one key, as in the full
// screen. It runs with Bubble Tea's renderer off; its words go out through
// Lines.
type Plain struct {
	deps  Deps
	text  Text
	keys  KeyMap
	out   *Lines
	idle  idleTimer
	stage plainStage

	member *session.Member
	snap   *session.Snapshot
	index  int
	// seen and mySeen are each note's dots as last told, in total and of
	// this person's own, so every change is announced exactly once: one's
	// own dots and notes by the reply to the action, others' by the room.
	seen   map[string]int
	mySeen map[string]int
	// line is what the person is typing at a prompt, echoed as they type.
	line   []rune
	prompt string
	next   *Switch
	// alarmFor is the timer end whose alarms are scheduled.
	alarmFor time.Time
	// asked is what a question is about, as it was when asked.
	asked asked
	// confirmed is the room command a yes to askConfirm carries out.
	confirmed tea.Cmd
	// pointed: the person has gone to a note (the first j reads note 1);
	// selectedID is that note, followed when others sort or write.
	pointed    bool
	selectedID string
	// dotsDue are notes whose dots others changed since the last line
	// about them, in activity dotsAt; one line is scheduled at a time.
	dotsDue       map[string]bool
	dotsAt        string
	dotsScheduled bool
	// placing is a matrix answer half given.
	placing placing
	// introduced: the first line (what plain mode is) has been said.
	introduced bool
	// afterAnswer: a yes/no question was just answered by one key.
	afterAnswer bool
}

// asked remembers what a question was about when it was asked: the room
// may change before the answer (the activity moves on, notes are sorted and
// change places), and an answer must mean what the person heard.
type asked struct {
	activity string   // the activity the question is about
	note     string   // the note being sorted
	notes    []string // note ids by the numbers the person heard
	text     string   // a note waiting for its column
	columns  []string // the columns as offered
}

type plainStage int

const (
	askCode plainStage = iota
	joining
	askName
	browsing
	writing
	askTimer
	askColumn
	askGroupWith
	askMergeWith
	askGroupName
	askConfirm
	askJump
	askEdit
	askDelete
	askAgendaGo
	askLeave
	closed
)

// NewPlain returns the plain-mode model; it writes to out.
func NewPlain(deps Deps, out *Lines) *Plain {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Join == nil {
		deps.Join = func(ctx context.Context, code string) (*session.Member, error) {
			return deps.Hub.Join(ctx, code, deps.Identity)
		}
	}
	p := &Plain{deps: deps, out: out, idle: newIdleTimer(deps.Ctx, deps.Send, deps.IdleTimeout, time.Now)}
	p.setText(deps.language(""))
	return p
}

func (p *Plain) setText(t Text) {
	p.text = t
	p.keys = DefaultKeyMap(&p.text)
	p.out.setMissed(p.text.missedLines)
}

// Init says where the person is and joins or asks for a code.
func (p *Plain) Init() tea.Cmd {
	if p.deps.Code != "" {
		// The first line waits for the room, so it is in the room's
		// language rather than whatever LANG the SSH client happened to send.
		p.stage = joining
		return tea.Batch(joinCmd(p.deps, p.deps.Code), p.idle.start())
	}
	p.introduce()
	p.ask(askCode, p.text.PlainCode, "")
	return p.idle.schedule()
}

// introduce says once what plain mode is.
func (p *Plain) introduce() {
	if !p.introduced {
		p.introduced = true
		p.say(p.text.PlainIntro)
	}
}

// View is empty: plain mode has no screen to draw.
func (p *Plain) View() tea.View { return tea.NewView("") }

// say writes one line, keeping whatever the person is typing intact below it.
func (p *Plain) say(line string) {
	if p.prompt != "" {
		p.out.put("\n" + line + "\n" + p.prompt + string(p.line))
		return
	}
	p.out.put(line + "\n")
}

// ask starts a prompt; what is typed is echoed after it.
func (p *Plain) ask(stage plainStage, prompt, initial string) {
	p.stage, p.prompt, p.line = stage, prompt, []rune(initial)
	p.out.put(prompt + initial)
}

// answer ends the prompt and returns what was typed.
func (p *Plain) answer() string {
	s := string(p.line)
	p.out.put("\n")
	p.prompt, p.line = "", nil
	return s
}

// Update handles keys by stage and announces what changed in the room.
func (p *Plain) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		p.idle.touch()
		if msg.String() == "ctrl+c" {
			return p, tea.Quit
		}
		return p, p.key(msg)
	case tea.PasteMsg:
		p.idle.touch()
		if p.prompt != "" {
			p.typed(sanitize.Line(clip(msg.Content, plainLineBytes)))
		}
	case idleCheckMsg:
		cmd, expired := p.idle.check()
		switch {
		case expired:
			p.say(fmt.Sprintf(p.text.IdleGone, p.text.duration(p.idle.timeout)))
			return p, tea.Quit
		case p.idle.warned:
			p.say(fmt.Sprintf(p.text.IdleWarning, p.text.duration(p.idle.warning)))
		}
		return p, cmd
	case joinFailedMsg:
		p.introduce()
		p.say(p.text.explainJoin(msg.code, msg.err))
		p.ask(askCode, p.text.PlainCode, "")
	case joinedMsg:
		return p, p.joined(msg.member)
	case nameDoneMsg:
		if msg.err != nil {
			p.say(p.text.explain(msg.err, p.snap))
			p.ask(askName, p.namePrompt(), "")
			return p, nil
		}
		return p, p.browse()
	case roomMsg:
		if p.member != nil && msg.snap.Removed(p.member.ID()) {
			p.say(p.text.Removed)
			return p, tea.Quit
		}
		return p, tea.Batch(listenCmd(p.deps.Ctx, p.member), p.alarms(), p.announce(msg.snap))
	case plainDotsMsg:
		p.sayDots(msg)
	case plainAlarmMsg:
		return p, p.alarm(msg)
	case actionDoneMsg:
		if msg.err != nil {
			p.say(p.text.explain(msg.err, p.snap))
		}
	case roomClosedMsg:
		p.say(p.text.RoomClosed)
		p.stage = closed
		return p, tea.Quit
	case noteSavedMsg:
		return p, p.saved(msg.err)
	case voteDoneMsg:
		p.voted(msg)
	case pollChosenMsg:
		p.readChosen(msg)
	case plainChangedMsg:
		p.changed(msg)
	case scoredMsg:
		p.scored(msg)
	case languageMsg:
		p.deps.Lang = msg.text.Code
		p.setText(msg.text)
		p.say(p.text.LanguageIs)
		p.say(p.status())
	case switchMsg:
		p.next = &msg.to
		p.next.Lang = p.deps.Lang
		p.say(p.text.Switching)
		return p, tea.Quit
	}
	return p, nil
}

// Switched reports whether the program ended to switch views.
func (p *Plain) Switched() (Switch, bool) {
	if p.next == nil {
		return Switch{}, false
	}
	return *p.next, true
}

func (p *Plain) key(msg tea.KeyPressMsg) tea.Cmd {
	// An enter just after a one-key answer ends that answer ("y enter"),
	// rather than read a note aloud.
	if after := p.afterAnswer; after {
		p.afterAnswer = false
		if msg.String() == "enter" && p.prompt == "" {
			return nil
		}
	}
	if p.prompt != "" {
		return p.edit(msg)
	}
	if p.stage != browsing {
		return nil
	}
	return p.browseKey(msg)
}

// edit is a line editor on the person's own echo: letters, backspace,
// enter, esc. Backspace is the one control character plain mode sends.
func (p *Plain) edit(msg tea.KeyPressMsg) tea.Cmd {
	if answer, ok := yesNoKey(msg); ok && p.yesNo() && len(p.line) == 0 {
		// One key answers: the letter is echoed, and the line ends.
		p.out.put(msg.Key().Text)
		p.line = []rune(answer)
		p.afterAnswer = true
		return p.submit(p.answer())
	}
	switch msg.String() {
	case "enter":
		return p.submit(p.answer())
	case "esc", "ctrl+g": // ctrl+g for phone SSH apps without esc
		switch p.stage {
		case writing, askColumn:
			p.answerKeep()
			p.say(p.text.PlainClosed)
			p.stage = browsing
		case askTimer, askGroupWith, askMergeWith, askGroupName, askConfirm, askJump, askEdit, askDelete, askAgendaGo, askLeave:
			p.answerKeep()
			p.say(p.text.PlainCancelled)
			p.stage = browsing
		}
		return nil
	case "backspace":
		p.erase(1)
		return nil
	case "ctrl+u": // the whole line, as in a shell
		p.erase(len(p.line))
		return nil
	case "ctrl+w": // the last word
		p.erase(lastWord(p.line))
		return nil
	}
	switch text := msg.Key().Text; text {
	case "":
	case " ": // Line would trim a lone space away
		p.typed(" ")
	default:
		p.typed(sanitize.Line(clip(text, plainLineBytes)))
	}
	return nil
}

// yesNo: the prompt is a yes/no question, answered by one key.
func (p *Plain) yesNo() bool {
	switch p.stage {
	case askConfirm, askDelete, askLeave:
		return true
	}
	return false
}

// plainLineRunes bounds a plain-mode line: four times the longest note a
// room may allow, so nothing that could be saved is lost, while a paste of
// megabytes cannot grow one session's memory without end.
// plainLineBytes bounds the same line in bytes, and what is sanitised at once.
const (
	plainLineRunes = 4 * session.MaxNoteLen
	plainLineBytes = 4 * plainLineRunes
)

// clip cuts s to at most n bytes, on a rune boundary, before any other work
// is done on it.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// typed adds what was typed to the line, up to plainLineRunes; the rest is
// dropped, and the person is told once, when the line first reaches the cap.
func (p *Plain) typed(s string) {
	if s == "" || len(p.line) >= plainLineRunes {
		return
	}
	r := []rune(s)
	cut := len(p.line)+len(r) > plainLineRunes
	if cut {
		r = r[:plainLineRunes-len(p.line)]
	}
	p.line = append(p.line, r...)
	p.out.put(string(r))
	p.draft()
	if cut {
		p.say(p.text.TooLong)
	}
}

func (p *Plain) draft() {
	if p.stage == writing {
		p.member.SetDraft(string(p.line))
	}
}

// erase takes n characters off the end of the line, on the screen too.
func (p *Plain) erase(n int) {
	n = min(n, len(p.line))
	if n == 0 {
		return
	}
	p.line = p.line[:len(p.line)-n]
	p.out.put(strings.Repeat("\b \b", n))
	p.draft()
}

// lastWord is how many characters ctrl+w takes: spaces at the end, then
// the word before them.
func lastWord(line []rune) int {
	i := len(line)
	for i > 0 && line[i-1] == ' ' {
		i--
	}
	for i > 0 && line[i-1] != ' ' {
		i--
	}
	return len(line) - i
}

// answerKeep ends a prompt without taking its text (the draft keeps it).
func (p *Plain) answerKeep() {
	p.out.put("\n")
	p.prompt, p.line = "", nil
}

func (p *Plain) submit(text string) tea.Cmd {
	switch p.stage {
	case askCode:
		if strings.TrimSpace(text) == "" {
			p.ask(askCode, p.text.PlainCode, "")
			return nil
		}
		p.stage = joining
		return joinCmd(p.deps, text)
	case askName:
		member, ctx := p.member, p.deps.Ctx
		if text == "" { // the default name is an answer too: they take part
			return func() tea.Msg { return nameDoneMsg{err: member.TakePart(ctx)} }
		}
		return func() tea.Msg { return nameDoneMsg{err: member.Rename(ctx, text)} }
	case writing:
		// Kept until saved: people without a key have no draft to fall back on.
		p.asked = asked{activity: p.snap.Activity.ID, text: text, columns: p.snap.Activity.Columns}
		if cols := p.snap.Activity.Columns; len(cols) > 0 {
			p.ask(askColumn, fmt.Sprintf(p.text.PlainColumn, numbered(cols)), "")
			return nil
		}
		return p.save(text, "")
	case askColumn:
		return p.saveInColumn(text)
	case askGroupWith, askMergeWith, askGroupName:
		return p.sortAnswer(text)
	case askJump:
		p.jump(text)
		return nil
	case askEdit, askDelete:
		return p.changeOwn(p.stage, text)
	case askAgendaGo:
		return p.agendaGo(text)
	case askLeave:
		p.stage = browsing
		if !yes(text) {
			p.say(p.text.PlainCancelled)
			return nil
		}
		return tea.Quit
	case askConfirm:
		p.stage = browsing
		cmd := p.confirmed
		p.confirmed = nil
		if !yes(text) || p.movedOn(p.asked) {
			p.say(p.text.PlainCancelled)
			return nil
		}
		return cmd
	case askTimer:
		p.stage = browsing
		d, ok := parseMinutes(text)
		if !ok {
			p.say(p.text.TimerBad)
			return nil
		}
		member, ctx := p.member, p.deps.Ctx
		return roomAction(func() error { return member.Timer(ctx, "start", d) })
	}
	return nil
}

func (p *Plain) joined(m *session.Member) tea.Cmd {
	p.member, p.snap = m, m.Latest()
	p.setText(p.deps.language(p.snap.Room.Lang))
	p.resync(p.snap)
	room := p.snap.Room
	p.introduce()
	p.say(fmt.Sprintf(p.text.PlainRoom, room.Title, room.Code, p.whoSees()))
	// Plain mode is remembered only when chosen with p: a visit from a
	// terminal that can do nothing else (TERM=dumb) is no choice.
	listen := listenCmd(p.deps.Ctx, m)
	if !m.Returning() && room.Anonymity != session.Anonymous {
		p.ask(askName, p.namePrompt(), "")
		return listen
	}
	return tea.Batch(listen, p.browse())
}

func (p *Plain) whoSees() string {
	switch p.snap.Room.Anonymity {
	case session.Anonymous:
		return p.text.PlainAnonymous
	case session.Peers:
		return p.text.PlainPeers
	}
	return p.text.PlainNamed
}

func (p *Plain) namePrompt() string {
	me, _ := p.snap.Person(p.member.ID())
	return fmt.Sprintf(p.text.PlainName, fmt.Sprintf(p.text.Participant, me.Number))
}

// browse is where people spend the workshop: status, keys, then any draft.
func (p *Plain) browse() tea.Cmd {
	p.stage = browsing
	p.sayActivity()
	p.say(p.status())
	p.say(fmt.Sprintf(p.text.PlainKeys, sentence(p.keys.PlainView.help())))
	if draft := p.member.Draft(); draft != "" {
		p.say(p.text.DraftBack)
		p.ask(writing, p.text.PlainWrite, draft)
	}
	return nil
}

// sayKeys tells everyone's keys, then the current activity's own.
func (p *Plain) sayKeys() {
	p.say(fmt.Sprintf(p.text.PlainKeys, sentence(p.keys.PlainView.help())))
	p.sayKindKeys()
}

func (p *Plain) sayKindKeys() {
	if own := viewOf(p.snap.Activity).plainKeys(p.keys); len(own) > 0 {
		p.say(fmt.Sprintf(p.text.PlainSortKeys, sentence(own)))
	}
}

func (p *Plain) status() string {
	s, me := p.snap, p.member.ID()
	return fmt.Sprintf(p.text.PlainStatus, endSentence(s.Activity.Title), p.text.notesCount(len(p.notes())), s.Online, s.DotsLeft(me), s.VoteBudget)
}

func (p *Plain) browseKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys.PlainView
	if cmd, ok := p.facilitatorKey(msg); ok {
		return cmd
	}
	if cmd, ok := viewOf(p.snap.Activity).plainKey(p, msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Ready):
		return readyCmd(p.deps.Ctx, p.member, !p.snap.Ready(p.member.ID()))
	case key.Matches(msg, k.Leave):
		p.ask(askLeave, p.text.LeaveAsk, "")
	case key.Matches(msg, k.Info):
		p.sayActivity()
	case key.Matches(msg, k.Jump):
		p.askJump(msg.Key().Text)
	case key.Matches(msg, k.Edit):
		p.editOwn()
	case key.Matches(msg, k.Delete):
		p.deleteOwn()
	case key.Matches(msg, k.New):
		p.ask(writing, p.text.PlainWrite, p.member.Draft())
	case key.Matches(msg, k.Next):
		p.move(+1)
	case key.Matches(msg, k.Prev):
		p.move(-1)
	case key.Matches(msg, k.Read):
		p.readSelected()
	case key.Matches(msg, k.Vote):
		return p.vote(+1)
	case key.Matches(msg, k.Unvote):
		return p.vote(-1)
	case key.Matches(msg, k.Help):
		p.sayKeys()
		p.sayFacilitatorKeys()
	case key.Matches(msg, k.Full):
		if p.deps.Dumb {
			p.say(p.text.PlainNoFull)
			return nil
		}
		return switchCmd(p.deps.Ctx, p.member, false)
	case key.Matches(msg, k.Status):
		p.say(p.status())
	case key.Matches(msg, k.Language):
		return nextLanguage(p.text)
	case key.Matches(msg, k.ReadAll):
		p.readAll()
	}
	return nil
}

func (p *Plain) move(by int) {
	if len(p.notes()) == 0 {
		p.say(p.text.PlainNoNotes)
		return
	}
	if !p.pointed {
		by = 0 // the first step reads the first note
	}
	p.point(p.index + by)
	p.readSelected()
}

func (p *Plain) readSelected() {
	if len(p.notes()) == 0 {
		p.say(p.text.PlainNoNotes)
		return
	}
	p.point(p.index)
	p.say(p.noteLine(p.index))
}

func (p *Plain) noteLine(i int) string {
	n, me := p.notes()[i], p.member.ID()
	if v, ok := shownView(p.snap).(noteLineView); ok {
		return v.noteLine(&p.text, p.snap, me, i, n)
	}
	if mark, ok := viewOf(p.snap.Activity).mark(&p.text, p.snap, me, n.ID); ok {
		if fig := outcomeFigure(&p.text, p.snap.Outcome, n.ID); fig != "" {
			mark += ", " + fig
		}
		return fmt.Sprintf(p.text.PlainNote, i+1, len(p.notes()), n.Text, mark)
	}
	details := p.dotsPhrase(n.Votes)
	if p.snap.Activity.VotesSecret() {
		details = p.text.DotsHidden // the total is hidden, not 0
	}
	if mine := p.snap.MyVotes(me, n.ID); mine > 0 {
		details += ", " + fmt.Sprintf(p.text.YourDots, mine)
	}
	if p.snap.Mine(me, n) {
		details += ", " + p.text.PlainYours
	}
	if a, ok := p.snap.Author(p.member.ID(), n); ok {
		details += ", " + fmt.Sprintf(p.text.ByAuthor, p.personName(a))
	}
	if d := viewOf(p.snap.Activity).noteDetail(&p.text, p.snap, n); d != "" {
		details += ", " + d
	}
	if p.snap.Duplicate(n.ID) {
		details += ", " + p.text.DuplicateMark
	}
	return fmt.Sprintf(p.text.PlainNote, i+1, len(p.notes()), p.text.spoken(n.Text), details)
}

func (p *Plain) dotsPhrase(n int) string {
	if n == 1 {
		return p.text.VotesOne
	}
	return fmt.Sprintf(p.text.Votes, n)
}

func (p *Plain) personName(x session.Person) string {
	if x.Name != "" {
		return x.Name
	}
	return fmt.Sprintf(p.text.Participant, x.Number)
}

func (p *Plain) readAll() {
	if len(p.notes()) == 0 {
		p.say(p.text.PlainNoNotes)
		return
	}
	p.say(p.text.allNotes(len(p.notes())))
	for i := range p.notes() {
		p.say(p.noteLine(i))
	}
}

func (p *Plain) vote(delta int) tea.Cmd {
	if len(p.notes()) == 0 {
		p.say(p.text.ErrNoNote)
		return nil
	}
	if !p.pointed {
		p.point(0)
		p.readSelected() // a dot goes on a note the person has heard
	}
	note, member, ctx := p.notes()[p.index].ID, p.member, p.deps.Ctx
	return func() tea.Msg {
		if delta > 0 {
			return voteDoneMsg{err: member.Vote(ctx, note), delta: +1, note: note}
		}
		return voteDoneMsg{err: member.Unvote(ctx, note), delta: -1, note: note}
	}
}

// voted reports the person's own dot. The room has committed it before
// answering, so the newest snapshot already counts it.
func (p *Plain) voted(msg voteDoneMsg) {
	if msg.err != nil {
		p.say(p.text.explain(msg.err, p.snap))
		return
	}
	p.snap = p.member.Latest()
	me, count := p.member.ID(), 0
	for _, n := range p.notes() {
		if n.ID == msg.note {
			count = n.Votes
		}
	}
	p.mySeen[msg.note] = p.snap.MyVotes(me, msg.note)
	p.seen[msg.note] = count
	if p.snap.Activity.VotesSecret() {
		// The count is hidden until the reveal: say only one's own dots.
		format := p.text.PlainGaveSecret
		if msg.delta < 0 {
			format = p.text.PlainTookSecret
		}
		p.say(fmt.Sprintf(format, p.snap.DotsLeft(me)))
		return
	}
	format := p.text.PlainGave
	if msg.delta < 0 {
		format = p.text.PlainTook
	}
	p.say(fmt.Sprintf(format, count, p.snap.DotsLeft(me)))
}

func (p *Plain) saved(err error) tea.Cmd {
	if err != nil {
		p.say(p.text.explain(err, p.snap))
		p.ask(writing, p.text.PlainWrite, p.asked.text)
		return nil
	}
	p.stage = browsing
	// The room committed the note before replying: announcing the newest
	// snapshot says "Saved" for it (and anything else new) exactly once.
	return p.announce(p.member.Latest())
}

func (p *Plain) known(id string) bool {
	_, ok := p.seen[id]
	return ok
}

// announce tells what changed since the last snapshot: new notes (others'
// as "New note", one's own as "Saved" if the reply has not said so yet);
// others' dots are gathered into one line told a little later.
func (p *Plain) announce(next *session.Snapshot) tea.Cmd {
	if p.member == nil || next.Seq < p.snap.Seq {
		return nil // an older state than one already told
	}
	prev := p.snap
	p.snap = next
	if p.announceRoom(prev, next) {
		p.follow()
		return nil
	}
	me := p.member.ID()
	secret := next.Activity.VotesSecret()
	for _, n := range next.NotesFor(me) {
		if !p.known(n.ID) {
			p.seen[n.ID], p.mySeen[n.ID] = n.Votes, next.MyVotes(me, n.ID)
			p.sayNewNote(n)
			continue
		}
		mine := next.MyVotes(me, n.ID) - p.mySeen[n.ID]
		if others := n.Votes - p.seen[n.ID] - mine; others != 0 && !secret {
			p.gatherDots(n.ID)
		}
		p.seen[n.ID], p.mySeen[n.ID] = n.Votes, next.MyVotes(me, n.ID)
	}
	p.follow()
	return p.dotsCmd()
}

func (p *Plain) sayNewNote(n session.Note) {
	switch a, named := p.snap.Author(p.member.ID(), n); {
	case p.snap.Mine(p.member.ID(), n) && n.Column != "":
		p.say(fmt.Sprintf(p.text.PlainSavedIn, n.Column, n.Text))
	case p.snap.Mine(p.member.ID(), n):
		p.say(fmt.Sprintf(p.text.PlainSaved, n.Text))
	case named:
		p.say(fmt.Sprintf(p.text.PlainNewNoteBy, n.Text, p.personName(a)))
	default:
		p.say(fmt.Sprintf(p.text.PlainNewNote, n.Text))
	}
}

// short names a note in a list of dots: its first words.
func short(text string) string {
	// A group (one item in a vote after sorting) is named by its title, as
	// people call it, not by "title: note · note" read out with its dots.
	if title, _, ok := strings.Cut(text, ": "); ok && strings.Contains(text, groupSeparator) {
		text = title
	}
	const words = 40
	if sanitize.Len(text) <= words {
		return text
	}
	return sanitize.Truncate(text, words-1) + "…"
}

func (p *Plain) notes() []session.Note { return p.snap.NotesFor(p.member.ID()) }

// facilitatorKey gives a facilitator in plain mode the same one-key
// commands as on the full screen.
func (p *Plain) facilitatorKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !p.snap.Facilitator(p.member.ID()) {
		return nil, false
	}
	if cmd, confirm, ok := roomCommand(p.keys, &p.text, msg, p.snap, p.member, p.deps.Ctx); ok {
		if confirm != "" {
			p.asked = asked{activity: p.snap.Activity.ID}
			p.confirmed = cmd
			p.ask(askConfirm, confirm, "")
			return nil, true
		}
		return cmd, true
	}
	k, member, ctx := p.keys, p.member, p.deps.Ctx
	switch {
	case key.Matches(msg, k.TimerSet):
		p.ask(askTimer, p.text.TimerPrompt, "")
		return nil, true
	case key.Matches(msg, k.Agenda):
		p.sayAgenda()
		return nil, true
	case key.Matches(msg, k.People):
		p.sayPeople()
		return nil, true
	case key.Matches(msg, k.Focus):
		notes := p.notes()
		if len(notes) == 0 {
			p.say(p.text.ErrNoNote)
			return nil, true
		}
		note := notes[min(p.index, len(notes)-1)].ID
		return roomAction(func() error { return member.Focus(ctx, note) }), true
	}
	return nil, false
}

// sayFacilitatorKeys lists, for facilitators, the keys that drive the
// room in plain mode, and how to open the projector.
func (p *Plain) sayFacilitatorKeys() {
	if !p.snap.Facilitator(p.member.ID()) {
		return
	}
	k := p.keys
	var keys []string
	for _, b := range []key.Binding{k.NextActivity, k.PrevActivity, k.Agenda, k.People, k.Reveal, k.Private,
		k.TimerSet, k.TimerPause, k.TimerAdd, k.Focus, k.Lock} {
		keys = append(keys, b.Help().Key+" "+b.Help().Desc)
	}
	p.say(fmt.Sprintf(p.text.PlainFacKeys, strings.Join(keys, ". ")))
	if p.deps.Host != "" {
		p.say(fmt.Sprintf(p.text.WallHint, sshCommand("screen+"+p.snap.Room.Code, p.deps.Host, p.deps.Port)))
	}
}

// announceRoom tells what facilitators changed: the activity, private
// writing and its reveal, the timer, a focus request, one's own "done".
// It reports whether it told the room anew (a new activity, a reveal), in
// which case the notes' dots were taken as told.
func (p *Plain) announceRoom(prev, next *session.Snapshot) (anew bool) {
	a, me := next.Activity, p.member.ID()
	switch {
	case prev.Activity.ID != a.ID:
		p.pointed, p.selectedID, p.index = false, "", 0
		p.resync(next)
		p.sayActivity()
		anew = true
	case !prev.Activity.Hidden() && a.Hidden():
		p.say(privateLine(&p.text, next.HiddenCount(me)))
	case prev.Activity.Hidden() && !a.Hidden():
		p.resync(next)
		p.say(p.text.Revealed)
		p.say(fmt.Sprintf(p.text.PlainShownNow, len(p.notes())))
		anew = true
	case prev.Activity.VotesSecret() && !a.VotesSecret():
		p.resync(next)
		anew = true
		if v, ok := viewOf(a).(revealView); ok {
			p.say(v.revealed(&p.text, next))
			break
		}
		if said, ok := outcomeSentence(&p.text, next.Outcome); ok {
			p.say(fmt.Sprintf(p.text.PlainResults, said))
		} else {
			p.say(fmt.Sprintf(p.text.VotesRevealed, p.ranking(next)))
		}
		anew = true
	}
	if !anew {
		viewOf(a).announce(p, prev, next)
	}
	if was, is := prev.Ready(me), next.Ready(me); was != is {
		p.say(map[bool]string{true: p.text.PlainReady, false: p.text.PlainNotReady}[is])
	}
	if next.Timer != prev.Timer {
		if t := spokenTimer(&p.text, next.Timer, time.Now()); t != "" {
			p.say(t)
		}
	}
	if next.FocusSeq > prev.FocusSeq {
		for i, n := range next.NotesFor(me) {
			if n.ID == next.Focus {
				p.point(i)
				p.say(p.text.FocusAsked)
				p.say(p.noteLine(i))
			}
		}
	}
	return anew
}

// plainAlarmMsg wakes plain mode at a moment worth saying: two minutes
// left, and time's up. Plain mode does not tick every second; each tick
// would be a line.
type plainAlarmMsg struct {
	ends time.Time
	done bool
}

func (p *Plain) alarms() tea.Cmd {
	t := p.snap.Timer
	if !t.Running || p.alarmFor.Equal(t.EndsAt) {
		return nil
	}
	p.alarmFor = t.EndsAt
	var cmds []tea.Cmd
	if warn := time.Until(t.EndsAt.Add(-2 * time.Minute)); warn > 0 {
		cmds = append(cmds, laterCmd(p.deps.Ctx, p.deps.Send, warn, plainAlarmMsg{ends: t.EndsAt}))
	}
	cmds = append(cmds, laterCmd(p.deps.Ctx, p.deps.Send, max(time.Until(t.EndsAt), time.Millisecond), plainAlarmMsg{ends: t.EndsAt, done: true}))
	return tea.Batch(cmds...)
}

func (p *Plain) alarm(msg plainAlarmMsg) tea.Cmd {
	t := p.snap.Timer
	if !t.Running || !t.EndsAt.Equal(msg.ends) {
		return nil // paused or changed since
	}
	if msg.done {
		p.out.put("\a")
		p.say(p.text.TimesUpSpoken)
		return nil
	}
	p.say(spokenTimer(&p.text, t, time.Now()))
	return nil
}

// ranking says a ranked outcome in one line: "1. tolk 3; 2. väntan 2".
func (p *Plain) ranking(s *session.Snapshot) string {
	notes := s.NotesFor(p.member.ID())
	parts := make([]string, 0, len(notes))
	for _, n := range notes {
		if n.Votes == 0 {
			parts = append(parts, fmt.Sprintf("%s %d", short(n.Text), n.Votes))
			continue
		}
		parts = append(parts, fmt.Sprintf("%d. %s %d", rankOf(notes, n), short(n.Text), n.Votes))
	}
	return strings.Join(parts, "; ")
}

// groupsLine says the groups of a cluster activity: "Groups: Väntan 3;
// Brev 2." Plain mode tells it whenever the groups change.
func groupsLine(t *Text, s *session.Snapshot) string {
	if len(s.Clusters) == 0 {
		return ""
	}
	parts := make([]string, 0, len(s.Clusters))
	for _, c := range s.Clusters {
		parts = append(parts, fmt.Sprintf("%s %d", c.Title, len(c.Notes)))
	}
	return fmt.Sprintf(t.PlainGroups, strings.Join(parts, "; "))
}
