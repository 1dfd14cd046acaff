package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// Polls and targets in the Markdown and CSV reports. Both say what they
// mean in words (a share in per cent, "target met"), never by a colour or
// a bar alone, so a report read aloud says the same as one looked at.

// poll is a table of the options, most chosen first, with count, share
// and a bar; withheld polls say why they have no numbers.
func (m *md) poll(a session.ReportActivity, res session.PollResults) {
	if !m.answersIntro(a, res) {
		return
	}
	if res.Multiple {
		m.b.WriteString(m.l.multiple + " ")
	}
	if res.Withheld {
		fmt.Fprintf(&m.b, "_%s_\n\n", m.l.withheld)
	} else {
		fmt.Fprintf(&m.b, m.l.answeredFmt+"\n\n", *res.Answered)
	}
	fmt.Fprintf(&m.b, "| %s | %s | %s | %s | |\n|---:|---|---:|---:|---|\n", m.l.rank, m.l.option, m.l.count, m.l.share)
	for _, o := range res.Options {
		if o.Withheld {
			fmt.Fprintf(&m.b, "| – | %s | – | – | |\n", mdCell(o.Option))
			continue
		}
		fmt.Fprintf(&m.b, "| %s | %s | %d | %s | %s |\n", rankCell(o.Rank), mdCell(o.Option), *o.Count, m.pct(*o.Share), shareBar(*o.Share))
	}
}

// targets says, below a rate's table, the target and per item whether it
// was met, in words.
func (m *md) targets(res session.RateResults) {
	t := res.Target
	if t == nil {
		return
	}
	fmt.Fprintf(&m.b, "\n"+m.l.targetFmt+"\n\n", m.pct(t.Share), t.AtLeast)
	for _, it := range res.Items {
		switch {
		case it.Withheld:
			fmt.Fprintf(&m.b, "- %s: _%s_\n", mdInline(it.Text), m.l.withheld)
		case it.TargetMet == nil:
			fmt.Fprintf(&m.b, "- %s: %s\n", mdInline(it.Text), m.l.noAnswersYet())
		default:
			fmt.Fprintf(&m.b, "- "+m.l.targetItem+"\n", mdInline(it.Text), *it.N, m.pct(*it.AtLeastShare), t.AtLeast, m.l.metWord(*it.TargetMet))
		}
	}
}

// pct is a share as whole per cent in the room's language ("75 %").
func (m *md) pct(share float64) string {
	return fmt.Sprintf(m.l.percent, session.SharePercent(share))
}

func (l labels) metWord(met bool) string {
	if met {
		return l.met
	}
	return l.notMet
}

// noAnswersYet: an item nobody rated neither meets nor misses a target.
func (l labels) noAnswersYet() string { return "0 " + l.answersWord + "." }

// shareBar draws a share as up to ten blocks.
func shareBar(share float64) string {
	return strings.Repeat("█", session.SharePercent(share)/10)
}

// colShare and colMet are the CSV cells after author; a matrix's means
// and quadrant come after them.
const (
	colShare = 10
	colMet   = 11
	colXMean = 12
	colYMean = 13
	// colQuadrant is the name of the quadrant the means fall in.
	colQuadrant = 14
)

// targetCells fills a rate row's share at or above the target and met.
func (t *csvTable) targetCells(it session.RatingResult) {
	if it.TargetMet == nil {
		return
	}
	row := t.rows[len(t.rows)-1]
	row[colShare] = t.decimal(it.AtLeastShare)
	row[colMet] = labelsFor(t.rep.Room.Lang).metWord(*it.TargetMet)
}

// decimal writes a share or a mean as a decimal (0.75), with a comma
// where the separator says the spreadsheet reads one; nil is empty.
func (t *csvTable) decimal(f *float64) string {
	if f == nil {
		return ""
	}
	s := strconv.FormatFloat(*f, 'f', -1, 64)
	if t.decimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// columns keeps the cells the report has: author where names may be
// exported, share and target_met where there is a poll or a target, the
// two means and the quadrant where there is a matrix.
func (t *csvTable) columns(row []string) []string {
	out := append([]string(nil), row[:len(csvColumns)]...)
	if t.named {
		out = append(out, row[len(csvColumns)])
	}
	if t.scored {
		out = append(out, row[colShare], row[colMet])
	}
	if t.placed {
		out = append(out, row[colXMean], row[colYMean], row[colQuadrant])
	}
	return out
}

// hasMatrix: a matrix is in the report.
func hasMatrix(rep session.Report) bool {
	for _, a := range rep.Activities {
		if _, ok := a.Results.(session.MatrixResults); ok {
			return true
		}
	}
	return false
}

// hasShares: a poll, or a rate with a target, is in the report.
func hasShares(rep session.Report) bool {
	for _, a := range rep.Activities {
		switch r := a.Results.(type) {
		case session.PollResults:
			return true
		case session.RateResults:
			if r.Target != nil {
				return true
			}
		}
	}
	return false
}
