package main

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestFacilitatorDrivesTheRoom: a facilitator and three participants, over
// real SSH: private writing, reveal, timer to zero, focus, ready, a new
// activity from the agenda that every screen follows, and a lock.
func TestFacilitatorDrivesTheRoom(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir)
	out, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: `new "Innovationsverkstad"`})
	code, _, _ := strings.Cut(out, "\n")
	if status != 0 {
		t.Fatalf("new: %d", status)
	}

	fac := enter(t, srv.addr, code, "Fia", facKey)
	fac.WaitFor(t, "(facilitator)")
	people := []*termtest.Client{
		enter(t, srv.addr, code, "Ali", termtest.NewSigner(t)),
		enter(t, srv.addr, code, "Bea", termtest.NewSigner(t)),
		enter(t, srv.addr, code, "Cem", termtest.NewSigner(t)),
	}
	fac.WaitFor(t, "0 of 3 done")

	// Participants cannot drive: ] does nothing for them.
	people[0].Press("]")
	people[0].WaitFor(t, "Brainstorm")

	// Private writing: each sees only their own notes and how many others wrote.
	fac.Press("W")
	for _, p := range people {
		p.WaitFor(t, "Private writing: only you see your notes")
	}
	for i, p := range people {
		p.Press("n")
		p.Answer(t, "New note", []string{"Ali skriver", "Bea skriver", "Cem skriver"}[i])
		p.WaitFor(t, "Saved.")
	}
	people[0].WaitFor(t, "Others have written a few.")
	if s := people[0].Screen(); strings.Contains(s, "Bea skriver") || !strings.Contains(s, "Ali skriver") {
		t.Fatalf("private writing leaked or lost a note:\n%s", s)
	}

	// Reveal asks first: Caps Lock or a phone's auto-capital must not
	// reveal private notes. "n" keeps them private.
	fac.Press("R")
	fac.Answer(t, "Show everyone's notes and dots to the whole room now?", "n")
	fac.WaitFor(t, "Others have written a few.")
	if s := people[0].Screen(); strings.Contains(s, "Bea skriver") {
		t.Fatalf("a reveal answered no revealed:\n%s", s)
	}
	// Reveal: everyone sees everything at once.
	fac.Press("R")
	fac.Answer(t, "Show everyone's notes and dots to the whole room now?", "y")
	for _, p := range append(people, fac) {
		p.WaitFor(t, "Cem skriver")
		p.WaitFor(t, "Bea skriver")
	}

	// Ready: the facilitator sees the count.
	people[1].Press("r")
	people[1].WaitFor(t, "you are done")
	fac.WaitFor(t, "1 of 3 done")

	// Focus: everyone's selection goes to the facilitator's card.
	fac.Press("right", "right")
	fac.Press("F")
	for _, p := range people {
		p.WaitFor(t, "asks everyone to look at this note")
	}

	// Timer: three seconds, then time's up on every screen.
	fac.Press("t")
	fac.Answer(t, "Minutes", "0:03")
	for _, p := range people {
		p.WaitFor(t, "⏱ 0:0")
	}
	for _, p := range people {
		p.WaitFor(t, "time's up")
	}

	// Affinity mapping by keyboard: a participant makes a group of two.
	addActivity(t, fac, "g", "Gruppera", 2)
	fac.Press("]")
	for _, p := range people {
		p.WaitFor(t, "Gruppera (2 of 2)")
		p.WaitFor(t, "Sort the notes into groups")
	}
	sorter := people[0]
	sorter.Press("enter") // pick up the selected note
	sorter.WaitFor(t, "Picked up")
	sorter.Press("right")
	sorter.Press("enter") // put it on the next one: a new group
	for _, p := range people {
		p.WaitFor(t, "◆ ")
	}
	sorter.Press("c")
	sorter.WaitFor(t, "New name for the group")
	sorter.Press("ctrl+u")
	sorter.Type("Röster")
	sorter.Press("enter")
	for _, p := range append(people, fac) {
		p.WaitFor(t, "◆ Röster")
	}

	// A secret dot vote on the groups; every screen follows the room there.
	addActivity(t, fac, "v", "Prioritera", 3)
	fac.Press("]")
	for _, p := range people {
		p.WaitFor(t, "Prioritera (3 of 3)")
		p.WaitFor(t, "Secret vote")
		p.WaitFor(t, "Röster:")
	}
	for _, p := range people {
		// The ballot has the group and the notes in no group; the group is
		// first, wherever the selection was left in the sorting.
		p.Press("up", "up", "left", "left", "left", "space")
		p.WaitFor(t, "you: 1")
	}
	fac.WaitFor(t, "3 have voted")
	if strings.Contains(people[0].Screen(), "● 3") {
		t.Fatalf("a secret vote shows totals:\n%s", people[0].Screen())
	}
	fac.Press("R")
	fac.Answer(t, "Show everyone's notes and dots", "y")
	for _, p := range people {
		p.WaitFor(t, "#1 ● 3")
	}

	// Results show the ranking to everyone, and take no dots.
	addActivity(t, fac, "r", "Resultat", 4)
	fac.Press("]")
	people[0].WaitFor(t, "Resultat (4 of 4)")
	people[0].WaitFor(t, "#1 ● 3")
	people[0].Press("space")
	people[0].WaitFor(t, "No dots here")

	// The people panel: make Bea co-facilitator, remove Cem.
	fac.Press("P")
	fac.WaitFor(t, "People here")
	fac.WaitFor(t, "Fia (facilitator)")
	fac.Press("down", "down") // Fia, Ali, Bea
	fac.Press("f")
	fac.WaitFor(t, "Make Bea co-facilitator?")
	fac.Press("y")
	fac.WaitFor(t, "Bea (facilitator)")
	people[1].WaitFor(t, "(facilitator)")
	fac.Press("down") // Cem
	fac.Press("x")
	fac.WaitFor(t, "Remove Cem from the room for good?")
	fac.Press("y") // one key answers
	people[2].WaitFor(t, "The facilitator has removed you from this room.")
	// Cem's note may still be read above the panel; the list must not name him.
	fac.WaitForFunc(t, "Cem off the people list", func(screen string) bool { return !strings.Contains(screen, "│   Cem") })
	fac.Press("esc")
	fac.WaitGone(t, "People here") // esc and K together would read as alt+K

	// Lock: someone new is turned away with a reason; people already in are not.
	fac.Press("K")
	fac.Answer(t, "Lock the room, so nobody new gets in?", "y")
	fac.WaitFor(t, "locked")
	late := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: termtest.NewSigner(t)})
	late.WaitFor(t, "This room is locked")
}

