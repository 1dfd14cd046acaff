package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// The keys of plain mode that the full screen does by pointing or with a
// panel: going to a note by its number, changing and deleting one's own
// note, and for facilitators the agenda and who is here, told as lines.

// plainChangedMsg is the room's answer to a change of one's own note.
type plainChangedMsg struct {
	err     error
	deleted bool
	text    string
}

// askJump asks for a note's number; a digit typed as the key starts it.
func (p *Plain) askJump(typed string) {
	n := len(p.notes())
	if n == 0 {
		p.say(p.text.PlainNoNotes)
		return
	}
	if typed == "#" {
		typed = ""
	}
	p.asked = asked{activity: p.snap.Activity.ID, notes: noteIDs(p.notes())}
	p.ask(askJump, fmt.Sprintf(p.text.PlainJump, n), typed)
}

// jump goes to the note of the number the person heard.
func (p *Plain) jump(answer string) {
	p.stage = browsing
	if p.movedOn(p.asked) {
		return
	}
	ids := p.asked.notes
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(answer), "#"))
	if err != nil || n < 1 || n > len(ids) {
		p.say(fmt.Sprintf(p.text.PlainBadNumber, len(ids)))
		return
	}
	for i, note := range p.notes() {
		if note.ID == ids[n-1] {
			p.point(i)
			p.readSelected()
			return
		}
	}
	p.say(p.text.ErrNoNote)
}

// ownSelected is the selected note if it is the person's own.
func (p *Plain) ownSelected() (session.Note, bool) {
	notes := p.notes()
	if !p.pointed || len(notes) == 0 {
		p.say(p.text.ErrNoNote)
		return session.Note{}, false
	}
	n := notes[min(p.index, len(notes)-1)]
	if !p.snap.Mine(p.member.ID(), n) {
		p.say(p.text.ErrNotYours)
		return session.Note{}, false
	}
	return n, true
}

func (p *Plain) editOwn() {
	n, ok := p.ownSelected()
	if !ok {
		return
	}
	p.asked = asked{activity: p.snap.Activity.ID, note: n.ID}
	p.ask(askEdit, p.text.PlainEdit, n.Text)
}

func (p *Plain) deleteOwn() {
	n, ok := p.ownSelected()
	if !ok {
		return
	}
	p.asked = asked{activity: p.snap.Activity.ID, note: n.ID, text: n.Text}
	p.ask(askDelete, p.text.DeleteAsk, "")
}

// changeOwn carries out an edit or a confirmed delete.
func (p *Plain) changeOwn(stage plainStage, answer string) tea.Cmd {
	p.stage = browsing
	q, member, ctx := p.asked, p.member, p.deps.Ctx
	if p.movedOn(q) {
		return nil
	}
	if stage == askDelete {
		if !yes(answer) {
			p.say(p.text.PlainCancelled)
			return nil
		}
		return func() tea.Msg {
			return plainChangedMsg{err: member.DeleteNote(ctx, q.note), deleted: true, text: q.text}
		}
	}
	return func() tea.Msg { return plainChangedMsg{err: member.EditNote(ctx, q.note, answer), text: answer} }
}

func (p *Plain) changed(msg plainChangedMsg) {
	switch {
	case msg.err != nil:
		p.say(p.text.explain(msg.err, p.snap))
	case msg.deleted:
		p.say(fmt.Sprintf(p.text.PlainDeleted, short(msg.text)))
	default:
		p.say(fmt.Sprintf(p.text.PlainChanged, msg.text))
	}
}

// sayAgenda reads the agenda with the current activity marked, and asks
// where to go.
func (p *Plain) sayAgenda() {
	acts := p.snap.Activities
	parts := make([]string, len(acts))
	for i, a := range acts {
		parts[i] = fmt.Sprintf("%d %s", i+1, a.Title)
		if a.ID == p.snap.Activity.ID {
			parts[i] += " (" + p.text.PlainAgendaNow + ")"
		}
	}
	p.say(fmt.Sprintf(p.text.PlainAgenda, strings.Join(parts, ", ")))
	p.asked = asked{activity: p.snap.Activity.ID}
	p.ask(askAgendaGo, fmt.Sprintf(p.text.PlainAgendaGo, len(acts)), "")
}

// agendaGo goes to the activity of the number given; enter alone stays.
func (p *Plain) agendaGo(answer string) tea.Cmd {
	p.stage = browsing
	answer = strings.TrimSpace(answer)
	if answer == "" || p.movedOn(p.asked) {
		return nil
	}
	n, err := strconv.Atoi(answer)
	if err != nil || n < 1 || n > len(p.snap.Activities) {
		p.say(fmt.Sprintf(p.text.PlainBadActivity, len(p.snap.Activities)))
		return nil
	}
	steps, member, ctx := n-1-activityIndex(p.snap), p.member, p.deps.Ctx
	return roomAction(func() error { return member.Go(ctx, steps) })
}

// sayPeople reads who is here: names or numbers as the room allows, who
// is done and who facilitates.
func (p *Plain) sayPeople() {
	var parts []string
	for _, who := range p.snap.PresentFor(p.member.ID()) {
		part := p.personName(who.Person)
		if who.Facilitator {
			part += " (" + p.text.Facilitator + ")"
		}
		if who.Ready {
			part += " " + p.text.Done
		}
		parts = append(parts, part)
	}
	p.say(fmt.Sprintf(p.text.PlainPeople, strings.Join(parts, ", ")))
}

// selectedItem is the note or item the person has gone to, if any.
func (p *Plain) selectedItem() (string, bool) {
	notes := p.notes()
	if !p.pointed || len(notes) == 0 {
		return "", false
	}
	return notes[min(p.index, len(notes)-1)].ID, true
}

// scored says one's own answer as the room now has it, or why not.
func (p *Plain) scored(msg scoredMsg) {
	if msg.err != nil {
		p.say(p.text.explain(msg.err, p.snap))
		return
	}
	p.snap = p.member.Latest()
	if mark, ok := viewOf(p.snap.Activity).mark(&p.text, p.snap, p.member.ID(), msg.item); ok {
		p.say(fmt.Sprintf(p.text.PlainAnswered, mark))
	}
}
