package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// csvColumns are CONTRACT.md's long table; author is added only where the
// report has names.
var csvColumns = []string{"activity", "kind", "phase", "group", "item", "votes", "n", "mean", "rank"}

// csvTable is one CSV report being written: one row per note, group or
// item of each activity.
type csvTable struct {
	rep   session.Report
	notes map[string]session.ReportNote
	named bool
	rows  [][]string
	// scored: the report has a poll or a rate with a target, whose
	// shares and met / not met get columns of their own after rank (and
	// author); other reports keep CONTRACT.md's columns alone.
	scored bool
	// placed: the report has a matrix, whose two means and quadrant get
	// columns of their own after those.
	placed bool
	// decimalComma: with ; as the separator the spreadsheet is one that
	// reads 4,5 as a number (Swedish and Norwegian Excel), not 4.5.
	decimalComma bool
}

// writeCSV writes UTF-8 with a byte-order mark and CRLF line ends, so
// Excel in Swedish or Norwegian opens å, ä, ö, æ, ø as they were written.
func writeCSV(w io.Writer, rep session.Report, sep rune) error {
	t := &csvTable{rep: rep, notes: map[string]session.ReportNote{}, decimalComma: sep == ';'}
	for _, n := range rep.Notes {
		t.notes[n.ID] = n
		t.named = t.named || n.Author != nil
	}
	for _, a := range rep.Activities {
		if err := t.activity(a, a.Results); err != nil {
			return err
		}
	}
	t.scored, t.placed = hasShares(rep), hasMatrix(rep)
	header := t.columns(append(append([]string(nil), csvColumns...), "author", "share", "target_met", "x_mean", "y_mean", "quadrant"))
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if sep != 0 {
		cw.Comma = sep
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, row := range t.rows {
		if err := cw.Write(t.columns(row)); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (t *csvTable) activity(a session.ReportActivity, res session.Results) error {
	switch res := res.(type) {
	case session.BrainstormResults:
		for _, n := range res {
			t.add(a, n.Phase, deref(t.notes[n.NoteID].Cluster), n.Text, n.Votes, n.Rank, n.NoteID)
		}
	case session.ClusterResults:
		placed := map[string]bool{}
		for _, g := range res {
			for _, id := range g.NoteIDs {
				placed[id] = true
				t.add(a, t.notes[id].Column, g.Title, t.notes[id].Text, -1, nil, id)
			}
		}
		for _, n := range t.rep.Notes {
			if n.ActivityID == a.Source && !placed[n.ID] {
				t.add(a, n.Column, "", n.Text, -1, nil, n.ID)
			}
		}
	case session.VoteResults:
		for _, it := range res {
			group, id := "", it.ItemID
			if it.ItemKind == session.ItemGroup {
				group, id = it.Text, ""
			}
			t.add(a, t.notes[id].Column, group, it.Text, it.Votes, it.Rank, id)
		}
	case session.RateResults:
		for _, it := range res.Items {
			t.score(a, it.ItemKind, it.ItemID, it.Text, it.N, it.Mean, it.Rank)
			t.targetCells(it)
		}
	case session.PollResults:
		for _, o := range res.Options {
			t.add(a, "", "", o.Option, -1, o.Rank, "")
			row := t.rows[len(t.rows)-1]
			row[colShare] = t.decimal(o.Share)
			if o.Count != nil {
				row[6] = strconv.Itoa(*o.Count)
			}
		}
	case session.MatrixResults:
		// Two means do not fit one column: they have two of their own.
		for _, it := range res.Items {
			t.score(a, it.ItemKind, it.ItemID, it.Text, it.N, nil, it.Rank)
			row := t.rows[len(t.rows)-1]
			row[colXMean], row[colYMean] = t.decimal(it.XMean), t.decimal(it.YMean)
			row[colQuadrant] = csvSafe(deref(it.Quadrant))
		}
	case session.RankResults:
		for _, it := range res {
			t.score(a, it.ItemKind, it.ItemID, it.Text, it.N, it.MeanRank, it.Rank)
		}
	case session.ShownResults:
		for _, src := range t.rep.Activities {
			if src.ID == a.Source {
				return t.activity(a, src.Results)
			}
		}
	default:
		return fmt.Errorf("write csv: activity %s: no rows for kind %q", a.ID, a.Kind)
	}
	return nil
}

// add appends one row; votes < 0 leaves the cell empty (groups take no
// dots), and note names the note whose author the row may show.
func (t *csvTable) add(a session.ReportActivity, phase, group, item string, votes int, rank *int, note string) {
	cells := []string{csvSafe(a.Title), a.Kind, csvSafe(phase), csvSafe(group), csvSafe(item), "", "", "", "", csvSafe(deref(t.notes[note].Author)), "", "", "", "", ""}
	if votes >= 0 {
		cells[5] = strconv.Itoa(votes)
	}
	if rank != nil {
		cells[8] = strconv.Itoa(*rank)
	}
	t.rows = append(t.rows, cells)
}

// score appends one row of a rate, matrix or rank: n and mean (a rank's
// mean place), empty where withheld or nobody answered.
func (t *csvTable) score(a session.ReportActivity, kind, id, text string, n *int, mean *float64, rank *int) {
	group, note := "", id
	if kind == session.ItemGroup {
		group, note = text, ""
	}
	t.add(a, t.notes[note].Column, group, text, -1, rank, note)
	row := t.rows[len(t.rows)-1]
	if n != nil {
		row[6] = strconv.Itoa(*n)
	}
	row[7] = t.decimal(mean)
}

// csvSafe stops spreadsheet formula injection: a note that starts with = + -
// @ or a tab would otherwise run as a formula when the facilitator opens
// the file.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
