package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

// TestScoredRowsInCSV: rate and rank rows carry n and mean (a rank's mean
// place), a matrix row n; with ; as separator the mean has a decimal
// comma, and a withheld item has neither.
func TestScoredRowsInCSV(t *testing.T) {
	cases := []struct {
		anonymity session.Anonymity
		sep       rune
		want      []string
	}{
		{session.Named, ',', []string{
			"Hur viktigt?|rate|Att vänta|3|5|1", "Hur viktigt?|rate|Bra bemötande|2|3.5|2",
			"Nytta och insats|matrix|Att vänta|3||2", "Ordning|rank|Ring tillbaka|3|1.33|1"}},
		{session.Named, ';', []string{"Hur viktigt?|rate|Bra bemötande|2|3,5|2", "Ordning|rank|Chatt|3|1,67|2"}},
		{session.Anonymous, ',', []string{"Hur viktigt?|rate|Bra bemötande|||", "Ordning|rank|Skylt|||"}},
	}
	for _, c := range cases {
		rows := csvRows(t, write(t, report(t, "sv", c.anonymity), Options{Format: "csv", Separator: c.sep}), c.sep)
		found := map[string]bool{}
		for _, row := range rows[1:] {
			found[strings.Join([]string{row[0], row[1], row[4], row[6], row[7], row[8]}, "|")] = true
		}
		for _, w := range c.want {
			if !found[w] {
				t.Errorf("%s, %q: no row %q in %q", c.anonymity, c.sep, w, rows)
			}
		}
	}
}

// TestMatrixMeansInCSV: a matrix row has both means, with a decimal comma
// where ; separates, and the quadrant in the room's language; a report
// without a matrix has no such columns.
func TestMatrixMeansInCSV(t *testing.T) {
	cases := []struct {
		lang      string
		anonymity session.Anonymity
		sep       rune
		want      string // item|x_mean|y_mean|quadrant
	}{
		{"sv", session.Named, ',', "Att vänta|4.67|4|Stora satsningar"},
		{"sv", session.Named, ';', "Att vänta|4,67|4|Stora satsningar"},
		{"sv", session.Named, ',', "Bra bemötande|4|1|Snabba vinster"},
		{"en", session.Anonymous, ',', "Att vänta|4.67|4|Big bets"},
	}
	for _, c := range cases {
		rows := csvRows(t, write(t, report(t, c.lang, c.anonymity), Options{Format: "csv", Separator: c.sep}), c.sep)
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		found := false
		for _, row := range rows[1:] {
			if row[col["kind"]] == session.KindMatrix {
				got := strings.Join([]string{row[col["item"]], row[col["x_mean"]], row[col["y_mean"]], row[col["quadrant"]]}, "|")
				found = found || got == c.want
			}
		}
		if !found {
			t.Errorf("%s %s %q: no matrix row %q in %q", c.lang, c.anonymity, c.sep, c.want, rows)
		}
	}
	header := csvRows(t, write(t, emptyRoom(t), Options{Format: "csv"}), ',')[0]
	if strings.Contains(strings.Join(header, ","), "x_mean") {
		t.Errorf("a report without a matrix has its columns: %q", header)
	}
}

func csvRows(t *testing.T, out string, sep rune) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	r.Comma = sep
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestMarkdownScoredSections: the rating table with its bars, the matrix
// grid with numbered items and its legend, the rank table, in the room's
// language; withheld items say why they have no numbers.
func TestMarkdownScoredSections(t *testing.T) {
	cases := []struct {
		lang      string
		anonymity session.Anonymity
		want      []string
	}{
		{"sv", session.Named, []string{
			"Skala 1 (inte alls) – 6 (mycket).",
			"| 2 | Bra bemötande | 2 | 3,5 | 3,5 | `▁▁██▁▁` 0 · 0 · 1 · 1 · 0 · 0 |",
			"| | Insats: låg | Insats: hög |",
			"| **Nytta: hög** | Snabba vinster: 1 | Stora satsningar: 2 |",
			"2. **Att vänta** — Nytta 4,67 (spridning 0,47), Insats 4 (spridning 0), 3 svar",
			"| 1 | Ring tillbaka | 3 | 1,33 | 8 | 1–2 |",
			"5. Hur viktigt? (betyg)",
			"## 6. Nytta och insats\n\n_Svaren visades aldrig för rummet._",
		}},
		{"nb", session.Anonymous, []string{
			"| – | Bra bemötande | – | – | – | _for få svar til å vises i et anonymt rom_ |",
			"| **Nytte: høy** | Raske gevinster: – | Store satsinger: 1 |",
			"7. Ordning (rangering)",
		}},
	}
	for _, c := range cases {
		md := write(t, report(t, c.lang, c.anonymity), Options{Format: "md"})
		for _, w := range c.want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: missing %q in:\n%s", c.lang, w, md)
			}
		}
	}
}

// TestRatingMeanOnNotes: a rated note carries its mean; unrated ones and
// withheld ones carry null.
func TestRatingMeanOnNotes(t *testing.T) {
	for _, c := range []struct {
		anonymity session.Anonymity
		want      string
	}{{session.Named, "3.5"}, {session.Anonymous, "null"}} {
		rep := report(t, "sv", c.anonymity)
		for _, n := range rep.Notes {
			got := "null"
			if n.RatingMean != nil {
				got = fmt.Sprint(*n.RatingMean)
			}
			want := "null"
			if n.Text == "Bra bemötande" {
				want = c.want
			}
			if got != want {
				t.Errorf("%s: %q has rating_mean %s, want %s", c.anonymity, n.Text, got, want)
			}
		}
	}
}

// TestMinGroupOption: a report asked for a smallest group of 2 shows the
// item two people rated in an anonymous room; the default withholds it.
func TestMinGroupOption(t *testing.T) {
	for _, c := range []struct {
		minGroup int
		withheld bool
	}{{0, true}, {2, false}, {4, true}} {
		hub, code := workshop(t, "sv", session.Anonymous)
		rep, err := hub.Report(context.Background(), code, session.ReportOptions{MinGroup: c.minGroup})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range rep.Activities {
			res, ok := a.Results.(session.RateResults)
			if !ok {
				continue
			}
			for _, it := range res.Items {
				if it.Text == "Bra bemötande" && it.Withheld != c.withheld {
					t.Errorf("min group %d: two ratings withheld %v, want %v", c.minGroup, it.Withheld, c.withheld)
				}
				if it.Text == "Att vänta" && it.Withheld != (c.minGroup > 3) {
					t.Errorf("min group %d: three ratings withheld %v", c.minGroup, it.Withheld)
				}
			}
		}
	}
}
