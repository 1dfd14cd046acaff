package tui

import (
	"charm.land/bubbles/v2/key"
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// roomsModel is the lobby's second pane for facilitators: their rooms, to
// join with enter, and n to make a new one (title, then who sees names).
// Its rooms are the room index; making a room goes through the hub, with
// the facilitator's key as the room's creator.
type roomsModel struct {
	ctx    context.Context
	hub    *session.Hub
	id     session.Identity
	text   *Text
	styles *Styles
	rooms  []store.RoomSummary
	index  int
	err    string

	// asking: the new room's title, its anonymity, its language, then its
	// template.
	asking    int
	title     string
	anonymity session.Anonymity
	lang      string
	after     string
	input     textinput.Model
}

type (
	roomsLoadedMsg struct {
		rooms []store.RoomSummary
		err   error
	}
	roomMadeMsg struct {
		code string
		err  error
	}
)

// keys follow the facilitator's language, which the lobby may change.
func (m roomsModel) keys() RoomsKeys { return DefaultKeyMap(m.text).Rooms }

func newRooms(ctx context.Context, hub *session.Hub, id session.Identity, t *Text, s *Styles) roomsModel {
	return roomsModel{ctx: ctx, hub: hub, id: id, text: t, styles: s}
}

func (m roomsModel) load() tea.Cmd {
	hub, ctx := m.hub, m.ctx
	return func() tea.Msg {
		rooms, err := hub.Rooms(ctx)
		return roomsLoadedMsg{rooms: rooms, err: err}
	}
}

func (m roomsModel) Update(msg tea.Msg) (roomsModel, tea.Cmd) {
	switch msg := msg.(type) {
	case roomsLoadedMsg:
		m.rooms, m.err = msg.rooms, ""
		if msg.err != nil {
			m.err = m.text.LobbyUnavailable
		}
		return m, nil
	case roomMadeMsg:
		// A wrong answer is asked again, with the others kept.
		switch {
		case errors.Is(msg.err, session.ErrNoTemplate):
			m.err = fmt.Sprintf(m.text.ErrTemplate, strings.Join(session.TemplateNames(), ", "))
			return m, m.ask(askTemplate, fmt.Sprintf(m.text.NewRoomTemplate, strings.Join(session.TemplateNames(), ", ")))
		case errors.Is(msg.err, session.ErrTitle) && m.after != "":
			m.err = m.text.ErrTitle
			return m, m.ask(askNextRound, fmt.Sprintf(m.text.NextRoundTitle, m.after))
		case errors.Is(msg.err, session.ErrTitle):
			m.err = m.text.ErrTitle
			cmd := m.ask(askTitle, m.text.NewRoomTitle)
			m.input.SetValue(m.title)
			m.input.CursorEnd()
			return m, cmd
		case msg.err != nil:
			m.err = m.text.LobbyUnavailable
			return m, nil
		}
		code := msg.code
		return m, func() tea.Msg { return joinRequestMsg{code: code} }
	case tea.KeyPressMsg:
		if m.asking > 0 {
			return m.answer(msg)
		}
		return m.key(msg)
	}
	return m, nil
}

func (m roomsModel) key(msg tea.KeyPressMsg) (roomsModel, tea.Cmd) {
	k := m.keys()
	switch {
	case key.Matches(msg, k.Up):
		m.index = max(0, m.index-1)
	case key.Matches(msg, k.Down):
		m.index = min(len(m.rooms)-1, m.index+1)
	case key.Matches(msg, k.Join):
		if len(m.rooms) == 0 {
			return m, nil
		}
		code := m.rooms[m.index].Code
		return m, func() tea.Msg { return joinRequestMsg{code: code} }
	case key.Matches(msg, k.Agenda):
		if len(m.rooms) == 0 {
			return m, nil
		}
		code := m.rooms[m.index].Code
		return m, func() tea.Msg { return joinRequestMsg{code: code, agenda: true} }
	case key.Matches(msg, k.New):
		m.after = ""
		return m, m.ask(askTitle, m.text.NewRoomTitle)
	case key.Matches(msg, k.NextRound):
		if len(m.rooms) == 0 {
			return m, nil
		}
		m.after = m.rooms[m.index].Code
		return m, m.ask(askNextRound, fmt.Sprintf(m.text.NextRoundTitle, m.after))
	}
	return m, nil
}

func (m *roomsModel) ask(step int, prompt string) tea.Cmd {
	m.asking = step
	m.input = textinput.New()
	m.input.Prompt = prompt
	m.input.SetStyles(inputStyles(true))
	m.input.KeyMap.Paste.SetEnabled(false) // never the server's clipboard
	m.input.CharLimit = session.MaxTitleLen
	return m.input.Focus()
}

// The new-room questions, in the order they are asked.
const (
	askTitle = iota + 1
	askNames
	askLanguage
	askTemplate
	// askNextRound is the question of the next round's title: the agenda,
	// language and anonymity come from the earlier room.
	askNextRound
)

// roomLanguage reads the answer to the language question: a letter of the
// prompt, a code (sv, nb, no, en) or a language's own name; empty keeps
// the facilitator's own language, the likeliest one.
func roomLanguage(answer, own string) (string, bool) {
	a := strings.ToLower(strings.TrimSpace(answer))
	switch a {
	case "":
		return own, true
	case "s", "svenska", "svensk", "swedish":
		return "sv", true
	case "n", "norsk", "bokmål", "norwegian":
		return "nb", true
	case "e", "english", "engelska", "engelsk":
		return "en", true
	}
	if _, code, ok := language(a); ok {
		return code, true
	}
	return "", false
}

// answer takes the new room's title, who sees names (n, p or a), its
// language and the template to start with. The room's language is asked,
// not taken from the facilitator's screen: a facilitator reading English
// often runs a workshop in Swedish or Norwegian, and the room's language
// is what participants, the projector and the report start in.
func (m roomsModel) answer(msg tea.KeyPressMsg) (roomsModel, tea.Cmd) {
	switch msg.String() {
	case "esc", "ctrl+g":
		m.asking = 0
		return m, nil
	case "enter":
		answer := strings.TrimSpace(m.input.Value())
		switch m.asking {
		case askNextRound:
			m.asking, m.err = 0, ""
			return m, m.create(session.RoomSpec{Title: m.input.Value(), Creator: m.id, After: m.after})
		case askTitle:
			m.title = m.input.Value()
			return m, m.ask(askNames, m.text.NewRoomNames)
		case askNames:
			// Who sees names is asked until answered: guessing "everyone"
			// would be the most revealing mistake.
			m.anonymity = map[string]session.Anonymity{"n": session.Named, "p": session.Peers, "a": session.Anonymous}[strings.ToLower(answer)]
			if m.anonymity == "" {
				return m, m.ask(askNames, m.text.NewRoomNames)
			}
			m.err = ""
			return m, m.ask(askLanguage, fmt.Sprintf(m.text.NewRoomLang, m.text.LanguageName))
		case askLanguage:
			lang, ok := roomLanguage(answer, m.text.Code)
			if !ok {
				return m, m.ask(askLanguage, fmt.Sprintf(m.text.NewRoomLang, m.text.LanguageName))
			}
			m.lang = lang
			return m, m.ask(askTemplate, fmt.Sprintf(m.text.NewRoomTemplate, strings.Join(session.TemplateNames(), ", ")))
		}
		m.asking, m.err = 0, ""
		spec := session.RoomSpec{Title: m.title, Anonymity: m.anonymity, Creator: m.id, Lang: m.lang, Template: strings.ToLower(answer)}
		return m, m.create(spec)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m roomsModel) View(focused bool) string {
	lines := []string{m.styles.Title.Render(m.text.YourRooms)}
	for i, r := range m.rooms {
		mark := "  "
		if focused && i == m.index {
			mark = "▶ "
		}
		lines = append(lines, fmt.Sprintf("%s%s  %s  (%d)", mark, m.styles.Code.Render(r.Code), r.Title, r.Participants))
	}
	if len(m.rooms) == 0 {
		lines = append(lines, m.styles.Muted.Render(m.text.NoRooms))
	}
	if m.asking > 0 {
		lines = append(lines, "", m.input.View())
	}
	if m.err != "" {
		lines = append(lines, m.styles.Error.Render("! "+m.err))
	}
	help := helpLine(m.keys().help())
	if !focused {
		help = m.text.RoomsTab
	}
	return strings.Join(append(lines, m.styles.Muted.Render(help)), "\n")
}

// create makes the room in a command: the database is no work for Update.
func (m roomsModel) create(spec session.RoomSpec) tea.Cmd {
	hub, ctx := m.hub, m.ctx
	return func() tea.Msg {
		info, err := hub.CreateRoom(ctx, spec)
		return roomMadeMsg{code: info.Code, err: err}
	}
}
