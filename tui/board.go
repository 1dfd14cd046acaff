package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// Card geometry: a card shows three lines of its note and a line of dots;
// the full note is one key (enter) away.
const (
	cardMinWidth  = 26
	cardTextLines = 3
	cardHeight    = cardTextLines + 1 + 2 // text, meta line, border
	maxColumns    = 6
)

// boardModel is the room: the current activity's notes as cards, with a
// selection, dots, the note editor and the note reader.
type boardModel struct {
	ctx     context.Context
	member  *session.Member
	text    *Text
	keys    *KeyMap
	styles  *Styles
	explain func(error) string
	// help is by pointer: it is 4.6 KB, most of the board, and the board
	// is a value copied into and out of every Update.
	help *help.Model
	// helpDark: help is styled for a dark background. It keys the shared
	// help line, as the styles themselves cannot.
	helpDark bool
	// shared draws what other sessions draw alike once for all; nil
	// draws everything here.
	shared *Renders

	snap     *session.Snapshot
	selected string // note id: stays on its note when others write
	index    int    // where selected was, for when it disappears
	top      int    // first visible card row
	width    int
	height   int

	editing bool
	editor  editorModel
	// open is the panel over the board, if any; only one at a time.
	open    panelKind
	panel   panel
	status  string
	isError bool

	prompt      *linePrompt // a one-line question (timer, agenda), if asked
	agendaIndex int
	peopleIndex int
	countdown   countdown
	focusSeen   int64 // the last focus request followed
	now         func() time.Time
	dark        bool
	placing     placing // a matrix answer half given
	followOwn   bool    // a note was just written: select it once the room shows it
	ownSeen     int64   // the newest own note already gone to
	picked      string  // a note (or its group) picked up on the cluster board
	pickKind    pickKind
	editingID   string // the own note being changed, if not a new one
	column      int    // the column new notes go to, where the activity has columns
	server      server // where people join, for the projector's command
	agendaOnly  bool   // opened from the lobby: closing the agenda goes back
	// afterAnswer: a yes/no question was just answered by one key. Hands
	// used to "y enter" press enter next; that enter ends the answer, and
	// must not open a note or start an activity.
	afterAnswer bool
	// aboveEditor is the grid last drawn above the note being written,
	// shared by the copies of this board (see gridAboveEditor).
	aboveEditor *gridDrawn
	// keysWhileSaving are the keys pressed while a note is saved.
	keysWhileSaving heldKeys
}

// gridDrawn is a grid and everything it was drawn from.
type gridDrawn struct {
	key gridKey
	out string
}

type gridKey struct {
	snap                      *session.Snapshot
	picked                    string
	index, top, width, height int
	text                      *Text
	styles                    *Styles
}

// server is where people reach samla.
type server struct {
	Host string
	Port int
}

type panelKind int

const (
	noPanel panelKind = iota
	helpPanel
	notePanel
	agendaPanel
	peoplePanel
	contextPanel
)

// Results of room commands.
type (
	noteSavedMsg struct{ err error }
	voteDoneMsg  struct {
		err   error
		delta int
		note  string
	}
)

func newBoard(ctx context.Context, send func(tea.Msg), m *session.Member, t *Text, k *KeyMap, s *Styles, explain func(error) string) boardModel {
	return boardModel{
		ctx: ctx, member: m, text: t, keys: k, styles: s, explain: explain, countdown: countdown{ctx: ctx, send: send},
		help: new(newHelp()), helpDark: true, editor: newEditor(t, s), width: 80, height: 24, now: time.Now,
		aboveEditor: &gridDrawn{},
	}
}

func (m *boardModel) title() string {
	if m.snap == nil {
		return ""
	}
	return m.snap.Room.Title
}

func (m *boardModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.help.SetWidth(w)
	m.editor.setWidth(w)
}

// setSnapshot shows the room as it now is; the command keeps a running
// timer ticking.
func (m *boardModel) setSnapshot(s *session.Snapshot) tea.Cmd {
	prev := m.snap
	m.snap = s
	m.editor.setLimit(s.Limits.NoteLen)
	if prev != nil && prev.Activity.ID != s.Activity.ID {
		// A new activity has other cards: start at its first, not at
		// the place one was in the last one.
		m.selected, m.index, m.top, m.placing = "", 0, 0, placing{}
		m.status, m.isError = "", false // what it said was about the last one
	}
	m.reselect()
	m.goToOwnNewest()
	m.followRoom(prev, s)
	return m.tick()
}

