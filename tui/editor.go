package tui

import (
	"cmp"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/sanitize"
)

// editorModel writes one note. The text stays in the editor until the room
// confirms it was saved, so a refusal or a lost connection loses nothing.
//
// The textarea exists only while the editor is open: a new one holds about
// 220 KB (room for 10,000 lines), and most people on a board are reading,
// not writing, for hours. Everything that must outlive a closing (the text,
// the cursor's line, the size, limit and colours) is kept here instead, and
// a closed editor takes every call as a remembered value or a no-op.
type editorModel struct {
	text   *Text
	styles *Styles
	area   *textarea.Model // nil while closed
	kept   string          // the text, while closed
	row    int             // the cursor's line in kept
	dark   bool            // the terminal's background, for the area's colours
	width  int
	limit  int    // characters in a note, from the room's limits
	title  string // instead of "New note" (when changing one)
	saving bool
	err    string

	// typed is the textarea the last directly typed character made (see
	// onlyTypes), until the next change.
	typed *textarea.Model

	// drawn is the last drawing, shared by the copies of this editor.
	// Everyone with the editor open redraws on every change to the room,
	// and drawing the textarea (twice, see fitText) was 40 % of a busy
	// server's CPU while the note itself had not changed.
	drawn *editorDrawn
}

// editorDrawn is a drawing and everything it was drawn from. The textarea
// is known by its pointer: every change to its text, cursor, width or
// focus (a key, a resize) makes a new one (see change and Update), so the
// same pointer is the same text and cursor. Its height is set by each
// drawing itself (see draw), from the drawing's own height, which the key
// holds.
type editorDrawn struct {
	key   editorKey
	out   string
	title drawnTitle
	body  drawnBody
}

// drawnBody is the textarea's drawing of h lines. The textarea is most of
// the editor's drawing, and the rest changes without it: "Saving…" under
// every note saved was a textarea drawn again for nothing.
type drawnBody struct {
	area  *textarea.Model
	h     int
	lines []string
}

type drawnTitle struct {
	key titleKey
	out string
}

type titleKey struct {
	text   string
	inner  int
	styles *Styles
}

type editorKey struct {
	area                       *textarea.Model
	height, most, width, limit int
	title, err                 string
	saving, dark               bool
	text                       *Text
	styles                     *Styles
}

// editorHeight is the most lines of text the editor shows; longer notes
// scroll. editorChrome is the rest of its box: border, title, counter.
const (
	editorHeight = 4
	editorChrome = 4
)

func newEditor(t *Text, s *Styles) editorModel {
	// dark until the terminal says its background.
	return editorModel{text: t, styles: s, limit: session.DefaultLimits().NoteLen, dark: true, drawn: &editorDrawn{}}
}

// newArea is the textarea as the editor has been set up so far.
func (m *editorModel) newArea() *textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = m.text.EditorTitle
	// A hard stop well past the limit keeps a paste bounded; the counter
	// and session enforce the real limit in characters people see.
	ta.CharLimit = 4 * m.limit
	// enter saves; notes are one paragraph for now.
	ta.KeyMap.InsertNewline.SetEnabled(false)
	// ctrl+v would read the clipboard of the machine running the server;
	// people paste with their own terminal (bracketed paste) instead.
	ta.SetStyles(areaStyles(m.dark))
	ta.KeyMap.Paste.SetEnabled(false)
	if m.width > 0 { // until a size is known, the textarea's own width
		ta.SetWidth(max(m.width-4, 10))
	}
	return &ta
}

// open shows the editor again with what it held when it closed, the
// cursor at the end of the line it was on.
func (m *editorModel) open() tea.Cmd {
	if m.area == nil {
		a := m.newArea()
		// The text was in a textarea already; a limit lowered since must
		// not cut it on the way back in, as it did not cut it there.
		a.CharLimit = 0
		// The text after the cursor's line goes in first, so that what
		// comes before leaves the cursor at the end of its line.
		before, after := splitAfterLine(m.kept, m.row)
		a.InsertString(after) // not SetValue: a new textarea is empty, and emptying one costs 240 KB
		a.MoveToBegin()
		a.InsertString(before)
		a.CharLimit = 4 * m.limit
		m.area, m.kept, m.row = a, "", 0
	}
	m.err = ""
	m.saving = false
	var cmd tea.Cmd
	m.change(func(a *textarea.Model) {
		a.CursorEnd()
		cmd = a.Focus()
	})
	return cmd
}

