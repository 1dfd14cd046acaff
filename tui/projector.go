package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// laneMinWidth is the narrowest a journey-map column may be on the wall
// before the phases are shown as one grid instead of side by side.
const laneMinWidth = 20

// Projector is the view for the wall (ssh screen+CODE@HOST): the question,
// how to join, the timer, and the notes as the whole room may see them. It
// follows the room without taking part, speaks the room's language, and
// never shows who wrote or voted what. Facilitators drive the room from
// their own screens; the projector only scrolls.
type Projector struct {
	deps   Deps
	text   Text
	styles Styles
	help   help.Model
	up     key.Binding
	down   key.Binding
	quit   key.Binding
	width  int
	height int
	now    func() time.Time

	watcher   *session.Watcher
	snap      *session.Snapshot
	top       int // first card row shown
	focusSeen int64
	countdown countdown

	refused string  // why the room cannot be shown
	then    *Switch // where enter goes after a refusal
	next    *Switch
	closed  bool
}

// Messages of the projector.
type (
	watchedMsg     struct{ w *session.Watcher }
	watchFailedMsg struct {
		err  error
		lang string // the room's language, where the room exists
	}
)

// NewProjector returns the projector's model.
func NewProjector(deps Deps) *Projector {
	if deps.Watch == nil {
		deps.Watch = func(ctx context.Context, code string) (*session.Watcher, error) {
			return deps.Hub.Watch(ctx, code, deps.Identity)
		}
	}
	p := &Projector{deps: deps, styles: DefaultStyles(), help: newHelp(), width: 80, height: 24, now: time.Now, countdown: countdown{ctx: deps.Ctx, send: deps.Send}}
	t, _ := Choose(deps.Env, "")
	p.setText(t)
	return p
}

func (p *Projector) setText(t Text) {
	p.text = t
	p.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t.KeyScrollUp))
	p.down = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t.KeyScrollDown))
	p.quit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t.KeyQuit))
}

// Init opens the room named in the user name.
func (p *Projector) Init() tea.Cmd {
	return tea.Batch(p.watch(), tea.RequestBackgroundColor)
}

func (p *Projector) watch() tea.Cmd {
	deps := p.deps
	return func() tea.Msg {
		w, err := deps.Watch(deps.Ctx, deps.Code)
		if errors.Is(err, session.ErrNotFacilitator) && deps.Hub != nil {
			// The room exists: say no in its language, unless the person's
			// terminal asked for one.
			lang := ""
			if r, err := deps.Hub.Open(deps.Ctx, deps.Code); err == nil {
				lang = r.Latest().Room.Lang
			}
			return watchFailedMsg{err: err, lang: lang}
		}
		if err != nil {
			return watchFailedMsg{err: err}
		}
		context.AfterFunc(deps.Ctx, w.Stop)
		return watchedMsg{w: w}
	}
}

// Update follows the room and scrolls the wall.
func (p *Projector) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
		p.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		p.help.Styles = helpStyles(msg.IsDark())
	case tea.KeyPressMsg:
		return p, p.key(msg)
	case watchFailedMsg:
		t, _ := Choose(p.deps.Env, msg.lang)
		p.setText(t)
		p.refuse(msg.err)
	case watchedMsg:
		p.watcher = msg.w
		// The wall speaks the room's language, whatever the laptop's is.
		t, _ := Choose(nil, msg.w.Latest().Room.Lang)
		p.setText(t)
		return p, tea.Batch(p.show(msg.w.Latest()), listenCmd(p.deps.Ctx, p.watcher))
	case roomMsg:
		return p, tea.Batch(p.show(msg.snap), listenCmd(p.deps.Ctx, p.watcher))
	case roomClosedMsg:
		p.closed = true
		return p, tea.Quit
	case timerTickMsg:
		return p, p.onTick(msg)
	}
	return p, nil
}

func (p *Projector) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, p.quit):
		return tea.Quit
	case p.then != nil && msg.String() == "enter":
		p.next = p.then
		return tea.Quit
	case key.Matches(msg, p.up):
		p.top = max(0, p.top-1)
	case key.Matches(msg, p.down):
		p.top++ // the body clamps it to what there is
	}
	return nil
}

