package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// TestExportMinGroup: --min-group sets how few answers an anonymous
// room's export withholds (default 3); 0 is refused as a usage error.
func TestExportMinGroup(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	hub, err := session.NewHub(st, session.WithSecret(make([]byte, session.SecretSize)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Close)
	code := twoRatings(t, hub)
	cases := []struct {
		args     []string
		withheld bool
		err      error
	}{
		{nil, true, nil},
		{[]string{"--min-group", "2"}, false, nil},
		{[]string{"--min-group", "0"}, false, errUsage},
	}
	for _, c := range cases {
		a, err := parseExport(append([]string{code, "--format", "json"}, c.args...), false, func(string) string { return "" })
		if !errors.Is(err, c.err) {
			t.Fatalf("%q: err = %v, want %v", c.args, err, c.err)
		}
		if err != nil {
			continue
		}
		var out bytes.Buffer
		if err := writeExport(ctx, hub, a, &out); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(out.String(), `"withheld": true`); got != c.withheld {
			t.Errorf("%q: withheld %v, want %v", c.args, got, c.withheld)
		}
	}
}

// twoRatings makes an anonymous room where two people rate a statement.
func twoRatings(t *testing.T, hub *session.Hub) string {
	t.Helper()
	ctx := context.Background()
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Panel", Anonymity: session.Anonymous, Creator: session.Identity{Key: []byte("fac")}})
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
	fac := join("fac")
	steps := []func() error{
		func() error { return fac.AddActivity(ctx, session.KindRate, "Betyg", "") },
		func() error { return fac.Go(ctx, +1) },
		func() error {
			return fac.SetScoring(ctx, fac.Latest().Activity.ID, session.Scoring{Statements: session.StatementItems([]string{"Jag kunde påverka"})}, false)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	item := fac.Latest().Items()[0].ID
	for _, key := range []string{"a", "b"} {
		if err := join(key).Rate(ctx, item, 4); err != nil {
			t.Fatal(err)
		}
	}
	return info.Code
}