// reselect keeps the selection on the same note, or on the note now where
// it was if that one is gone.
func (m *boardModel) reselect() {
	notes := m.notes()
	for i, n := range notes {
		if n.ID == m.selected {
			m.index = i
			return
		}
	}
	if len(notes) == 0 {
		m.selected, m.index = "", 0
		return
	}
	m.index = min(m.index, len(notes)-1)
	m.selected = notes[m.index].ID
}

func (m *boardModel) columns() int {
	return max(1, min(maxColumns, m.width/cardMinWidth))
}

func (m boardModel) Update(msg tea.Msg) (boardModel, tea.Cmd) {
	switch msg := msg.(type) {
	case noteSavedMsg:
		m.editor.saving = false
		if msg.err != nil {
			m.editor.err = m.explain(msg.err)
			return m.keysAfterSave() // typing on in the note refused
		}
		m.editing = false
		// Closed first: emptying an open textarea allocates its whole
		// line capacity (240 KB) only to be dropped.
		m.editor.close()
		m.editor.setValue("")
		m.followOwn = m.editingID == "" // a new note: go to it once it shows
		m.stopEditingNote()
		m.setStatus(m.text.Saved, false)
		m.goToOwnNewest()
		return m.keysAfterSave()
	case voteDoneMsg:
		if msg.err != nil {
			m.setStatus(m.explain(msg.err), true)
		}
		return m, nil
	case actionDoneMsg:
		if msg.err != nil {
			m.setStatus(m.explain(msg.err), true)
		}
		return m, nil
	case scoredMsg:
		if msg.err != nil {
			m.setStatus(m.explain(msg.err), true)
		}
		return m, nil
	case timerTickMsg:
		return m, m.onTick(msg)
	case statusMsg:
		m.setStatus(msg.text, msg.isError)
		return m, nil
	case askMsg:
		return m, m.ask(msg.label, msg.initial, msg.onSubmit)
	case tea.KeyPressMsg:
		if m.editing && m.editor.saving {
			m.keysWhileSaving.hold(msg)
			return m, nil
		}
		if m.editing {
			return m.updateEditor(msg)
		}
		m.status = ""
		m.followOwn = false // they moved on before the room showed the note
		return m.updateKeys(msg)
	}
	if m.editing {
		var cmd tea.Cmd
		m.editor, cmd = m.editor.Update(msg)
		return m, cmd
	}
	return m, nil
}

// keysAfterSave takes the keys pressed while the note was saved, as if
// pressed now; one that saves again keeps the rest waiting for that save.
func (m boardModel) keysAfterSave() (boardModel, tea.Cmd) {
	keys := m.keysWhileSaving.take()
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m *boardModel) setStatus(s string, isError bool) { m.status, m.isError = s, isError }

func (m boardModel) updateEditor(msg tea.KeyPressMsg) (boardModel, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		// Closing keeps the text: n opens it again. Only saving clears it.
		m.editing = false
		m.stopEditingNote()
		m.editor.close()
		return m, nil
	case key.Matches(msg, m.keys.Save) && !m.editor.saving:
		if m.editor.length() > m.editor.limit {
			m.editor.err = m.explain(session.ErrNoteTooLong)
			return m, nil
		}
		m.editor.saving = true
		m.editor.err = ""
		m.ownSeen, _ = m.newestOwn()
		text, member, ctx, id, column := m.editor.value(), m.member, m.ctx, m.editingID, m.columnName()
		if id != "" {
			return m, func() tea.Msg { return noteSavedMsg{err: member.EditNote(ctx, id, text)} }
		}
		return m, func() tea.Msg { return noteSavedMsg{err: member.AddNoteIn(ctx, text, column)} }
	case key.Matches(msg, m.keys.NextPane, m.keys.PrevPane) && len(m.snap.Activity.Columns) > 0 && m.editingID == "":
		// A note being changed keeps its phase: a change saves the text only.
		step := 1
		if key.Matches(msg, m.keys.PrevPane) {
			step = -1
		}
		n := len(m.snap.Activity.Columns)
		m.column = (m.column + step + n) % n
		m.editor.title = m.newNoteTitle()
		return m, nil
	}
	var cmd tea.Cmd
	before := m.editor.value()
	m.editor, cmd = m.editor.Update(msg)
	if after := m.editor.value(); after != before && m.editingID == "" {
		m.member.SetDraft(after)
	}
	return m, cmd
}

