package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// What plain mode tells about an activity, and when. A screen-reader user
// cannot glance at the screen: whoever arrives, and everyone when the
// activity changes, hears the question and the rules whole, and the
// outcome where there is one. Others' dots are told as one line every few
// seconds at most, so one's own reading is not drowned in them.

// dotsEvery is how often, at most, others' dots are told as one line.
const dotsEvery = 3 * time.Second

// plainDotsMsg asks for the dots gathered since the last line.
type plainDotsMsg struct{ activity string }

// sayActivity tells the current activity: where it is in the agenda, its
// question, what to do and the rules, and its outcome if it shows one.
func (p *Plain) sayActivity() {
	s, a := p.snap, p.snap.Activity
	p.say(sentences(fmt.Sprintf(p.text.PlainActivity, activityIndex(s)+1, max(1, len(s.Activities)), a.Title), a.Prompt))
	if v, ok := shownView(s).(tellingView); ok {
		for _, l := range v.tell(&p.text, s) {
			p.say(l)
		}
		p.sayKindKeys()
		return
	}
	for _, rule := range p.rules() {
		p.say(rule)
	}
	for _, line := range contextSentences(&p.text, s.Context) {
		p.say(line)
	}
	if (a.Ranked() && !a.VotesSecret()) || s.Outcome != nil {
		p.say(p.results(s))
	}
	p.sayKindKeys()
}

// rules are the activity's rules as sentences: private writing, the dots
// one has and how many fit on a note, and whether they are hidden.
func (p *Plain) rules() []string {
	s, a := p.snap, p.snap.Activity
	var out []string
	if a.Hidden() {
		out = append(out, privateLine(&p.text, s.HiddenCount(p.member.ID())))
	}
	if a.TakesDots() {
		out = append(out, fmt.Sprintf(p.text.PlainVoteRules, s.VoteBudget, s.MaxPerItem))
	}
	if a.VotesSecret() {
		out = append(out, secretLine(&p.text, a))
	}
	if _, scored := viewOf(a).mark(&p.text, s, "", ""); scored {
		out = append(out, viewOf(a).hint(&p.text, s))
	}
	return out
}

// results says a ranked outcome, or that nobody gave a dot.
func (p *Plain) results(s *session.Snapshot) string {
	if said, ok := outcomeSentence(&p.text, s.Outcome); ok {
		return fmt.Sprintf(p.text.PlainResults, said)
	}
	for _, n := range s.NotesFor(p.member.ID()) {
		if n.Votes > 0 {
			return fmt.Sprintf(p.text.PlainResults, p.ranking(s))
		}
	}
	return p.text.PlainNoResults
}

// resync takes the room's dots as told without saying them: after an
// activity change or a reveal, the counts belong to what was just said.
func (p *Plain) resync(s *session.Snapshot) {
	me := p.member.ID()
	p.seen, p.mySeen, p.dotsDue = map[string]int{}, map[string]int{}, map[string]bool{}
	for _, n := range s.NotesFor(me) {
		p.seen[n.ID], p.mySeen[n.ID] = n.Votes, s.MyVotes(me, n.ID)
	}
}

// gatherDots notes whose dots others changed, to be told together; the
// first change schedules the line.
func (p *Plain) gatherDots(id string) {
	if len(p.dotsDue) == 0 {
		p.dotsAt = p.snap.Activity.ID
	}
	p.dotsDue[id] = true
}

// dotsCmd schedules the line for gathered dots, once per batch.
func (p *Plain) dotsCmd() tea.Cmd {
	if len(p.dotsDue) == 0 || p.dotsScheduled {
		return nil
	}
	p.dotsScheduled = true
	return laterCmd(p.deps.Ctx, p.deps.Send, dotsEvery, plainDotsMsg{activity: p.dotsAt})
}

// sayDots tells the gathered dots as they are now, in one line.
func (p *Plain) sayDots(msg plainDotsMsg) {
	p.dotsScheduled = false
	due := p.dotsDue
	p.dotsDue = map[string]bool{}
	if msg.activity != p.snap.Activity.ID || p.snap.Activity.VotesSecret() {
		return
	}
	var dots []string
	for _, n := range p.notes() {
		if due[n.ID] {
			dots = append(dots, fmt.Sprintf(p.text.PlainDotsItem, short(n.Text), n.Votes))
		}
	}
	if len(dots) > 0 {
		p.say(fmt.Sprintf(p.text.PlainDots, strings.Join(dots, "; ")))
	}
}

// point selects note i and remembers it by id, so the selection follows
// the note when others sort or write.
func (p *Plain) point(i int) {
	notes := p.notes()
	if len(notes) == 0 {
		p.pointed, p.selectedID = false, ""
		return
	}
	p.index = max(0, min(len(notes)-1, i))
	p.pointed, p.selectedID = true, notes[p.index].ID
}

// follow finds the selected note again after the room changed.
func (p *Plain) follow() {
	for i, n := range p.notes() {
		if n.ID == p.selectedID {
			p.index = i
			return
		}
	}
	p.index = min(p.index, max(0, len(p.notes())-1))
}
