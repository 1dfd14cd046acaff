package paint

import tea "charm.land/bubbletea/v2"

// Model wraps a program's model so that every view Bubble Tea asks of it,
// which it does after every update, is drawn on a Screen. The program must
// run without its own renderer (tea.WithoutRenderer).
type Model struct {
	inner    tea.Model
	screen   *Screen
	painters *Painters
	err      error

	frame *job     // made once: handing work to a painter allocates nothing
	view  tea.View // what the frame job made

	update *job    // the same for an update
	msg    tea.Msg // what the update job takes
	cmd    tea.Cmd // and what it gives
}

// Wrap returns inner drawing itself on screen, its frames made on
// painters (or, when painters is nil, on the program's own goroutine).
func Wrap(inner tea.Model, screen *Screen, painters *Painters) *Model {
	m := &Model{inner: inner, screen: screen, painters: painters}
	if painters != nil {
		screen.shared = painters.rows // the server's screens share painted rows
	}
	m.frame = &job{do: m.makeFrame, done: make(chan any, 1)}
	m.update = &job{do: m.runUpdate, done: make(chan any, 1)}
	return m
}

// Init starts the inner model.
func (m *Model) Init() tea.Cmd { return m.inner.Init() }

// Keys are key presses that arrived together. The model takes them one by
// one, as if each had come alone, and the screen is drawn once after the
// last: a burst of keys is one drawing, not one a key.
type Keys []tea.KeyPressMsg

// Update hands msg on, on a painter like the view, for the same reason:
// the update of a room's change is the program's other deep call, and
// grew the program's stack again after each collection. A new window size
// reaches the screen first, so the view made for it is drawn whole.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		m.screen.Resize(size.Width, size.Height)
	}
	m.msg = msg
	m.painters.do(m.update)
	cmd := m.cmd
	m.msg, m.cmd = nil, nil
	return m, cmd
}

func (m *Model) runUpdate() {
	if keys, ok := m.msg.(Keys); ok {
		cmds := make([]tea.Cmd, len(keys))
		for i, k := range keys {
			m.inner, cmds[i] = m.inner.Update(k)
		}
		m.cmd = tea.Batch(cmds...)
		return
	}
	m.inner, m.cmd = m.inner.Update(m.msg)
}

// View draws the inner view and returns it.
func (m *Model) View() tea.View {
	m.painters.do(m.frame)
	v := m.view
	m.view = tea.View{}
	if err := m.screen.flush(); err != nil && m.err == nil {
		m.err = err
	}
	return v
}

func (m *Model) makeFrame() {
	m.view = m.inner.View()
	m.screen.compose(m.view)
}

// Err is the first error writing to the terminal, if any: after it the
// terminal shows less than the model, and the connection is usually gone.
func (m *Model) Err() error { return m.err }

// Inner is the wrapped model.
func (m *Model) Inner() tea.Model { return m.inner }