// restoreDraft reopens a note the person was writing when their connection
// dropped.
func (m *boardModel) restoreDraft() tea.Cmd {
	draft := m.member.Draft()
	if draft == "" {
		return nil
	}
	m.editing = true
	m.setStatus(m.text.DraftBack, false)
	return m.editor.openWith(draft)
}

func (m boardModel) updateKeys(msg tea.KeyPressMsg) (boardModel, tea.Cmd) {
	k := m.keys
	if after := m.afterAnswer; after {
		m.afterAnswer = false
		if msg.String() == "enter" && m.prompt == nil {
			return m, nil
		}
	}
	switch {
	case m.prompt != nil:
		return m.updatePrompt(msg)
	case m.open == agendaPanel:
		return m.updateAgenda(msg)
	case m.open == peoplePanel:
		return m.updatePeople(msg)
	case m.open != noPanel:
		return m.updatePanel(msg), nil
	}
	if cmd, ok := viewOf(m.snap.Activity).boardKey(&m, msg); ok {
		return m, cmd
	}
	if cmd, ok := m.facilitatorKey(msg); ok {
		return m, cmd
	}
	switch {
	case key.Matches(msg, k.Ready):
		return m, readyCmd(m.ctx, m.member, !m.snap.Ready(m.member.ID()))
	case key.Matches(msg, k.Leave):
		// Asked first: q is one letter, and leaving drops the writing.
		return m, m.confirm(m.text.LeaveAsk, func() tea.Cmd { return tea.Quit })
	case key.Matches(msg, k.Help):
		m.open, m.panel = helpPanel, panel{}
	case key.Matches(msg, k.Context) && m.snap.Context != nil:
		m.open, m.panel = contextPanel, panel{}
	case key.Matches(msg, k.New) && !m.snap.Activity.TakesNotes():
		// An editor that opens only to refuse what was written wastes the
		// writing: say at once where notes are written.
		m.setStatus(m.explain(session.ErrNoNotesHere), true)
	case key.Matches(msg, k.New):
		m.editing = true
		m.column = m.lastWrittenColumn()
		m.editor.title = m.newNoteTitle()
		return m, m.editor.open()
	case key.Matches(msg, k.Edit):
		return m, m.editOwnNote()
	case key.Matches(msg, k.Delete):
		return m, m.deleteOwnNote()
	case key.Matches(msg, k.Plain):
		return m, switchCmd(m.ctx, m.member, true)
	case key.Matches(msg, k.Language):
		return m, nextLanguage(*m.text)
	case key.Matches(msg, k.Open):
		if m.selected == "" {
			m.setStatus(m.text.ErrNoNote, true)
			break
		}
		m.open, m.panel = notePanel, panel{}
	case key.Matches(msg, k.Vote):
		return m, m.vote(+1)
	case key.Matches(msg, k.Unvote):
		return m, m.vote(-1)
	case key.Matches(msg, k.Left, k.PrevPane):
		m.move(-1)
	case key.Matches(msg, k.Right, k.NextPane):
		m.move(+1)
	case key.Matches(msg, k.Up):
		m.move(-m.columns())
	case key.Matches(msg, k.Down):
		m.move(m.columns())
	}
	return m, nil
}

// updatePanel scrolls the open panel; the key that opened it, or esc,
// closes it. Votes still work while reading a note.
func (m boardModel) updatePanel(msg tea.KeyPressMsg) boardModel {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel),
		m.open == helpPanel && key.Matches(msg, k.Help),
		m.open == contextPanel && key.Matches(msg, k.Context),
		m.open == notePanel && key.Matches(msg, k.Open):
		m.open = noPanel
	case key.Matches(msg, k.Up):
		m.panel.offset = max(0, m.panel.offset-1)
	case key.Matches(msg, k.Down):
		// panel.view clamps to the content; keep the clamped value.
		m.panel.offset++
		_, m.panel.offset = m.panelView()
	}
	return m
}