// addActivity adds an activity through the agenda panel (kind is the
// panel's key: a brainstorm, g groups, v vote, r results) and waits for it
// to stand at position n.
func addActivity(t *testing.T, fac *termtest.Client, kind, title string, n int) {
	t.Helper()
	fac.Press("A")
	fac.WaitFor(t, "Agenda")
	fac.Press(kind)
	fac.Type(title)
	fac.Press("enter")
	fac.WaitFor(t, fmt.Sprintf("%d. %s", n, title))
	fac.Press("esc")
}

// TestJourneyMapColumns: the facilitator names columns; a participant's note
// goes to the column they choose with tab, and every card says its column.
func TestJourneyMapColumns(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir)
	code := newRoom(t, dir, "Brukarresa")
	fac := enter(t, srv.addr, code, "Fia", facKey)
	p := enter(t, srv.addr, code, "Per", nil)

	fac.Press("A")
	fac.WaitFor(t, "Agenda")
	fac.Press("c")
	fac.Answer(t, "Columns", "Före kontakt, Första kontakt, Väntan")
	fac.Press("esc")
	p.WaitFor(t, "▤ Före kontakt · Första kontakt · Väntan")

	p.Press("n")
	p.WaitFor(t, "New note in Före kontakt")
	p.Press("tab", "tab")
	p.Answer(t, "New note in Väntan", "Ingen återkoppling")
	for _, c := range []*termtest.Client{p, fac} {
		c.WaitFor(t, "▤ Väntan")
	}
}

// TestFacilitatorLobby: a facilitator's lobby lists the rooms and makes a
// new one, which they then facilitate; a participant's lobby does not.
func TestFacilitatorLobby(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir)
	old := newRoom(t, dir, "Förra veckan")

	lobby := termtest.Dial(t, srv.addr, termtest.Options{User: "fia", Signer: facKey})
	lobby.WaitFor(t, "Your rooms")
	lobby.WaitFor(t, old+"  Förra veckan")
	lobby.Press("tab")
	lobby.Press("n")
	lobby.Answer(t, "Title of the new room", "Anhörigträff")
	lobby.Answer(t, "Who sees names?", "a")
	// The room's language is asked, not taken from the facilitator's
	// screen: here an English screen makes a Swedish room.
	lobby.Answer(t, "Language of the room? s svenska, n norsk, e English (enter: English):", "tyska")
	lobby.Answer(t, "Language of the room?", "s")
	lobby.Answer(t, "Start with (enter: one brainstorm; or brukarresa, hmw, panel, survey):", "resa")
	lobby.Answer(t, "There is no such template.", "brukarresa")
	lobby.WaitFor(t, "Det här rummet är anonymt")
	lobby.Press("enter")
	lobby.WaitFor(t, "(samtalsledare)")
	lobby.WaitFor(t, "Anhörigträff")
	lobby.WaitFor(t, "Brukarresan (1 av 4)")

	guest := termtest.Dial(t, srv.addr, termtest.Options{User: "per"})
	guest.WaitFor(t, "Room code:")
	if strings.Contains(guest.Screen(), "Your rooms") {
		t.Fatal("a participant's lobby lists rooms")
	}
}

