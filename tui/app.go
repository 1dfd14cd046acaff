package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// The smallest terminal samla draws in: a phone SSH app held upright.
const (
	MinWidth  = 40
	MinHeight = 12
)

// Deps is what one SSH session gives its program.
type Deps struct {
	// Ctx ends when the SSH session ends; room commands and the room
	// listener stop with it, and the membership is left.
	Ctx      context.Context
	Hub      *session.Hub
	Identity session.Identity
	// Code is the room asked for in the SSH user name; empty opens the lobby.
	Code string
	// Join joins a room; the SSH layer wraps Hub.Join to count wrong codes
	// per address. Nil uses Hub.Join directly.
	Join func(ctx context.Context, code string) (*session.Member, error)
	// IdleTimeout disconnects a person who pressed no key for this long,
	// after a warning; zero never does.
	IdleTimeout time.Duration
	// Dumb terminals (TERM=dumb) can only have plain mode.
	Dumb bool
	// Env is what the person's ssh client sent (LANG, LC_ALL, …); it picks
	// their language before the room's does.
	Env []string
	// Watch opens a room for the projector; the SSH layer wraps Hub.Watch
	// to count wrong codes. Nil uses Hub.Watch directly.
	Watch func(ctx context.Context, code string) (*session.Watcher, error)
	// Host and Port are where people join, as the projector tells the room.
	Host string
	Port int
	// Lang is a language the person chose with L before switching view;
	// it beats Env and the room's language.
	Lang string
	// Renders is shared by all the sessions of a server, so what they
	// draw alike is drawn once. Nil gives the session one of its own.
	Renders *Renders
	// Send hands a message to the program running the model, from any
	// goroutine (the SSH layer sets it; it does nothing until the program
	// runs). With it every wait (the idle check, most of an hour; the
	// countdown's ticks; plain mode's alarms, up to hours) is a runtime
	// timer (laterCmd) rather than a goroutine asleep for every person.
	// Nil waits in a goroutine.
	Send func(tea.Msg)
}

// language is the person's language: the one they chose, else the one
// their client sent, else the room's (roomLang), else English.
func (d Deps) language(roomLang string) Text {
	if t, ok := ForCode(d.Lang); ok {
		return t
	}
	t, _ := Choose(d.Env, roomLang)
	return t
}

// Switch asks the SSH layer to run the other view for the same person in
// the same room: Bubble Tea cannot turn its renderer on or off mid-program.
type Switch struct {
	Plain bool
	// Projector is the wall's view of the room (ssh screen+CODE@HOST).
	Projector bool
	Code      string
	// Lang is the language chosen with L, if any: a new program would
	// otherwise start again in the client's or the room's.
	Lang string
}

// switchMsg ends the program so the other view can start.
type switchMsg struct{ to Switch }

// switchCmd remembers the choice for the person's next visit, then switches.
func switchCmd(ctx context.Context, m *session.Member, plain bool) tea.Cmd {
	return func() tea.Msg {
		// A failure to remember is no reason not to switch now.
		_ = m.ChooseView(ctx, plain)
		return switchMsg{to: Switch{Plain: plain, Code: m.Room().Code()}}
	}
}

// TooManyGuesses refuses a join after too many wrong codes from one address.
type TooManyGuesses struct{ Wait time.Duration }

func (e *TooManyGuesses) Error() string {
	return fmt.Sprintf("too many wrong room codes; wait %s", e.Wait.Round(time.Second))
}

type screen int

const (
	screenLobby screen = iota
	screenWelcome
	screenName
	screenBoard
	screenClosed
)

// App is the root model: it owns the session-wide things (size, text,
// styles, membership) and routes every message to the current screen.
type App struct {
	deps   Deps
	text   *Text
	keys   *KeyMap
	styles *Styles
	width  int
	height int

	screen screen
	member *session.Member
	// roomCtx ends the membership (and its listener) without ending the
	// program, so a facilitator can go back to the lobby from an agenda.
	roomCtx   context.Context
	leaveRoom context.CancelFunc
	// drawn is the snapshot on screen; it paces the next (pace.go).
	drawn      drawnMark
	agendaOnly bool // joined from the lobby to edit the agenda
	idle       idleTimer
	next       *Switch
	dark       bool
	closedText string
	lobby      lobbyModel
	welcome    welcomeModel
	name       nameModel
	board      boardModel
}

