package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// Rate, matrix and rank sections of the Markdown report. Withheld items
// (too few answers in an anonymous room) are listed without numbers, so
// the reader sees they exist and why nothing is shown.

// rate is a table ranked by mean, with the distribution as a small bar
// chart and its counts in words a screen reader reads out.
func (m *md) rate(a session.ReportActivity, res session.RateResults) {
	if !m.answersIntro(a, res) {
		return
	}
	sc := res.Scale
	lo, hi := strconv.Itoa(sc.Min), strconv.Itoa(sc.Max)
	if res.Labels[0] != "" || res.Labels[1] != "" {
		lo, hi = lo+" ("+mdInline(res.Labels[0])+")", hi+" ("+mdInline(res.Labels[1])+")"
	}
	fmt.Fprintf(&m.b, "%s %s – %s.\n\n", m.l.scale, lo, hi)
	fmt.Fprintf(&m.b, "| %s | %s | %s | %s | %s | %s %d–%d |\n|---:|---|---:|---:|---:|---|\n",
		m.l.rank, m.l.item, m.l.answers, m.l.mean, m.l.median, m.l.distribution, sc.Min, sc.Max)
	for _, it := range res.Items {
		if it.Withheld {
			fmt.Fprintf(&m.b, "| – | %s | – | – | – | _%s_ |\n", m.itemCell(it.ItemKind, it.Text), m.l.withheld)
			continue
		}
		fmt.Fprintf(&m.b, "| %s | %s | %s | %s | %s | %s |\n", rankCell(it.Rank), m.itemCell(it.ItemKind, it.Text),
			intCell(it.N), m.num(it.Mean), m.num(it.Median), sparkline(it.Distribution))
	}
	m.targets(res)
}

// matrix draws the 2×2 grid with each item's number in the quadrant its
// means fall in, then the numbered legend with means and spreads.
func (m *md) matrix(a session.ReportActivity, res session.MatrixResults) {
	if !m.answersIntro(a, res) {
		return
	}
	in := make([][]string, 4)
	for i, it := range res.Items {
		for q, name := range res.Quadrants {
			if it.Quadrant != nil && *it.Quadrant == name {
				in[q] = append(in[q], strconv.Itoa(i+1))
			}
		}
	}
	cell := func(q int) string {
		nums := strings.Join(in[q], ", ")
		if nums == "" {
			nums = "–"
		}
		return mdCell(res.Quadrants[q]) + ": " + nums
	}
	x, y := mdCell(res.Axes[0].Name), mdCell(res.Axes[1].Name)
	fmt.Fprintf(&m.b, "| | %s: %s | %s: %s |\n|---|---|---|\n", y, m.l.low, y, m.l.high)
	fmt.Fprintf(&m.b, "| **%s: %s** | %s | %s |\n", x, m.l.high, cell(0), cell(1))
	fmt.Fprintf(&m.b, "| **%s: %s** | %s | %s |\n\n", x, m.l.low, cell(2), cell(3))
	for i, it := range res.Items {
		fmt.Fprintf(&m.b, "%d. %s — %s\n", i+1, m.itemCell(it.ItemKind, it.Text), m.placement(res, it))
	}
}

// placement is one legend line's numbers.
func (m *md) placement(res session.MatrixResults, it session.PlacementResult) string {
	switch {
	case it.Withheld:
		return "_" + m.l.withheld + "_"
	case it.XMean == nil && it.YMean == nil:
		return m.l.notPlaced
	}
	return fmt.Sprintf("%s %s (%s %s), %s %s (%s %s), %s %s", mdInline(res.Axes[0].Name), m.num(it.XMean), m.l.spread, m.num(it.XSpread),
		mdInline(res.Axes[1].Name), m.num(it.YMean), m.l.spread, m.num(it.YSpread), intCell(it.N), m.l.answersWord)
}

// rank is a table by Borda count, with the mean place and the best and
// worst place anyone gave: a wide range says people disagreed.
func (m *md) rank(a session.ReportActivity, res session.RankResults) {
	if !m.answersIntro(a, res) {
		return
	}
	fmt.Fprintf(&m.b, "| %s | %s | %s | %s | %s | %s |\n|---:|---|---:|---:|---:|---|\n",
		m.l.rank, m.l.item, m.l.answers, m.l.meanPlace, m.l.borda, m.l.places)
	for _, it := range res {
		if it.Withheld {
			fmt.Fprintf(&m.b, "| – | %s | – | – | – | _%s_ |\n", m.itemCell(it.ItemKind, it.Text), m.l.withheld)
			continue
		}
		places := "–"
		if it.Best != nil {
			places = strconv.Itoa(*it.Best) + "–" + strconv.Itoa(*it.Worst)
		}
		fmt.Fprintf(&m.b, "| %s | %s | %s | %s | %s | %s |\n", rankCell(it.Rank), m.itemCell(it.ItemKind, it.Text),
			intCell(it.N), m.num(it.MeanRank), intCell(it.Borda), places)
	}
}

// itemCell is an item's text; a group's in bold, as the vote shows it.
func (m *md) itemCell(kind, text string) string {
	if kind == session.ItemGroup {
		return "**" + mdCell(text) + "**"
	}
	return mdCell(text)
}

// num writes a mean with the room language's decimal mark ("4,5" in
// Swedish and Norwegian); – where there is none.
func (m *md) num(f *float64) string {
	if f == nil {
		return "–"
	}
	return strings.Replace(strconv.FormatFloat(*f, 'f', -1, 64), ".", m.l.decimal, 1)
}

func rankCell(r *int) string {
	if r == nil {
		return "–"
	}
	return strconv.Itoa(*r)
}

func intCell(n *int) string {
	if n == nil {
		return "–"
	}
	return strconv.Itoa(*n)
}

// sparkline draws a distribution as block heights, highest count full,
// followed by the counts themselves.
func sparkline(d *session.Distribution) string {
	if d == nil {
		return "–"
	}
	const blocks = "▁▂▃▄▅▆▇█"
	top := 0
	for _, c := range d.Counts {
		top = max(top, c)
	}
	var bars strings.Builder
	counts := make([]string, len(d.Counts))
	for i, c := range d.Counts {
		level := 0
		if top > 0 {
			level = c * 7 / top
		}
		bars.WriteString(string([]rune(blocks)[level]))
		counts[i] = strconv.Itoa(c)
	}
	return "`" + bars.String() + "` " + strings.Join(counts, " · ")
}

// answersIntro opens a rate, matrix, rank or poll section: it says when
// there is nothing to show (false: the section ends there), and when the
// answers were never revealed to the room.
func (m *md) answersIntro(a session.ReportActivity, res session.Results) bool {
	if res.Len() == 0 {
		m.b.WriteString(m.l.noAnswers + "\n")
		return false
	}
	if a.Secret && !a.Revealed {
		m.b.WriteString("_" + m.l.answersNotShown + "_\n\n")
	}
	return true
}
