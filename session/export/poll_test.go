package export

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

// TestPollAndTargetInReports: the poll's table with counts and shares in
// per cent, the target in words per item (met / not met), and in CSV the
// share and met columns, in the room's language.
func TestPollAndTargetInReports(t *testing.T) {
	cases := []struct {
		lang string
		md   []string
		csv  []string // activity|item|n|share|target_met
	}{
		{"sv", []string{
			"8. Kanal (flervalsfråga)", "Flera svar var möjliga. 3 svarade.",
			"| 2 | Telefon | 1 | 33 % | ███ |",
			"Mål: minst 75 % svarar 4 eller högre.",
			"- Att vänta: 3 svar, 100 % svarade 4 eller högre — målet nått.",
			"- Bra bemötande: 2 svar, 50 % svarade 4 eller högre — målet inte nått.",
		}, []string{"Kanal|Telefon|1|0.33|", "Hur viktigt?|Bra bemötande|2|0.5|målet inte nått", "Hur viktigt?|Att vänta|3|1|målet nått"}},
		{"nb", []string{"8. Kanal (spørsmål)", "Flere svar var mulig. 3 svarte.", "| 1 | Chatt | 3 | 100 % |",
			"Mål: minst 75 % svarer 4 eller høyere.", "— målet ikke nådd."}, []string{"Hur viktigt?|Att vänta|3|1|målet nådd"}},
		{"en", []string{"| 2 | Telefon | 1 | 33% |", "Target: at least 75% answer 4 or more.", "— target met."}, []string{"Kanal|Chatt|3|1|"}},
	}
	for _, c := range cases {
		rep := report(t, c.lang, session.Named)
		md := write(t, rep, Options{Format: "md"})
		for _, w := range c.md {
			if !strings.Contains(md, w) {
				t.Errorf("%s: missing %q in:\n%s", c.lang, w, md)
			}
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(write(t, rep, Options{Format: "csv"}), "\uFEFF")))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, row := range rows[1:] {
			found[strings.Join([]string{row[0], row[4], row[6], row[10], row[11]}, "|")] = true
		}
		for _, w := range c.csv {
			if !found[w] {
				t.Errorf("%s: no row %q in %q", c.lang, w, rows)
			}
		}
	}
}