// refuse says why the wall cannot show the room, and offers the way on:
// a participant may join as one, a wrong code may be typed again.
func (p *Projector) refuse(err error) {
	if errors.Is(err, session.ErrNotFacilitator) {
		p.refused = p.text.WallOnly + "\n\n" + p.text.WallAsPart
		p.then = &Switch{Code: p.deps.Code}
		return
	}
	p.refused = p.text.explainJoin(p.deps.Code, err) + "\n\n" + p.text.WallOtherCode
	p.then = &Switch{}
}

// show takes a new state of the room: it follows the facilitator's focus
// and keeps the countdown ticking.
func (p *Projector) show(s *session.Snapshot) tea.Cmd {
	p.snap = s
	if s.FocusSeq > p.focusSeen {
		p.focusSeen = s.FocusSeq
		p.top = p.rowOf(s.Focus)
	}
	return p.countdown.follow(s.Timer, p.now())
}

// rowOf is the card row of a note, so a focused note comes to the top.
func (p *Projector) rowOf(note string) int {
	notes := p.snap.NotesFor("")
	if p.inLanes(notes) {
		for _, lane := range p.byLane(notes) {
			for r, n := range lane {
				if n.ID == note {
					return r
				}
			}
		}
		return p.top
	}
	for i, n := range notes {
		switch {
		case n.ID != note:
		case p.snap.Activity.Ranked() && !p.snap.Activity.VotesSecret():
			return i // the ranking scrolls by item
		default:
			return i / p.perRow()
		}
	}
	return p.top
}

// onTick redraws the countdown each second and rings once at zero, so the
// room hears it too.
func (p *Projector) onTick(msg timerTickMsg) tea.Cmd {
	next, zero := p.countdown.tick(p.snap.Timer, msg, p.now())
	if zero {
		return tea.Raw("\a")
	}
	return next
}

// Switched reports whether the projector ended to open another view.
func (p *Projector) Switched() (Switch, bool) {
	if p.next == nil {
		return Switch{}, false
	}
	return *p.next, true
}

// View draws the wall.
func (p *Projector) View() tea.View {
	if p.closed {
		return tea.NewView(p.text.RoomClosed + "\n")
	}
	if p.next != nil {
		return tea.NewView(p.text.Switching + "\n")
	}
	var body string
	switch {
	case p.width < MinWidth || p.height < MinHeight:
		body = lipgloss.NewStyle().Width(p.width).Render(
			fmt.Sprintf(p.text.TooSmall, MinWidth, MinHeight, p.width, p.height))
	case p.refused != "":
		body = lipgloss.NewStyle().Width(p.width).Render(p.refused)
	case p.snap == nil:
		body = fmt.Sprintf(p.text.LobbyJoining, session.NormalizeCode(p.deps.Code))
	default:
		body = p.wall()
	}
	v := tea.NewView(body)
	v.AltScreen = true
	if p.snap != nil {
		v.WindowTitle = "samla · " + p.snap.Room.Title
	}
	return v
}

// wall lays out, top to bottom: room and timer, how to join, the activity
// and its question, what the room is doing, the notes, and the keys.
func (p *Projector) wall() string {
	top := append(p.header(), p.joinLine()...)
	top = append(top, p.activityLines()...)
	focus := p.focusLines()
	bottom := append(focus, shortHelpLine(p.help, []key.Binding{p.up, p.down, p.quit}, p.width))
	height := p.height - len(top) - len(bottom)
	return strings.Join(append(append(top, p.notes(height)), bottom...), "\n")
}

func (p *Projector) header() []string {
	s := p.snap
	var right []string
	if t := timerLine(&p.text, s.Timer, p.now()); t != "" {
		right = append(right, t)
	}
	if s.Locked {
		right = append(right, p.text.Locked)
	}
	if ready, of := s.ReadyCount(); ready > 0 {
		right = append(right, fmt.Sprintf(p.text.ReadyOf, ready, of))
	}
	right = append(right, fmt.Sprintf(p.text.Online, s.Online))
	return spread(p.styles.Header.Render(s.Room.Title)+"  "+p.styles.Code.Render(s.Room.Code), strings.Join(right, " · "), p.width)
}

