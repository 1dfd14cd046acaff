package session

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// journeyWorkshop runs brainstorm in two phases → groups → a vote on the
// groups and the loose notes → results, the way the brukarresa agenda goes.
func journeyWorkshop(t *testing.T, spec RoomSpec) (*facRoom, map[string]string) {
	t.Helper()
	r := newFacRoom(t, spec)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	a1 := r.fac.Latest().Activity.ID
	must(r.fac.Configure(ctx, a1, false, []string{"Före", "Under"}))
	for _, n := range []struct{ text, col string }{{"väntan", "Före"}, {"kö", "Före"}, {"tolk", "Under"}, {"bemötande", "Under"}} {
		must(r.part.AddNoteIn(ctx, n.text, n.col))
	}
	ids := map[string]string{}
	for _, n := range r.part.Latest().NotesFor(r.part.ID()) {
		ids[n.Text] = n.ID
	}
	must(r.part.Vote(ctx, ids["bemötande"])) // a dot on the board, not in the vote
	must(r.fac.AddActivity(ctx, KindCluster, "Teman", ""))
	must(r.fac.Go(ctx, +1))
	must(r.part.Drop(ctx, ids["kö"], ids["väntan"]))
	must(r.part.RenameCluster(ctx, ids["kö"], "Att vänta"))
	must(r.fac.AddActivity(ctx, KindVote, "Rösta", ""))
	must(r.fac.Go(ctx, +1))
	group := r.part.Latest().NotesFor(r.part.ID())[0].ID
	ids["group"] = group
	must(r.part.Vote(ctx, group))
	must(r.part.Vote(ctx, group))
	must(r.part.Vote(ctx, ids["tolk"]))
	must(r.fac.Reveal(ctx))
	must(r.fac.AddActivity(ctx, KindResults, "Resultat", ""))
	must(r.fac.Go(ctx, +1))
	return r, ids
}

func TestReportHasEveryActivitysOutcome(t *testing.T) {
	r, ids := journeyWorkshop(t, RoomSpec{Lang: "sv", Anonymity: Named})
	rep, err := r.hub.Report(context.Background(), r.code, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Activities) != 4 {
		t.Fatalf("activities: %+v", rep.Activities)
	}
	brain := rep.Activities[0].Results.(BrainstormResults)
	if len(brain) != 4 || brain[0].Phase != "Före" || brain[3].Phase != "Under" {
		t.Fatalf("brainstorm results by phase: %+v", brain)
	}
	themes := rep.Activities[1].Results.(ClusterResults)
	if len(themes) != 1 || themes[0].Title != "Att vänta" || len(themes[0].NoteIDs) != 2 {
		t.Fatalf("themes: %+v", themes)
	}
	vote := rep.Activities[2].Results.(VoteResults)
	want := []struct {
		kind, text string
		votes      int
		rank       any
	}{{ItemGroup, "Att vänta", 2, 1}, {ItemNote, "tolk", 1, 2}, {ItemNote, "bemötande", 0, nil}}
	if len(vote) != len(want) {
		t.Fatalf("vote: %+v", vote)
	}
	for i, w := range want {
		got := vote[i]
		rank := any(nil)
		if got.Rank != nil {
			rank = *got.Rank
		}
		if got.ItemKind != w.kind || got.Text != w.text || got.Votes != w.votes || rank != w.rank {
			t.Errorf("vote item %d = %+v (rank %v), want %+v", i, got, rank, w)
		}
	}
	if len(rep.Clusters) != 1 || rep.Clusters[0].Votes != 2 {
		t.Fatalf("clusters: %+v", rep.Clusters)
	}
	for _, n := range rep.Notes {
		switch n.ID {
		case ids["väntan"], ids["kö"]:
			if n.Cluster == nil || *n.Cluster != "Att vänta" {
				t.Errorf("%s: cluster %v", n.Text, n.Cluster)
			}
		case ids["tolk"]:
			if n.Cluster != nil || n.Votes != 1 {
				t.Errorf("tolk: %+v", n)
			}
		case ids["bemötande"]:
			if n.Votes != 0 {
				t.Errorf("a board dot counted as a vote: %+v", n)
			}
		}
		if n.Author == nil || !strings.HasPrefix(*n.Author, "Deltagare ") {
			t.Errorf("author in the room's language: %v", n.Author)
		}
	}
	if rep.Participants != 1 {
		t.Errorf("participants %d, want 1 (facilitators are not counted)", rep.Participants)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"item_kind":"group"`) {
		t.Fatalf("json: %s", data)
	}
}

func TestReportNoNamesAndEmptyCases(t *testing.T) {
	r, _ := journeyWorkshop(t, RoomSpec{Lang: "nb", Anonymity: Peers})
	ctx := context.Background()
	rep, err := r.hub.Report(ctx, r.code, ReportOptions{NoNames: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rep.Notes {
		if n.Author != nil {
			t.Fatalf("--no-names: %+v", n)
		}
	}
	if !rep.Room.NamesLeftOut {
		t.Fatal("a report without names does not say so, and its header reads as if names were in it")
	}
	// A group whose notes were all deleted keeps its title with no notes.
	empty := newFacRoom(t, RoomSpec{})
	rep, err = empty.hub.Report(ctx, empty.code, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Activities[0].Results.Len() != 0 || rep.Notes == nil || rep.Clusters == nil {
		t.Fatalf("an empty room: %+v", rep)
	}
}
