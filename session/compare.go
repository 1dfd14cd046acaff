package session

import (
	"context"
	"errors"
	"fmt"
)

// Comparing rounds: the rate and poll activities of two or more rooms,
// item by item, matched by their text (a statement's, or a poll's
// question and option), so a round whose agenda was retyped still
// matches. Per round an item has n, the mean and distribution (a rate)
// or count and share (a poll), and where a target is set the share at or
// above it and met / not met. Items in only some rounds are kept, with
// nothing for the rounds they are missing from. The comparison is built
// from each room's Report, so what a report withholds (too few answers in
// an anonymous room) the comparison withholds too.

// Errors of a comparison; the command says each in words and exits 2.
var (
	ErrSameRoom        = errors.New("the same room was given twice; compare two different rounds")
	ErrNothingInCommon = errors.New("these rooms have nothing in common: no rated statement or poll option is in more than one")
	ErrTooFewRounds    = errors.New("a comparison needs two rooms, or a room that is the next round of another")
)

// Comparison is rounds of a measurement side by side.
type Comparison struct {
	Rounds []CompareRoom `json:"rounds"`
	Items  []CompareItem `json:"items"`
	// Lang is the language of the latest round: the report's words.
	Lang string `json:"lang"`
}

// CompareRoom is one round.
type CompareRoom struct {
	Code      string `json:"code"`
	Title     string `json:"title"`
	Date      string `json:"date"`
	Anonymity string `json:"anonymity"`
}

// CompareItem is one statement of a rate or one option of a poll across
// the rounds. Rounds has one entry per round, nil where the item is not
// in that room.
type CompareItem struct {
	Kind     string `json:"kind"`
	Activity string `json:"activity"`
	// Question of a poll; Text is the statement or the option.
	Question string         `json:"question,omitempty"`
	Text     string         `json:"text"`
	Scale    []int          `json:"scale,omitempty"`
	Target   *Target        `json:"target,omitempty"`
	Rounds   []*CompareCell `json:"rounds"`
	// MeanChange is the latest mean less the earliest (rates);
	// ShareChange the latest share less the earliest: at or above the
	// target for a rate, of the people who answered for a poll. Nil
	// where fewer than two rounds have one.
	MeanChange  *float64 `json:"mean_change"`
	ShareChange *float64 `json:"share_change"`
	// InAll: every round has the item.
	InAll bool `json:"in_all"`
}

// CompareCell is one item in one round. Withheld: the room is anonymous
// and fewer than its smallest group answered, so no numbers.
type CompareCell struct {
	Code         string        `json:"code"`
	N            *int          `json:"n"`
	Mean         *float64      `json:"mean,omitempty"`
	Distribution *Distribution `json:"distribution,omitempty"`
	Count        *int          `json:"count,omitempty"`
	Share        *float64      `json:"share"`
	TargetMet    *bool         `json:"target_met,omitempty"`
	Withheld     bool          `json:"withheld,omitempty"`
}

// Compare reads the rooms with codes, earliest round first, and sets
// them side by side. One code compares the room with the rounds before
// it (Series).
func (h *Hub) Compare(ctx context.Context, codes []string, opt ReportOptions) (Comparison, error) {
	if len(codes) == 1 {
		series, err := h.Series(ctx, codes[0])
		if err != nil {
			return Comparison{}, err
		}
		codes = series
	}
	if len(codes) < 2 {
		return Comparison{}, ErrTooFewRounds
	}
	seen := map[string]bool{}
	reps := make([]Report, 0, len(codes))
	for _, code := range codes {
		c := NormalizeCode(code)
		if seen[c] {
			return Comparison{}, fmt.Errorf("%w: %s", ErrSameRoom, c)
		}
		seen[c] = true
		rep, err := h.Report(ctx, c, opt)
		if err != nil {
			return Comparison{}, fmt.Errorf("room %s: %w", c, err)
		}
		reps = append(reps, rep)
	}
	return CompareReports(reps)
}

