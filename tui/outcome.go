package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// The outcome of a rate, matrix or rank activity, drawn the same on a
// participant's board, on the wall and (as sentences) in plain mode: items
// in rank order with their figures, and for a matrix a 2×2 grid with each
// item at its mean position.

// decimal writes a mean as the room's language does: "4,5" in Swedish and
// Norwegian, "4.5" in English.
func decimal(t *Text, f float64) string {
	s := fmt.Sprintf("%.1f", f)
	if t.Code != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// place is an item's rank, or a dash for one nobody answered.
func place(t *Text, rank *int) string {
	if rank == nil {
		return "–"
	}
	return fmt.Sprintf(t.Rank, *rank)
}

// outcomeLines draws a scored outcome in width columns; ok is false for an
// outcome of another kind (a vote's is drawn as ranked cards).
func outcomeLines(t *Text, st *Styles, res session.Results, cmp *session.Comparison, width int) ([]string, bool) {
	switch r := res.(type) {
	case session.RateResults:
		return rateLines(t, st, r, cmp, width), true
	case session.MatrixResults:
		return matrixLines(t, st, r, width), true
	case session.RankResults:
		return rankLines(t, st, r, width), true
	}
	return nil, false
}

// rateLines: per item its place, mean, a small bar chart of the answers
// per value and n, then the item's text.
func rateLines(t *Text, st *Styles, r session.RateResults, cmp *session.Comparison, width int) []string {
	lines := []string{st.Muted.Render(scaleLine(t, r.Scale, r.Labels))}
	for _, it := range r.Items {
		head := place(t, it.Rank)
		switch {
		case it.Withheld:
			head += " " + st.Muted.Render(t.Withheld)
		case it.N != nil && *it.N > 0:
			head += fmt.Sprintf(" %s %s  %d[%s]%d  n %d", t.MeanWord, decimal(t, *it.Mean),
				r.Scale.Min, st.Dots.Render(sparkline(it.Distribution)), r.Scale.Max, *it.N)
		default:
			head += " " + st.Muted.Render(t.NoAnswers)
		}
		lines = append(lines, head)
		for _, l := range wrapLines(lipgloss.NewStyle(), it.Text, width-4, 2) {
			lines = append(lines, "    "+l)
		}
		if line := targetLine(t, r.Target, it); line != "" {
			lines = append(lines, "    "+line)
		}
		if line := beforeLine(t, cmp, it.Text); line != "" {
			lines = append(lines, "    "+st.Muted.Render(line))
		}
	}
	return lines
}

// targetLine says, in words and not by colour, whether an item met the
// activity's target: "3 of 4 (75 %) rated 4 or more; target 75 %: met".
func targetLine(t *Text, target *session.Target, it session.RatingResult) string {
	if target == nil || it.Withheld || it.AtLeastCount == nil || it.N == nil || *it.N == 0 {
		return ""
	}
	verdict := t.TargetNotMet
	if it.TargetMet != nil && *it.TargetMet {
		verdict = t.TargetMet
	}
	return fmt.Sprintf(t.TargetLine, *it.AtLeastCount, *it.N, shareWords(t, it.AtLeastShare), target.AtLeast,
		shareWords(t, &target.Share), verdict)
}

// beforeLine is the item in the round before, where this room is a later
// round of a series: "before: mean 3,5, n 12".
func beforeLine(t *Text, cmp *session.Comparison, text string) string {
	if cmp == nil {
		return ""
	}
	cell, ok := cmp.Before(session.KindRate, "", text)
	if !ok || cell.Withheld || cell.Mean == nil || cell.N == nil {
		return ""
	}
	return fmt.Sprintf(t.RateBefore, decimal(t, *cell.Mean), *cell.N)
}

// scaleLine names the scale and its ends: "1–6 (1 inte alls … 6 helt)".
func scaleLine(t *Text, sc session.Scale, labels [2]string) string {
	line := fmt.Sprintf(t.ScaleIs, sc.Min, sc.Max)
	if labels[0] != "" || labels[1] != "" {
		line += fmt.Sprintf(" (%d %s … %d %s)", sc.Min, labels[0], sc.Max, labels[1])
	}
	return line
}

// sparkline draws the count of answers per value, lowest value first, one
// block a value, as high as its share of the most common answer.
func sparkline(d *session.Distribution) string {
	if d == nil {
		return ""
	}
	blocks := []rune(" ▁▂▃▄▅▆▇█")
	most := 0
	for _, c := range d.Counts {
		most = max(most, c)
	}
	var b strings.Builder
	for _, c := range d.Counts {
		i := 0
		if most > 0 && c > 0 {
			i = max(1, c*(len(blocks)-1)/most)
		}
		b.WriteRune(blocks[i])
	}
	return b.String()
}

// rankLines: per item its place, Borda count, mean place and the range of
// places it was given (how much people agreed).
func rankLines(t *Text, st *Styles, r session.RankResults, width int) []string {
	var lines []string
	for _, it := range r {
		head := place(t, it.Rank)
		switch {
		case it.Withheld:
			head += " " + st.Muted.Render(t.Withheld)
		case it.N != nil && *it.N > 0:
			head += " " + fmt.Sprintf(t.RankFigures, *it.Borda, decimal(t, *it.MeanRank), *it.Best, *it.Worst, *it.N)
		default:
			head += " " + st.Muted.Render(t.NoAnswers)
		}
		lines = append(lines, head)
		for _, l := range wrapLines(lipgloss.NewStyle(), it.Text, width-4, 2) {
			lines = append(lines, "    "+l)
		}
	}
	return lines
}

// matrixLines: the 2×2 grid with numbered items at their means, then the
// legend: each number's item, its quadrant, means and spread.
func matrixLines(t *Text, st *Styles, r session.MatrixResults, width int) []string {
	lines := matrixGrid(r, width)
	for i, it := range r.Items {
		head := fmt.Sprintf("%d.", i+1)
		switch {
		case it.Withheld:
			head += " " + st.Muted.Render(t.Withheld)
		case it.XMean != nil && it.YMean != nil:
			head += fmt.Sprintf(" %s · %s %s ± %s · %s %s ± %s · n %d", *it.Quadrant,
				r.Axes[0].Name, decimal(t, *it.XMean), decimal(t, *it.XSpread),
				r.Axes[1].Name, decimal(t, *it.YMean), decimal(t, *it.YSpread), *it.N)
		default:
			head += " " + st.Muted.Render(t.NoAnswers)
		}
		lines = append(lines, head)
		for _, l := range wrapLines(lipgloss.NewStyle(), it.Text, width-4, 2) {
			lines = append(lines, "    "+l)
		}
	}
	return lines
}

// matrixGrid draws the first axis (impact) upwards and the second
// (effort) to the right, so high impact for little effort (the first
// quadrant) is top left, as on a workshop wall. Items are their numbers.
func matrixGrid(r session.MatrixResults, width int) []string {
	const rows = 9
	cols := max(11, min(41, width-2)) | 1 // odd: a middle column
	cells := make([][]rune, rows)
	for y := range cells {
		cells[y] = []rune(strings.Repeat(" ", cols))
		cells[y][cols/2] = '│'
	}
	for x := range cols {
		cells[rows/2][x] = '─'
	}
	cells[rows/2][cols/2] = '┼'
	for i, it := range r.Items {
		if it.XMean == nil || it.YMean == nil {
			continue
		}
		y := scaled(*it.XMean, r.Axes[0].Scale, rows-1)
		x := scaled(*it.YMean, r.Axes[1].Scale, cols-1)
		mark(cells, rows-1-y, x, fmt.Sprint(i+1))
	}
	out := []string{"↑ " + r.Axes[0].Name}
	// The quadrants are named above and below the grid, never in it, so
	// an item at a corner does not cover a name.
	if q := r.Quadrants; len(q) == 4 {
		out = append(out, " "+halves(q[0], q[1], cols))
	}
	for _, row := range cells {
		out = append(out, "│"+string(row))
	}
	if q := r.Quadrants; len(q) == 4 {
		out = append(out, " "+halves(q[2], q[3], cols))
	}
	out = append(out, "└"+strings.Repeat("─", cols)+"→ "+r.Axes[1].Name)
	return out
}

// halves writes left in the left half of cols cells and right in the
// right half, each cut to fit.
func halves(left, right string, cols int) string {
	half := cols / 2
	l := ansi.Truncate(left, half-1, "…")
	return l + strings.Repeat(" ", half+1-ansi.StringWidth(l)) + ansi.Truncate(right, cols-half-1, "…")
}

// scaled places a mean of sc on 0..n.
func scaled(v float64, sc session.Scale, n int) int {
	span := float64(sc.Max - sc.Min)
	if span <= 0 {
		return 0
	}
	return max(0, min(n, int((v-float64(sc.Min))/span*float64(n)+0.5)))
}

// mark writes an item's number at (y, x), moving right past numbers
// already there so two items in one place both stay readable.
func mark(cells [][]rune, y, x int, label string) {
	row := cells[y]
	for x < len(row) && strings.ContainsRune("0123456789", row[x]) {
		x += 2
	}
	x = min(x, len(row)-len(label))
	copy(row[x:], []rune(label))
}

// outcomeBody is a scored outcome in height rows, scrolled so that item
// scroll's lines are in view; ok false for an outcome drawn as cards.
func outcomeBody(t *Text, st *Styles, s *session.Snapshot, width, height, scroll int) (string, bool) {
	res := s.Outcome
	if res == nil {
		return "", false
	}
	var cmp *session.Comparison
	if c, ok := s.Comparison(); ok {
		cmp = &c
	}
	lines, ok := outcomeLines(t, st, res, cmp, width)
	if !ok {
		return "", false
	}
	lines = fit(lines, width)
	// Each item takes about three lines; the grid of a matrix comes first.
	top := max(0, min(scroll*3, len(lines)-height))
	lines = lines[top:]
	if len(lines) > height {
		lines = lines[:height]
	}
	return lipgloss.NewStyle().Height(height).MaxHeight(height).Render(strings.Join(lines, "\n")), true
}

// outcomeFigure is an item's figure in a scored outcome, for its card once
// revealed: "mean 4,5", "#2".
func outcomeFigure(t *Text, res session.Results, item string) string {
	switch r := res.(type) {
	case session.RateResults:
		for _, it := range r.Items {
			if it.ItemID == item && it.Mean != nil {
				return t.MeanWord + " " + decimal(t, *it.Mean)
			}
		}
	case session.MatrixResults:
		for _, it := range r.Items {
			if it.ItemID == item && it.Quadrant != nil {
				return *it.Quadrant
			}
		}
	case session.RankResults:
		for _, it := range r {
			if it.ItemID == item && it.Rank != nil {
				return place(t, it.Rank)
			}
		}
	}
	return ""
}

// fit wraps each line to width, so figures on a phone take two lines
// rather than run off the screen.
func fit(lines []string, width int) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, strings.Split(ansi.Wrap(l, width, " "), "\n")...)
	}
	return out
}

