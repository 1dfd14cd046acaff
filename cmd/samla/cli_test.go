package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
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
		{"room", "new", "A", "B", "--db", db},
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
