package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// TestPlainModeIsLinesForScreenReaders follows a whole (small) workshop as a
// screen-reader user would hear it: the raw byte stream must be plain text
// lines, no escape sequence or cursor addressing at all, every change
// announced exactly once, in order.
func TestPlainModeIsLinesForScreenReaders(t *testing.T) {
	for _, how := range []struct {
		name string
		opts func(code string) termtest.Options
	}{
		{"plain+ in the user name", func(code string) termtest.Options {
			return termtest.Options{User: "plain+" + code, Signer: termtest.NewSigner(t), Width: 200}
		}},
		{"TERM=dumb", func(code string) termtest.Options {
			return termtest.Options{User: code, Term: "dumb", Signer: termtest.NewSigner(t), Width: 200}
		}},
	} {
		t.Run(how.name, func(t *testing.T) {
			dir := t.TempDir()
			srv := startServer(t, dir)
			code := newRoom(t, dir, "Hörbart")
			reader := termtest.Dial(t, srv.addr, how.opts(code))
			reader.Answer(t, "Your name (press enter to be called Participant 1):", "Rut")
			reader.WaitFor(t, "Keys: n new note.")

			other := enter(t, srv.addr, code, "Olle", nil)
			other.Press("n")
			other.Answer(t, "New note", "Telefontiden är för kort")
			reader.WaitFor(t, "New note: Telefontiden är för kort (by Olle)")

			reader.Press("n")
			reader.Answer(t, "New note, enter saves, escape closes:", "Svara på sms")
			reader.WaitFor(t, "Saved: Svara på sms")

			reader.Press("space") // on note 1, Olle's
			reader.WaitFor(t, "Dot given. The note has 1, you have 4 left.")
			other.Press("space") // Olle's own note, now 2
			reader.WaitFor(t, "Dots now: Telefontiden är för kort: 2.")
			reader.Press("j")
			reader.WaitFor(t, "Note 2 of 2: Svara på sms. 0 dots, you wrote it, by Rut.")
			reader.Press("?")
			reader.WaitFor(t, "? all keys.")
			reader.Press("ctrl+c")
			if err := reader.Wait(); err != nil {
				t.Fatal(err)
			}

			raw := string(reader.Raw())
			for i, r := range raw {
				if r == '\r' || r == '\n' || r == '\b' {
					continue
				}
				if unicode.IsControl(r) {
					t.Fatalf("control character %U at byte %d in plain mode:\n%q", r, i, raw)
				}
			}
			text := strings.ReplaceAll(raw, "\r\n", "\n")
			once := []string{
				"Room Hörbart, code " + code + ". Everyone sees names.",
				"New note: Telefontiden är för kort (by Olle)",
				"Saved: Svara på sms",
				"Dot given. The note has 1, you have 4 left.",
				"Dots now: Telefontiden är för kort: 2.",
				"Note 2 of 2: Svara på sms.",
			}
			last := -1
			for _, line := range once {
				if n := strings.Count(text, line); n != 1 {
					t.Errorf("%q announced %d times:\n%s", line, n, text)
				}
				at := strings.Index(text, line)
				if at < last {
					t.Errorf("%q out of order:\n%s", line, text)
				}
				last = at
			}
			fmt.Fprint(testWriter{t}, text)
		})
	}
}

// testWriter shows the plain transcript with -v.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log("\n" + string(p))
	return len(p), nil
}

// TestPlainModeByKeyIsRemembered: p switches a full-screen participant to
// plain mode; their next visit starts there; f goes back.
func TestPlainModeByKeyIsRemembered(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Växla")
	key := termtest.NewSigner(t)
	c := enter(t, srv.addr, code, "Vera", key)
	c.Press("p")
	c.WaitFor(t, "samla, plain mode")
	c.WaitFor(t, "Keys: n new note.")
	if c.AltScreen() {
		t.Fatal("plain mode is still on the alternate screen")
	}
	c.Close()

	back := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: key})
	back.WaitFor(t, "samla, plain mode")
	back.WaitFor(t, "Keys: n new note.")
	if raw := back.Raw(); strings.ContainsRune(string(raw), 0x1b) {
		t.Errorf("a remembered plain view sent terminal set-up:\n%q", raw)
	}
	back.Press("f")
	back.WaitFor(t, "you: Vera")
	if !back.AltScreen() {
		t.Fatal("full screen is not on the alternate screen")
	}
	back.Close()

	again := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: key})
	again.WaitFor(t, "you: Vera")

	dumb := termtest.Dial(t, srv.addr, termtest.Options{User: code, Term: "dumb", Signer: key})
	dumb.WaitFor(t, "Keys: n new note.")
	dumb.Press("f")
	dumb.WaitFor(t, "cannot show the full screen")
	dumb.Close()

	// A visit from a terminal that can only do plain mode is no choice:
	// the next visit from a real terminal is full screen again.
	after := termtest.Dial(t, srv.addr, termtest.Options{User: code, Signer: key})
	after.WaitFor(t, "you: Vera")
}