// CompareReports sets reports side by side, earliest first.
func CompareReports(reps []Report) (Comparison, error) {
	out := Comparison{Lang: reps[len(reps)-1].Room.Lang}
	byKey := map[string]int{}
	for round, rep := range reps {
		out.Rounds = append(out.Rounds, CompareRoom{Code: rep.Room.Code, Title: rep.Room.Title, Date: rep.Room.Date, Anonymity: rep.Room.Anonymity})
		for _, a := range rep.Activities {
			for _, row := range rowsOf(a, rep.Room.Code) {
				out.Items = place(out.Items, byKey, row, round, len(reps))
			}
		}
	}
	common := false
	for i := range out.Items {
		out.Items[i] = finish(out.Items[i])
		common = common || present(out.Items[i]) > 1
	}
	if !common {
		return out, ErrNothingInCommon
	}
	return out, nil
}

// compareRow is one item of one activity of one round, before matching.
type compareRow struct {
	key  string
	item CompareItem
	cell CompareCell
}

// rowsOf are a's items to compare: a rate's statements and a poll's
// options; other kinds have none.
func rowsOf(a ReportActivity, code string) []compareRow {
	var rows []compareRow
	switch r := a.Results.(type) {
	case RateResults:
		for _, it := range r.Items {
			item := CompareItem{Kind: KindRate, Activity: a.Title, Text: it.Text, Scale: []int{r.Scale.Min, r.Scale.Max}, Target: r.Target}
			cell := CompareCell{Code: code, N: it.N, Mean: it.Mean, Distribution: it.Distribution, Withheld: it.Withheld}
			rows = append(rows, compareRow{key: KindRate + "\x00" + it.Text, item: item, cell: cell})
		}
	case PollResults:
		for _, o := range r.Options {
			item := CompareItem{Kind: KindPoll, Activity: a.Title, Question: r.Question, Text: o.Option}
			cell := CompareCell{Code: code, N: r.Answered, Count: o.Count, Share: o.Share, Withheld: o.Withheld}
			rows = append(rows, compareRow{key: KindPoll + "\x00" + r.Question + "\x00" + o.Option, item: item, cell: cell})
		}
	}
	return rows
}

// place puts row into its item, made on the item's first round; a second
// row with the same text in one round is not that item again.
func place(items []CompareItem, byKey map[string]int, row compareRow, round, rounds int) []CompareItem {
	i, ok := byKey[row.key]
	if !ok {
		row.item.Rounds = make([]*CompareCell, rounds)
		items = append(items, row.item)
		i = len(items) - 1
		byKey[row.key] = i
	}
	if items[i].Rounds[round] != nil {
		return items
	}
	cell := row.cell
	items[i].Rounds[round] = &cell
	if row.item.Target != nil {
		// The latest round's target is the one the project holds now.
		items[i].Target = row.item.Target
	}
	return items
}

// finish measures each round against the item's target and works out
// the changes from the earliest round to the latest.
func finish(it CompareItem) CompareItem {
	var means, shares []*float64
	for _, c := range it.Rounds {
		if c == nil {
			continue
		}
		if it.Kind == KindRate && it.Target != nil && c.Distribution != nil {
			o := it.Target.Outcome(valuesOf(c.Distribution))
			c.Share, c.TargetMet = o.Share, o.Met
		}
		means, shares = append(means, c.Mean), append(shares, c.Share)
	}
	it.MeanChange, it.ShareChange = change(means), change(shares)
	it.InAll = present(it) == len(it.Rounds)
	return it
}

// valuesOf unfolds a distribution into its answers (order does not
// matter to a target).
func valuesOf(d *Distribution) []int {
	var out []int
	for i, c := range d.Counts {
		for range c {
			out = append(out, d.From+i)
		}
	}
	return out
}

// change is the last value less the first, of those that are there.
func change(vs []*float64) *float64 {
	var first, last *float64
	n := 0
	for _, v := range vs {
		if v == nil {
			continue
		}
		if first == nil {
			first = v
		}
		last = v
		n++
	}
	if n < 2 {
		return nil
	}
	d := round2(*last - *first)
	return &d
}

func present(it CompareItem) int {
	n := 0
	for _, c := range it.Rounds {
		if c != nil {
			n++
		}
	}
	return n
}
