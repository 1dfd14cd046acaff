package tui

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"weak"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/samla/samla/session"
)

// TestIdleBoardHoldsNoTextarea: a textarea holds about 220 KB, and most
// people on a board are not writing; only an open editor has one.
func TestIdleBoardHoldsNoTextarea(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	if s.app.board.editor.area != nil {
		t.Fatal("the board holds a textarea before anyone writes")
	}
	s.keys("n")
	if s.app.board.editor.area == nil {
		t.Fatal("n opened an editor without a textarea")
	}
	s.keys("esc")
	if s.app.board.editor.area != nil {
		t.Fatal("esc left the textarea held")
	}
	s.keys("n", "Sparad", "enter")
	if !strings.Contains(s.screen(), "Saved.") {
		t.Fatalf("the note was not saved:\n%s", s.screen())
	}
	if s.app.board.editor.area != nil {
		t.Fatal("a saved note left the textarea held")
	}
}

// TestAClosedTextareaIsLetGo: once the editor closes, nothing keeps its
// textarea (240 KB of line capacity) alive: not the last typed key, not
// the last drawing, not the board.
func TestAClosedTextareaIsLetGo(t *testing.T) {
	for _, close := range []string{"enter", "esc"} {
		s := newScreenTest(t, 80, 24, session.RoomSpec{})
		s.named("Eva")
		s.keys("n", "Sparad")
		_ = s.screen()
		gone := weak.Make(s.app.board.editor.area)
		s.keys(close)
		_ = s.screen()
		runtime.GC()
		if gone.Value() != nil {
			t.Errorf("after %s the closed textarea is still held", close)
		}
		runtime.KeepAlive(s) // the session, and all it holds, is still there
	}
}

// TestSavingDrawsTheNoteOnce: "Saving…" under the note changes the
// editor's last line, not the textarea, which is not drawn again for it.
func TestSavingDrawsTheNoteOnce(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.keys("n", "Sparad")
	_ = s.screen()
	body := s.app.board.editor.drawn.body.lines
	s.app.board.editor.saving = true
	if scr := s.screen(); !strings.Contains(scr, s.app.text.Saving) || !strings.Contains(scr, "Sparad") {
		t.Fatalf("saving shows:\n%s", scr)
	}
	if again := s.app.board.editor.drawn.body.lines; len(body) == 0 || &again[0] != &body[0] {
		t.Error("the textarea was drawn again to say the note is being saved")
	}
}

