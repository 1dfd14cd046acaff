package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/samla/samla/session"
)

// nameModel asks a first-time participant what others should call them.
type nameModel struct {
	ctx    context.Context
	member *session.Member
	text   *Text
	keys   *KeyMap
	styles *Styles
	input  textinput.Model
	snap   *session.Snapshot
	width  int
	err    string
	saving bool
	// held are the keys pressed while the name is saved: the board's once
	// it is, this screen's again if it was refused.
	held heldKeys
}

func newName(ctx context.Context, m *session.Member, t *Text, k *KeyMap, s *Styles) nameModel {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = t.NamePlaceholder
	in.SetStyles(inputStyles(true))   // until the terminal says its background
	in.KeyMap.Paste.SetEnabled(false) // never the server's clipboard
	in.CharLimit = session.MaxNameLen
	return nameModel{ctx: ctx, member: m, text: t, keys: k, styles: s, input: in, width: 80}
}

func (m *nameModel) focus() tea.Cmd { return m.input.Focus() }

func (m *nameModel) setSize(w int) {
	m.width = w
	m.input.SetWidth(min(w-4, session.MaxNameLen))
}

func (m nameModel) Update(msg tea.Msg) (nameModel, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if m.saving {
			m.held.hold(k)
			return m, nil
		}
		switch k.String() {
		case "enter":
			m.saving = true
			name, member, ctx := m.input.Value(), m.member, m.ctx
			return m, func() tea.Msg { return nameDoneMsg{err: member.Rename(ctx, name)} }
		case "esc", "ctrl+g":
			// Skipping keeps the default name, and is an answer: it makes
			// them a participant, as a name does. Only someone who leaves
			// without answering is not one (session's arrivals).
			m.saving = true
			member, ctx := m.member, m.ctx
			return m, func() tea.Msg { return nameDoneMsg{err: member.TakePart(ctx)} }
		}
	}
	if _, ok := msg.(nameDoneMsg); ok {
		m.saving = false
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m nameModel) View() string {
	wrap := lipgloss.NewStyle().Width(m.width)
	def := ""
	if m.snap != nil {
		p, _ := m.snap.Person(m.member.ID())
		def = fmt.Sprintf(m.text.Participant, p.Number)
	}
	lines := []string{
		m.styles.Header.Render(m.snap.Room.Title) + "  " + m.styles.Code.Render(m.snap.Room.Code),
		"",
		m.styles.Title.Render(m.text.NameTitle),
		wrap.Render(m.intro()),
		"",
		m.input.View(),
		"",
		m.styles.Muted.Render(wrap.Render(fmt.Sprintf(m.text.NameDefault, def))),
	}
	if m.err != "" {
		lines = append(lines, wrap.Inherit(m.styles.Error).Render("! "+m.err))
	}
	return strings.Join(lines, "\n")
}

func (m nameModel) intro() string {
	if m.snap != nil && m.snap.Room.Anonymity == session.Peers {
		return m.text.NameIntroPeers
	}
	return m.text.NameIntroNamed
}

func (m *nameModel) setText(t *Text, k *KeyMap) {
	m.text, m.keys = t, k
	m.input.Placeholder = t.NamePlaceholder
}
