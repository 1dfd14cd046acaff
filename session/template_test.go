package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestBuiltinTemplatesStartTheirAgenda: every built-in template, in every
// language, makes a room whose agenda is the template's, with its private
// writing, columns and dots, and the sources a facilitator's agenda gets.
func TestBuiltinTemplatesStartTheirAgenda(t *testing.T) {
	if len(TemplateNames()) < 3 {
		t.Fatalf("built-in templates: %v", TemplateNames())
	}
	f := newFixture(t)
	for _, name := range TemplateNames() {
		for _, lang := range []string{"sv", "nb", "en"} {
			t.Run(name+"-"+lang, func(t *testing.T) {
				want, err := BuiltinTemplate(name, lang)
				if err != nil {
					t.Fatal(err)
				}
				code := f.room(t, RoomSpec{Title: "Mall", Lang: lang, Template: name, Creator: Identity{Key: []byte("fac")}})
				m := f.join(t, code, "fac")
				snap := m.Latest()
				if len(snap.Activities) != len(want.Activities) {
					t.Fatalf("%d activities, want %d", len(snap.Activities), len(want.Activities))
				}
				for i, a := range snap.Activities {
					w := want.Activities[i]
					if a.Kind != w.Kind || a.Title != w.Title || a.Prompt != w.Prompt || a.Private != w.Private ||
						strings.Join(a.Columns, "|") != strings.Join(w.Columns, "|") {
						t.Errorf("activity %d is %+v, want %+v", i+1, a, w)
					}
					if w.Budget > 0 && a.Budget != w.Budget {
						t.Errorf("activity %d has %d dots, want %d", i+1, a.Budget, w.Budget)
					}
					// Statements and options are the items of their own: no source.
					if a.Kind != "brainstorm" && a.Source == "" && len(a.Scoring.Statements) == 0 {
						t.Errorf("activity %d (%s) has no source", i+1, a.Kind)
					}
				}
				if !snap.Facilitator(m.ID()) {
					t.Error("the creator does not facilitate")
				}
				if snap.Activity.ID != snap.Activities[0].ID {
					t.Error("the room does not start at the first activity")
				}
			})
		}
	}
}

// TestTemplateFilesAreCheckedLikeTyping: a template file is room content:
// hostile text is made inert, and what a facilitator could not do, a file
// cannot either.
func TestTemplateFilesAreCheckedLikeTyping(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("x", MaxTitleLen+1)
	cases := []struct {
		name string
		json string
		err  error
	}{
		{"unknown kind", `{"activities":[{"kind":"quiz","title":"A"}]}`, ErrNoSuchActivity},
		{"no title", `{"activities":[{"kind":"brainstorm","title":""}]}`, ErrTitle},
		{"long title", fmt.Sprintf(`{"activities":[{"kind":"brainstorm","title":%q}]}`, long), ErrTitle},
		{"bad dots", `{"activities":[{"kind":"vote","title":"V","budget":2,"per_item":5}]}`, ErrBudget},
		{"too many columns", `{"activities":[{"kind":"brainstorm","title":"B","columns":["1","2","3","4","5","6","7","8","9"]}]}`, ErrTitle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := ParseTemplate([]byte(c.json))
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.hub.CreateRoom(context.Background(), RoomSpec{Title: "Mall", Agenda: &tpl})
			if !errors.Is(err, c.err) {
				t.Fatalf("got %v, want %v", err, c.err)
			}
		})
	}
	for _, bad := range []string{``, `{}`, `{"activities":[{"kind":"brainstorm","title":"A"}]} {"activities":[]}`, `{"activities":[]}`, `{"activities":[{"kind":"brainstorm","title":"A","colums":["x"]}]}`,
		`{"activities":[` + strings.Repeat(`{"kind":"brainstorm","title":"A"},`, MaxTemplateActivities) + `{"kind":"brainstorm","title":"A"}]}`} {
		if _, err := ParseTemplate([]byte(bad)); err == nil {
			t.Errorf("ParseTemplate(%.60q) took it", bad)
		}
	}

	hostile := `{"activities":[{"kind":"brainstorm","title":"Idéer\u001b]52;c;aGk=\u0007\u202e","prompt":"Hur kan vi\u001b[2J …?","columns":["Före\u0000","Efter\u001b[31m"]}]}`
	tpl, err := ParseTemplate([]byte(hostile))
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.hub.CreateRoom(context.Background(), RoomSpec{Title: "Mall", Agenda: &tpl})
	if err != nil {
		t.Fatal(err)
	}
	a := f.join(t, info.Code, "p").Latest().Activities[0]
	if a.Title != "Idéer" || a.Prompt != "Hur kan vi …?" || strings.Join(a.Columns, "|") != "Före|Efter" {
		t.Fatalf("hostile template came through as %q %q %q", a.Title, a.Prompt, a.Columns)
	}
	if _, err := f.hub.CreateRoom(context.Background(), RoomSpec{Title: "Mall", Template: "nope"}); !errors.Is(err, ErrNoTemplate) {
		t.Fatalf("an unknown built-in: %v", err)
	}
}
