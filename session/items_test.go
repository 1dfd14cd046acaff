package session

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// TestVoteBallotIsItsItems: a vote after sorting works on its items. The
// cards people dot, the ids the room takes dots on and the result are the
// same items in the same order: each group (its note ids without deleted
// notes, its card's words without duplicates), then each loose note that
// is not a duplicate, as the note itself (so a person still sees it is
// theirs).
func TestVoteBallotIsItsItems(t *testing.T) {
	r, ids := clusterRoom(t, "väntan", "kö", "samma", "borta", "tolk", "igen")
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"kö", "samma", "borta"} {
		must(r.part.Drop(ctx, ids[n], ids["väntan"]))
	}
	must(r.part.MarkDuplicate(ctx, ids["samma"])) // in the group: on it, not in its words
	must(r.part.MarkDuplicate(ctx, ids["igen"]))  // loose: not on the ballot
	// Its author deletes a grouped note, back on the brainstorm.
	must(r.fac.Go(ctx, -1))
	must(r.part.DeleteNote(ctx, ids["borta"]))
	must(r.fac.AddActivity(ctx, KindVote, "Rösta", ""))
	must(r.fac.Go(ctx, +1))
	must(r.fac.Go(ctx, +1))

	snap := r.part.Latest()
	cards := snap.NotesFor(r.part.ID())
	if len(cards) != 2 {
		t.Fatalf("cards: %+v", cards)
	}
	group, tolk := cards[0], cards[1]
	if group.Text != "väntan: väntan · kö" || group.ActivityID != snap.Activities[1].ID {
		t.Errorf("the group's card: %+v", group)
	}
	if tolk.ID != ids["tolk"] || tolk.Text != "tolk" || !snap.Mine(r.part.ID(), tolk) || snap.Mine(r.part.ID(), group) {
		t.Errorf("the loose note's card: %+v", tolk)
	}
	for _, n := range []string{"kö", "igen", "borta"} {
		if err := r.part.Vote(ctx, ids[n]); !errors.Is(err, ErrNoSuchNote) {
			t.Errorf("a dot on %s, which is not on the ballot: %v", n, err)
		}
	}
	must(r.part.Vote(ctx, group.ID))
	must(r.part.Vote(ctx, group.ID))
	must(r.part.Vote(ctx, tolk.ID))
	// A snapshot is shared and never changes: the dots are in the next one.
	if snap.MyVotes(r.part.ID(), group.ID) != 0 || r.part.Latest().MyVotes(r.part.ID(), group.ID) != 2 {
		t.Errorf("dots on the group: %d before, %d after", snap.MyVotes(r.part.ID(), group.ID), r.part.Latest().MyVotes(r.part.ID(), group.ID))
	}

	rep, err := r.hub.Report(ctx, r.code, ReportOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	vote, ok := rep.Activities[2].Results.(VoteResults)
	if !ok || len(vote) != 2 {
		t.Fatalf("vote results: %+v", rep.Activities[2].Results)
	}
	wantNotes := []string{ids["väntan"], ids["kö"], ids["samma"]}
	if g := vote[0]; g.ItemID != group.ID || g.ItemKind != ItemGroup || g.Text != "väntan" || !slices.Equal(g.NoteIDs, wantNotes) || g.Votes != 2 {
		t.Errorf("the group's result: %+v, want notes %v", g, wantNotes)
	}
	if n := vote[1]; n.ItemID != tolk.ID || n.ItemKind != ItemNote || n.Text != "tolk" || n.NoteIDs != nil || n.Votes != 1 {
		t.Errorf("the loose note's result: %+v", n)
	}
}

// TestActivityStateByKind: each kind's activity holds the state its kind
// keeps from the moment it is added, and only that. Asking an activity
// for another kind's state finds it empty and leaves its own alone, even
// when a log names the wrong activity for an event.
func TestActivityStateByKind(t *testing.T) {
	keeps := map[string]func(any) bool{
		KindBrainstorm: isA[ballot],
		KindCluster:    isA[board],
		KindVote:       isA[ballot],
		KindRate:       isA[marks],
		KindMatrix:     isA[marks],
		KindRank:       isA[marks],
		KindPoll:       isA[marks],
		KindResults:    func(v any) bool { return v == nil },
	}
	s := newState(RoomInfo{Code: "KINDS"})
	var log []any
	for i, kind := range ActivityKinds() {
		log = append(log, activityAdded{ID: "k" + kind, Kind: kind, Source: "kbrainstorm"})
		if _, ok := keeps[kind]; !ok {
			t.Errorf("kind %s (activity %d): say here what state it keeps", kind, i)
		}
	}
	log = append(log,
		noteAdded{ID: "n1", Activity: "kbrainstorm", Author: "p", Text: "kö"},
		noteAdded{ID: "n2", Activity: "kbrainstorm", Author: "p", Text: "väntan"},
		clusterCreated{Activity: "kcluster", ID: "c1", Title: "Att vänta", Notes: []string{"n1", "n2"}},
		// Events no decision makes: a dot in the groups activity, a
		// rating in the vote.
		voteChanged{PID: "p", Note: "c1", Activity: "kcluster"},
		ratingSet{Activity: "kvote", PID: "p", Item: "n1", Value: 3},
		voteChanged{PID: "p", Note: "n1", Activity: "kvote"},
	)
	for i, b := range log {
		if err := s.apply(event{Seq: int64(i) + 1, body: b}); err != nil {
			t.Fatal(err)
		}
	}
	for kind, keep := range keeps {
		if got := s.perActivity["k"+kind]; !keep(got) {
			t.Errorf("a %s activity keeps %T", kind, got)
		}
	}
	if bd := s.boardOf("kcluster"); len(bd.clusters) != 1 || bd.clusters[0].Title != "Att vänta" {
		t.Errorf("the groups after a stray dot: %+v", bd.clusters)
	}
	if b := s.ballotOf("kcluster"); len(b.totals) != 0 {
		t.Errorf("a groups activity holds dots: %v", b.totals)
	}
	if b := s.ballotOf("kvote"); b.totals["n1"] != 1 || s.marksOf("kvote").answered() != 0 {
		t.Errorf("the vote: dots %v, marks %v", b.totals, s.marksOf("kvote").byPerson)
	}
}

func isA[T any](v any) bool {
	_, ok := v.(*T)
	return ok
}
