package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// The board in a cluster activity: enter picks a note up and puts it down
// on another (a new group of the two, or into that note's group); m picks
// up a whole group to merge; x takes a note out; c names its group; D marks
// a duplicate. Every move goes through the room, so all screens agree.

type pickKind int

const (
	pickNote pickKind = iota + 1
	pickGroup
)

// clusterKey handles a key in a cluster activity; ok false if not one.
func (m *boardModel) clusterKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.snap.Activity.Kind != "cluster" {
		return nil, false
	}
	member, ctx, sel := m.member, m.ctx, m.selected
	g := m.keys.Groups
	switch {
	case key.Matches(msg, g.Pick):
		if sel == "" {
			m.setStatus(m.text.ErrNoNote, true)
			return nil, true
		}
		if m.picked == "" {
			m.picked, m.pickKind = sel, pickNote
			m.setStatus(fmt.Sprintf(m.text.Picked, short(m.noteByID(sel).Text)), false)
			return nil, true
		}
		picked, kind := m.picked, m.pickKind
		m.picked = ""
		m.setStatus("", false)
		if kind == pickGroup {
			return roomAction(func() error { return member.Merge(ctx, picked, sel) }), true
		}
		return roomAction(func() error { return member.Drop(ctx, picked, sel) }), true
	case key.Matches(msg, g.Drop):
		if m.picked == "" {
			return nil, false
		}
		m.picked = ""
		m.setStatus("", false)
		return nil, true
	case key.Matches(msg, g.Move):
		if _, ok := m.snap.ClusterOf(sel); !ok {
			m.setStatus(m.explain(session.ErrNoSuchCluster), true)
			return nil, true
		}
		m.picked, m.pickKind = sel, pickGroup
		m.setStatus(m.text.PickedGroup, false)
		return nil, true
	case key.Matches(msg, g.TakeOut):
		return roomAction(func() error { return member.TakeOut(ctx, sel) }), true
	case key.Matches(msg, g.Duplicate):
		return roomAction(func() error { return member.MarkDuplicate(ctx, sel) }), true
	case key.Matches(msg, g.Rename):
		c, ok := m.snap.ClusterOf(sel)
		if !ok {
			m.setStatus(m.explain(session.ErrNoSuchCluster), true)
			return nil, true
		}
		return m.ask(m.text.GroupName, c.Title, func(title string) tea.Cmd {
			return roomAction(func() error { return member.RenameCluster(ctx, sel, title) })
		}), true
	}
	return nil, false
}

func (m boardModel) noteByID(id string) session.Note {
	for _, n := range m.notes() {
		if n.ID == id {
			return n
		}
	}
	return session.Note{}
}
