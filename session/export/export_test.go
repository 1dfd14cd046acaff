package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// workshop runs a journey map the way the brukarresa agenda goes, through
// session's public commands: brainstorm in two phases → themes → a vote on
// the themes and the loose notes → results.
func workshop(t *testing.T, lang string, anonymity session.Anonymity) (*session.Hub, string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	at := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)
	// The clock stands still, so the facilitator's many steps need a
	// larger burst than a person typing gets.
	limits := session.DefaultLimits()
	limits.ActionBurst = 100
	hub, err := session.NewHub(st, session.WithSecret(make([]byte, session.SecretSize)), session.WithClock(func() time.Time { return at }), session.WithLimits(limits))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Close)
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Vägen *till* stöd", Lang: lang, Anonymity: anonymity, Creator: session.Identity{Key: []byte("fac")}})
	if err != nil {
		t.Fatal(err)
	}
	join := func(key string) *session.Member {
		m, err := hub.Join(ctx, info.Code, session.Identity{Key: []byte(key)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Leave)
		return m
	}
	fac, asa, bo := join("fac"), join("åsa"), join("bo")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if anonymity != session.Anonymous {
		must(asa.Rename(ctx, "Åsa"))
	}
	must(fac.Configure(ctx, fac.Latest().Activity.ID, false, []string{"Före", "Under"}))
	must(asa.AddNoteIn(ctx, "Lång väntan", "Före"))
	must(bo.AddNoteIn(ctx, "Kö | telefon", "Före"))
	must(bo.AddNoteIn(ctx, `=HYPERLINK("x")`, "Under"))
	must(asa.AddNoteIn(ctx, "Bra bemötande", "Under"))
	ids := map[string]string{}
	for _, n := range fac.Latest().NotesFor(fac.ID()) {
		ids[n.Text] = n.ID
	}
	must(bo.Vote(ctx, ids["Bra bemötande"]))
	must(fac.AddActivity(ctx, session.KindCluster, "Teman", ""))
	must(fac.Go(ctx, +1))
	must(asa.Drop(ctx, ids["Kö | telefon"], ids["Lång väntan"]))
	must(asa.RenameCluster(ctx, ids["Lång väntan"], "Att vänta"))
	must(fac.AddActivity(ctx, session.KindVote, "Vad är viktigast?", "Fem prickar var."))
	must(fac.Go(ctx, +1))
	group := fac.Latest().NotesFor(fac.ID())[0].ID
	for _, m := range []*session.Member{asa, bo} {
		must(m.Vote(ctx, group))
	}
	must(asa.Vote(ctx, ids["Bra bemötande"]))
	must(fac.Reveal(ctx))
	must(fac.AddActivity(ctx, session.KindResults, "Resultat", ""))
	must(fac.Go(ctx, +1))
	scored(t, fac, asa, bo, group, ids["Bra bemötande"])
	return hub, info.Code
}

// scored goes on with a rating 1–6 of the vote's items, the matrix and a
// ranking of statements. Three people answer about the group, two about
// the loose note: an anonymous room withholds the loose note's numbers.
func scored(t *testing.T, fac, asa, bo *session.Member, group, note string) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fac.AddActivity(ctx, session.KindRate, "Hur viktigt?", ""))
	must(fac.Go(ctx, +1))
	must(fac.SetScoring(ctx, fac.Latest().Activity.ID, session.Scoring{Labels: [2]string{"inte alls", "mycket"}, Target: &session.Target{AtLeast: 4, Share: 0.75}}, false))
	for i, m := range []*session.Member{fac, asa, bo} {
		must(m.Rate(ctx, group, 6-i))
		if m != fac {
			must(m.Rate(ctx, note, 2+i))
		}
	}
	must(fac.AddActivity(ctx, session.KindMatrix, "Nytta och insats", ""))
	must(fac.Go(ctx, +1))
	for i, m := range []*session.Member{fac, asa, bo} {
		must(m.Place(ctx, group, 5-i%2, 4))
	}
	must(asa.Place(ctx, note, 4, 1))
	must(fac.AddActivity(ctx, session.KindRank, "Ordning", ""))
	must(fac.Go(ctx, +1))
	must(fac.SetScoring(ctx, fac.Latest().Activity.ID, session.Scoring{Statements: session.StatementItems([]string{"Ring tillbaka", "Chatt", "Skylt"})}, false))
	items := fac.Latest().Items()
	for i, m := range []*session.Member{fac, asa, bo} {
		order := []string{items[i%2].ID, items[1-i%2].ID}
		if i == 2 {
			order = append(order, items[2].ID)
		}
		must(m.Rank(ctx, order))
	}
	polled(t, fac, asa, bo)
}

