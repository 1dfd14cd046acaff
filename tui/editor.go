package tui

import (
	"cmp"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/sanitize"
)

// editorModel writes one note. The text stays in the editor until the room
// confirms it was saved, so a refusal or a lost connection loses nothing.
type editorModel struct {
	text   Text
	styles Styles
	area   textarea.Model
	width  int
	limit  int    // characters in a note, from the room's limits
	title  string // instead of "New note" (when changing one)
	saving bool
	err    string
}

// editorHeight is the most lines of text the editor shows; longer notes
// scroll. editorChrome is the rest of its box: border, title, counter.
const (
	editorHeight = 4
	editorChrome = 4
)

func newEditor(t Text, s Styles) editorModel {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = t.EditorTitle
	// A hard stop well past the limit keeps a paste bounded; the counter
	// and session enforce the real limit in characters people see.
	ta.CharLimit = 4 * session.DefaultLimits().NoteLen
	// enter saves; notes are one paragraph for now.
	ta.KeyMap.InsertNewline.SetEnabled(false)
	// ctrl+v would read the clipboard of the machine running the server;
	// people paste with their own terminal (bracketed paste) instead.
	ta.SetStyles(areaStyles(true)) // until the terminal says its background
	ta.KeyMap.Paste.SetEnabled(false)
	return editorModel{text: t, styles: s, area: ta, limit: session.DefaultLimits().NoteLen}
}

func (m *editorModel) open() tea.Cmd {
	m.err = ""
	m.saving = false
	m.area.CursorEnd()
	return m.area.Focus()
}

// setLimit follows the room's note length; the hard stop stays well past it.
func (m *editorModel) setLimit(n int) {
	m.limit = n
	m.area.CharLimit = 4 * n
}

func (m *editorModel) setWidth(w int) {
	m.width = w
	m.area.SetWidth(max(w-4, 10))
}

func (m *editorModel) value() string { return m.area.Value() }

// length is what the counter shows: characters as people count them.
func (m *editorModel) length() int { return sanitize.Len(sanitize.Line(m.area.Value())) }

func (m editorModel) Update(msg tea.Msg) (editorModel, tea.Cmd) {
	if m.saving {
		return m, nil
	}
	if paste, ok := msg.(tea.PasteMsg); ok {
		msg = m.clipPaste(paste)
	}
	var cmd tea.Cmd
	m.area, cmd = m.area.Update(msg)
	return m, cmd
}

// clipPaste cuts a paste to what the note still has room for, and says
// so with the limit. A paste cut only at the editor's hard stop (four times
// the limit) left a note that saving then refused: the person had to find
// and delete the excess by hand on a phone. Bytes are cut first, so a paste
// of megabytes is never turned into runes whole.
func (m *editorModel) clipPaste(msg tea.PasteMsg) tea.PasteMsg {
	content := clip(msg.Content, 4*m.area.CharLimit)
	line, before := sanitize.Line(content), m.area.Value()
	if !sanitize.TooLong(sanitize.Line(before+line), m.limit) && len(content) == len(msg.Content) {
		return msg
	}
	// The counter trims the ends of what was typed, and a trailing space
	// counts once the paste follows it: measure the two together.
	left := max(0, m.limit-m.length())
	for left > 0 && sanitize.TooLong(sanitize.Line(before+sanitize.Truncate(line, left)), m.limit) {
		left--
	}
	m.err = fmt.Sprintf(m.text.PasteCut, m.limit)
	return tea.PasteMsg{Content: sanitize.Truncate(line, left)}
}

// View draws the editor in at most height lines: four lines of text when
// there is room, fewer on a phone. Saving and errors replace the counter
// line, so the box never grows and nothing below it jumps.
func (m editorModel) View(height int) string { return m.view(height, editorHeight) }

// Fill draws the editor as the whole body, its text as tall as fits:
// on a phone, every line of the note that shows is one less to scroll.
func (m editorModel) Fill(height int) string { return m.view(height, height) }

func (m editorModel) view(height, most int) string {
	inner := max(m.width-4, 1)
	// A long title ("New note in Before contact (tab: next phase)") wraps
	// on a phone; its second line comes out of the text's room.
	title := m.styles.Title.Render(ansi.Wrap(cmp.Or(m.title, m.text.EditorTitle), inner, " "))
	chrome := editorChrome + strings.Count(title, "\n")
	m.fitText(max(1, min(most, height-chrome)))
	n := m.length()
	status := m.styles.Muted.Render(fmt.Sprintf(m.text.EditorCounter, n, m.limit))
	switch over := n - m.limit; {
	case m.saving:
		status = m.styles.Info.Render(m.text.Saving)
	case m.err != "":
		status = m.styles.Error.Render("! " + m.err)
	case over > 0:
		status = m.styles.Error.Render("! " + plural(over, m.text.EditorTooLongOne, m.text.EditorTooLong))
	}
	lines := []string{
		title,
		m.area.View(),
		lipgloss.NewStyle().MaxWidth(inner).Render(status),
	}
	return m.styles.Box.Width(m.width).Render(strings.Join(lines, "\n"))
}

// fitText scrolls the text into h lines from scratch, with the cursor's
// line the last one shown when it is not among the first h. The
// textarea only scrolls as little as it must from where it was, against
// the lines it had before a resize: turning a phone left the cursor's line
// alone at the top of the box and the rest of the note hidden above it.
// A textarea copy shares its scroll state (a pointer), which this uses:
// the copy is drawn at the new width and moved to the top, so the real
// cursor is never moved.
func (m *editorModel) fitText(h int) {
	fresh := m.area
	fresh.View() // the lines at the current width
	fresh.MoveToBegin()
	m.area.SetHeight(h)
}