// openWith opens the editor on text, as the textarea takes it.
func (m *editorModel) openWith(text string) tea.Cmd {
	if m.area == nil {
		m.area, m.kept, m.row = m.newArea(), "", 0
		m.change(func(a *textarea.Model) { a.InsertString(text) }) // empty already: no SetValue
	} else {
		m.setValue(text)
	}
	return m.open()
}

// close drops the textarea and keeps what it held for the next opening.
func (m *editorModel) close() {
	if m.area == nil {
		return
	}
	m.kept, m.row = m.area.Value(), m.area.Line()
	// Nothing may keep the closed textarea (240 KB of line capacity) alive:
	// not the last typed one, not the last drawing's key.
	m.area, m.typed = nil, nil
	if m.drawn != nil {
		*m.drawn = editorDrawn{}
	}
}

// splitAfterLine cuts s at the end of its line row: s == before+after.
func splitAfterLine(s string, row int) (before, after string) {
	i := 0
	for range row + 1 {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return s, ""
		}
		i += j + 1
	}
	return s[:i-1], s[i-1:]
}

// change applies f to a copy of the textarea. Bubble Tea models are
// values; held by pointer, the textarea would otherwise change under an
// older copy of the model (one being drawn, one a caller kept).
func (m *editorModel) change(f func(a *textarea.Model)) {
	if m.area == nil {
		return
	}
	a := *m.area
	f(&a)
	m.area = &a
}

// setLimit follows the room's note length; the hard stop stays well past it.
// Every snapshot sets it: only a change makes a new textarea, which would
// otherwise draw the note again for each change to the room.
func (m *editorModel) setLimit(n int) {
	if n == m.limit {
		return
	}
	m.limit = n
	m.change(func(a *textarea.Model) { a.CharLimit = 4 * n })
}

func (m *editorModel) setWidth(w int) {
	if w == m.width {
		return
	}
	m.width = w
	m.change(func(a *textarea.Model) { a.SetWidth(max(w-4, 10)) })
}

func (m *editorModel) setText(t *Text) {
	m.text = t
	m.change(func(a *textarea.Model) { a.Placeholder = t.EditorTitle })
}

func (m *editorModel) setDark(dark bool) {
	m.dark = dark
	m.change(func(a *textarea.Model) { a.SetStyles(areaStyles(dark)) })
}

// setValue replaces the text, the cursor after it.
func (m *editorModel) setValue(s string) {
	if m.area == nil {
		m.kept, m.row = s, strings.Count(s, "\n")
		return
	}
	m.change(func(a *textarea.Model) { a.SetValue(s) })
}

func (m *editorModel) value() string {
	if m.area == nil {
		return m.kept
	}
	return m.area.Value()
}

// length is what the counter shows: characters as people count them.
func (m *editorModel) length() int { return sanitize.Len(sanitize.Line(m.value())) }