func (m *boardModel) move(by int) {
	n := len(m.notes())
	if n == 0 {
		return
	}
	i := max(0, min(n-1, m.index+by))
	m.index, m.selected = i, m.notes()[i].ID
	m.scrollTo(m.index / m.columns())
}

// scrollTo moves the view as little as possible to show card row r. The
// rows that fit are estimated without any overlay; grid corrects the rest.
func (m *boardModel) scrollTo(r int) {
	rows := max(1, (m.height-4)/cardHeight)
	if r < m.top {
		m.top = r
	}
	if r >= m.top+rows {
		m.top = r - rows + 1
	}
}

func (m *boardModel) vote(delta int) tea.Cmd {
	if m.selected == "" {
		m.setStatus(m.text.ErrNoNote, true)
		return nil
	}
	note, member, ctx := m.selected, m.member, m.ctx
	return func() tea.Msg {
		if delta > 0 {
			return voteDoneMsg{err: member.Vote(ctx, note)}
		}
		return voteDoneMsg{err: member.Unvote(ctx, note)}
	}
}

// View lays out, top to bottom: header, activity, body, status, key help.
// The body is the grid of cards, the grid above the note editor, or a panel.
func (m *boardModel) View() string {
	if m.snap == nil {
		return ""
	}
	top, bottom := m.frame()
	if m.prompt != nil {
		bottom[0] = m.prompt.input.View()
	}
	height := m.height - len(top) - len(bottom)
	var body string
	switch {
	case m.open != noPanel:
		body, _ = m.panelView()
	case m.editing:
		// The grid keeps a row of cards above the editor when both fit;
		// on a phone the editor takes the whole body.
		editor := m.editor.View(height - cardHeight)
		if rest := height - lipgloss.Height(editor); rest >= cardHeight {
			body = m.gridAboveEditor(rest) + "\n" + editor
		} else {
			body = m.editor.Fill(height)
		}
	default:
		if m.aboveEditor != nil {
			*m.aboveEditor = gridDrawn{} // not kept for people who are not writing
		}
		body = m.withContext(height)
	}
	return strings.Join(append(append(top, body), bottom...), "\n")
}

// withContext is the body, with what the activity shows beside its work
// in a column on the right where the screen is wide enough.
func (m *boardModel) withContext(height int) string {
	c := m.snap.Context
	if c == nil || m.width < contextMinWidth {
		return m.cards(height)
	}
	side := m.width / 3
	work := *m
	work.width = m.width - side
	return lipgloss.JoinHorizontal(lipgloss.Top, work.cards(height), contextSide(m.text, m.styles, c, side, height))
}

// cards is the activity's own body: its cards, or its outcome.
func (m *boardModel) cards(height int) string {
	if own, ok := viewOf(m.snap.Activity).body(m.text, m.styles, m.snap, m.width, height, m.index); ok {
		return own
	}
	return m.grid(height)
}

// bodyHeight is what is left for the body once header and footer are drawn.
func (m *boardModel) bodyHeight() int {
	top, bottom := m.frame()
	return m.height - len(top) - len(bottom)
}

// phoneHeight: below it a screen is a phone's, where every line counts.
const phoneHeight = 16

// frame is what is drawn above and below the body. On a phone the help
// panel and the note editor get the whole screen: at 40x12 the help
// showed two keys a page and the editor one line of the note. The help
// repeats the question and rules itself; the editor keeps them above it
// (and the time left), and gives up only the room's name, who is here
// and the dots left, which say nothing while writing.
func (m *boardModel) frame() (top, bottom []string) {
	help := m.helpLine()
	phone := m.height < phoneHeight && m.prompt == nil
	switch {
	case phone && m.open == helpPanel:
		return nil, nil
	case phone && m.editing && m.open == noPanel:
		if t := timerLine(m.text, m.snap.Timer, m.now()); t != "" {
			top = []string{m.styles.Muted.Render(ansi.Truncate(t, m.width, "…"))}
		}
		return append(top, m.activityLines()...), []string{help}
	}
	return append(m.header(), m.activityLines()...), append(m.statusLines(), help)
}

