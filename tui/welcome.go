package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/samla/samla/session"
)

// welcomeModel tells a person joining an anonymous room what anonymous
// means here, before they write anything. (In other rooms the name screen
// says who sees names.)
type welcomeModel struct {
	text   *Text
	styles *Styles
	snap   *session.Snapshot
	width  int
}

type welcomeDoneMsg struct{}

func (m welcomeModel) Update(msg tea.Msg) (welcomeModel, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
		return m, func() tea.Msg { return welcomeDoneMsg{} }
	}
	return m, nil
}

func (m welcomeModel) View() string {
	wrap := lipgloss.NewStyle().Width(m.width)
	return strings.Join([]string{
		m.styles.Header.Render(m.snap.Room.Title) + "  " + m.styles.Code.Render(m.snap.Room.Code),
		"",
		m.styles.Title.Render(m.text.AnonTitle),
		wrap.Render(m.text.AnonExplain),
		"",
		m.styles.Info.Render(m.text.PressEnter),
	}, "\n")
}

// anonymityLine says who sees names in a room, in one line.
func anonymityLine(t *Text, a session.Anonymity) string {
	switch a {
	case session.Anonymous:
		return t.AnonBadge
	case session.Peers:
		return t.PeersBadge
	}
	return ""
}
