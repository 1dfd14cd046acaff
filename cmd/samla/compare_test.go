package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// answerTarget has people rate the survey template's target statement in
// the room with code (the room's first activity), through a hub of its
// own on the database, as the server would between two rounds.
func answerTarget(t *testing.T, db, code string, ratings ...int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	secret, err := participantSecret(ctx, db, st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	hub, err := session.NewHub(st, session.WithSecret(secret))
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	for i, v := range ratings {
		m, err := hub.Join(ctx, code, session.Identity{Key: []byte(fmt.Sprint("person ", i))})
		if err != nil {
			t.Fatal(err)
		}
		item := m.Latest().Items()[0].ID
		if err := m.Rate(ctx, item, v); err != nil {
			t.Fatal(err)
		}
		m.Leave()
	}
}

// TestCompareCommand: two rounds of the survey template, the second made
// with --after; three people, the target met in the first (3 of 3 at 4
// or more) and not in the second (1 of 3). compare says so in each
// format, the later room alone compares with the earlier, and rooms that
// cannot be compared get a clear message and exit status 2.
func TestCompareCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "samla.db")
	before := newRoom(t, dir, "Start", "--template", "survey", "--lang", "sv")
	after := newRoom(t, dir, "Slut", "--after", before)
	other := newRoom(t, dir, "Annat")
	answerTarget(t, db, before, 4, 5, 6)
	answerTarget(t, db, after, 2, 3, 4)
	compare := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(append([]string{"compare"}, args...), "--db", db), &out, io.Discard)
		return out.String(), err
	}
	md, err := compare(before, after)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Jämförelse: Start → Slut", "| 3 | 5 |", "100 % | målet nått |", "33 % | målet inte nått |",
		"Förändring: medel −2; andel 4 eller högre −67 procentenheter."} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
	if series, err := compare(after); err != nil || series != md {
		t.Errorf("the later room alone: %v\n%s", err, series)
	}
	var c struct {
		Items []struct {
			Text   string
			Rounds []struct {
				TargetMet *bool `json:"target_met"`
			}
		}
	}
	out, err := compare(before, after, "--format", "json")
	if err != nil || json.Unmarshal([]byte(out), &c) != nil || len(c.Items) == 0 || !*c.Items[0].Rounds[0].TargetMet || *c.Items[0].Rounds[1].TargetMet {
		t.Errorf("json: %v\n%s", err, out)
	}
	if out, err := compare("--format", "csv", before, after, "--csv-separator", ";"); err != nil || !strings.Contains(out, ";0,33;målet inte nått;-2;-0,67\r\n") {
		t.Errorf("csv: %v\n%q", err, out)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{before, "ZZZZZZ"}, "no room with that code"},
		{[]string{before, strings.ToLower(before)}, "same room"},
		{[]string{before, other}, "nothing in common"},
		{[]string{other}, "needs two rooms"},
		{[]string{before, after, "--format", "pdf"}, "--format"},
		{nil, "room codes"},
	}
	for _, c := range cases {
		_, err := compare(c.args...)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("compare %q: %v, want a usage error saying %q", c.args, err, c.want)
		}
	}
	for _, args := range [][]string{{"--after", before, "--template", "hmw"}, {"--after", "ZZZZZZ"}, {"--after", before, "--lang", "de"}} {
		if err := run(ctx, append([]string{"room", "new", "X", "--db", db}, args...), io.Discard, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("room new %q: %v, want a usage error", args, err)
		}
	}
	// The next round speaks the earlier room's language unless told.
	if md, err := compare(after); err != nil || !strings.Contains(md, "Förändring") {
		t.Errorf("the next round is not in Swedish: %v", err)
	}
}

