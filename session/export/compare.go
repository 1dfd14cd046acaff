package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// Comparisons of rounds (samla compare) in the same three formats as a
// report. The words are the latest round's language; a change says its
// sign and unit in words ("−25 procentenheter"), and met / not met is
// written out, so nothing depends on colour or on reading a bar.

// compareLabels are the comparison's words in one language.
type compareLabels struct {
	title, round, code, date, roomTitle  string
	answers, mean, distribution, atLeast string
	target, count, share, change         string
	meanWord, points, onlyOne, where     string
}

func compareLabelsFor(lang string) compareLabels {
	switch lang {
	case "sv":
		return compareLabels{title: "Jämförelse", round: "Omgång", code: "Rum", date: "Datum", roomTitle: "Titel",
			answers: "Svar", mean: "Medel", distribution: "Fördelning", atLeast: "%d eller högre",
			target: "Mål", count: "Antal", share: "Andel", change: "Förändring",
			meanWord: "medel", points: "procentenheter", onlyOne: "Bara i en omgång", where: "omgång %d, %s"}
	case "nb":
		return compareLabels{title: "Sammenligning", round: "Runde", code: "Rom", date: "Dato", roomTitle: "Tittel",
			answers: "Svar", mean: "Snitt", distribution: "Fordeling", atLeast: "%d eller høyere",
			target: "Mål", count: "Antall", share: "Andel", change: "Endring",
			meanWord: "snitt", points: "prosentpoeng", onlyOne: "Bare i én runde", where: "runde %d, %s"}
	}
	return compareLabels{title: "Comparison", round: "Round", code: "Room", date: "Date", roomTitle: "Title",
		answers: "Answers", mean: "Mean", distribution: "Distribution", atLeast: "%d or more",
		target: "Target", count: "Count", share: "Share", change: "Change",
		meanWord: "mean", points: "percentage points", onlyOne: "Only in one round", where: "round %d, %s"}
}

// WriteComparison writes c to w as opt says (json, md or csv).
func WriteComparison(w io.Writer, c session.Comparison, opt Options) error {
	switch opt.Format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("write json: %w", err)
		}
		return nil
	case "md", "markdown", "":
		return writeCompareMarkdown(w, c)
	case "csv":
		return writeCompareCSV(w, c, opt.Separator)
	}
	return fmt.Errorf("%w: %q", ErrFormat, opt.Format)
}

// cmpMD is one Markdown comparison being written.
type cmpMD struct {
	md
	cl compareLabels
	c  session.Comparison
}