// polled ends with a poll three people answer, one of them two options.
func polled(t *testing.T, fac, asa, bo *session.Member) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fac.AddActivity(ctx, session.KindPoll, "Kanal", "Hur når du oss helst?"))
	must(fac.Go(ctx, +1))
	must(fac.SetScoring(ctx, fac.Latest().Activity.ID, session.Scoring{Statements: session.StatementItems([]string{"Telefon", "Chatt", "Besök"}), Multiple: true}, false))
	opts := fac.Latest().Items()
	must(fac.Answer(ctx, []string{opts[1].ID}))
	must(asa.Answer(ctx, []string{opts[0].ID, opts[1].ID}))
	must(bo.Answer(ctx, []string{opts[1].ID}))
}

func report(t *testing.T, lang string, anonymity session.Anonymity) session.Report {
	t.Helper()
	hub, code := workshop(t, lang, anonymity)
	rep, err := hub.Report(context.Background(), code, session.ReportOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	rep.Room.Code = "K7QX2M" // codes are random; goldens keep one
	return rep
}

// noteIDs are random; goldens name them by order of appearance.
var noteID = regexp.MustCompile(`\bn[a-z2-7]{8}\b`)

func stable(s string) string {
	names := map[string]string{}
	return noteID.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := names[id]; !ok {
			names[id] = "note" + string(rune('A'+len(names)))
		}
		return names[id]
	})
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

func write(t *testing.T, rep session.Report, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, rep, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGoldenReports(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		anonymity session.Anonymity
	}{{"sv", session.Named}, {"en", session.Anonymous}} {
		rep := report(t, tc.lang, tc.anonymity)
		for _, format := range []string{"md", "csv", "json"} {
			t.Run(tc.lang+"."+format, func(t *testing.T) {
				golden(t, tc.lang+"-"+string(tc.anonymity)+"."+format, stable(write(t, rep, Options{Format: format})))
			})
		}
	}
}

