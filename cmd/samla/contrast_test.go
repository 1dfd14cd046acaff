package main

import (
	"regexp"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// blackOrFaint is a 16-colour SGR that draws text (not a blank) black or
// bright black (30, 90), or faint (2): on a black background under
// TERM=vt100 either is unreadable.
var blackOrFaint = regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:30|90|2)(?:;[0-9]+)*m[^\s\x1b]`)

// TestNoBlackOnBlackUnderVT100: a 16-colour terminal on a dark background
// gets no black or faint text anywhere on the board or the key list (the
// key help used to come out as bright black: invisible on many consoles).
func TestNoBlackOnBlackUnderVT100(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Kontrast")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: code, Term: "vt100"})
	c.WaitFor(t, "What should others call you?")
	c.Press("enter")
	c.WaitFor(t, "dots left")
	c.Press("n")
	c.Answer(t, "New note", "Min egen lapp")
	c.WaitFor(t, "yours")
	c.Press("?")
	c.WaitFor(t, "Press ? or esc to close")
	raw := c.Raw()
	for _, loc := range blackOrFaint.FindAllIndex(raw, -1) {
		t.Errorf("found %q under TERM=vt100, in %q", raw[loc[0]:loc[1]], raw[max(0, loc[0]-80):min(len(raw), loc[1]+80)])
	}
}