// New returns the program's root model.
func New(deps Deps) *App {
	if deps.Ctx == nil {
		deps.Ctx = context.Background()
	}
	if deps.Renders == nil {
		deps.Renders = NewRenders()
	}
	if deps.Join == nil {
		deps.Join = func(ctx context.Context, code string) (*session.Member, error) {
			return deps.Hub.Join(ctx, code, deps.Identity)
		}
	}
	a := &App{deps: deps, dark: true, styles: sharedStyles(), width: 80, height: 24}
	a.text, a.keys = sharedText(deps.language(""))
	a.lobby = newLobby(a.text, a.styles, deps.Code)
	a.idle = newIdleTimer(deps.Ctx, deps.Send, deps.IdleTimeout, time.Now)
	return a
}

// Init starts joining the room named in the user name, if any.
func (a *App) Init() tea.Cmd {
	start := a.lobby.focus()
	if a.deps.Identity.Facilitator && a.deps.Hub != nil {
		// Facilitators see and start their rooms in the lobby.
		r := newRooms(a.deps.Ctx, a.deps.Hub, a.deps.Identity, a.text, a.styles)
		a.lobby.rooms = &r
		start = tea.Batch(start, r.load())
	}
	if a.deps.Code != "" {
		start = a.join(a.deps.Code)
	}
	return tea.Batch(start, a.idle.start(), tea.RequestBackgroundColor)
}

// Messages that cross screens.
type (
	joinRequestMsg struct {
		code   string
		agenda bool // from the lobby, to edit the room's agenda only
	}
	backToLobbyMsg struct{}
	joinedMsg      struct{ member *session.Member }
	joinFailedMsg  struct {
		code string
		err  error
	}
	// from is the membership (or watch) the message came through, so a
	// message from one already left is not taken for the current one.
	roomMsg struct {
		snap *session.Snapshot
		from follower
		// at is when snap was taken (zero where unpaced), which paces the
		// next one (pace.go).
		at time.Time
	}
	roomClosedMsg struct{ from follower }
	nameDoneMsg   struct{ err error }
)

func (a *App) join(code string) tea.Cmd {
	a.lobby.joining = session.NormalizeCode(code)
	a.roomCtx, a.leaveRoom = context.WithCancel(a.deps.Ctx)
	deps := a.deps
	deps.Ctx = a.roomCtx
	return joinCmd(deps, code)
}

func (a *App) listen() tea.Cmd {
	return pacedListenCmd(a.roomCtx, a.member, a.drawn, time.After)
}

// stale reports whether a room message came through a membership this
// person has left (tests send some without one).
func (a *App) stale(from follower) bool {
	return a.member == nil || (from != nil && from != follower(a.member))
}

// backToLobby leaves the room for the lobby, where the facilitator's rooms
// are listed afresh.
func (a *App) backToLobby() tea.Cmd {
	a.leaveRoom()
	a.member, a.agendaOnly = nil, false
	a.screen = screenLobby
	// The lobby speaks the person's language again, not the room's.
	a.setText(a.deps.language(""))
	cmds := []tea.Cmd{a.lobby.focus()}
	if a.lobby.rooms != nil {
		cmds = append(cmds, a.lobby.rooms.load())
	}
	return tea.Batch(cmds...)
}