func writeCompareMarkdown(w io.Writer, c session.Comparison) error {
	m := &cmpMD{md: md{l: labelsFor(c.Lang)}, cl: compareLabelsFor(c.Lang), c: c}
	m.header()
	activity := "\x00"
	for _, it := range c.Items {
		if countRounds(it) < 2 {
			continue
		}
		if it.Activity != activity {
			activity = it.Activity
			fmt.Fprintf(&m.b, "\n## %s (%s)\n", mdInline(it.Activity), m.l.kinds[it.Kind])
		}
		m.item(it)
	}
	m.onlyOne()
	if _, err := io.WriteString(w, m.b.String()); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

func (m *cmpMD) header() {
	titles := make([]string, len(m.c.Rounds))
	for i, r := range m.c.Rounds {
		titles[i] = mdInline(r.Title)
	}
	fmt.Fprintf(&m.b, "# %s: %s\n\n", m.cl.title, strings.Join(titles, " → "))
	fmt.Fprintf(&m.b, "| %s | %s | %s | %s |\n|---:|---|---|---|\n", m.cl.round, m.cl.code, m.cl.date, m.cl.roomTitle)
	for i, r := range m.c.Rounds {
		fmt.Fprintf(&m.b, "| %d | %s | %s | %s (%s) |\n", i+1, r.Code, r.Date, mdCell(r.Title), m.l.modes[r.Anonymity])
	}
}

// item is one statement's or option's table, a row per round, and the
// change from the first round to the last.
func (m *cmpMD) item(it session.CompareItem) {
	if it.Kind == session.KindPoll {
		fmt.Fprintf(&m.b, "\n### %s — %s\n\n", mdInline(it.Question), mdInline(it.Text))
		fmt.Fprintf(&m.b, "| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", m.cl.round, m.cl.answers, m.cl.count, m.cl.share)
	} else {
		fmt.Fprintf(&m.b, "\n### %s\n\n", mdInline(it.Text))
		if t := it.Target; t != nil {
			fmt.Fprintf(&m.b, m.l.targetFmt+"\n\n", m.pct(t.Share), t.AtLeast)
		}
		fmt.Fprintf(&m.b, "| %s | %s | %s | %s |%s\n|---|---:|---:|---|%s\n", m.cl.round, m.cl.answers, m.cl.mean,
			m.cl.distribution, m.targetHead(it), strings.Repeat("---:|---|", btoi(it.Target != nil)))
	}
	for i, cell := range it.Rounds {
		m.b.WriteString(m.row(it, i, cell) + "\n")
	}
	if ch := m.changeLine(it); ch != "" {
		m.b.WriteString("\n" + ch + "\n")
	}
}

func (m *cmpMD) targetHead(it session.CompareItem) string {
	if it.Target == nil {
		return ""
	}
	return " " + fmt.Sprintf(m.cl.atLeast, it.Target.AtLeast) + " | " + m.cl.target + " |"
}

// row is one round of an item; a round without the item, or withheld,
// says so instead of numbers.
func (m *cmpMD) row(it session.CompareItem, i int, c *session.CompareCell) string {
	round := fmt.Sprintf("%d · %s", i+1, m.c.Rounds[i].Code)
	cols := 3
	if it.Kind == session.KindRate && it.Target != nil {
		cols = 5
	}
	switch {
	case c == nil:
		return "| " + round + " |" + strings.Repeat(" – |", cols)
	case c.Withheld:
		return "| " + round + " | – | _" + m.l.withheld + "_ |" + strings.Repeat(" |", cols-2)
	case it.Kind == session.KindPoll:
		return fmt.Sprintf("| %s | %s | %s | %s |", round, intCell(c.N), intCell(c.Count), m.pctCell(c.Share))
	}
	line := fmt.Sprintf("| %s | %s | %s | %s |", round, intCell(c.N), m.num(c.Mean), sparkline(c.Distribution))
	if it.Target != nil {
		met := "–"
		if c.TargetMet != nil {
			met = m.l.metWord(*c.TargetMet)
		}
		line += fmt.Sprintf(" %s | %s |", m.pctCell(c.Share), met)
	}
	return line
}

func (m *cmpMD) pctCell(f *float64) string {
	if f == nil {
		return "–"
	}
	return m.pct(*f)
}

// changeLine says the change in mean and in share from the first round
// to the last, signed, in words.
func (m *cmpMD) changeLine(it session.CompareItem) string {
	var parts []string
	if it.MeanChange != nil {
		parts = append(parts, m.cl.meanWord+" "+m.signed(*it.MeanChange))
	}
	if it.ShareChange != nil {
		what := strings.ToLower(m.cl.share)
		if it.Kind == session.KindRate && it.Target != nil {
			what = strings.ToLower(m.cl.share) + " " + fmt.Sprintf(m.cl.atLeast, it.Target.AtLeast)
		}
		parts = append(parts, what+" "+m.signed(float64(session.SharePercent(*it.ShareChange)))+" "+m.cl.points)
	}
	if len(parts) == 0 {
		return ""
	}
	return m.cl.change + ": " + strings.Join(parts, "; ") + "."
}

// signed writes +0,5 and −0,5 (a real minus sign, which screen readers
// say as "minus").
func (m *cmpMD) signed(f float64) string {
	s := m.num(&f)
	switch {
	case f > 0:
		return "+" + s
	case f < 0:
		return "−" + strings.TrimPrefix(s, "-")
	}
	return "±0"
}

// onlyOne lists the items of one round only: not compared, not dropped.
func (m *cmpMD) onlyOne() {
	first := true
	for _, it := range m.c.Items {
		if countRounds(it) != 1 {
			continue
		}
		if first {
			fmt.Fprintf(&m.b, "\n## %s\n\n", m.cl.onlyOne)
			first = false
		}
		text := mdInline(it.Text)
		if it.Kind == session.KindPoll {
			text = mdInline(it.Question) + " — " + text
		}
		for i, c := range it.Rounds {
			if c != nil {
				fmt.Fprintf(&m.b, "- %s (%s; %s)\n", text, m.l.kinds[it.Kind], fmt.Sprintf(m.cl.where, i+1, m.c.Rounds[i].Code))
			}
		}
	}
}

func countRounds(it session.CompareItem) int {
	n := 0
	for _, c := range it.Rounds {
		if c != nil {
			n++
		}
	}
	return n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareColumns are the comparison's long table: one row per item and
// round it is in.
var compareColumns = []string{"kind", "activity", "question", "item", "round", "code", "n", "mean", "distribution",
	"count", "share", "target_met", "mean_change", "share_change"}

// writeCompareCSV writes as writeCSV does: BOM, CRLF, decimal comma with ;.
func writeCompareCSV(w io.Writer, c session.Comparison, sep rune) error {
	t := &csvTable{decimalComma: sep == ';', rep: session.Report{Room: session.ReportRoom{Lang: c.Lang}}}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if sep != 0 {
		cw.Comma = sep
	}
	rows := [][]string{compareColumns}
	for _, it := range c.Items {
		for i, cell := range it.Rounds {
			if cell != nil {
				rows = append(rows, t.compareRow(it, i, c.Rounds[i].Code, cell))
			}
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (t *csvTable) compareRow(it session.CompareItem, i int, code string, c *session.CompareCell) []string {
	row := []string{it.Kind, csvSafe(it.Activity), csvSafe(it.Question), csvSafe(it.Text), strconv.Itoa(i + 1), code,
		optInt(c.N), t.decimal(c.Mean), "", optInt(c.Count), t.decimal(c.Share), "", t.decimal(it.MeanChange), t.decimal(it.ShareChange)}
	if c.Distribution != nil {
		counts := make([]string, len(c.Distribution.Counts))
		for j, n := range c.Distribution.Counts {
			counts[j] = strconv.Itoa(n)
		}
		row[8] = strings.Join(counts, " ")
	}
	if c.TargetMet != nil {
		row[11] = labelsFor(t.rep.Room.Lang).metWord(*c.TargetMet)
	}
	return row
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
