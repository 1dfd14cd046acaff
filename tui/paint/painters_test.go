package paint

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// viewModel shows a fixed text, or panics when it is "panic".
type viewModel struct{ text string }

func (m viewModel) Init() tea.Cmd                       { return nil }
func (m viewModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m viewModel) View() tea.View {
	if m.text == "panic" {
		panic("a view that fails")
	}
	return alt(m.text)
}

// Frames made on painters are what the program's own goroutine would have
// drawn, for many programs drawing at once.
func TestPaintersDrawWhatTheProgramWould(t *testing.T) {
	painters := NewPainters(2)
	defer painters.Close()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := strings.Repeat("x", i+1) + "\nrow two"
			var got, want bytes.Buffer
			m := Wrap(viewModel{text}, New(&got, colorprofile.ANSI, 40, 5), painters)
			if v := m.View(); v.Content != text {
				t.Errorf("view %q, want %q", v.Content, text)
			}
			if err := New(&want, colorprofile.ANSI, 40, 5).Draw(alt(text)); err != nil {
				t.Error(err)
			}
			if got.String() != want.String() || m.Err() != nil {
				t.Errorf("wrote %q (%v), want %q", got.String(), m.Err(), want.String())
			}
		}()
	}
	wg.Wait()
}

// A view that panics fails its own program, as it would without painters,
// and the painters go on drawing for everyone else.
func TestAPanickingViewFailsOnlyItsProgram(t *testing.T) {
	painters := NewPainters(1)
	defer painters.Close()
	bad := Wrap(viewModel{"panic"}, New(&bytes.Buffer{}, colorprofile.ANSI, 40, 5), painters)
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), "a view that fails") {
				t.Fatalf("recovered %v, want the view's panic", r)
			}
		}()
		bad.View()
	}()
	var out bytes.Buffer
	good := Wrap(viewModel{"still here"}, New(&out, colorprofile.ANSI, 40, 5), painters)
	good.View()
	if !strings.Contains(out.String(), "still here") {
		t.Fatalf("after a panic the painters drew %q", out.String())
	}
}

// A program drawing after the painters stopped (a server on its way down)
// makes its frame itself instead of waiting for ever.
func TestDrawingAfterCloseStillDraws(t *testing.T) {
	painters := NewPainters(1)
	painters.Close()
	painters.Close() // twice is harmless
	var out bytes.Buffer
	Wrap(viewModel{"closing"}, New(&out, colorprofile.ANSI, 40, 5), painters).View()
	if !strings.Contains(out.String(), "closing") {
		t.Fatalf("drew %q", out.String())
	}
}

// typed keeps what it was sent.
type typed struct{ got string }

func (m typed) Init() tea.Cmd { return nil }
func (m typed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		m.got += k.Text
		return m, func() tea.Msg { return k }
	}
	return m, nil
}
func (m typed) View() tea.View { return alt(m.got) }

// Keys that came together reach the model one by one, in order, and each
// key's command is kept; on painters (where updates run) as without them.
func TestKeysReachTheModelInOrder(t *testing.T) {
	painters := NewPainters(1)
	defer painters.Close()
	for _, p := range []*Painters{nil, painters} {
		m := Wrap(typed{}, New(&bytes.Buffer{}, colorprofile.ANSI, 20, 3), p)
		_, cmd := m.Update(Keys{{Code: 'a', Text: "a"}, {Code: 'b', Text: "b"}, {Code: 'c', Text: "c"}})
		_, _ = m.Update(tea.KeyPressMsg{Code: 'd', Text: "d"})
		if got := m.Inner().(typed).got; got != "abcd" {
			t.Fatalf("painters %v: the model was sent %q", p != nil, got)
		}
		batch, ok := cmd().(tea.BatchMsg)
		if !ok || len(batch) != 3 {
			t.Fatalf("painters %v: commands %#v, want the three keys' own", p != nil, cmd())
		}
	}
}
