package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// TestHMWWorkshopOverSSH runs the hmw template as a room does, over SSH:
// three participants (two full screen, one in plain mode) write
// obstacles, the facilitator makes a theme, they write "How might we"
// challenges, rate them 1–6 and place them on the impact/effort matrix
// with the digit keys, then rank them; the JSON export over SSH has every
// rating, placing and ranking, counted per item.
func TestHMWWorkshopOverSSH(t *testing.T) {
	ctx := context.Background()
	srv, info, fac, facKey := facilitatedRoom(t, session.RoomSpec{Title: "Vägen till stöd", Lang: "en", Anonymity: session.Named, Template: "hmw"})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ann := enter(t, srv.addr, info.Code, "Ann", termtest.NewSigner(t))
	bo := enter(t, srv.addr, info.Code, "Bo", termtest.NewSigner(t))
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200, Height: 60})
	reader.Answer(t, "Your name", "Rut")
	reader.WaitFor(t, "Activity 1 of 6: Obstacles.")
	write := func(c *termtest.Client, text string) {
		t.Helper()
		c.Press("n")
		c.Type(text)
		c.Press("enter")
	}

	// Obstacles, written in private, revealed, one theme made.
	ann.WaitFor(t, "(1 of 6)")
	bo.WaitFor(t, "(1 of 6)")
	write(ann, "Long waits")
	write(bo, "Hard forms")
	write(reader, "Nobody calls back")
	reader.WaitFor(t, "Saved: Nobody calls back")
	ann.WaitFor(t, "Saved.")
	bo.WaitFor(t, "Saved.")
	must(fac.Reveal(ctx))
	must(fac.Go(ctx, +1))
	obstacles := fac.Latest().NotesFor(fac.ID())
	must(fac.Drop(ctx, obstacles[1].ID, obstacles[0].ID))

	// How might we …: one challenge each.
	must(fac.Go(ctx, +1))
	reader.WaitFor(t, "Activity 3 of 6:")
	ann.WaitFor(t, "(3 of 6)")
	bo.WaitFor(t, "(3 of 6)")
	write(ann, "How might we cut waiting")
	write(bo, "How might we simplify forms")
	write(reader, "How might we call back")
	reader.WaitFor(t, "Saved: How might we call back")
	ann.WaitFor(t, "Saved.")
	bo.WaitFor(t, "Saved.")

	// Rate 1–6: full screens with digits on the selected card, plain mode
	// by number after going to the note.
	must(fac.Go(ctx, +1))
	reader.WaitFor(t, "Activity 4 of 6:")
	ann.WaitFor(t, "not rated yet")
	ann.Press("5", "right", "3", "right", "6")
	ann.WaitFor(t, "your answer: 6")
	bo.WaitFor(t, "not rated yet")
	bo.Press("4", "right", "4")
	bo.WaitFor(t, "your answer: 4")
	reader.Press("j", "2")
	reader.WaitFor(t, "Saved: your answer: 2.")
	must(fac.Reveal(ctx))

	// The matrix: two digits, impact then effort.
	must(fac.Go(ctx, +1))
	reader.WaitFor(t, "Activity 5 of 6:")
	ann.WaitFor(t, "not placed yet")
	ann.Press("4", "2")
	ann.WaitFor(t, "Impact 4 · Effort 2")
	bo.WaitFor(t, "not placed yet")
	bo.Press("right", "2", "5")
	bo.WaitFor(t, "Impact 2 · Effort 5")
	reader.Press("j", "5")
	reader.WaitFor(t, "Impact: 5. Now Effort (1–5).")
	reader.Press("1")
	reader.WaitFor(t, "Saved: Impact 5 · Effort 1.")
	must(fac.Reveal(ctx))

	// A ranking, added to the agenda as a facilitator would.
	must(fac.AddActivity(ctx, session.KindRank, "Order", ""))
	must(fac.Go(ctx, +2))
	reader.WaitFor(t, "Activity 7 of 7: Order.")
	ann.WaitFor(t, "not in your order")
	ann.Press("+", "right", "+")
	ann.WaitFor(t, "your place: 2")
	reader.Press("j", "1")
	reader.WaitFor(t, "Saved: your place: 1.")
	must(fac.Reveal(ctx))

	out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: "export " + info.Code + " --format json"})
	if status != 0 {
		t.Fatalf("export: status %d, %s", status, stderr)
	}
	var doc struct {
		Activities []struct {
			Kind    string `json:"kind"`
			Results []struct {
				Text string `json:"text"`
				N    *int   `json:"n"`
			} `json:"results"`
		} `json:"activities"`
	}
	must(json.Unmarshal([]byte(out), &doc))
	answers := map[string]int{}
	for _, a := range doc.Activities {
		for _, r := range a.Results {
			if r.N != nil {
				answers[a.Kind] += *r.N
			}
		}
	}
	// Ann rated three, Bo two, Rut one; Ann, Bo and Rut placed one each;
	// Ann ranked two, Rut one.
	want := map[string]int{session.KindRate: 6, session.KindMatrix: 3, session.KindRank: 3}
	for kind, n := range want {
		if answers[kind] != n {
			t.Errorf("%s: %d answers in the export, want %d:\n%s", kind, answers[kind], n, out)
		}
	}
}
