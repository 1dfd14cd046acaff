package session

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestContextBesideAnActivity: a facilitator sets what an activity shows
// beside it; the snapshot carries the earlier outcome or the text, and
// what cannot be shown is refused with nothing stored.
func TestContextBesideAnActivity(t *testing.T) {
	ctx := context.Background()
	r := newFacRoom(t, RoomSpec{Title: "Sammanhang"})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.part.AddNote(ctx, "väntan"))
	must(r.fac.AddActivity(ctx, KindCluster, "Teman", ""))
	must(r.fac.AddActivity(ctx, KindBrainstorm, "Hur kan vi", ""))
	acts := r.fac.Latest().Activities
	brainstorm, themes, hmw := acts[0].ID, acts[1].ID, acts[2].ID

	for _, tc := range []struct {
		name         string
		who          *Member
		id, src, txt string
		want         error
	}{
		{"a participant", r.part, hmw, themes, "", ErrNotFacilitator},
		{"a later activity", r.fac, themes, hmw, "", ErrContext},
		{"itself", r.fac, hmw, hmw, "", ErrContext},
		{"no such activity", r.fac, "a999", themes, "", ErrNoSuchActivity},
		{"a text too long", r.fac, hmw, "", strings.Repeat("å", MaxContextLen+1), ErrContext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seq := r.fac.Latest().Seq
			if err := tc.who.SetContext(ctx, tc.id, tc.src, tc.txt); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if r.fac.Latest().Seq != seq {
				t.Fatal("a refused context was stored")
			}
		})
	}

	must(r.fac.SetContext(ctx, hmw, themes, "Robyn, 31\x1b[31m"))
	must(r.fac.Go(ctx, +2))
	c := r.fac.Latest().Context
	if c == nil || c.Source.ID != themes || c.Text != "Robyn, 31" {
		t.Fatalf("context: %+v", c)
	}
	if _, ok := c.Outcome.(ClusterResults); !ok {
		t.Fatalf("the themes' outcome is a %T", c.Outcome)
	}
	if loose := c.Loose(c.Outcome.(ClusterResults)); len(loose) != 1 || loose[0] != "väntan" {
		t.Fatalf("loose notes of %s: %v", brainstorm, loose)
	}
	must(r.fac.SetContext(ctx, hmw, "", ""))
	if c := r.fac.Latest().Context; c != nil {
		t.Fatalf("a cleared context still shows: %+v", c)
	}
}

// TestResultsShowEveryEarlierOutcome: a results activity shows, beside
// the outcome it is for, every earlier activity's outcome people have
// seen: a vote added after it leaves nothing out, a secret one stays out.
func TestResultsShowEveryEarlierOutcome(t *testing.T) {
	ctx := context.Background()
	r := newFacRoom(t, RoomSpec{Title: "Allt"})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.part.AddNote(ctx, "väntan"))
	must(r.fac.AddActivity(ctx, KindCluster, "Teman", ""))
	must(r.fac.AddActivity(ctx, KindVote, "Rösta", ""))
	must(r.fac.AddActivity(ctx, KindResults, "Resultat", ""))
	must(r.fac.Go(ctx, +2))
	must(r.part.Vote(ctx, r.fac.Latest().NotesFor(r.fac.ID())[0].ID))
	must(r.fac.Go(ctx, +1))
	if c := r.fac.Latest().Context; c == nil || len(c.Earlier) != 1 || c.Earlier[0].Source.Title != "Brainstorm" {
		t.Fatalf("results beside a secret vote show %+v, want only the brainstorm", c)
	}
	// The vote is deleted and made again after the results, then moved
	// before them: the results' own source is gone, yet the new vote shows.
	acts := r.fac.Latest().Activities
	must(r.fac.Go(ctx, -1))
	must(r.fac.RemoveActivity(ctx, acts[2].ID))
	must(r.fac.AddActivity(ctx, KindVote, "Rösta igen", ""))
	again := r.fac.Latest().Activities[3].ID
	must(r.fac.MoveActivity(ctx, again, 2))
	goTo := func(id string) {
		t.Helper()
		snap := r.fac.Latest()
		from, to := -1, -1
		for i, a := range snap.Activities {
			if a.ID == snap.Activity.ID {
				from = i
			}
			if a.ID == id {
				to = i
			}
		}
		must(r.fac.Go(ctx, to-from))
	}
	goTo(again)
	must(r.part.Vote(ctx, r.fac.Latest().NotesFor(r.fac.ID())[0].ID))
	must(r.fac.Reveal(ctx))
	goTo(acts[3].ID)
	c := r.fac.Latest().Context
	if r.fac.Latest().Activity.Kind != KindResults || c == nil {
		t.Fatalf("no context on the results: %+v", c)
	}
	var titles []string
	for _, e := range c.Earlier {
		titles = append(titles, e.Source.Title)
	}
	if strings.Join(titles, ", ") != "Brainstorm, Rösta igen" {
		t.Fatalf("results show %v beside their own, want the brainstorm and the vote made again", titles)
	}
}
