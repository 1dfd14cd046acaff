package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/samla/samla/session"
)

// lobbyModel asks for a room code and explains a wrong one.
type lobbyModel struct {
	text    *Text
	styles  *Styles
	input   textinput.Model
	width   int
	err     string
	joining string
	// rooms is shown to facilitators; tab moves between it and the code.
	rooms      *roomsModel
	roomsFocus bool
}

func newLobby(t *Text, s *Styles, code string) lobbyModel {
	in := textinput.New()
	in.Prompt = t.LobbyPrompt
	// No placeholder: a grey example code in the field looked like a code
	// already filled in. LobbyIntro says what a code looks like instead.
	// Generous: people paste codes with spaces and dashes.
	in.SetStyles(inputStyles(true))   // until the terminal says its background
	in.KeyMap.Paste.SetEnabled(false) // never the server's clipboard
	in.CharLimit = 3 * session.CodeLength
	in.SetValue(code)
	return lobbyModel{text: t, styles: s, input: in, width: 80}
}

func (m *lobbyModel) focus() tea.Cmd { return m.input.Focus() }

func (m *lobbyModel) setSize(w int) {
	m.width = w
	m.input.SetWidth(min(w-len(m.input.Prompt)-2, 3*session.CodeLength))
}

func (m *lobbyModel) failed(code, why string) {
	m.joining = ""
	m.err = why
	m.input.SetValue(code)
	m.input.CursorEnd()
}

func (m lobbyModel) Update(msg tea.Msg) (lobbyModel, tea.Cmd) {
	if m.rooms != nil {
		switch k := msg.(type) {
		case roomsLoadedMsg, roomMadeMsg:
			r, cmd := m.rooms.Update(msg)
			m.rooms = &r
			return m, cmd
		case tea.KeyPressMsg:
			if (k.String() == "tab" || k.String() == "shift+tab") && m.rooms.asking == 0 {
				m.roomsFocus = !m.roomsFocus
				return m, nil
			}
			if m.roomsFocus && m.joining == "" {
				r, cmd := m.rooms.Update(msg)
				m.rooms = &r
				return m, cmd
			}
		}
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.joining == "" {
		switch k.String() {
		case "enter":
			code := strings.TrimSpace(m.input.Value())
			if code == "" {
				return m, nil
			}
			m.err = ""
			m.joining = session.NormalizeCode(code)
			return m, func() tea.Msg { return joinRequestMsg{code: code} }
		case "esc", "ctrl+g":
			m.input.SetValue("")
			m.err = ""
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m lobbyModel) View() string {
	wrap := lipgloss.NewStyle().Width(m.width)
	lines := []string{
		m.styles.Title.Render(m.text.LobbyTitle),
		"",
		wrap.Render(m.text.LobbyIntro),
		"",
		m.input.View(),
		"",
	}
	switch {
	case m.joining != "":
		lines = append(lines, m.styles.Info.Render(fmt.Sprintf(m.text.LobbyJoining, m.joining)))
	case m.err != "":
		lines = append(lines, wrap.Inherit(m.styles.Error).Render("! "+m.err))
	}
	if m.rooms != nil {
		lines = append(lines, "", m.rooms.View(m.roomsFocus))
	}
	return strings.Join(lines, "\n")
}

func (m *lobbyModel) setText(t *Text) {
	m.text = t
	m.input.Prompt = t.LobbyPrompt
}
