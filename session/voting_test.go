package session

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/samla/samla/store"
)

// TestDotVoteActivity: a vote on the brainstorm's notes with its own budget,
// secret until the reveal, then ranked with ties; results show the same.
func TestDotVoteActivity(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	for _, text := range []string{"väntan", "bemötande", "tolk"} {
		if err := r.part.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	// A dot on the brainstorm board stays with the brainstorm.
	first := r.part.Latest().NotesFor(r.part.ID())
	if err := r.part.Vote(ctx, first[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.AddActivity(ctx, "vote", "Prioritera", ""); err != nil {
		t.Fatal(err)
	}
	vote := r.fac.Latest().Activities[1]
	if vote.Source != "a1" || !vote.Secret {
		t.Fatalf("a new vote: %+v, want source a1, secret", vote)
	}
	if err := r.fac.SetVoting(ctx, vote.ID, 3, 2, true); err != nil {
		t.Fatal(err)
	}
	if err := r.part.SetVoting(ctx, vote.ID, 9, 9, false); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a participant set the vote: %v", err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	snap := r.part.Latest()
	if snap.VoteBudget != 3 || snap.MaxPerItem != 2 || snap.DotsLeft(r.part.ID()) != 3 {
		t.Fatalf("budget %d, per item %d, left %d; want 3, 2, 3 (the brainstorm's dot does not count)",
			snap.VoteBudget, snap.MaxPerItem, snap.DotsLeft(r.part.ID()))
	}
	notes := snap.NotesFor(r.part.ID())
	if len(notes) != 3 {
		t.Fatalf("the vote shows %d notes, want the brainstorm's 3", len(notes))
	}
	ids := map[string]string{}
	for _, n := range notes {
		ids[n.Text] = n.ID
	}
	other := r.join(t, r.code, "other")
	steps := []struct {
		m    *Member
		note string
		err  error
	}{
		{r.part, "tolk", nil}, {r.part, "tolk", nil}, {r.part, "tolk", ErrItemFull},
		{r.part, "väntan", nil}, {r.part, "bemötande", ErrNoDotsLeft},
		{other, "väntan", nil}, {other, "tolk", nil},
	}
	for i, st := range steps {
		if err := st.m.Vote(ctx, ids[st.note]); !errors.Is(err, st.err) {
			t.Fatalf("step %d: err = %v, want %v", i, err, st.err)
		}
	}
	secret := r.part.Latest()
	for _, n := range secret.NotesFor(r.part.ID()) {
		if n.Votes != 0 {
			t.Fatalf("secret vote shows %d dots on %q", n.Votes, n.Text)
		}
	}
	if secret.MyVotes(r.part.ID(), ids["tolk"]) != 2 || secret.Voted != 2 {
		t.Fatalf("own dots %d, voted %d; want 2 and 2", secret.MyVotes(r.part.ID(), ids["tolk"]), secret.Voted)
	}
	if err := r.fac.Reveal(ctx); err != nil {
		t.Fatal(err)
	}
	ranked := r.part.Latest().NotesFor(r.part.ID())
	want := []struct {
		text  string
		votes int
	}{{"tolk", 3}, {"väntan", 2}, {"bemötande", 0}}
	for i, w := range want {
		if ranked[i].Text != w.text || ranked[i].Votes != w.votes {
			t.Fatalf("rank %d: %q %d, want %q %d", i+1, ranked[i].Text, ranked[i].Votes, w.text, w.votes)
		}
	}
	// Results show the vote's outcome and take no dots.
	if err := r.fac.AddActivity(ctx, "results", "Resultat", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	results := r.part.Latest().NotesFor(r.part.ID())
	if results[0].Text != "tolk" || results[0].Votes != 3 {
		t.Fatalf("results: %+v", results)
	}
	if err := r.part.Vote(ctx, ids["bemötande"]); !errors.Is(err, ErrNoVoting) {
		t.Fatalf("a dot in results: %v", err)
	}
	// The export keeps each activity's dots apart: the board's dot is the
	// brainstorm's, the vote's two are the vote's.
	rep, err := r.hub.Report(ctx, r.code, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Notes {
		if n.Text == "väntan" && n.Votes != 2 {
			t.Fatalf("väntan has %d votes in the export, want the vote's 2 (not the board's dot)", n.Votes)
		}
	}
	for _, a := range rep.Activities {
		if br, ok := a.Results.(BrainstormResults); ok {
			for _, n := range br {
				if n.Text == "väntan" && n.Votes != 1 {
					t.Fatalf("väntan has %d dots on the brainstorm board, want 1", n.Votes)
				}
			}
		}
	}
}

// TestOldVotesReplay: dots logged before they belonged to activities
// count on their note's brainstorm.
func TestOldVotesReplay(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	ctx := context.Background()
	if err := m.AddNote(ctx, "gammal"); err != nil {
		t.Fatal(err)
	}
	note := m.Latest().NotesFor(m.ID())[0].ID
	seq := m.Latest().Seq
	data, _ := json.Marshal(map[string]string{"pid": m.ID(), "note": note})
	if err := f.store.Append(ctx, []store.Event{{Room: code, Seq: seq + 1, Type: evVoteAdded, Data: data, At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	f.restart(t)
	back := f.join(t, code, "alice")
	if got := back.Latest().NotesFor(back.ID())[0].Votes; got != 1 {
		t.Fatalf("an old dot counts %d", got)
	}
}
