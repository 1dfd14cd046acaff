package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

func report(lang, anonymity string) session.Report {
	name := "Åsa"
	var author *string
	if anonymity != "anonymous" {
		author = &name
	}
	return session.Report{
		Room:       session.ReportRoom{Code: "K7QX2M", Title: "Vägen *till* stöd", CreatedAt: "2026-11-23T09:00:00Z", Anonymity: anonymity, Lang: lang},
		Activities: []session.ReportActivity{{ID: "a1", Kind: "brainstorm", Title: "Idéer"}, {ID: "a2", Kind: "brainstorm", Title: "Tom"}},
		Notes: []session.ReportNote{
			{ID: "n1", ActivityID: "a1", Text: "Kort | väntan", Author: author, Votes: 1},
			{ID: "n2", ActivityID: "a1", Text: "=HYPERLINK(\"x\")", Author: author, Votes: 3},
			{ID: "n3", ActivityID: "a1", Text: "Lika", Author: author, Votes: 1},
		},
		Clusters:     []session.ReportCluster{},
		Participants: 2,
	}
}

func TestMarkdownRanksTiesAndSpeaksTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		lang, anonymity string
		want, not       []string
	}{
		{"sv", "named", []string{"# Vägen \\*till\\* stöd", "Rum K7QX2M", "deltagare: 2", "| Plats | Lapp | Prickar | Skrev |",
			"| 1 | =HYPERLINK(\"x\") | 3 | Åsa |", "| 2 | Kort \\| väntan | 1 | Åsa |", "| 2 | Lika | 1 | Åsa |", "Inga lappar."}, nil},
		{"nb", "peers", []string{"Rom K7QX2M", "| Plass | Lapp | Prikker | Skrev |", "Ingen lapper."}, nil},
		{"en", "anonymous", []string{"Room K7QX2M", "| Rank | Note | Dots |", "anonymous"}, []string{"Author", "Åsa"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"-"+tt.anonymity, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, report(tt.lang, tt.anonymity), "md"); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("missing %q in:\n%s", w, b.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("has %q:\n%s", n, b.String())
				}
			}
		})
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, report("en", "named"), "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][3] != "text" || rows[2][3] != `'=HYPERLINK("x")` {
		t.Fatalf("rows: %q", rows)
	}
}

func TestJSONHasTheContractFields(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, report("en", "anonymous"), "json"); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	note := got["notes"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "activity_id", "text", "author", "cluster", "votes", "rating_mean"} {
		if _, ok := note[k]; !ok {
			t.Errorf("note has no %q", k)
		}
	}
	if note["author"] != nil || note["rating_mean"] != nil {
		t.Errorf("author %v, rating_mean %v: want null", note["author"], note["rating_mean"])
	}
	if err := Write(&b, report("en", "named"), "pdf"); !errors.Is(err, ErrFormat) {
		t.Fatalf("pdf: %v", err)
	}
}