// press takes keys held while the room answered, as if pressed now.
func (a *App) press(keys []tea.KeyPressMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		_, cmd := a.Update(k)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// Update routes a message to the screen that owns it.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.lobby.setSize(msg.Width)
		if a.member != nil { // the other screens exist once joined
			a.welcome.width = msg.Width
			a.name.setSize(msg.Width)
			a.board.setSize(msg.Width, msg.Height)
		}
		return a, nil
	case tea.KeyPressMsg, tea.PasteMsg:
		a.idle.touch()
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
			return a, tea.Quit
		}
	case idleCheckMsg:
		cmd, expired := a.idle.check()
		if expired {
			return a, tea.Quit
		}
		return a, cmd
	case joinRequestMsg:
		a.agendaOnly = msg.agenda
		return a, a.join(msg.code)
	case backToLobbyMsg:
		return a, a.backToLobby()
	case joinFailedMsg:
		a.leaveRoom()
		a.agendaOnly = false
		a.lobby.failed(msg.code, a.explainJoin(msg))
		a.screen = screenLobby
		return a, a.lobby.focus()
	case joinedMsg:
		return a, a.joined(msg.member)
	case switchMsg:
		a.next = &msg.to
		a.next.Lang = a.deps.Lang
		return a, tea.Quit
	case languageMsg:
		a.deps.Lang = msg.text.Code
		a.setText(msg.text)
		return a, nil
	case tea.BackgroundColorMsg:
		a.setDark(msg.IsDark())
		return a, nil
	case welcomeDoneMsg:
		a.screen = screenBoard
		return a, nil
	case nameDoneMsg:
		a.name.saving = false
		if msg.err != nil {
			a.name.err = a.explain(msg.err)
			return a, a.press(a.name.held.take())
		}
		// One's own name on the board at once, not on the room's slower
		// beat for arrivals (pace.go).
		a.screen = screenBoard
		return a, tea.Batch(a.showNewest(), a.press(a.name.held.take()))
	case roomMsg:
		if a.stale(msg.from) {
			return a, nil
		}
		if msg.snap.Removed(a.member.ID()) {
			a.closedText = a.text.Removed
			a.screen = screenClosed
			return a, tea.Quit
		}
		tick := a.show(msg.snap, msg.at)
		return a, tea.Batch(a.listen(), tick)
	case roomClosedMsg:
		if a.stale(msg.from) {
			return a, nil
		}
		a.closedText = a.text.RoomClosed
		a.screen = screenClosed
		return a, nil
	}
	return a, a.route(msg)
}

// show puts snap, taken at at, on the screen.
func (a *App) show(snap *session.Snapshot, at time.Time) tea.Cmd {
	tick := a.board.setSnapshot(snap)
	a.name.snap = snap
	a.drawn = drawnMark{at: at, work: snap.WorkSeq}
	return tick
}

// catchUp shows the newest snapshot at once when the room answered the
// person's own act: the room publishes a change before it answers, so the
// note one saved or the dot one gave is in it, and one's own acts are
// never held back by a big room's pace (pace.go). The listener still
// outstanding then finds nothing newer or the next change.
func (a *App) catchUp(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case noteSavedMsg, voteDoneMsg, actionDoneMsg, scoredMsg:
	default:
		return nil
	}
	if a.screen != screenBoard {
		return nil
	}
	return a.showNewest()
}

// showNewest shows the room's newest snapshot now, if it is not on screen.
func (a *App) showNewest() tea.Cmd {
	if a.member == nil || a.board.snap == nil {
		return nil
	}
	snap := a.member.Latest()
	if snap == a.board.snap || snap.Removed(a.member.ID()) {
		return nil // the listener tells of a removal, and ends the program
	}
	return a.show(snap, time.Now())
}

func (a *App) route(msg tea.Msg) tea.Cmd {
	caught := a.catchUp(msg)
	var cmd tea.Cmd
	switch a.screen {
	case screenLobby:
		a.lobby, cmd = a.lobby.Update(msg)
	case screenWelcome:
		a.welcome, cmd = a.welcome.Update(msg)
	case screenName:
		a.name, cmd = a.name.Update(msg)
	case screenBoard:
		a.board, cmd = a.board.Update(msg)
	}
	return tea.Batch(caught, cmd)
}