func (m *boardModel) panelView() (string, int) {
	k := m.keys
	switch m.open {
	case helpPanel:
		if top, _ := m.frame(); len(top) == 0 { // a phone: the help is the screen
			return m.panel.bare(m.styles, m.text.HelpTitle, m.helpList(), m.text.HelpClose, m.width, m.bodyHeight())
		}
		return m.panel.view(m.styles, m.text.HelpTitle, m.helpList(), m.text.HelpClose, m.width, m.bodyHeight())
	case agendaPanel:
		return m.panel.view(m.styles, m.text.AgendaTitle, m.agendaText(), helpLine(k.AgendaPanel.help()), m.width, m.bodyHeight())
	case peoplePanel:
		return m.panel.view(m.styles, m.text.PeopleTitle, m.peopleText(), m.peopleHelp(), m.width, m.bodyHeight())
	case contextPanel:
		content := strings.Join(contextLines(m.text, m.styles, m.snap.Context, max(m.width-4, 1)), "\n")
		return m.panel.view(m.styles, m.text.ContextTitle, content, m.text.HelpClose, m.width, m.bodyHeight())
	}
	return m.panel.view(m.styles, fmt.Sprintf(m.text.NoteOf, m.index+1, len(m.notes())), m.noteText(),
		k.Cancel.Help().Key+" "+m.text.Close, m.width, m.bodyHeight())
}

// header names the room and who is here. When both halves do not fit on
// one line (a phone), the people half moves to a line of its own rather
// than lose the person's own name.
func (m *boardModel) header() []string {
	s := m.snap
	name := ""
	if p, ok := s.Person(m.member.ID()); ok && s.Room.Anonymity != session.Anonymous {
		name = " · " + fmt.Sprintf(m.text.You, m.personName(p))
	}
	right := fmt.Sprintf(m.text.Online, s.Online) + name
	if m.isFacilitator() {
		ready, of := s.ReadyCount()
		right = fmt.Sprintf(m.text.ReadyOf, ready, of) + " · " + right + " (" + m.text.Facilitator + ")"
		if s.Activity.VotesSecret() {
			right = answeredLine(m.text, s) + " · " + right
		}
	} else if s.Ready(m.member.ID()) {
		right = m.text.ReadyMe + " · " + right
	}
	if s.Locked {
		right = m.text.Locked + " · " + right
	}
	if t := timerLine(m.text, m.snap.Timer, m.now()); t != "" {
		right = t + " · " + right
	}
	badge := anonymityLine(m.text, s.Room.Anonymity)
	k := headerKey{title: s.Room.Title, code: s.Room.Code, badge: badge, styles: m.styles}
	left := m.shared.header(k, func() string {
		left := m.styles.Header.Render(s.Room.Title) + "  " + m.styles.Code.Render(s.Room.Code)
		if badge != "" {
			left += " " + m.styles.Muted.Render("("+badge+")")
		}
		return left
	})
	return spreadMeasured(left, right, m.width)
}

func (m *boardModel) personName(p session.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return fmt.Sprintf(m.text.Participant, p.Number)
}

// activityLines name the activity, its place in the agenda and its
// question, then the rules that hold now (private writing, hidden dots or
// answers) and what to do. The question and the rules wrap rather than be
// cut: a question cut at "…" is the one thing nobody can guess. On a
// small screen each keeps to a few lines, and ? shows the rest.
func (m *boardModel) activityLines() []string {
	a := m.snap.Activity
	line := m.shared.span(&m.styles.Title, a.Title)
	if n := len(m.snap.Activities); n > 1 {
		line += " " + m.shared.span(&m.styles.Muted, "("+fmt.Sprintf(m.text.ActivityOf, m.currentIndex()+1, n)+")")
	}
	few := 2
	switch {
	case m.height < 16: // a phone: one line each, ? reads them whole
		few = 1
	case m.height >= 30:
		few = 3
	}
	lines := []string{m.shared.cut(line, m.width, "…")}
	if a.Prompt != "" {
		lines = append(lines, m.shared.wrapped(&m.styles.Prompt, a.Prompt, m.width, few)...)
	}
	for _, rule := range m.rules() {
		lines = append(lines, m.shared.wrapped(&m.styles.Info, rule, m.width, few)...)
	}
	if c := m.snap.Context; c != nil && m.width < contextMinWidth {
		lines = append(lines, contextTop(m.text, m.styles, c, m.width, few+1)...)
	}
	// While writing on a phone the editor's title names the phase, and
	// the line of phases is a line of the note less.
	if viewOf(a).inLanes(a) && !(m.editing && m.height < phoneHeight) {
		lines = append(lines, m.styles.Muted.Render(ansi.Truncate("▤ "+strings.Join(a.Columns, " · "), m.width, "…")))
	}
	if m.isFacilitator() {
		if still := m.stillWorking(); still != "" {
			lines = append(lines, m.styles.Muted.Render(ansi.Truncate(still, m.width, "…")))
		}
	}
	return lines
}