// TestCompareOverSSH: a facilitator makes both rounds and compares them
// over SSH; anyone else is refused, and a room given twice exits 2.
func TestCompareOverSSH(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "samla.db")
	srv, fac := startWithFacilitator(t, dir)
	first, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "new Kvartal1 --template survey --lang nb"})
	first, _, _ = strings.Cut(first, "\n")
	second, _, status2 := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "new Kvartal2 --after " + first})
	second, _, _ = strings.Cut(second, "\n")
	if status != 0 || status2 != 0 {
		t.Fatalf("new: %d %d", status, status2)
	}
	srv.stop() // the rooms are answered with the server down, so one hub owns them at a time
	answerTarget(t, db, first, 6, 5, 4)
	answerTarget(t, db, second, 1, 2, 6)
	srv, fac = startWithFacilitator(t, dir)
	defer srv.stop()
	out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "compare " + first + " " + second})
	if status != 0 || !strings.Contains(out, "# Sammenligning: Kvartal1 → Kvartal2") || !strings.Contains(out, "målet nådd") || !strings.Contains(out, "målet ikke nådd") {
		t.Fatalf("compare over SSH: status %d, %s\n%s", status, stderr, out)
	}
	cases := []struct {
		name    string
		command string
		signer  bool
		status  int
		want    string
	}{
		{"not a facilitator", "compare " + first + " " + second, false, 1, "only facilitators"},
		{"the same room twice", "compare " + first + " " + first, true, 2, "same room"},
	}
	for _, c := range cases {
		o := termtest.Options{Command: c.command}
		if c.signer {
			o.Signer = fac
		} else {
			o.Signer = termtest.NewSigner(t)
		}
		_, stderr, status := termtest.RunCommand(t, srv.addr, o)
		if status != c.status || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: status %d, %q", c.name, status, stderr)
		}
	}
}

// TestPollRoundsOverSSH: three people answer a poll with the digit keys
// on their own screens over SSH, in a room and in its next round; the
// facilitator's comparison over SSH says how each option's share moved.
func TestPollRoundsOverSSH(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "poll.json")
	agenda := `{"activities":[{"kind":"poll","title":"Kanal","prompt":"Hur når du oss helst?","options":["Telefon","Chatt","Besök"]}]}`
	if err := os.WriteFile(file, []byte(agenda), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, fac := startWithFacilitator(t, dir)
	defer srv.stop()
	first := newRoom(t, dir, "Vår", "--template", file, "--lang", "sv")
	second := newRoom(t, dir, "Höst", "--after", first)
	for _, round := range []struct {
		code  string
		picks []string
	}{{first, []string{"2", "2", "1"}}, {second, []string{"1", "1", "3"}}} {
		for i, pick := range round.picks {
			c := termtest.Dial(t, srv.addr, termtest.Options{User: round.code, Signer: termtest.NewSigner(t)})
			c.Answer(t, "Vad ska de andra kalla dig?", fmt.Sprint("Person ", i+1))
			c.WaitFor(t, "Besök")
			c.Press(pick)
			c.WaitFor(t, "ditt val")
			c.Close()
		}
	}
	out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "compare " + second})
	for _, want := range []string{"### Hur når du oss helst? — Chatt", "| 1 · " + first + " | 3 | 2 | 67 % |", "| 2 · " + second + " | 3 | 0 | 0 % |",
		"Förändring: andel −67 procentenheter.", "Förändring: andel +33 procentenheter."} {
		if status != 0 || !strings.Contains(out, want) {
			t.Errorf("status %d %s; no %q in:\n%s", status, stderr, want, out)
		}
	}
}

// TestSurveyTargetRoundsOverSSH: a survey room, three participants rating
// over SSH with the digit keys: the target is met; a second round of the
// same agenda where it is not; compare over SSH says both, in words.
func TestSurveyTargetRoundsOverSSH(t *testing.T) {
	dir := t.TempDir()
	srv, fac := startWithFacilitator(t, dir)
	defer srv.stop()
	first := newRoom(t, dir, "Before", "--template", "survey", "--lang", "en")
	second := newRoom(t, dir, "After", "--after", first)
	for _, round := range []struct {
		code    string
		ratings []string
	}{{first, []string{"5", "4", "6"}}, {second, []string{"5", "2", "3"}}} {
		for i, rating := range round.ratings {
			c := termtest.Dial(t, srv.addr, termtest.Options{User: round.code, Signer: termtest.NewSigner(t)})
			c.Answer(t, "What should others call you?", fmt.Sprint("Person ", i+1))
			c.WaitFor(t, "not rated yet")
			c.Press(rating)
			c.WaitFor(t, "your answer: "+rating)
			c.Close()
		}
	}
	out, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: fac, Command: "compare " + first + " " + second})
	if status != 0 {
		t.Fatalf("compare: status %d, %s", status, stderr)
	}
	for _, want := range []string{"I can influence how the service is designed.", "target met", "target not met"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