// outcomeSentence says a scored outcome as one line for plain mode, in
// rank order: "1. Lång väntan: mean 4,5, n 6; 2. …". ok is false for an
// outcome of another kind.
func outcomeSentence(t *Text, res session.Results) (string, bool) {
	var parts []string
	say := func(rank *int, text, figures string, withheld bool, n *int) {
		part := endSentence(text)
		if rank != nil {
			part = place(t, rank) + " " + part
		}
		switch {
		case withheld:
			figures = t.Withheld
		case n == nil || *n == 0:
			figures = t.NoAnswers
		}
		parts = append(parts, strings.TrimSuffix(part, ".")+": "+figures)
	}
	switch r := res.(type) {
	case session.RateResults:
		for _, it := range r.Items {
			figures := ""
			if it.Mean != nil {
				figures = fmt.Sprintf("%s %s, n %d", t.MeanWord, decimal(t, *it.Mean), *it.N)
			}
			if line := targetLine(t, r.Target, it); line != "" {
				figures += "; " + line
			}
			say(it.Rank, it.Text, figures, it.Withheld, it.N)
		}
	case session.MatrixResults:
		for _, it := range r.Items {
			figures := ""
			if it.XMean != nil && it.YMean != nil {
				figures = fmt.Sprintf("%s, %s %s, %s %s, n %d", *it.Quadrant, r.Axes[0].Name, decimal(t, *it.XMean),
					r.Axes[1].Name, decimal(t, *it.YMean), *it.N)
			}
			say(it.Rank, it.Text, figures, it.Withheld, it.N)
		}
	case session.RankResults:
		for _, it := range r {
			figures := ""
			if it.Borda != nil {
				figures = fmt.Sprintf(t.RankFigures, *it.Borda, decimal(t, *it.MeanRank), *it.Best, *it.Worst, *it.N)
			}
			say(it.Rank, it.Text, figures, it.Withheld, it.N)
		}
	default:
		return "", false
	}
	return strings.Join(parts, "; "), true
}