// statusLines says the dots left, or what just happened. A message may
// take two lines on a narrow screen rather than lose its second half.
func (m *boardModel) statusLines() []string {
	if m.status == "" {
		if !m.snap.Activity.TakesDots() {
			return []string{""} // nothing to count here; the line stays so the layout does not jump
		}
		dots := fmt.Sprintf(m.text.DotsLeft, m.snap.DotsLeft(m.member.ID()), m.snap.VoteBudget)
		return []string{m.shared.span(&m.styles.Muted, dots)}
	}
	style, text := &m.styles.Info, m.status
	if m.isError {
		style, text = &m.styles.Error, "! "+m.status
	}
	return m.shared.wrapped(style, text, m.width, 2)
}

// helpLine is the key help under the board, as every session with the
// same keys, words, background and width has it.
func (m *boardModel) helpLine() string {
	keys := m.shortHelp()
	var b strings.Builder
	b.WriteString(m.help.ShortSeparator + "\x1f" + m.help.Ellipsis)
	for _, k := range keys {
		h := k.Help()
		b.WriteString("\x1e")
		if k.Enabled() {
			b.WriteString("on")
		}
		b.WriteString("\x1f" + h.Key + "\x1f" + h.Desc)
	}
	hk := helpKey{keys: b.String(), dark: m.helpDark, width: m.width, helpWidth: m.help.Width()}
	return m.shared.help(hk, func() string { return shortHelpLine(*m.help, keys, m.width) })
}

func (m *boardModel) shortHelp() []key.Binding {
	k := m.keys
	switch {
	case m.editing:
		return []key.Binding{k.Save, k.Cancel, k.Quit}
	case m.open == notePanel:
		return []key.Binding{k.Cancel, k.Vote, k.Unvote, k.Up, k.Down, k.Quit}
	case m.open == helpPanel:
		return []key.Binding{k.Cancel, k.Up, k.Down, k.Quit}
	}
	return viewOf(m.snap.Activity).short(*k)
}

// helpList is every key of the board, one per line, so it reads top to
// bottom on a phone and in a screen reader alike.
func (m *boardModel) helpList() string {
	k := m.keys
	all := []key.Binding{k.Up, k.Down, k.Left, k.Right, k.NextPane, k.PrevPane,
		k.New, k.Edit, k.Delete, k.Save, k.Cancel, k.Open, k.Vote, k.Unvote, k.Ready, k.Plain, k.Language, k.Help, k.Quit, k.Leave}
	if m.isFacilitator() {
		all = append(all, k.NextActivity, k.PrevActivity, k.Agenda, k.People, k.Private, k.Reveal,
			k.TimerSet, k.TimerPause, k.TimerAdd, k.Focus, k.Lock)
	}
	// A kind's own keys act only in its activity; listing them there is
	// the only way a person finds them.
	all = append(all, viewOf(m.snap.Activity).keys(*k)...)
	if m.snap.Context != nil {
		all = append(all, k.Context)
	}
	width := 0
	for _, b := range all {
		width = max(width, lipgloss.Width(b.Help().Key))
	}
	// The question and the rules come first, whole: on a small screen the
	// board shows them cut to a line.
	intro := []string{m.styles.Title.Render(m.snap.Activity.Title)}
	if p := m.snap.Activity.Prompt; p != "" {
		intro = append(intro, p)
	}
	intro = append(append(intro, m.rules()...), "")
	lines := make([]string, len(all))
	for i, b := range all {
		h := b.Help()
		lines[i] = m.styles.Dots.Render(h.Key) + strings.Repeat(" ", width-lipgloss.Width(h.Key)+2) + h.Desc
	}
	if m.isFacilitator() && m.server.Host != "" {
		lines = append(lines, "", fmt.Sprintf(m.text.WallHint, sshCommand("screen+"+m.snap.Room.Code, m.server.Host, m.server.Port)))
	}
	return strings.Join(append(intro, lines...), "\n")
}