// TestSavingDoesNotEmptyTheTextarea: emptying an open textarea allocates
// its whole line capacity (about 240 KB), which a saved note only drops
// afterwards; with a note in every room at once that was a twentieth of
// the server's work. The editor lets go of the textarea first.
func TestSavingDoesNotEmptyTheTextarea(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	// The least of three: the room's goroutines allocate too, now and then.
	least := uint64(math.MaxUint64)
	for range 3 {
		s.keys("n", "Sparad")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s.app.Update(noteSavedMsg{})
		runtime.ReadMemStats(&after)
		if s.app.board.editor.area != nil || s.app.board.editor.value() != "" {
			t.Fatalf("the saved note left the editor holding %q", s.app.board.editor.value())
		}
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	if least > 120<<10 {
		t.Fatalf("taking a saved note allocated %d KB", least>>10)
	}
}

// TestTextSurvivesAFailedSaveAndClosing: what a refused save left in the
// editor, and what was pasted (which is not the draft until a key is
// typed), is there again when the editor is closed and opened.
func TestTextSurvivesAFailedSaveAndClosing(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.keys("n", "Telefonkön")
	s.send(noteSavedMsg{err: fmt.Errorf("could not save: %w", session.ErrDiskFull)})
	s.send(tea.PasteMsg{Content: " är lång"})
	s.keys("esc")
	if s.app.board.editor.area != nil {
		t.Fatal("esc left the textarea held")
	}
	if strings.Contains(s.screen(), "Telefonkön") {
		t.Fatalf("the closed editor still shows:\n%s", s.screen())
	}
	s.keys("n")
	if got := s.app.board.editor.value(); got != "Telefonkön är lång" {
		t.Fatalf("the reopened editor holds %q", got)
	}
	if !strings.Contains(s.screen(), "Telefonkön är lång") {
		t.Fatalf("the reopened editor does not show the text:\n%s", s.screen())
	}
	s.keys("!")
	if got := s.app.board.editor.value(); got != "Telefonkön är lång!" {
		t.Fatalf("typing after reopening gave %q: the cursor is not at the end", got)
	}
}

// TestChangingANoteKeepsTheDraft: e opens one's own note; closing it
// brings back the new note that was being written.
func TestChangingANoteKeepsTheDraft(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.keys("n", "Första", "enter")
	s.refresh(s.app.member)
	s.keys("n", "Utkast", "esc", "e")
	if got := s.app.board.editor.value(); got != "Första" {
		t.Fatalf("e opened the editor on %q, want the note", got)
	}
	s.keys("esc")
	if s.app.board.editor.area != nil {
		t.Fatal("esc left the textarea held")
	}
	s.keys("n")
	if got := s.app.board.editor.value(); got != "Utkast" {
		t.Fatalf("after changing a note the editor holds %q, want the draft", got)
	}
}

// TestClosedEditorRemembers: size, limit and colours set while the editor
// is closed are the textarea's when it opens, and the text comes back
// whole, with the cursor on the line it was on, even under a lower limit.
func TestClosedEditorRemembers(t *testing.T) {
	m := newEditor(new(English()), sharedStyles())
	m.setWidth(60)
	m.open()
	m.setValue("ett\ntvå\ntre")
	m.change(func(a *textarea.Model) { a.CursorUp() })
	m.close()
	m.setWidth(50)
	m.setLimit(2)
	m.setDark(false)
	m.open()
	a := m.area
	if got := a.Value(); got != "ett\ntvå\ntre" {
		t.Errorf("reopened with %q", got)
	}
	if a.Line() != 1 || a.Column() != len([]rune("två")) {
		t.Errorf("cursor at line %d column %d, want the end of line 1", a.Line(), a.Column())
	}
	if a.CharLimit != 8 || a.Width() != 46 || a.Placeholder != English().EditorTitle {
		t.Errorf("limit %d width %d placeholder %q", a.CharLimit, a.Width(), a.Placeholder)
	}
	if !reflect.DeepEqual(a.Styles(), areaStyles(false)) {
		t.Error("the textarea has not the light background's colours")
	}
}

func TestSplitAfterLine(t *testing.T) {
	for _, c := range []struct {
		s             string
		row           int
		before, after string
	}{
		{"", 0, "", ""},
		{"a", 0, "a", ""},
		{"a\nb", 0, "a", "\nb"},
		{"a\nb", 1, "a\nb", ""},
		{"a\n\nc", 1, "a\n", "\nc"},
		{"a\nb\n", 1, "a\nb", "\n"},
	} {
		before, after := splitAfterLine(c.s, c.row)
		if before != c.before || after != c.after {
			t.Errorf("splitAfterLine(%q, %d) = %q, %q; want %q, %q", c.s, c.row, before, after, c.before, c.after)
		}
	}
}

// TestReopeningKeepsTheCursorLine: in a pasted note of several lines, the
// editor opens again at the end of the line the cursor was on.
func TestReopeningKeepsTheCursorLine(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.keys("n")
	s.send(tea.PasteMsg{Content: "ett\ntvå\ntre"})
	s.send(tea.KeyPressMsg{Code: tea.KeyUp})
	s.keys("esc", "n", "!")
	if got := s.app.board.editor.value(); got != "ett\ntvå!\ntre" {
		t.Fatalf("typing after reopening gave %q", got)
	}
}

// The editor's kept drawing is never stale: after each change, what it
// shows is what drawing it afresh shows, and a view with nothing changed
// is the kept one.
func TestEditorDrawingFollowsEveryChange(t *testing.T) {
	en, sv := English(), Swedish()
	m := newEditor(&en, sharedStyles())
	m.setWidth(60)
	m.open()
	steps := []struct {
		name   string
		change func(m *editorModel)
	}{
		{"typed", func(m *editorModel) { *m, _ = m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"}) }},
		{"pasted", func(m *editorModel) { *m, _ = m.Update(tea.PasteMsg{Content: " och b"}) }},
		{"cursor moved", func(m *editorModel) { *m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyLeft}) }},
		{"value set", func(m *editorModel) { m.setValue(strings.Repeat("lång rad ", 30)) }},
		{"narrower", func(m *editorModel) { m.setWidth(40) }},
		{"lower limit", func(m *editorModel) { m.setLimit(20) }},
		{"refused", func(m *editorModel) { m.err = "the disk is full" }},
		{"saving", func(m *editorModel) { m.saving = true }},
		{"Swedish", func(m *editorModel) { m.setText(&sv) }},
		{"titled", func(m *editorModel) { m.title = "Change the note" }},
		{"light", func(m *editorModel) { m.setDark(false) }},
		{"closed and opened", func(m *editorModel) { m.close(); m.open() }},
	}
	for _, st := range steps {
		before := m.View(12)
		st.change(&m)
		for _, h := range []int{12, 6} {
			if got, want := m.View(h), m.draw(h, editorHeight); got != want {
				t.Fatalf("%s, height %d: the editor shows\n%s\nbut is\n%s", st.name, h, got, want)
			}
		}
		if st.name != "closed and opened" && m.View(12) == before {
			t.Fatalf("%s changed nothing on screen; the step tests nothing", st.name)
		}
	}
	first := m.View(12)
	if again := m.View(12); again != first || m.drawn.out != first {
		t.Fatal("an unchanged editor was not drawn from what it kept")
	}
	// Each snapshot sets the limit and each resize the width: the same
	// values must not make a new textarea, which is drawn anew.
	area := m.area
	m.setLimit(m.limit)
	m.setWidth(m.width)
	if m.area != area {
		t.Fatal("setting the same limit and width made a new textarea: every change to the room redraws the note")
	}
}

// BenchmarkEditorKey is one key typed into an open note at 80x24 and the
// editor drawn: what every key of a person writing costs the server.
func BenchmarkEditorKey(b *testing.B) {
	for _, start := range []struct{ name, text string }{
		{"short", "Väntan"},
		{"three lines", strings.Repeat("Lång väntan på svar från handläggaren, ", 5)},
	} {
		b.Run(start.name, func(b *testing.B) {
			sv := Swedish()
			st := DefaultStyles()
			m := newEditor(&sv, &st)
			m.setWidth(80)
			m.openWith(start.text)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				key := tea.KeyPressMsg{Code: 'a', Text: "a"}
				if i%2 == 1 {
					key = tea.KeyPressMsg{Code: tea.KeyBackspace}
				}
				m, _ = m.Update(key)
				_ = m.View(18)
			}
		})
	}
}

