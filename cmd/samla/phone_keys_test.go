package main

import (
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestPhoneKeysCancelAndLeave: a phone SSH app may have neither esc nor
// ctrl. ctrl+g closes the editor (the text stays), q asks before leaving
// and one n keeps the person in the room; one y (no enter) leaves. The
// same holds in plain mode.
func TestPhoneKeysCancelAndLeave(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Mobilen")

	c := enter(t, srv.addr, code, "Mia", termtest.NewSigner(t))
	c.Press("n")
	c.WaitFor(t, "New note")
	c.Type("Utkast")
	c.Press("ctrl+g")
	c.WaitGone(t, "New note")
	c.Press("n")
	c.WaitFor(t, "Utkast") // closed, not thrown away
	c.Press("ctrl+g")
	c.WaitGone(t, "New note")
	c.Press("?")
	c.WaitFor(t, "Keys")
	for range 30 { // to the end of the list
		c.Press("down")
	}
	c.WaitFor(t, "leave (asks first)")
	c.Press("esc")
	// Before the next key: esc and q arriving together read as alt+q.
	c.WaitGone(t, "Press ? or esc to close.")
	c.Press("q")
	c.WaitFor(t, "Leave the room? (y/n)")
	c.Press("n")
	c.WaitGone(t, "Leave the room?")
	c.Press("q")
	c.WaitFor(t, "Leave the room? (y/n)")
	c.Press("y")
	if err := c.Wait(); err != nil {
		t.Fatalf("q and y did not leave: %v", err)
	}

	p := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + code, Signer: termtest.NewSigner(t), Width: 200})
	p.Answer(t, "Your name", "Pia")
	p.WaitFor(t, "q leave (asks first)")
	p.Press("n")
	p.WaitFor(t, "New note, enter saves, escape closes:")
	p.Type("Hej")
	p.Press("ctrl+g")
	p.WaitFor(t, "Closed. Your text is kept")
	p.Press("q")
	p.WaitFor(t, "Leave the room? (y/n)")
	p.Press("n")
	p.WaitFor(t, "Cancelled.")
	p.Press("q")
	p.Press("y")
	if err := p.Wait(); err != nil {
		t.Fatalf("q and y did not leave plain mode: %v", err)
	}
}

// TestOneKeyAnswersYesNo: a question that ends in (j/n) is answered by
// one key, with no enter: n keeps the note, j deletes it.
func TestOneKeyAnswersYesNo(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Frågor", "--lang", "sv")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: termtest.NewSigner(t), Env: map[string]string{"LANG": "sv_SE.UTF-8"}})
	c.Answer(t, "Vad ska de andra kalla dig?", "Jon")
	c.WaitFor(t, "du: Jon")
	c.Press("n")
	c.Type("Bort med den")
	c.Press("enter")
	c.WaitFor(t, "★ din") // the saved card, not the editor still showing the text
	c.Press("d")
	c.WaitFor(t, "Ta bort lappen och dess prickar? (j/n)")
	c.Press("n")
	c.WaitGone(t, "(j/n)")
	c.Press("d")
	c.WaitFor(t, "Ta bort lappen och dess prickar? (j/n)")
	c.Press("j")
	c.WaitGone(t, "Bort med den")

	p := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + code, Signer: termtest.NewSigner(t), Width: 200, Env: map[string]string{"LANG": "sv_SE.UTF-8"}})
	p.Answer(t, "namn", "Per")
	p.WaitFor(t, "q lämna (frågar först)")
	p.Press("n")
	p.Answer(t, "Ny lapp", "Min lapp")
	p.WaitFor(t, "Sparat: Min lapp")
	p.Press("j")
	p.WaitFor(t, "Lapp 1 av 1")
	p.Press("d")
	p.WaitFor(t, "Ta bort lappen och dess prickar? (j/n)")
	p.Press("J") // Caps Lock or a phone's capital is a yes too
	p.WaitFor(t, "Borttagen")
}

// TestLanguageKeptAcrossViews: a language chosen with L stays when the
// person switches between full screen (p) and plain mode (f): each view is
// a new program, which used to start in the client's language again.
func TestLanguageKeptAcrossViews(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Språket")
	c := enter(t, srv.addr, code, "Lea", termtest.NewSigner(t))
	c.Press("L") // English → Swedish
	c.WaitFor(t, "i rummet")
	c.Press("p")
	c.WaitFor(t, "samla i textläge för skärmläsare")
	c.WaitFor(t, "Tangenter: n ny lapp.")
	c.Press("L") // Swedish → Norwegian
	c.WaitFor(t, "Språk: norsk bokmål.")
	c.Press("f")
	c.WaitFor(t, "i rommet")
	c.WaitFor(t, "du: Lea")
}
