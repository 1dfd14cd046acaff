package export

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// hmwRun is one whole run of the hmw template through session's public
// commands: a facilitator and three participants write obstacles, sort
// them into themes, write challenges, rate them 1–6, place them on the
// matrix, and see the results.
func hmwRun(t *testing.T, lang string) session.Report {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	at := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)
	hub, err := session.NewHub(st, session.WithSecret(make([]byte, session.SecretSize)), session.WithClock(func() time.Time { return at }), session.WithShuffle(func(int, func(i, j int)) {}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Close)
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "HMW", Lang: lang, Template: "hmw", Creator: session.Identity{Key: []byte("fac")}})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	join := func(key string) *session.Member {
		m, err := hub.Join(ctx, info.Code, session.Identity{Key: []byte(key)})
		must(err)
		t.Cleanup(m.Leave)
		return m
	}
	fac, people := join("fac"), []*session.Member{join("åsa"), join("bo"), join("cai")}
	// Obstacles, written privately, then revealed.
	for i, m := range people {
		must(m.AddNote(ctx, []string{"Lång väntan", "Krångliga blanketter", "Ingen ringer tillbaka"}[i]))
	}
	must(fac.Reveal(ctx))
	ids := map[string]string{}
	for _, n := range fac.Latest().NotesFor(fac.ID()) {
		ids[n.Text] = n.ID
	}
	// Themes.
	must(fac.Go(ctx, +1))
	must(people[0].Drop(ctx, ids["Ingen ringer tillbaka"], ids["Lång väntan"]))
	must(people[0].RenameCluster(ctx, ids["Lång väntan"], "Att vänta"))
	// Challenges.
	must(fac.Go(ctx, +1))
	for i, m := range people {
		must(m.AddNote(ctx, []string{"Hur kan vi korta väntan?", "Hur kan vi göra blanketten enkel?", "Hur kan vi ringa upp?"}[i]))
	}
	// Rate 1–6: everyone rates every challenge; one changes their mind.
	must(fac.Go(ctx, +1))
	items := fac.Latest().Items()
	if len(items) != 3 {
		t.Fatalf("the rate offers %d items, want the 3 challenges", len(items))
	}
	for i, m := range people {
		for j, it := range items {
			must(m.Rate(ctx, it.ID, 1+(i+2*j)%6))
		}
	}
	must(people[2].Rate(ctx, items[0].ID, 6))
	must(fac.Reveal(ctx))
	// The matrix.
	must(fac.Go(ctx, +1))
	for i, m := range people {
		for j, it := range items {
			must(m.Place(ctx, it.ID, 1+(i+j)%5, 5-j))
		}
	}
	must(fac.Reveal(ctx))
	// Results show the matrix.
	must(fac.Go(ctx, +1))
	if out := people[0].Latest().Outcome; out == nil || out.Kind() != session.KindMatrix || out.Len() != 3 {
		t.Fatalf("the results show %#v", out)
	}
	rep, err := hub.Report(ctx, info.Code, session.ReportOptions{Location: time.UTC})
	must(err)
	rep.Room.Code = "K7QX2M"
	return rep
}

// TestHMWRunEndToEnd: the JSON export of a whole hmw run has every
// rating (n 3 for each challenge) and every matrix position, the rated
// challenges carry rating_mean, and every format is written (goldens).
func TestHMWRunEndToEnd(t *testing.T) {
	rep := hmwRun(t, "sv")
	var doc struct {
		Activities []struct {
			Kind    string
			Results []map[string]any
		}
		Notes []struct {
			ActivityID string   `json:"activity_id"`
			RatingMean *float64 `json:"rating_mean"`
		}
	}
	if err := json.Unmarshal([]byte(write(t, rep, Options{Format: "json"})), &doc); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, a := range doc.Activities {
		kinds = append(kinds, a.Kind)
		if a.Kind != session.KindRate && a.Kind != session.KindMatrix {
			continue
		}
		if len(a.Results) != 3 {
			t.Fatalf("%s has %d results, want 3", a.Kind, len(a.Results))
		}
		for _, r := range a.Results {
			if r["n"] != 3.0 || r["rank"] == nil {
				t.Errorf("%s result %v: want n 3 and a rank", a.Kind, r)
			}
		}
	}
	if got := strings.Join(kinds, " "); got != "brainstorm cluster brainstorm rate matrix results" {
		t.Fatalf("agenda %s", got)
	}
	rated := 0
	for _, n := range doc.Notes {
		if n.RatingMean != nil {
			rated++
		}
	}
	if rated != 3 {
		t.Errorf("%d notes have a rating_mean, want the 3 challenges", rated)
	}
	for _, format := range []string{"md", "csv", "json"} {
		golden(t, "hmw-sv."+format, stable(write(t, rep, Options{Format: format})))
	}
}
