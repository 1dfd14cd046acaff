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