// areaBindings must name every binding of the textarea's key map, or a key
// the textarea acts on would be inserted as text instead.
func TestAreaBindingsAreAll(t *testing.T) {
	km := textarea.DefaultKeyMap()
	if got, want := len(areaBindings(&km)), reflect.TypeOf(km).NumField(); got != want {
		t.Fatalf("areaBindings names %d bindings; textarea.KeyMap has %d", got, want)
	}
}

// Typed characters inserted directly leave the note, the cursor and the
// screen as textarea.Update leaves them; keys the textarea acts on still
// go to it.
func TestTypingIsWhatTheTextareaDoes(t *testing.T) {
	sv := Swedish()
	st := DefaultStyles()
	keys := []tea.KeyPressMsg{
		{Code: 'a', Text: "a"}, {Code: 'Å', Text: "Å", Mod: tea.ModShift}, {Code: ' ', Text: " "},
		{Code: tea.KeyLeft}, {Code: tea.KeyLeft}, {Code: '😊', Text: "😊"},
		{Code: tea.KeyBackspace}, {Code: 'f', Mod: tea.ModCtrl}, {Code: 'x', Text: "x"},
		{Code: tea.KeyHome}, {Code: 'b', Text: "b"},
	}
	for range 12 { // past the end of a line, so the note wraps
		keys = append(keys, tea.KeyPressMsg{Code: 'ö', Text: "ö"}, tea.KeyPressMsg{Code: 'k', Text: "k"}, tea.KeyPressMsg{Code: ' ', Text: " "})
	}
	fast := newEditor(&sv, &st)
	fast.setWidth(30)
	fast.openWith("Väntan")
	slow := newEditor(&sv, &st)
	slow.setWidth(30)
	slow.openWith("Väntan")
	for i, k := range keys {
		fast, _ = fast.Update(k)
		a, _ := slow.area.Update(k) // what the textarea does with every key
		slow.area = &a
		if f, s := fast.value(), slow.value(); f != s {
			t.Fatalf("key %d (%q): note %q, textarea %q", i, k.String(), f, s)
		}
		if f, s := fast.area.LineInfo(), slow.area.LineInfo(); f != s {
			t.Fatalf("key %d (%q): cursor %+v, textarea %+v", i, k.String(), f, s)
		}
		if f, s := fast.View(8), slow.View(8); f != s {
			t.Fatalf("key %d (%q): drawn\n%s\ntextarea\n%s", i, k.String(), f, s)
		}
	}
}

