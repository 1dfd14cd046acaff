package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// What the full screen does by pointing (picking a note up and putting it
// down, choosing a column with tab) plain mode asks by number, so that a
// screen-reader user can sort notes and fill a journey map from the
// keyboard, one question at a time.

// sortKey handles the keys of a groups activity: g puts the selected note
// with another, m merges their groups, x takes it out, c names its group,
// D marks it as a duplicate. The room decides who may sort.
func (p *Plain) sortKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := p.keys.PlainView.Sort
	if !key.Matches(msg, k.all()...) {
		return nil, false
	}
	notes := p.notes()
	if len(notes) == 0 {
		p.say(p.text.PlainNoNotes)
		return nil, true
	}
	note := notes[min(p.index, len(notes)-1)].ID
	group, grouped := p.snap.ClusterOf(note)
	member, ctx := p.member, p.deps.Ctx
	p.asked = asked{activity: p.snap.Activity.ID, note: note, notes: noteIDs(notes)}
	switch {
	case key.Matches(msg, k.With):
		p.ask(askGroupWith, fmt.Sprintf(p.text.PlainGroupWith, len(notes)), "")
	case !grouped && key.Matches(msg, k.Merge, k.Rename):
		p.say(p.text.ErrNoGroup)
	case key.Matches(msg, k.Merge):
		p.ask(askMergeWith, fmt.Sprintf(p.text.PlainMergeWith, len(notes)), "")
	case key.Matches(msg, k.Rename):
		// The title may be cut ("väntan: väntan · kö…"): say it, and let the
		// new name start empty rather than after a cut text.
		p.ask(askGroupName, fmt.Sprintf(p.text.PlainGroupRename, group.Title), "")
	case key.Matches(msg, k.TakeOut):
		return roomAction(func() error { return member.TakeOut(ctx, note) }), true
	case key.Matches(msg, k.Duplicate):
		return roomAction(func() error { return member.MarkDuplicate(ctx, note) }), true
	}
	return nil, true
}

// sortAnswer carries out a sorting question's answer. Numbers are the
// ones the person heard: in a groups activity notes change places as
// others sort.
func (p *Plain) sortAnswer(text string) tea.Cmd {
	stage, q, member, ctx := p.stage, p.asked, p.member, p.deps.Ctx
	note := q.note
	p.stage = browsing
	if p.movedOn(q) {
		return nil
	}
	if stage == askGroupName {
		return roomAction(func() error { return member.RenameCluster(ctx, note, text) })
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 || n > len(q.notes) {
		p.say(fmt.Sprintf(p.text.PlainBadNumber, len(q.notes)))
		return nil
	}
	target := q.notes[n-1]
	if stage == askMergeWith {
		return roomAction(func() error { return member.Merge(ctx, note, target) })
	}
	return roomAction(func() error { return member.Drop(ctx, note, target) })
}

// saveInColumn saves the note waiting for its column; enter alone is the
// first column, and a number that is none asks again.
func (p *Plain) saveInColumn(answer string) tea.Cmd {
	if p.movedOn(p.asked) {
		// The note is not lost: it is offered again, for where the room is now.
		p.ask(writing, p.text.PlainWrite, p.asked.text)
		return nil
	}
	cols := p.asked.columns
	answer = strings.TrimSpace(answer)
	n := 1
	if answer != "" {
		var err error
		if n, err = strconv.Atoi(answer); err != nil || n < 1 || n > len(cols) {
			p.say(fmt.Sprintf(p.text.PlainBadColumn, len(cols)))
			p.ask(askColumn, fmt.Sprintf(p.text.PlainColumn, numbered(cols)), "")
			return nil
		}
	}
	return p.save(p.asked.text, cols[n-1])
}

// movedOn tells the person, when the room has gone to another activity
// since the question, that their answer was not used.
func (p *Plain) movedOn(q asked) bool {
	if q.activity == p.snap.Activity.ID {
		return false
	}
	p.say(p.text.PlainMovedOn)
	return true
}

func noteIDs(notes []session.Note) []string {
	ids := make([]string, len(notes))
	for i, n := range notes {
		ids[i] = n.ID
	}
	return ids
}

func (p *Plain) save(text, column string) tea.Cmd {
	// Keys go on while the note is saved: the room may say "Saved" before
	// this reply comes, and the next n must not be lost in between. A
	// refusal asks again with the text (saved).
	p.stage = browsing
	member, ctx := p.member, p.deps.Ctx
	return func() tea.Msg { return noteSavedMsg{err: member.AddNoteIn(ctx, text, column)} }
}

// announceDuplicates tells each note marked, or unmarked, as a duplicate.
func (p *Plain) announceDuplicates(prev, next *session.Snapshot) {
	for _, n := range next.NotesFor(p.member.ID()) {
		switch was, is := prev.Duplicate(n.ID), next.Duplicate(n.ID); {
		case is && !was:
			p.say(fmt.Sprintf(p.text.PlainDup, short(n.Text)))
		case was && !is:
			p.say(fmt.Sprintf(p.text.PlainNotDup, short(n.Text)))
		}
	}
}

// numbered lists choices as "1 Före, 2 Under, 3 Efter".
func numbered(choices []string) string {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = fmt.Sprintf("%d %s", i+1, c)
	}
	return strings.Join(parts, ", ")
}