func TestMarkdownHasTheWorkshopsConclusions(t *testing.T) {
	md := write(t, report(t, "sv", session.Named), Options{Format: "md"})
	for _, want := range []string{
		"# Vägen \\*till\\* stöd", "Rum ", "datum 2026-11-23", "2 deltagare",
		"### Före", "### Under", "Bra bemötande ● — skrivet av Åsa", // phases, board dots, authors
		"### Att vänta (2 lappar)", "- Lång väntan",
		"| 1 | **Att vänta** (grupp: Lång väntan; Kö \\| telefon) | 2 | ●● |",
		"| 2 | Bra bemötande | 1 | ● |", "| – | =HYPERLINK(\"x\") | 0 |",
		"Visar resultatet av 3. Vad är viktigast?\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
	anon := write(t, report(t, "en", session.Anonymous), Options{Format: "md"})
	if strings.Contains(anon, "Åsa") || strings.Contains(anon, "Participant") || !strings.Contains(anon, "anonymous") {
		t.Errorf("anonymous report:\n%s", anon)
	}
}

func TestCSVReadsBackCellForCell(t *testing.T) {
	rep := report(t, "sv", session.Named)
	for _, sep := range []rune{',', ';'} {
		out := write(t, rep, Options{Format: "csv", Separator: sep})
		if !strings.HasPrefix(out, "\uFEFF") || !strings.Contains(out, "\r\n") {
			t.Fatalf("no BOM or CRLF: %q", out[:40])
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
		r.Comma = sep
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"activity", "kind", "phase", "group", "item", "votes", "n", "mean", "rank", "author", "share", "target_met", "x_mean", "y_mean", "quadrant"}
		if strings.Join(rows[0], "|") != strings.Join(want, "|") {
			t.Fatalf("header %q", rows[0])
		}
		found := map[string]bool{}
		for _, row := range rows[1:] {
			found[strings.Join(row[:6], "|")+"|"+row[8]] = true
		}
		for _, w := range []string{
			"Idéstorm|brainstorm|Före|Att vänta|Lång väntan|0|",
			"Idéstorm|brainstorm|Under||'=HYPERLINK(\"x\")|0|",
			"Teman|cluster|Före|Att vänta|Kö | telefon||",
			"Vad är viktigast?|vote||Att vänta|Att vänta|2|1",
			"Vad är viktigast?|vote|Under||Bra bemötande|1|2",
			"Resultat|results||Att vänta|Att vänta|2|1",
		} {
			if !found[w] {
				t.Errorf("no row %q in %q", w, rows)
			}
		}
	}
}

func TestJSONValidatesAgainstTheSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile("../../docs/export.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	reports := []session.Report{report(t, "sv", session.Named), report(t, "en", session.Anonymous), emptyRoom(t), hmwRun(t, "nb")}
	for _, rep := range reports {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(write(t, rep, Options{Format: "json"})))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: %v", rep.Room.Anonymity, err)
		}
	}
	// And the schema can fail: a vote result without its rank.
	var broken map[string]any
	if err := json.Unmarshal([]byte(write(t, reports[0], Options{Format: "json"})), &broken); err != nil {
		t.Fatal(err)
	}
	delete(broken["activities"].([]any)[2].(map[string]any)["results"].([]any)[0].(map[string]any), "rank")
	if err := schema.Validate(broken); err == nil {
		t.Fatal("a vote result without rank validated")
	}
	// Each scored kind's result without one of CONTRACT.md's fields.
	for i, field := range map[int]string{4: "distribution", 5: "quadrant", 6: "borda", 7: "share"} {
		var doc map[string]any
		if err := json.Unmarshal([]byte(write(t, reports[0], Options{Format: "json"})), &doc); err != nil {
			t.Fatal(err)
		}
		delete(doc["activities"].([]any)[i].(map[string]any)["results"].([]any)[0].(map[string]any), field)
		if err := schema.Validate(doc); err == nil {
			t.Errorf("a result of activity %d without %s validated", i+1, field)
		}
	}
}

func emptyRoom(t *testing.T) session.Report {
	t.Helper()
	rep := report(t, "nb", session.Peers)
	rep.Activities, rep.Notes, rep.Clusters = []session.ReportActivity{}, []session.ReportNote{}, []session.ReportCluster{}
	return rep
}

// TestEveryKindHasAReport: a kind the formats do not know fails loudly,
// and every kind session runs is written by every format.
func TestEveryKindHasAReport(t *testing.T) {
	rep := report(t, "en", session.Named)
	kinds := map[string]bool{}
	for _, a := range rep.Activities {
		kinds[a.Kind] = true
	}
	for _, k := range session.ActivityKinds() {
		if !kinds[k] {
			t.Errorf("the workshop has no %s activity: add one so its report is tested", k)
		}
	}
	for _, format := range []string{"md", "csv", "json"} {
		write(t, rep, Options{Format: format})
	}
	if err := Write(&bytes.Buffer{}, rep, Options{Format: "pdf"}); !errors.Is(err, ErrFormat) {
		t.Fatalf("pdf: %v", err)
	}
	for _, bad := range []string{"ab", `"`, "\n"} {
		if _, err := ParseSeparator(bad); !errors.Is(err, ErrSeparator) {
			t.Errorf("separator %q: %v", bad, err)
		}
	}
}

func TestEmptyRoomsGiveACompleteReport(t *testing.T) {
	md := write(t, emptyRoom(t), Options{Format: "md"})
	if !strings.Contains(md, "Rom ") || !strings.Contains(md, "0 deltakere") && !strings.Contains(md, "deltakere") {
		t.Fatalf("empty room:\n%s", md)
	}
}