// joinLine is the command latecomers type, in full; while the room is
// locked it says so instead, since the command would only be refused.
func (p *Projector) joinLine() []string {
	if p.snap.Locked {
		return wrapLines(p.styles.Info, p.text.WallLocked, p.width, 2)
	}
	if p.deps.Host == "" {
		return nil
	}
	command := sshCommand(p.snap.Room.Code, p.deps.Host, p.deps.Port)
	return wrapLines(p.styles.Info, fmt.Sprintf(p.text.WallJoin, command), p.width, 2)
}

// sshCommand is what to type to reach this server as user.
func sshCommand(user, host string, port int) string {
	if port != 0 && port != 22 {
		return fmt.Sprintf("ssh -p %d %s@%s", port, user, host)
	}
	return "ssh " + user + "@" + host
}

// activityLines: the title, the whole question (it is what the room
// answers, so it wraps rather than being cut), and what is going on.
func (p *Projector) activityLines() []string {
	s := p.snap
	a := s.Activity
	title := p.styles.Title.Render(a.Title)
	if n := len(s.Activities); n > 1 {
		title += " " + p.styles.Muted.Render("("+fmt.Sprintf(p.text.ActivityOf, activityIndex(s)+1, n)+")")
	}
	lines := []string{ansi.Truncate(title, p.width, "…")}
	if a.Prompt != "" {
		lines = append(lines, wrapLines(p.styles.Prompt, a.Prompt, p.width, 3)...)
	}
	var state string
	switch {
	case a.Hidden():
		state = p.privateCount(s.HiddenCount(""))
	case a.VotesSecret():
		state = p.text.WallSecret + " " + answeredLine(&p.text, s) + "."
		if !a.TakesDots() {
			state = endSentence(secretLine(&p.text, a)) + " " + answeredLine(&p.text, s) + "."
		}
	}
	if _, scored := viewOf(a).mark(&p.text, s, "", ""); scored && s.Outcome == nil {
		// The wall says how to answer: people look up, not at a help page.
		state = strings.TrimSpace(viewOf(a).hint(&p.text, s) + " " + state)
	}
	if state != "" {
		lines = append(lines, wrapLines(p.styles.Info, state, p.width, 2)...)
	}
	return lines
}

// privateCount is the wall's line during private writing. The count is
// coarse (session.CoarseCount): a wall that ticks as each person saves
// tells whoever watches a person when they wrote.
func (p *Projector) privateCount(n int) string {
	return coarseCount(n, p.text.WallPrivate, p.text.WallPrivateFew, p.text.WallPrivateAbout)
}

// privateLine is a participant's line during private writing: how many
// notes the others wrote, as coarsely as the wall says it, for the same
// reason (someone beside them sees their screen too).
func privateLine(t *Text, n int) string {
	return coarseCount(n, t.PrivateLine, t.PrivateLineFew, t.PrivateLineAbout)
}

// coarseCount says n as session.CoarseCount rounds it: with exact (a %d)
// for none, few for a few, about (a %d) from five on.
func coarseCount(n int, exact, few, about string) string {
	switch near, isFew := session.CoarseCount(n); {
	case isFew:
		return few
	case near > 0:
		return fmt.Sprintf(about, near)
	}
	return fmt.Sprintf(exact, 0)
}

// focusLines show the note the facilitator asked everyone to look at, in
// full, under the cards.
func (p *Projector) focusLines() []string {
	for _, n := range p.snap.NotesFor("") {
		if n.ID == p.snap.Focus {
			return wrapLines(p.styles.Header, "▶ "+n.Text, p.width, 3)
		}
	}
	return nil
}

// notes draws the cards in height rows: a journey map's phases side by
// side where they fit, else one grid in reading order.
func (p *Projector) notes(height int) string {
	notes := p.snap.NotesFor("")
	a := p.snap.Activity
	switch {
	case height <= 0:
		return ""
	case a.Hidden():
		// Nothing to show yet but the count above; a calm wall.
		return lipgloss.NewStyle().Height(height).Render("")
	case len(notes) == 0:
		return lipgloss.NewStyle().Width(p.width).Height(height).Render(p.styles.Muted.Render(p.text.WallNoNotes))
	}
	// A rate, matrix or rank outcome is figures, large, with no names.
	if body, ok := outcomeBody(&p.text, &p.styles, p.snap, p.width, height, p.top); ok {
		return body
	}
	switch {
	case a.Ranked() && !a.VotesSecret():
		if v, ok := shownView(p.snap).(wallView); ok {
			return v.wall(&p.text, &p.styles, p.snap, p.width, height)
		}
		return p.ranking(notes, height)
	}
	sel := -1
	for i, n := range notes {
		if n.ID == p.snap.Focus {
			sel = i
		}
	}
	cards := cardView{snap: p.snap, text: &p.text, styles: &p.styles}
	if p.inLanes(notes) {
		return p.lanes(cards, notes, height)
	}
	perRow := p.perRow()
	rows := max(1, height/cardHeight)
	p.top = max(0, min(p.top, (len(notes)+perRow-1)/perRow-rows))
	return cards.grid(notes, sel, p.top, perRow, p.width, height)
}