// grid draws the cards that fit in height rows, scrolled so the selected
// card is visible.
func (m *boardModel) grid(height int) string {
	cols, rows := m.columns(), max(1, height/cardHeight)
	selRow := m.index / cols
	top := max(0, min(m.top, selRow))
	if selRow >= top+rows {
		top = selRow - rows + 1
	}
	cards := m.cardView()
	return cards.grid(m.notes(), m.index, top, cols, m.width, height)
}

// gridAboveEditor is grid(height), drawn again only when what it shows
// changed: each key of a note redraws the writer's screen, and the cards
// above the editor stay as they were (drawing them was a tenth of a key).
func (m *boardModel) gridAboveEditor(height int) string {
	if m.aboveEditor == nil {
		return m.grid(height)
	}
	k := gridKey{snap: m.snap, picked: m.picked, index: m.index, top: m.top, width: m.width, height: height, text: m.text, styles: m.styles}
	if m.aboveEditor.key != k {
		*m.aboveEditor = gridDrawn{key: k, out: m.grid(height)}
	}
	return m.aboveEditor.out
}

// cardView draws this person's cards: their own notes and dots marked.
func (m *boardModel) cardView() cardView {
	return cardView{snap: m.snap, viewer: m.member.ID(), picked: m.picked, text: m.text, styles: m.styles, shared: m.shared, look: m.styles}
}

// noteText is the selected note whole, with its dots and, in named rooms,
// its author.
func (m *boardModel) noteText() string {
	n := m.notes()[m.index]
	meta := m.dots(n.Votes)
	if mine := m.snap.MyVotes(m.member.ID(), n.ID); mine > 0 {
		meta += " · " + fmt.Sprintf(m.text.YourDots, mine)
	}
	if p, ok := m.snap.Author(m.member.ID(), n); ok {
		meta += " · " + fmt.Sprintf(m.text.ByAuthor, m.personName(p))
	}
	return n.Text + "\n\n" + m.styles.Muted.Render(meta)
}

func (m *boardModel) dots(n int) string {
	if n == 1 {
		return m.text.VotesOne
	}
	return fmt.Sprintf(m.text.Votes, n)
}

func (m *boardModel) setText(t *Text, k *KeyMap) {
	m.text, m.keys = t, k
	m.editor.setText(t)
}

func (m *boardModel) setDark(dark bool) {
	m.dark = dark
	m.help.Styles, m.helpDark = helpStyles(dark), dark
	m.editor.setDark(dark)
}

// notes are the current activity's notes as this person may see them.
func (m *boardModel) notes() []session.Note { return m.snap.NotesFor(m.member.ID()) }

// editOwnNote opens the editor on the selected note, if it is one's own.
// What was being written stays as the draft and comes back afterwards.
func (m *boardModel) editOwnNote() tea.Cmd {
	n := m.noteByID(m.selected)
	if m.selected == "" || !m.snap.Mine(m.member.ID(), n) {
		m.setStatus(m.explain(session.ErrNotYours), true)
		return nil
	}
	m.editingID = n.ID
	m.editor.title = m.text.EditTitle
	m.editing = true
	return m.editor.openWith(n.Text)
}

func (m *boardModel) stopEditingNote() {
	if m.editingID == "" {
		return
	}
	m.editingID = ""
	m.editor.title = ""
	m.editor.setValue(m.member.Draft())
}