func (m editorModel) Update(msg tea.Msg) (editorModel, tea.Cmd) {
	if m.saving || m.area == nil {
		return m, nil
	}
	if paste, ok := msg.(tea.PasteMsg); ok {
		msg = m.clipPaste(paste)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.onlyTypes(k) {
		m.change(func(a *textarea.Model) {
			a.DeleteSelection()
			a.InsertString(k.Text)
		})
		m.typed = m.area
		return m, nil
	}
	if m.area == m.typed && m.drawn.key.area != m.area {
		// Characters went in directly and nothing has been drawn since
		// (keys that came together, paint.Keys): set the view as
		// textarea.Update would have left it, since some keys (page up
		// and down) move the cursor by it.
		m.area.View()
		m.area.SetHeight(m.area.Height())
	}
	a, cmd := m.area.Update(msg)
	m.area = &a
	return m, cmd
}

// onlyTypes: k is a character the textarea would insert, and do nothing
// else with (it has text, and none of the textarea's keys is it). Such a
// key is inserted here, which is what textarea.Update does with it, without
// the drawing of the whole note Update does next: the editor draws the
// note itself, so every key was drawn twice, a third of what each key cost.
func (m *editorModel) onlyTypes(k tea.KeyPressMsg) bool {
	return k.Text != "" && m.area.Focused() && !key.Matches(k, areaBindings(&m.area.KeyMap)...)
}

// areaBindings is every binding of a textarea's key map
// (TestAreaBindingsAreAll counts them).
func areaBindings(k *textarea.KeyMap) []key.Binding {
	return []key.Binding{
		k.CharacterBackward, k.CharacterForward, k.DeleteAfterCursor, k.DeleteBeforeCursor,
		k.DeleteCharacterBackward, k.DeleteCharacterForward, k.DeleteWordBackward, k.DeleteWordForward,
		k.InsertNewline, k.LineEnd, k.LineNext, k.LinePrevious, k.LineStart, k.PageUp, k.PageDown,
		k.Paste, k.WordBackward, k.WordForward, k.InputBegin, k.InputEnd,
		k.UppercaseWordForward, k.LowercaseWordForward, k.CapitalizeWordForward,
		k.TransposeCharacterBackward,
		k.SelectCharacterForward, k.SelectCharacterBackward, k.SelectWordForward, k.SelectWordBackward,
		k.SelectLineUp, k.SelectLineDown, k.SelectAll, k.CopySelection,
	}
}

// clipPaste cuts a paste to what the note still has room for, and says
// so with the limit. A paste cut only at the editor's hard stop (four times
// the limit) left a note that saving then refused: the person had to find
// and delete the excess by hand on a phone. Bytes are cut first, so a paste
// of megabytes is never turned into runes whole.
func (m *editorModel) clipPaste(msg tea.PasteMsg) tea.PasteMsg {
	content := clip(msg.Content, 4*m.area.CharLimit)
	line, before := sanitize.Line(content), m.value()
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
	if m.area == nil {
		return ""
	}
	key := editorKey{area: m.area, height: height, most: most, width: m.width, limit: m.limit,
		title: m.title, err: m.err, saving: m.saving, dark: m.dark, text: m.text, styles: m.styles}
	if m.drawn.key == key {
		return m.drawn.out
	}
	out := m.draw(height, most)
	m.drawn.key, m.drawn.out = key, out
	return out
}

func (m editorModel) draw(height, most int) string {
	// fitText sizes the area for this drawing, in place: every drawing
	// sizes and scrolls it from scratch (see fitText), so what an earlier
	// drawing left does not show, and a copy of the textarea (15 KB) for
	// each key was a third of what typing allocated.
	inner := max(m.width-4, 1)
	title := m.drawnTitle(inner)
	chrome := editorChrome + strings.Count(title, "\n")
	body := m.drawnBody(max(1, min(most, height-chrome)))
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
	status = lipgloss.NewStyle().MaxWidth(inner).Render(status)
	lines := append(strings.Split(title, "\n"), body...)
	return boxed(m.styles.Box, m.width, append(lines, strings.Split(status, "\n")...))
}

// drawnBody is the textarea scrolled into h lines and drawn, drawn again
// only when the textarea (a new one for every change) or h changed. The
// lines are shared: callers must not change them.
func (m editorModel) drawnBody(h int) []string {
	b := &m.drawn.body
	if b.area != m.area || b.h != h || b.lines == nil {
		m.fitText(h)
		*b = drawnBody{area: m.area, h: h, lines: strings.Split(m.area.View(), "\n")}
	}
	return b.lines
}

// drawnTitle is the editor's title at this width, drawn once while it
// stays the same. A long title ("New note in Before contact (tab: next
// phase)") wraps on a phone; its second line comes out of the text's room.
func (m editorModel) drawnTitle(inner int) string {
	k := titleKey{text: cmp.Or(m.title, m.text.EditorTitle), inner: inner, styles: m.styles}
	if m.drawn.title.key != k {
		m.drawn.title = drawnTitle{key: k, out: m.styles.Title.Render(ansi.Wrap(k.text, inner, " "))}
	}
	return m.drawn.title.out
}

// fitText scrolls the text into h lines from scratch, with the cursor's
// line the last one shown when it is not among the first h. The
// textarea only scrolls as little as it must from where it was, against
// the lines it had before a resize: turning a phone left the cursor's line
// alone at the top of the box and the rest of the note hidden above it.
// A textarea copy shares its scroll state (a pointer), which this uses:
// the copy is drawn at the new width and moved to the top, so the real
// cursor is never moved.
//
// A note of one paragraph whose view is already scrolled as it would be
// from scratch (the cursor's row the last shown, or the top) needs none
// of that: drawing the copy was a third of what each key cost.
func (m *editorModel) fitText(h int) {
	if m.area.LineCount() == 1 && m.area.ScrollYOffset() == max(0, m.area.LineInfo().RowOffset-h+1) {
		m.area.SetHeight(h)
		return
	}
	fresh := *m.area
	fresh.View() // the lines at the current width
	fresh.MoveToBegin()
	m.area.SetHeight(h)
}