func (p *Projector) perRow() int { return max(1, min(maxColumns, p.width/cardMinWidth)) }

// inLanes: a brainstorm with columns (a journey map) whose phases fit side
// by side.
func (p *Projector) inLanes(notes []session.Note) bool {
	cols := p.snap.Activity.Columns
	return len(notes) > 0 && viewOf(p.snap.Activity).inLanes(p.snap.Activity) && p.width/len(cols) >= laneMinWidth
}

// byLane sorts notes into their phases, in order; the lane names the phase,
// so the cards do not. A note whose column was renamed or removed since
// goes in the first, as the session counts it.
func (p *Projector) byLane(notes []session.Note) [][]session.Note {
	cols := p.snap.Activity.Columns
	out := make([][]session.Note, len(cols))
	for _, n := range notes {
		lane := max(0, slices.Index(cols, n.Column))
		n.Column = ""
		out[lane] = append(out[lane], n)
	}
	return out
}

// lanes draws one column of cards per phase, headed by its name.
func (p *Projector) lanes(cards cardView, notes []session.Note, height int) string {
	cols := p.snap.Activity.Columns
	width := p.width / len(cols)
	byLane := p.byLane(notes)
	longest := 0
	for _, lane := range byLane {
		longest = max(longest, len(lane))
	}
	rows := max(1, (height-1)/cardHeight)
	p.top = max(0, min(p.top, longest-rows))
	lanes := make([]string, len(cols))
	for i, c := range cols {
		head := p.styles.Header.Render(ansi.Truncate(fmt.Sprintf("▤ %s (%d)", c, len(byLane[i])), width-1, "…"))
		body := []string{lipgloss.NewStyle().Width(width).Render(head)}
		for r := p.top; r < len(byLane[i]) && r < p.top+rows; r++ {
			n := byLane[i][r]
			body = append(body, cards.card(notes, n, n.ID == p.snap.Focus, width))
		}
		lanes[i] = strings.Join(body, "\n")
	}
	out := lipgloss.JoinHorizontal(lipgloss.Top, lanes...)
	return lipgloss.NewStyle().Height(height).MaxHeight(height).Render(out)
}

// ranking is the outcome of a vote as a list, best first: place, dots as
// a bar and a number, and the whole text, so the back row can read it.
// Ties share a place.
func (p *Projector) ranking(notes []session.Note, height int) string {
	most := 0
	for _, n := range notes {
		most = max(most, n.Votes)
	}
	barWidth := min(20, max(5, p.width/6))
	p.top = max(0, min(p.top, len(notes)-1))
	var lines []string
	for _, n := range notes[p.top:] {
		bar := 0
		if most > 0 {
			bar = (n.Votes*barWidth + most - 1) / most
		}
		place := "–"
		if n.Votes > 0 {
			place = fmt.Sprintf(p.text.Rank, rankOf(notes, n))
		}
		head := fmt.Sprintf("%-4s %s %d", place,
			p.styles.Dots.Render(strings.Repeat("●", bar)+strings.Repeat("·", barWidth-bar)), n.Votes)
		lines = append(lines, head)
		for _, l := range wrapLines(lipgloss.NewStyle(), n.Text, p.width-5, 3) {
			lines = append(lines, "     "+l)
		}
		lines = append(lines, "")
	}
	if len(lines) > height {
		lines = lines[:height]
	}
	return lipgloss.NewStyle().Height(height).Render(strings.Join(lines, "\n"))
}

// activityIndex is where the current activity is in the agenda.
func activityIndex(s *session.Snapshot) int {
	for i, a := range s.Activities {
		if a.ID == s.Activity.ID {
			return i
		}
	}
	return 0
}