// roomWithFacilitator starts the server and makes a room whose facilitator
// the test drives through session directly.
func roomWithFacilitator(t *testing.T, title string) (*server, session.RoomInfo, *session.Member) {
	t.Helper()
	var hub *session.Hub
	srv := startServerWith(t, t.TempDir(), func(d *sshDeps) { hub = d.hub }, io.Discard)
	ctx := context.Background()
	creator := session.Identity{Key: []byte("fac")}
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: title, Creator: creator})
	if err != nil {
		t.Fatal(err)
	}
	fac, err := hub.Join(ctx, info.Code, creator)
	if err != nil {
		t.Fatal(err)
	}
	return srv, info, fac
}

// TestPlainModeHearsTheFacilitation: in plain mode a screen-reader user
// hears the activity change, the groups as they form, and the ranking when
// a vote is revealed.
func TestPlainModeHearsTheFacilitation(t *testing.T) {
	ctx := context.Background()
	srv, info, fac := roomWithFacilitator(t, "Hörbart")
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.WaitFor(t, "Your name")
	reader.Press("enter")
	reader.WaitFor(t, "Keys: n new note.")
	for _, text := range []string{"väntan", "kö", "brev"} {
		if err := fac.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	reader.WaitFor(t, "New note: brev")
	notes := fac.Latest().NotesFor(fac.ID())
	steps := []struct {
		do   func() error
		hear string
	}{
		{func() error { return fac.AddActivity(ctx, "cluster", "Gruppera", "") }, ""},
		{func() error { return fac.Go(ctx, +1) }, "Gruppera"},
		{func() error { return fac.Drop(ctx, notes[1].ID, notes[0].ID) }, "Groups: väntan 2."},
		{func() error { return fac.AddActivity(ctx, "vote", "Rösta", "") }, ""},
		{func() error { return fac.Go(ctx, +1) }, "Rösta"},
		{func() error { return fac.Vote(ctx, fac.Latest().NotesFor(fac.ID())[0].ID) }, ""},
		{func() error { return fac.Reveal(ctx) }, "Votes revealed: 1. väntan 1"}, // a group by its title, no "·"
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if st.hear != "" {
			reader.WaitFor(t, st.hear)
		}
	}
}

// TestPlainModeSortsAndFillsColumns: a screen-reader user writes into a
// journey map's column and sorts notes into groups, all by number, and
// hears each result once; the raw stream stays plain text.
func TestPlainModeSortsAndFillsColumns(t *testing.T) {
	ctx := context.Background()
	srv, info, fac := roomWithFacilitator(t, "Resan")
	if err := fac.Configure(ctx, "a1", false, []string{"Före", "Under", "Efter"}); err != nil {
		t.Fatal(err)
	}
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.WaitFor(t, "Your name")
	reader.Press("enter")
	reader.WaitFor(t, "Keys: n new note.")

	reader.Press("n")
	reader.Type("Ingen ringde tillbaka")
	reader.Press("enter")
	reader.Answer(t, "Which column? 1 Före, 2 Under, 3 Efter.", "7")
	reader.Answer(t, "Write a column number from 1 to 3.", "3")
	reader.WaitFor(t, "Saved in Efter: Ingen ringde tillbaka")
	notes := fac.Latest().NotesFor(fac.ID())
	if len(notes) != 1 || notes[0].Column != "Efter" {
		t.Fatalf("the note is not in Efter: %+v", notes)
	}

	for _, text := range []string{"Lång kö", "Svåra brev"} {
		if err := fac.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	reader.WaitFor(t, "New note: Svåra brev")
	if err := fac.AddActivity(ctx, "cluster", "Gruppera", ""); err != nil {
		t.Fatal(err)
	}
	if err := fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	reader.WaitFor(t, "Keys for this activity: g put with another note.")
	reader.Press("g") // note 1 with note 2
	reader.Answer(t, "Put it with note number (1 to 3):", "2")
	reader.WaitFor(t, "Groups: Lång kö 2.")
	reader.Press("c")
	// The prompt names the group and starts empty, never after a cut title;
	// ctrl+w takes back a word typed by mistake.
	reader.WaitFor(t, "New name for the group Lång kö:")
	reader.Type("Ingen hör av fel")
	reader.Press("ctrl+w")
	reader.Type("sig")
	reader.Press("enter")
	reader.WaitFor(t, "Groups: Ingen hör av sig 2.")
	reader.Press("j") // the first j reads note 1
	reader.WaitFor(t, "Note 1 of 3:")
	reader.Press("j")
	reader.Press("j")
	reader.Press("D")
	reader.WaitFor(t, "Marked as a duplicate: Svåra brev")
	reader.Press("enter")
	reader.WaitFor(t, "Note 3 of 3: Svåra brev. 0 dots, by Participant 1, duplicate.")
	reader.Press("k")
	reader.WaitFor(t, "Note 2 of 3: Ingen ringde tillbaka. 0 dots, you wrote it, by Participant 2, in group Ingen hör av sig.")
	reader.Press("x")
	reader.WaitFor(t, "Groups: Ingen hör av sig 1.")
	// The selection follows the note when the groups change its place.
	reader.Press("enter")
	reader.WaitForFunc(t, "the selected note read again", func(screen string) bool {
		lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
		return strings.Contains(lines[len(lines)-1], ": Ingen ringde tillbaka. 0 dots, you wrote it")
	})
	if raw := reader.Raw(); strings.ContainsRune(string(raw), 0x1b) {
		t.Errorf("plain mode sent an escape sequence:\n%q", raw)
	}
}

// TestPlainAnswerAfterTheRoomMovedOn: a question answered after the
// facilitator moved on is not applied to the new activity, and a note
// waiting for its column is offered again, not lost (here without a key,
// so there is no draft to fall back on).
func TestPlainAnswerAfterTheRoomMovedOn(t *testing.T) {
	ctx := context.Background()
	srv, info, fac := roomWithFacilitator(t, "Vidare")
	if err := fac.Configure(ctx, "a1", false, []string{"Före", "Efter"}); err != nil {
		t.Fatal(err)
	}
	if err := fac.AddActivity(ctx, "brainstorm", "Mer", ""); err != nil {
		t.Fatal(err)
	}
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Width: 200})
	reader.Answer(t, "Your name", "")
	reader.WaitFor(t, "Keys: n new note.")
	reader.Press("n")
	reader.Answer(t, "New note, enter saves", "Tappade bort remissen")
	reader.WaitFor(t, "Which column? 1 Före, 2 Efter.")
	if err := fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	reader.WaitFor(t, "Activity 2 of 2: Mer.")
	reader.Type("2")
	reader.Press("enter")
	reader.WaitFor(t, "The room has moved on to another activity, so that answer was not used.")
	reader.WaitFor(t, "New note, enter saves, escape closes: Tappade bort remissen")
	reader.Press("enter")
	reader.WaitFor(t, "Saved: Tappade bort remissen")
	if notes := fac.Latest().NotesFor(fac.ID()); len(notes) != 1 || notes[0].Column != "" {
		t.Fatalf("the note is not in the new activity, without a column: %+v", notes)
	}
}

