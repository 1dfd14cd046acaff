package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// TestNextRoundFromTheLobby: r on one of a facilitator's rooms asks for a
// title and makes the next round of it in one step: the same agenda,
// language and anonymity, linked to the earlier room; an empty title is
// asked again.
func TestNextRoundFromTheLobby(t *testing.T) {
	hub, ctx := newTestHub(t)
	fac := session.Identity{Key: []byte("golden facilitator")}
	first, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Vår", Template: "survey", Lang: "nb", Anonymity: session.Anonymous, Creator: fac})
	if err != nil {
		t.Fatal(err)
	}
	m := newRooms(ctx, hub, fac, new(English()), sharedStyles())
	m, _ = m.Update(m.load()())
	press := func(text string) tea.Cmd {
		var cmd tea.Cmd
		for _, r := range text {
			m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		return cmd
	}
	enter := func() tea.Msg {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		return cmd()
	}
	press("r")
	if m.asking != askNextRound {
		t.Fatalf("r asked %d", m.asking)
	}
	made := enter().(roomMadeMsg)
	m, _ = m.Update(made)
	if made.err == nil || m.asking != askNextRound {
		t.Fatalf("an empty title: %v, asking %d", made.err, m.asking)
	}
	press("Høst")
	made = enter().(roomMadeMsg)
	if made.err != nil {
		t.Fatal(made.err)
	}
	rep, err := hub.Report(ctx, made.code, session.ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Room.After != first.Code || rep.Room.Lang != "nb" || rep.Room.Anonymity != string(session.Anonymous) || len(rep.Activities) != 3 || rep.Activities[2].Kind != session.KindPoll {
		t.Fatalf("the next round: %+v, %d activities", rep.Room, len(rep.Activities))
	}
}
