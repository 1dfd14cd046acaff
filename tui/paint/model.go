package paint

import tea "charm.land/bubbletea/v2"

// Model wraps a program's model so that every view Bubble Tea asks of it,
// which it does after every update, is drawn on a Screen. The program must
// run without its own renderer (tea.WithoutRenderer).
type Model struct {
	inner  tea.Model
	screen *Screen
	err    error
}

// Wrap returns inner drawing itself on screen.
func Wrap(inner tea.Model, screen *Screen) *Model {
	return &Model{inner: inner, screen: screen}
}

// Init starts the inner model.
func (m *Model) Init() tea.Cmd { return m.inner.Init() }

// Update hands msg on; a new window size reaches the screen first, so the
// view made for it is drawn whole.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		m.screen.Resize(size.Width, size.Height)
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

// View draws the inner view and returns it.
func (m *Model) View() tea.View {
	v := m.inner.View()
	if err := m.screen.Draw(v); err != nil && m.err == nil {
		m.err = err
	}
	return v
}

// Err is the first error writing to the terminal, if any: after it the
// terminal shows less than the model, and the connection is usually gone.
func (m *Model) Err() error { return m.err }

// Inner is the wrapped model.
func (m *Model) Inner() tea.Model { return m.inner }
