package tui

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/sanitize"
)

// lockedBuffer is written by Lines' goroutine and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A paste of megabytes at a plain-mode prompt keeps only the cap, and the
// person is told, once, that the rest was cut.
func TestPlainPasteIsCutAtTheCap(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  func(string) tea.Msg
	}{
		{"paste", func(s string) tea.Msg { return tea.PasteMsg{Content: s} }},
		{"keys", func(s string) tea.Msg { return tea.KeyPressMsg{Text: s, Code: 'a'} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w lockedBuffer
			out := NewLines(&w)
			p := NewPlain(Deps{}, out)
			p.ask(askCode, "Code: ", "")
			big := strings.Repeat("å", 3<<20) // 6 MiB
			p.Update(tc.msg(big))
			p.Update(tc.msg(big))
			if got := len(p.line); got != plainLineRunes {
				t.Fatalf("line holds %d characters, want the cap %d", got, plainLineRunes)
			}
			out.Close()
			said := w.String()
			if n := strings.Count(said, English().TooLong); n != 1 {
				t.Fatalf("told %d times that the text was cut, want once", n)
			}
			if len(said) > 4*plainLineBytes {
				t.Fatalf("echoed %d bytes for a line capped at %d", len(said), plainLineBytes)
			}
		})
	}
}

func TestClipKeepsWholeRunes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 2, "ab"},
		{"åäö", 3, "å"}, // å is two bytes; the third byte starts ä
		{"åäö", 4, "åä"},
		{"å", 1, ""},
	} {
		if got := clip(tc.in, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// A paste of megabytes into the full-screen editor keeps at most the
// note's limit, and the editor says that it was cut, and to what.
func TestEditorPasteIsCutAtTheCap(t *testing.T) {
	m := newEditor(new(English()), sharedStyles())
	m.setWidth(120)
	m.open()
	m, _ = m.Update(tea.PasteMsg{Content: strings.Repeat("ø", 3<<20)})
	if got := m.length(); got != m.limit {
		t.Fatalf("editor holds %d characters, want the limit %d", got, m.limit)
	}
	if !strings.Contains(m.View(10), "at most 280 characters") {
		t.Fatalf("the editor's view does not say the text was cut to the limit:\n%s", m.View(10))
	}
}

// TestLongPasteSaves: 5,000 characters pasted into a note are cut to the
// room's limit (here after what was typed), so enter saves the note rather
// than refuse it; a paste that fits is kept whole and says nothing.
func TestLongPasteSaves(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.keys("n", "Brev: ")
	s.send(tea.PasteMsg{Content: strings.Repeat("ord ", 1250)})
	if !strings.Contains(s.screen(), "at most 280 characters") {
		t.Fatalf("the editor does not say the paste was cut:\n%s", s.screen())
	}
	s.keys("enter")
	notes := s.app.member.Latest().NotesFor(s.app.member.ID())
	if len(notes) != 1 || sanitize.Len(notes[0].Text) > 280 || !strings.HasPrefix(notes[0].Text, "Brev: ord ord") {
		t.Fatalf("notes after a long paste and enter: %+v\n%s", notes, s.screen())
	}
	s.keys("n")
	s.send(tea.PasteMsg{Content: "kort"})
	if strings.Contains(s.screen(), "at most 280") || s.app.board.editor.value() != "kort" {
		t.Fatalf("a short paste: %q\n%s", s.app.board.editor.value(), s.screen())
	}
}