// TestProjectorOverSSH: screen+CODE gives a facilitator the wall, in the
// room's language, with the command to join; it follows the room live and
// shows no private note. A participant asking for it is told it is for
// facilitators and may join as a participant with enter.
func TestProjectorOverSSH(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir, "--join-host", "verkstad.example")
	code := newRoom(t, dir, "Vägen till stöd", "--lang", "sv")
	_, port, _ := strings.Cut(srv.addr, ":")

	enterSv := func(name string, key ssh.Signer) *termtest.Client {
		c := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: key})
		c.Answer(t, "Vad ska de andra kalla dig?", name)
		c.WaitFor(t, "du: "+name)
		return c
	}
	fac := enterSv("Fia", facKey)
	// The wall speaks the room's language, not the laptop's.
	wall := termtest.Dial(t, srv.addr, termtest.Options{User: "screen+" + strings.ToLower(code), Signer: facKey,
		Width: 100, Height: 30, Env: map[string]string{"LANG": "en_GB.UTF-8"}})
	wall.WaitFor(t, fmt.Sprintf("Anslut med: ssh -p %s %s@verkstad.example", port, code))
	wall.WaitFor(t, "Idéstorm")

	ali := enterSv("Ali", termtest.NewSigner(t))
	fac.Press("W")
	ali.WaitFor(t, "Skriv i tysthet")
	ali.Press("n")
	ali.Type("Ingen ringde tillbaka")
	ali.Press("enter")
	wall.WaitFor(t, "några lappar hittills")
	if strings.Contains(wall.Screen(), "Ingen ringde") {
		t.Fatalf("the wall shows a private note:\n%s", wall.Screen())
	}
	fac.Press("R")
	fac.Answer(t, "Visa allas lappar och prickar", "j")
	wall.WaitFor(t, "Ingen ringde tillbaka")
	if s := wall.Screen(); strings.Contains(s, "Ali") || strings.Contains(s, "Fia") {
		t.Fatalf("the wall names people:\n%s", s)
	}

	// A participant's key gets words and a way in, not the wall.
	peek := termtest.Dial(t, srv.addr, termtest.Options{User: "screen+" + code, Signer: termtest.NewSigner(t)})
	peek.WaitFor(t, "Projektorvyn är bara för rummets samtalsledare.")
	peek.Press("enter")
	peek.WaitFor(t, "Vad ska de andra kalla dig?")

	// A wrong code is explained, and counts as a guess.
	wrong := termtest.Dial(t, srv.addr, termtest.Options{User: "screen+ZZZZZZ", Signer: facKey})
	wrong.WaitFor(t, "There is no room with the code ZZZZZZ")
	wrong.Press("enter")
	wrong.WaitFor(t, "Room code:")
}

// TestAgendaFromTheLobby: a facilitator prepares a room's agenda from the
// lobby, without entering the room, and is back in the lobby after; the
// room opens on that agenda for participants.
func TestAgendaFromTheLobby(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir)
	code := newRoom(t, dir, "Brukarråd")

	lobby := termtest.Dial(t, srv.addr, termtest.Options{User: "fia", Signer: facKey})
	lobby.WaitFor(t, code+"  Brukarråd")
	lobby.Press("tab")
	lobby.Press("a")
	lobby.WaitFor(t, "Agenda")
	lobby.WaitFor(t, "1. Brainstorm ●")
	lobby.Press("e")
	lobby.WaitFor(t, "Title:")
	lobby.Press("ctrl+u")
	lobby.Type("Hinder")
	lobby.Press("enter")
	lobby.Answer(t, "Question for everyone", "Vad gör det svårt att få hjälp i tid?")
	lobby.WaitFor(t, "1. Hinder ● — Vad gör det svårt att få hjälp i tid?")
	lobby.Press("v")
	lobby.Type("Prioritera")
	lobby.Press("enter")
	lobby.WaitFor(t, "2. Prioritera")
	lobby.Press("esc")
	lobby.WaitFor(t, "Your rooms")
	lobby.WaitFor(t, "Room code:")

	ali := enter(t, srv.addr, code, "Ali", termtest.NewSigner(t))
	ali.WaitFor(t, "Hinder (1 of 2)")
	ali.WaitFor(t, "Vad gör det svårt att få hjälp i tid?")
	ali.WaitFor(t, "1 online")
}

// TestAgendaDeleteAsksFirst: d in the agenda asks before it deletes an
// activity for everyone; the question names the kind in the room's words.
func TestAgendaDeleteAsksFirst(t *testing.T) {
	dir := t.TempDir()
	srv, facKey := startWithFacilitator(t, dir)
	code := newRoom(t, dir, "Radera")
	fac := enter(t, srv.addr, code, "Fia", facKey)
	fac.Press("A")
	fac.WaitFor(t, "Agenda")
	fac.Press("v")
	fac.WaitFor(t, "New activity (vote), title:")
	fac.Type("Rösta")
	fac.Press("enter")
	fac.WaitFor(t, "2. Rösta")
	fac.Press("down", "d")
	fac.Answer(t, "Delete the activity Rösta and what was written in it?", "n")
	fac.WaitFor(t, "2. Rösta")
	fac.Press("d")
	fac.Answer(t, "Delete the activity Rösta", "y")
	fac.WaitGone(t, "2. Rösta")
}