// TestPlainRevealAsksFirst: a facilitator in plain mode reveals private
// notes only after answering yes, so Caps Lock on R reveals nothing.
func TestPlainRevealAsksFirst(t *testing.T) {
	ctx := context.Background()
	srv, info, fac := roomWithFacilitator(t, "Tyst")
	if err := fac.Configure(ctx, fac.Latest().Activity.ID, true, nil); err != nil {
		t.Fatal(err)
	}
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.WaitFor(t, "Your name")
	reader.Press("enter")
	reader.WaitFor(t, "Keys: n new note.")
	for _, p := range fac.Latest().PresentFor(fac.ID()) {
		if p.ID != fac.ID() {
			if err := fac.AddFacilitator(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := fac.AddNote(ctx, "hemligt"); err != nil {
		t.Fatal(err)
	}
	const question = "Show everyone's notes and dots to the whole room now? (y/n)"
	reader.Press("R")
	reader.Answer(t, question, "n")
	reader.WaitFor(t, "Cancelled.")
	if !fac.Latest().Activity.Hidden() {
		t.Fatal("R answered no revealed the private notes")
	}
	reader.Press("R")
	reader.Answer(t, question, "y")
	reader.WaitFor(t, "All notes are shown now.")
	if fac.Latest().Activity.Hidden() {
		t.Fatal("R answered yes did not reveal")
	}
}

// TestPlainUserGivesPlainLobby: "ssh plain@HOST" asks for the room code in
// plain mode, with no terminal set-up a screen reader would read as noise.
func TestPlainUserGivesPlainLobby(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Lobby")
	c := termtest.Dial(t, srv.addr, termtest.Options{User: "plain", Signer: termtest.NewSigner(t), Width: 200})
	c.Answer(t, "Room code:", code)
	c.WaitFor(t, "Room Lobby, code")
	if raw := c.Raw(); strings.ContainsRune(string(raw), 0x1b) {
		t.Errorf("plain lobby sent an escape sequence:\n%q", raw)
	}
}

// TestPlainTellsTheWholeRoom: plain mode says the question and the rules
// on arrival and on every activity change, a secret vote says only one's
// own dots and its reveal once, others' dots come as one line, a note is
// reached by its number, and one's own notes can be changed and deleted.
func TestPlainTellsTheWholeRoom(t *testing.T) {
	ctx := context.Background()
	srv, info, fac := roomWithFacilitator(t, "Hela rummet")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"väntan", "kö", "brev"} {
		must(fac.AddNote(ctx, text))
	}
	must(fac.AddActivity(ctx, "vote", "Rösta", "Vad är viktigast?"))
	opts := termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200, Height: 200}
	reader := termtest.Dial(t, srv.addr, opts)
	reader.Answer(t, "Your name", "")
	reader.WaitFor(t, "Activity 1 of 2: Brainstorm.")

	// The activity changes: its question and rules are told, and the notes
	// are not read again as new.
	must(fac.Go(ctx, +1))
	reader.WaitFor(t, "Activity 2 of 2: Rösta. Vad är viktigast?")
	reader.WaitFor(t, "You have 5 dots, at most 3 on one note.")
	reader.WaitFor(t, "Secret vote: you see only your own dots")

	// Someone arriving now hears the same.
	late := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200, Height: 200})
	late.Answer(t, "Your name", "")
	late.WaitFor(t, "Activity 2 of 2: Rösta. Vad är viktigast?")
	late.WaitFor(t, "Secret vote: you see only your own dots")

	// A note by its number; a secret dot says only one's own dots.
	reader.Type("3")
	reader.Answer(t, "Go to note number (1 to 3):", "")
	reader.WaitFor(t, "Note 3 of 3: brev. dots hidden, by Participant 1.")
	reader.Press("space")
	reader.WaitFor(t, "Dot given. You have 4 left.")
	must(fac.Vote(ctx, fac.Latest().NotesFor(fac.ID())[0].ID))
	must(fac.Reveal(ctx))
	reader.WaitFor(t, "Votes revealed:")

	// Others' dots, given quickly, come as one line.
	notes := fac.Latest().NotesFor(fac.ID())
	must(fac.Vote(ctx, notes[1].ID))
	must(fac.Vote(ctx, notes[2].ID))
	reader.WaitFor(t, "Dots now: brev: 2; kö: 1.") // ranked: the vote is revealed

	// One's own note: written, changed (ctrl+u clears the prompt), deleted.
	must(fac.AddActivity(ctx, "brainstorm", "Mer", ""))
	must(fac.Go(ctx, +1))
	reader.WaitFor(t, "Activity 3 of 3: Mer.")
	reader.Press("n")
	reader.Answer(t, "New note", "min lapp")
	reader.WaitFor(t, "Saved: min lapp")
	reader.Press("j")
	reader.WaitFor(t, "Note 1 of 1: min lapp.")
	reader.Press("e")
	reader.WaitFor(t, "Change your note")
	reader.Press("ctrl+u")
	reader.Type("ny text")
	reader.Press("enter")
	reader.WaitFor(t, "Changed: ny text")
	reader.Press("d")
	reader.Answer(t, "Delete this note and its dots?", "y")
	reader.WaitFor(t, "Deleted: ny text")
	reader.Press("r")
	reader.WaitFor(t, "You are marked as done.")
	reader.Press("L")
	reader.WaitFor(t, "Språk: svenska.")

	raw := string(reader.Raw())
	for phrase, want := range map[string]int{
		"New note: väntan": 0, // written before the reader came, and not re-read on change
		"Votes revealed:":  1,
		"Dots now:":        1,
		"The note has 0":   0, // a secret vote never says a hidden count
	} {
		if got := strings.Count(raw, phrase); got != want {
			t.Errorf("%q said %d times, want %d:\n%s", phrase, got, want, raw)
		}
	}
}

// Someone without a key stays one person while they switch views on one
// connection: plain mode does not ask their name again or make them
// someone new, and full screen again still says who they are. (Each view
// is a new join; without a key, each join was a new person.)
func TestKeylessSwitchKeepsThePerson(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Växla")
	c := enter(t, srv.addr, code, "Eli", nil)
	c.Press("n")
	c.WaitFor(t, "New note")
	c.Type("Min lapp")
	c.Press("enter")
	c.WaitFor(t, "★ yours")
	c.Press("p")
	c.WaitFor(t, "samla, plain mode")
	c.WaitFor(t, "Keys: n new note.")
	if strings.Contains(c.Screen(), "Your name") {
		t.Fatalf("plain mode asked a keyless person's name again:\n%s", c.Screen())
	}
	c.Press("f")
	c.WaitFor(t, "you: Eli")
	c.WaitFor(t, "★ yours")
	c.WaitFor(t, "1 online")
}
