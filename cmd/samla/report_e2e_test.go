package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// TestJourneyWorkshopReportOverSSH runs a journey map as people do, over
// SSH: a screen-reader user in plain mode and a full-screen participant
// write in two phases, the facilitator sorts two notes into a theme, both
// vote (one on the theme, one on a note nobody sorted), the vote is
// revealed and shown as results; then the facilitator exports all three
// formats over SSH and finds every phase, the theme with its notes, and
// each vote with its count and rank.
func TestJourneyWorkshopReportOverSSH(t *testing.T) {
	ctx := context.Background()
	srv, info, fac, facKey := facilitatedRoom(t, session.RoomSpec{Title: "Vägen till stöd", Lang: "en", Anonymity: session.Named})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fac.Configure(ctx, "a1", false, []string{"Before", "During"}))

	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.Answer(t, "Your name", "Rut")
	reader.WaitFor(t, "Keys: n new note.")
	for _, n := range []struct{ text, column, phase string }{{"Nobody called back", "1", "Before"}, {"Letters hard to read", "2", "During"}} {
		reader.Press("n")
		reader.Type(n.text)
		reader.Press("enter")
		reader.Answer(t, "Which column? 1 Before, 2 During.", n.column)
		reader.WaitFor(t, "Saved in "+n.phase+": "+n.text)
	}
	screen := enter(t, srv.addr, info.Code, "Sam", termtest.NewSigner(t))
	screen.Press("n")
	screen.WaitFor(t, "New note")
	screen.Type("Long queue on the phone")
	screen.Press("enter")
	screen.WaitFor(t, "Saved.")

	ids := map[string]string{}
	for _, n := range fac.Latest().NotesFor(fac.ID()) {
		ids[n.Text] = n.ID
	}
	must(fac.AddActivity(ctx, session.KindCluster, "Themes", ""))
	must(fac.Go(ctx, +1))
	must(fac.Drop(ctx, ids["Long queue on the phone"], ids["Nobody called back"]))
	must(fac.RenameCluster(ctx, ids["Nobody called back"], "Waiting"))
	must(fac.AddActivity(ctx, session.KindVote, "Vote", ""))
	must(fac.Go(ctx, +1))

	// Plain mode: the first item is the theme; two dots on it.
	reader.WaitFor(t, "Vote")
	// A new activity starts with no note chosen: the first j reads note 1.
	reader.Press("j")
	reader.WaitFor(t, "Note 1 of 2: Waiting")
	reader.Press("space")
	reader.WaitFor(t, "Dot given.")
	reader.Press("space")
	reader.WaitFor(t, "You have 3 left")
	// Full screen: the note nobody sorted is on the ballot too.
	screen.WaitFor(t, "Letters hard to read")
	screen.Press("right")
	screen.Press("space")
	screen.WaitFor(t, "dots left: 4 of 5")
	must(fac.Reveal(ctx))
	must(fac.AddActivity(ctx, session.KindResults, "Results", ""))
	must(fac.Go(ctx, +1))

	export := func(format string) string {
		t.Helper()
		out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: "export " + info.Code + " --format " + format})
		if status != 0 {
			t.Fatalf("export %s: status %d, %s", format, status, stderr)
		}
		return out
	}
	md := export("md")
	for _, want := range []string{
		"## Agenda", "### Before", "### During", "- Nobody called back — written by Rut", "- Letters hard to read — written by Rut",
		"### Waiting (2 notes)", "| 1 | **Waiting** (group: Nobody called back; Long queue on the phone) | 2 | ●● |",
		"| 2 | Letters hard to read | 1 | ● |", "Shows the outcome of 3. Vote.", "2 participants",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown misses %q:\n%s", want, md)
		}
	}

	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(export("csv"), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range rows {
		found[strings.Join(r[:6], "|")+"|"+r[8]] = true
	}
	for _, want := range []string{
		"Themes|cluster|Before|Waiting|Nobody called back||",
		"Themes|cluster|During||Letters hard to read||",
		"Vote|vote||Waiting|Waiting|2|1",
		"Vote|vote|During||Letters hard to read|1|2",
		"Results|results||Waiting|Waiting|2|1",
	} {
		if !found[want] {
			t.Errorf("csv has no row %q: %q", want, rows)
		}
	}

	raw := export("json")
	schemaPath, err := filepath.Abs("../../docs/export.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := jsonschema.NewCompiler().Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("the export does not validate: %v", err)
	}
	var loose struct {
		Clusters []session.ReportCluster `json:"clusters"`
		Notes    []session.ReportNote    `json:"notes"`
	}
	if err := json.Unmarshal([]byte(raw), &loose); err != nil {
		t.Fatal(err)
	}
	if len(loose.Clusters) != 1 || loose.Clusters[0].Title != "Waiting" || loose.Clusters[0].Votes != 2 || len(loose.Clusters[0].NoteIDs) != 2 {
		t.Fatalf("clusters: %+v", loose.Clusters)
	}
	for _, n := range loose.Notes {
		if n.Text == "Letters hard to read" && (n.Votes != 1 || n.Cluster != nil) {
			t.Errorf("loose note: %+v", n)
		}
		if n.Text == "Nobody called back" && (n.Cluster == nil || *n.Cluster != "Waiting") {
			t.Errorf("grouped note: %+v", n)
		}
	}
}

// facilitatedRoom starts a server whose facilitators file holds a new
// key, makes the room spec with that key as its creator, and joins it
// through session, as the facilitator's own screen would. The key also
// runs the SSH commands (export) a facilitator may.
func facilitatedRoom(t *testing.T, spec session.RoomSpec) (*server, session.RoomInfo, *session.Member, ssh.Signer) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	facKey := termtest.NewSigner(t)
	var hub *session.Hub
	keys := filepath.Join(dir, "facilitators")
	if err := os.WriteFile(keys, ssh.MarshalAuthorizedKey(facKey.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServerWith(t, dir, func(d *sshDeps) { hub = d.hub }, io.Discard, "--facilitators", keys)
	spec.Creator = session.Identity{Key: facKey.PublicKey().Marshal()}
	info, err := hub.CreateRoom(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	fac, err := hub.Join(ctx, info.Code, spec.Creator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fac.Leave)
	return srv, info, fac, facKey
}
