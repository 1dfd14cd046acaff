package session

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/samla/samla/store"
)

// TestOldLogReplays: a log written by samla before activity kinds had a
// registry (testdata/log-before-kinds.jsonl: a journey map, themes, a vote
// on a theme, results) replays to the same room, and its report has the
// outcome the room saw.
func TestOldLogReplays(t *testing.T) {
	f, err := os.Open("testdata/log-before-kinds.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var log []event
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct {
			Seq  int64           `json:"seq"`
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
			At   time.Time       `json:"at"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		e, err := decode(store.Event{Room: "OLDLOG", Seq: l.Seq, Type: l.Type, Data: l.Data, At: l.At})
		if err != nil {
			t.Fatal(err)
		}
		log = append(log, e)
	}
	s, err := replay(RoomInfo{Code: "OLDLOG", Title: "Vägen till stöd", Anonymity: Named, Lang: "sv"}, log)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.activities) != 4 || s.currentActivity().Kind != KindResults || len(s.notes) != 4 {
		t.Fatalf("activities %+v, notes %d", s.activities, len(s.notes))
	}
	rep := s.report(ReportOptions{Location: time.UTC})
	brain := rep.Activities[0].Results.(BrainstormResults)
	if brain[0].Phase != "Före" || brain[2].Text != "Bra bemötande" || brain[2].Votes != 1 {
		t.Fatalf("brainstorm: %+v", brain)
	}
	themes := rep.Activities[1].Results.(ClusterResults)
	if len(themes) != 1 || themes[0].Title != "Att vänta" || len(themes[0].NoteIDs) != 2 {
		t.Fatalf("themes: %+v", themes)
	}
	vote := rep.Activities[2].Results.(VoteResults)
	if vote[0].ItemKind != ItemGroup || vote[0].Votes != 2 || *vote[0].Rank != 1 {
		t.Fatalf("vote: %+v", vote)
	}
	// The old vote offered only the group; the loose notes are on the
	// ballot now, with no dots.
	if len(vote) != 3 || vote[1].Rank != nil {
		t.Fatalf("vote items: %+v", vote)
	}
	if rep.Participants != 2 {
		t.Fatalf("participants %d", rep.Participants)
	}
}
