package tui

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// A paste of megabytes into the full-screen editor keeps at most its hard
// stop, and the editor says that the rest was cut.
func TestEditorPasteIsCutAtTheCap(t *testing.T) {
	m := newEditor(English(), DefaultStyles())
	m.setWidth(120)
	m.open()
	m, _ = m.Update(tea.PasteMsg{Content: strings.Repeat("ø", 3<<20)})
	if got := len([]rune(m.value())); got > m.area.CharLimit {
		t.Fatalf("editor holds %d characters, want at most %d", got, m.area.CharLimit)
	}
	if m.err != English().TooLong {
		t.Fatalf("editor says %q, want %q", m.err, English().TooLong)
	}
	if !strings.Contains(m.View(10), "too long") {
		t.Fatalf("the editor's view does not say the text was cut:\n%s", m.View(10))
	}
}
