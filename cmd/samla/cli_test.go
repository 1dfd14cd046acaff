package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

func TestParseFlagsAnywhereAndFromEnv(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantPos  []string
		wantFmt  string
		wantDB   string
		wantUsed bool // a usage error
	}{
		{"flags after", []string{"K7QX2M", "--format", "json"}, nil, []string{"K7QX2M"}, "json", "samla.db", false},
		{"flags before", []string{"--format", "json", "K7QX2M"}, nil, []string{"K7QX2M"}, "json", "samla.db", false},
		{"equals form", []string{"--format=csv", "K7QX2M", "--db=/x.db"}, nil, []string{"K7QX2M"}, "csv", "/x.db", false},
		{"from env", []string{"K7QX2M"}, map[string]string{"SAMLA_FORMAT": "csv", "SAMLA_DB": "/env.db"}, []string{"K7QX2M"}, "csv", "/env.db", false},
		{"flag beats env", []string{"K7QX2M", "--db", "/flag.db"}, map[string]string{"SAMLA_DB": "/env.db"}, []string{"K7QX2M"}, "md", "/flag.db", false},
		{"unknown flag", []string{"--colour", "K7QX2M"}, nil, nil, "", "", true},
		{"missing value", []string{"K7QX2M", "--format"}, nil, nil, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			format := fs.String("format", "md", "")
			db := fs.String("db", "samla.db", "")
			pos, err := parseFlags(fs, tt.args, func(k string) string { return tt.env[k] })
			if tt.wantUsed {
				if !errors.Is(err, errUsage) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(pos, ",") != strings.Join(tt.wantPos, ",") || *format != tt.wantFmt || *db != tt.wantDB {
				t.Fatalf("pos %q format %q db %q", pos, *format, *db)
			}
		})
	}
}

func TestLocalCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "samla.db")
	runOK := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, &out, io.Discard); err != nil {
			t.Fatalf("samla %s: %v", strings.Join(args, " "), err)
		}
		return out.String()
	}
	out := runOK("room", "new", "--anonymity", "anonymous", "Vård & omsorg", "--db", db, "--lang", "nb")
	code, _, _ := strings.Cut(out, "\n")
	if len(code) != 6 {
		t.Fatalf("room new printed %q", out)
	}
	if list := runOK("room", "list", "--db", db); !strings.Contains(list, code) || !strings.Contains(list, "Vård & omsorg") {
		t.Fatalf("room list:\n%s", list)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(runOK("export", strings.ToLower(code), "--db", db, "--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"room", "activities", "notes", "clusters", "participants"} {
		if _, ok := rep[field]; !ok {
			t.Errorf("export json has no %q", field)
		}
	}
	if md := runOK("export", code, "--db", db); !strings.Contains(md, "# Vård & omsorg") {
		t.Fatalf("markdown export:\n%s", md)
	}
	if v := runOK("version"); !strings.HasPrefix(v, "samla ") {
		t.Fatalf("version printed %q", v)
	}

	usage := [][]string{
		{},
		{"frobnicate"},
		{"room"},
		{"room", "new"},
		{"room", "new", "T", "--anonymity", "secret", "--db", db},
		{"room", "new", "T", "--lang", "de", "--db", db},
		{"export", code, "--format", "pdf", "--db", db},
		{"serve", "extra"},
	}
	for _, args := range usage {
		if err := run(ctx, args, io.Discard, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("samla %q: err = %v, want usage error", args, err)
		}
	}
	if err := run(ctx, []string{"export", "ZZZZZZ", "--db", db}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no room") {
		t.Errorf("unknown code: err = %v", err)
	}
	if err := run(ctx, []string{"room", "list", "--db", filepath.Join(t.TempDir(), "none.db")}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("missing database: err = %v", err)
	}
}

// TestRoomFromATemplate: --template starts a room with a built-in agenda in
// the room's language, or locally with a JSON file; over SSH only built-in
// names are taken, never a path on the server.
func TestRoomFromATemplate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "samla.db")
	file := filepath.Join(dir, "verkstad.json")
	if err := os.WriteFile(file, []byte(`{"activities":[{"kind":"brainstorm","title":"Idéer","prompt":"Hur kan vi …?"},{"kind":"vote","title":"Rösta","budget":3}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	activities := func(code string) []string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, []string{"export", code, "--format", "json", "--db", db}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Activities []struct{ Kind, Title string }
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range rep.Activities {
			got = append(got, a.Kind+":"+a.Title)
		}
		return got
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--template", "brukarresa", "--lang", "sv"}, "brainstorm:Brukarresan cluster:Teman vote:Vad är viktigast att förbättra? results:Resultat"},
		{[]string{"--template", "hmw", "--lang", "nb"}, "brainstorm:Hindringer cluster:Temaer brainstorm:Hvordan kan vi …? rate:Hvor viktig er utfordringen? matrix:Nytte og innsats results:Resultat"},
		{[]string{"--template", file}, "brainstorm:Idéer vote:Rösta"},
		{nil, "brainstorm:Brainstorm"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		args := append([]string{"room", "new", "Verkstad", "--db", db}, c.args...)
		if err := run(ctx, args, &out, io.Discard); err != nil {
			t.Fatalf("samla %q: %v", args, err)
		}
		code, _, _ := strings.Cut(out.String(), "\n")
		if got := strings.Join(activities(code), " "); got != c.want {
			t.Errorf("samla %q made\n%s\nwant\n%s", args, got, c.want)
		}
	}
	for _, bad := range []string{"nope", filepath.Join(dir, "missing.json")} {
		err := run(ctx, []string{"room", "new", "V", "--template", bad, "--db", db}, io.Discard, io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "brukarresa, hmw, panel") {
			t.Errorf("--template %s: %v", bad, err)
		}
	}

	srv, facKey := startWithFacilitator(t, dir)
	_, stderr, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: "new V --template " + file})
	if status != 2 || !strings.Contains(stderr, "no template") {
		t.Errorf("over SSH a path was taken: status %d, %q", status, stderr)
	}
	out, _, status := termtest.RunCommand(t, srv.addr, termtest.Options{Signer: facKey, Command: "new V --template panel --lang sv"})
	code, _, _ := strings.Cut(out, "\n")
	if status != 0 || strings.Join(activities(code), " ") != "brainstorm:Brukarpanel vote:Vad ska vi ta med oss? results:Resultat" {
		t.Errorf("over SSH, a built-in template: status %d, %q", status, activities(code))
	}
}