// The cards above an open note are kept between keys, and drawn again for
// every change to what they show: a note or a dot from someone else, the
// selection, the language, the size.
func TestCardsAboveTheEditorFollowEveryChange(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	omar := s.someoneWrites("Omar", "Lång väntan", "Svåra brev", "Tolk saknades")
	s.keys("n")
	s.keys("Mitt")
	grid := func() string {
		// What the board shows above the editor, drawn without what it kept.
		b := s.app.board
		_, bottom := b.frame()
		top, _ := b.frame()
		height := b.height - len(top) - len(bottom)
		return b.grid(height - lipgloss.Height(b.editor.View(height-cardHeight)))
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"a key", func() { s.keys("x") }},
		{"a note from someone", func() { _ = omar.AddNote(s.ctx, "Ny lapp från Omar"); s.refresh(omar) }},
		{"a dot", func() { _ = omar.Vote(s.ctx, s.app.board.notes()[0].ID); s.refresh(omar) }},
		{"narrower", func() { s.send(tea.WindowSizeMsg{Width: 60, Height: 24}) }},
	}
	for _, st := range steps {
		st.change()
		if !s.app.board.editing {
			t.Fatalf("%s: the editor closed", st.name)
		}
		screen := s.app.View().Content
		if want := grid(); !strings.Contains(screen, want) {
			t.Fatalf("%s: the cards above the editor are not the room's:\n%s\nwant above the editor\n%s", st.name, screen, want)
		}
	}
}

// Keys that came together are taken with no drawing between them
// (paint.Keys): characters typed directly, then a key that moves by the
// view (page up), must land where textarea.Update would put them.
func TestKeysTogetherTypeWhereTheTextareaWould(t *testing.T) {
	sv := Swedish()
	st := DefaultStyles()
	var keys []tea.KeyPressMsg
	for range 40 {
		keys = append(keys, tea.KeyPressMsg{Code: 'ö', Text: "ö"}, tea.KeyPressMsg{Code: 'k', Text: "k"}, tea.KeyPressMsg{Code: ' ', Text: " "})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyPgUp}, tea.KeyPressMsg{Code: 'w', Text: "w"},
		tea.KeyPressMsg{Code: tea.KeyPgDown}, tea.KeyPressMsg{Code: 'z', Text: "z"})
	fast := newEditor(&sv, &st)
	fast.setWidth(30)
	fast.openWith("Väntan")
	_ = fast.View(12)
	slow := newEditor(&sv, &st)
	slow.setWidth(30)
	slow.openWith("Väntan")
	_ = slow.View(12)
	for _, k := range keys { // no drawing in between
		fast, _ = fast.Update(k)
		a, _ := slow.area.Update(k)
		slow.area = &a
	}
	if f, s := fast.value(), slow.value(); f != s {
		t.Fatalf("keys taken together wrote\n%q\nthe textarea\n%q", f, s)
	}
	if f, s := fast.View(12), slow.View(12); f != s {
		t.Fatalf("drawn\n%s\ntextarea\n%s", f, s)
	}
}

// TestKeysDuringASaveAreNotLost: the room shows a new card before it
// answers the save, so keys pressed in between ("enter ?") come while the
// editor takes none. They are taken once the answer comes: on the board
// if the note was saved, in the note if it was refused.
func TestKeysDuringASaveAreNotLost(t *testing.T) {
	refused := fmt.Errorf("could not save: %w", session.ErrDiskFull)
	for _, tc := range []struct {
		name    string
		answer  error
		pressed string
		check   func(s *screenTest) error
	}{
		{"saved, then the help", nil, "?", func(s *screenTest) error {
			if s.app.board.open != helpPanel {
				return fmt.Errorf("the help is not open:\n%s", s.screen())
			}
			return nil
		}},
		{"refused, then typing on", refused, "!", func(s *screenTest) error {
			if got := s.app.board.editor.value(); got != "Kön!" {
				return fmt.Errorf("the editor holds %q", got)
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScreenTest(t, 80, 24, session.RoomSpec{})
			s.named("Eva")
			s.keys("n", "Kön")
			_, save := s.app.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
			if save == nil || !s.app.board.editor.saving {
				t.Fatal("enter did not start saving the note")
			}
			for _, r := range tc.pressed {
				if _, cmd := s.app.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); cmd != nil {
					t.Fatalf("%q during the save did something at once", r)
				}
			}
			s.send(noteSavedMsg{err: tc.answer})
			if err := tc.check(s); err != nil {
				t.Fatal(err)
			}
			if len(s.app.board.keysWhileSaving) != 0 {
				t.Fatalf("keys still held after the answer: %v", s.app.board.keysWhileSaving)
			}
		})
	}
}