// deleteOwnNote asks before it deletes: dots on the note go back too.
func (m *boardModel) deleteOwnNote() tea.Cmd {
	n := m.noteByID(m.selected)
	if m.selected == "" || !m.snap.Mine(m.member.ID(), n) {
		m.setStatus(m.explain(session.ErrNotYours), true)
		return nil
	}
	member, ctx := m.member, m.ctx
	return m.confirm(m.text.DeleteAsk, func() tea.Cmd {
		return roomAction(func() error { return member.DeleteNote(ctx, n.ID) })
	})
}

// yesNoKey reads a single key as the answer to a yes/no question: y or j
// (ja) for yes, n for no, in either case (Caps Lock, a phone's capital).
func yesNoKey(msg tea.KeyPressMsg) (answer string, ok bool) {
	switch strings.ToLower(msg.Key().Text) {
	case "y", "j":
		return "y", true
	case "n":
		return "n", true
	}
	return "", false
}

// yes reads an answer in any of samla's languages.
func yes(answer string) bool {
	a := strings.ToLower(strings.TrimSpace(answer))
	return strings.HasPrefix(a, "y") || strings.HasPrefix(a, "j")
}

// lastWrittenColumn is where a new note goes by default: the column of
// the person's latest note in this activity, else the first. People write
// phase by phase; the selected card (someone else's note, or one reached
// while reading) said little about where they were writing, and notes
// landed in the wrong phase.
func (m *boardModel) lastWrittenColumn() int {
	me := m.member.ID()
	var latest session.Note
	for _, n := range m.notes() {
		if m.snap.Mine(me, n) && n.Seq > latest.Seq {
			latest = n
		}
	}
	for i, c := range m.snap.Activity.Columns {
		if latest.ID != "" && c == latest.Column {
			return i
		}
	}
	return 0
}

func (m *boardModel) columnName() string {
	cols := m.snap.Activity.Columns
	if len(cols) == 0 {
		return ""
	}
	return cols[min(m.column, len(cols)-1)]
}

// newNoteTitle says where a new note goes, where there are columns.
func (m *boardModel) newNoteTitle() string {
	if c := m.columnName(); c != "" {
		return fmt.Sprintf(m.text.EditorIn, c)
	}
	return ""
}

// answeredLine says how many have dotted or answered a secret activity.
func answeredLine(t *Text, s *session.Snapshot) string {
	if s.Activity.TakesDots() {
		return fmt.Sprintf(t.VotedOf, s.Voted)
	}
	return fmt.Sprintf(t.AnsweredOf, s.Answered)
}

// rules are what holds in the activity now and what to do in it: private
// writing, hidden dots or answers, the kind's hint.
func (m *boardModel) rules() []string {
	a := m.snap.Activity
	var out []string
	switch {
	case a.Hidden():
		out = append(out, privateLine(m.text, m.snap.HiddenCount(m.member.ID())))
	case a.VotesSecret():
		out = append(out, secretLine(m.text, a))
	}
	if hint := viewOf(a).hint(m.text, m.snap); hint != "" {
		out = append(out, hint)
	}
	return out
}

// secretLine says what stays hidden until the reveal: dots, answers, or
// what the kind says itself.
func secretLine(t *Text, a session.Activity) string {
	switch v, ok := viewOf(a).(secretView); {
	case ok:
		return v.secret(t)
	case a.TakesDots():
		return t.SecretVote
	}
	return t.AnswersHidden
}

// goToOwnNewest selects the note one just wrote, once the room shows it,
// so it is in view and the next e or d acts on it, not on the note that
// happened to be selected before.
func (m *boardModel) goToOwnNewest() {
	if !m.followOwn || m.snap == nil {
		return
	}
	newest, at := m.newestOwn()
	if at < 0 || newest <= m.ownSeen {
		return // not in this snapshot yet
	}
	m.followOwn, m.ownSeen = false, newest
	m.index, m.selected = at, m.notes()[at].ID
	m.scrollTo(at / m.columns())
}

// newestOwn is one's newest note on the board: its sequence number and
// place, or -1 for none.
func (m *boardModel) newestOwn() (seq int64, at int) {
	seq, at = -1, -1
	for i, n := range m.notes() {
		if m.snap.Mine(m.member.ID(), n) && n.Seq > seq {
			seq, at = n.Seq, i
		}
	}
	return seq, at
}
