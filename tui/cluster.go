package tui

import (
	"context"
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

// clusterView is the groups activity: people sort the brainstorm's notes
// into named groups, by pointing on the board and by number in plain mode.
type clusterView struct{ baseView }

func (clusterView) keys(k KeyMap) []key.Binding              { return k.Groups.all() }
func (clusterView) plainKeys(k KeyMap) []key.Binding         { return k.PlainView.Sort.all() }
func (clusterView) hint(t *Text, _ *session.Snapshot) string { return t.ClusterHelp }
func (clusterView) short(k KeyMap) []key.Binding {
	g := k.Groups
	return []key.Binding{g.Pick, g.Move, g.TakeOut, g.Rename, k.Help, k.Quit}
}

func (clusterView) boardKey(m *boardModel, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	return m.clusterKey(msg)
}

func (clusterView) plainKey(p *Plain, msg tea.KeyPressMsg) (tea.Cmd, bool) { return p.sortKey(msg) }

// announce tells the groups whenever they change, and each duplicate mark.
func (clusterView) announce(p *Plain, prev, next *session.Snapshot) {
	if groupsLine(&p.text, prev) != groupsLine(&p.text, next) {
		if line := groupsLine(&p.text, next); line != "" {
			p.say(line)
		}
	}
	if prev.Activity.ID == next.Activity.ID {
		p.announceDuplicates(prev, next)
	}
}

func (clusterView) noteDetail(t *Text, s *session.Snapshot, n session.Note) string {
	if c, ok := s.ClusterOf(n.ID); ok {
		return fmt.Sprintf(t.PlainInGroup, c.Title)
	}
	return ""
}

// privateToggle: in a groups activity the private key decides whether only
// facilitators sort.
func (clusterView) privateToggle(member *session.Member, ctx context.Context, a session.Activity) func() error {
	return func() error { return member.SetClustering(ctx, a.ID, !a.FacilitatorsCluster) }
}

// clusterKey handles a grouping key on the board; ok false if not one.
func (m *boardModel) clusterKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
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
		// The prompt names the group and starts empty: a title cut with "…"
		// saved as it stands would be the group's name in the report.
		return m.ask(fmt.Sprintf(m.text.PlainGroupRename, c.Title), "", func(title string) tea.Cmd {
			return roomAction(func() error { return member.RenameCluster(ctx, sel, title) })
		}), true
	}
	return nil, false
}

func (m *boardModel) noteByID(id string) session.Note {
	for _, n := range m.notes() {
		if n.ID == id {
			return n
		}
	}
	return session.Note{}
}
