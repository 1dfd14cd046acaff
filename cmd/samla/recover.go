package main

import (
	"log/slog"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/tui"
)

// guarded keeps a bug in one person's screen to that person: a panic in
// Update or View is logged with its stack, the person is told, and their
// session ends; the room, the server and everyone else go on. (Bubble Tea
// also catches panics, but only to print them to the process's stderr.)
type guarded struct {
	inner  tea.Model
	log    *slog.Logger
	failed bool
}

// switched passes on the view's request to switch to the other view.
func (g *guarded) switched() (tui.Switch, bool) {
	if sw, ok := g.inner.(interface{ Switched() (tui.Switch, bool) }); ok && !g.failed {
		return sw.Switched()
	}
	return tui.Switch{}, false
}

func (g *guarded) fail(r any) {
	g.failed = true
	g.log.Error("session panic", "panic", r, "stack", string(debug.Stack()))
}

func (g *guarded) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			cmd = tea.Quit
		}
	}()
	return g.inner.Init()
}

func (g *guarded) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if g.failed {
		return g, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			m, cmd = g, tea.Quit
		}
	}()
	g.inner, cmd = g.inner.Update(msg)
	return g, cmd
}

func (g *guarded) View() (v tea.View) {
	if g.failed {
		// Off the alternate screen, so the words stay after the session ends.
		return tea.NewView("samla: something went wrong on our side and this session ended.\nPlease connect again; nothing you saved is lost.\n")
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			v = g.View()
		}
	}()
	return g.inner.View()
}