func (a *App) joined(m *session.Member) tea.Cmd {
	a.member = m
	a.lobby.joining = ""
	snap := m.Latest()
	// Now the room's language is known, it is the choice when the client
	// sent none.
	a.setText(a.deps.language(snap.Room.Lang))
	a.board = newBoard(a.roomCtx, a.deps.Send, m, a.text, a.keys, a.styles, a.explain)
	a.board.server = server{Host: a.deps.Host, Port: a.deps.Port}
	a.board.shared = a.deps.Renders
	a.board.setSize(a.width, a.height)
	a.board.setDark(a.dark)
	a.board.focusSeen = snap.FocusSeq
	tick := a.board.setSnapshot(snap)
	if a.agendaOnly {
		a.board.openAgenda(true)
		a.screen = screenBoard
		return tea.Batch(a.listen(), tick)
	}
	if me, _ := snap.Person(m.ID()); me.Plain {
		// They chose plain mode last time: give it to them again.
		return switchCmd(a.roomCtx, m, true)
	}
	restore := tea.Batch(a.board.restoreDraft(), tick)
	if snap.Room.Anonymity == session.Anonymous {
		a.welcome = welcomeModel{text: a.text, styles: a.styles, snap: snap, width: a.width}
		a.screen = screenWelcome
		return tea.Batch(a.listen(), restore)
	}
	if m.Returning() {
		a.screen = screenBoard
		return tea.Batch(a.listen(), restore)
	}
	a.name = newName(a.roomCtx, m, a.text, a.keys, a.styles)
	a.name.input.SetStyles(inputStyles(a.dark))
	a.name.snap = snap
	a.name.setSize(a.width)
	a.screen = screenName
	return tea.Batch(a.listen(), a.name.focus())
}

func (a *App) explainJoin(f joinFailedMsg) string { return a.text.explainJoin(f.code, f.err) }

func (a *App) explain(err error) string { return a.text.explain(err, a.member.Latest()) }

// setDark follows the terminal's background, so greys and cursors stay
// readable on light terminals too.
func (a *App) setDark(dark bool) {
	a.dark = dark
	a.lobby.input.SetStyles(inputStyles(dark))
	if a.member != nil {
		a.name.input.SetStyles(inputStyles(dark))
		a.board.setDark(dark)
	}
}

// setText changes the language of every screen at once.
func (a *App) setText(t Text) {
	a.text, a.keys = sharedText(t)
	a.lobby.setText(a.text)
	if a.member != nil {
		a.welcome.text = a.text
		a.name.setText(a.text, a.keys)
		a.board.setText(a.text, a.keys)
	}
}

// Switched reports whether the program ended to switch views.
func (a *App) Switched() (Switch, bool) {
	if a.next == nil {
		return Switch{}, false
	}
	return *a.next, true
}

// View draws the current screen, or asks for a larger window.
func (a *App) View() tea.View {
	if a.next != nil {
		return tea.NewView(a.text.Switching + "\n")
	}
	if a.idle.expired {
		// Not on the alternate screen, so the words stay after the program ends.
		return tea.NewView(fmt.Sprintf(a.text.IdleGone, a.text.duration(a.idle.timeout)) + "\n")
	}
	var body string
	switch {
	case a.width < MinWidth || a.height < MinHeight:
		body = lipgloss.NewStyle().Width(a.width).Render(
			fmt.Sprintf(a.text.TooSmall, MinWidth, MinHeight, a.width, a.height))
	case a.screen == screenClosed:
		// Off the alternate screen, so the words stay when the session ends.
		return tea.NewView(a.closedText + "\n")
	case a.screen == screenLobby:
		body = a.lobby.View()
	case a.screen == screenWelcome:
		body = a.welcome.View()
	case a.screen == screenName:
		body = a.name.View()
	default:
		body = a.board.View()
	}
	if a.idle.warned {
		body = a.withWarning(body, fmt.Sprintf(a.text.IdleWarning, a.text.duration(a.idle.warning)))
	}
	v := tea.NewView(body)
	v.AltScreen = true
	if a.member != nil {
		v.WindowTitle = "samla · " + a.board.title()
	}
	return v
}

// withWarning puts a warning on the body's first line, where it is seen
// first and where it moves nothing else.
func (a *App) withWarning(body, warning string) string {
	lines := strings.SplitN(body, "\n", 2)
	lines[0] = a.styles.Error.Render(ansi.Truncate("! "+warning, a.width, "…"))
	return strings.Join(lines, "\n")
}
