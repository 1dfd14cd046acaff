package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// A poll asks one question (the activity's prompt, or its title) with
// options the facilitator typed; each person picks one option, or several
// where the poll takes more than one, and may change while the poll is
// current. The options are kept as the activity's statements, so they get
// lasting ids the way a rate's statements do and are cards on every
// screen; a person's choice is kept in marks, one mark per chosen option.
// The outcome is each option's count and share of the people who
// answered, withheld as a whole in an anonymous room where fewer than the
// smallest group answered: the share of one option among two people says
// what each of them chose.

// KindPoll is the poll activity's name, on disk and in exports.
const KindPoll = "poll"

// MaxOptions: people pick an option with the digit keys 1–9 and 0.
const MaxOptions = 10

// Errors of answering a poll; the TUI explains each in words.
var (
	ErrNotPolling  = errors.New("this activity is not a poll")
	ErrOneOption   = errors.New("this poll takes one option")
	ErrChosenTwice = errors.New("an option can be chosen only once")
)

// pollAnswered is one person's whole choice in a poll; empty takes it
// back. The whole choice, not one option, so replaying it cannot leave a
// single-choice poll with two options chosen.
type pollAnswered struct {
	Activity string   `json:"activity"`
	PID      string   `json:"pid"`
	Options  []string `json:"options"`
}

func (s *state) applyPoll(b pollAnswered) {
	mine := make(map[string][2]int, len(b.Options))
	for _, id := range b.Options {
		mine[id] = [2]int{1}
	}
	s.marksOf(b.Activity).byPerson[b.PID] = mine
}

func (s *state) decideAnswer(pid, activity string, options []string) ([]any, error) {
	a, err := s.scorer(pid, activity, KindPoll, ErrNotPolling)
	if err != nil {
		return nil, err
	}
	if len(options) > 1 && !a.Scoring.Multiple {
		return nil, ErrOneOption
	}
	seen := map[string]bool{}
	for _, id := range options {
		if seen[id] {
			return nil, ErrChosenTwice
		}
		seen[id] = true
		if !s.hasItem(a, id) {
			return nil, ErrNoSuchItem
		}
	}
	if sameChoice(s.marksOf(a.ID).byPerson[pid], options) {
		return nil, nil
	}
	return []any{pollAnswered{Activity: a.ID, PID: s.toMark(pid), Options: s.inOptionOrder(a, seen)}}, nil
}

// decideToggle turns one option on or off: in a single-choice poll
// choosing another replaces the first, choosing the same takes it back.
func (s *state) decideToggle(pid, activity, option string) ([]any, error) {
	a, err := s.scorer(pid, activity, KindPoll, ErrNotPolling)
	if err != nil {
		return nil, err
	}
	mine := s.marksOf(a.ID).byPerson[pid]
	chosen := map[string]bool{}
	if a.Scoring.Multiple {
		for id := range mine {
			chosen[id] = true
		}
	}
	_, had := mine[option]
	chosen[option] = !had
	var next []string
	for id, on := range chosen {
		if on {
			next = append(next, id)
		}
	}
	return s.decideAnswer(pid, a.ID, next)
}

// inOptionOrder lists the chosen options as the poll lists them, so the
// log does not keep the order a person clicked in.
func (s *state) inOptionOrder(a Activity, chosen map[string]bool) []string {
	out := []string{}
	for _, it := range s.itemsOf(a) {
		if chosen[it.ID] {
			out = append(out, it.ID)
		}
	}
	return out
}

func sameChoice(mine map[string][2]int, options []string) bool {
	if len(mine) != len(options) {
		return false
	}
	for _, id := range options {
		if _, ok := mine[id]; !ok {
			return false
		}
	}
	return true
}

// Answer sets the member's whole choice in the current poll; none takes
// it back.
func (m *Member) Answer(ctx context.Context, options []string) error {
	return m.AnswerIn(ctx, "", options)
}

// AnswerIn is Answer in the activity the member's screen shows (see
// RateIn).
func (m *Member) AnswerIn(ctx context.Context, activity string, options []string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideAnswer(m.id, activity, options) })
}

// ChooseIn toggles one option in the poll the member's screen shows: the
// digit keys' action. Decided in the room, so two quick presses never
// read a stale choice.
func (m *Member) ChooseIn(ctx context.Context, activity, option string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideToggle(m.id, activity, option) })
}

// MyChoices are pid's chosen options in the current poll, in the poll's
// order.
func (s *Snapshot) MyChoices(pid string) []string {
	mine := s.marksBy[pid]
	var out []string
	for _, it := range s.items {
		if _, ok := mine[it.ID]; ok {
			out = append(out, it.ID)
		}
	}
	return out
}

// Question is what a poll asks: its prompt, or its title where it has
// none.
func (a Activity) Question() string {
	if a.Prompt != "" {
		return a.Prompt
	}
	return a.Title
}

// OptionResult is one option of a poll: how many chose it and their
// share of everyone who answered (in a multiple-choice poll the shares
// add up to more than 1). Withheld: counts and share are nil.
type OptionResult struct {
	OptionID string   `json:"option_id"`
	Option   string   `json:"option"`
	Count    *int     `json:"count"`
	Share    *float64 `json:"share"`
	Rank     *int     `json:"rank"`
	Withheld bool     `json:"withheld,omitempty"`
}

// PollResults are a poll's options, most chosen first (ties keep the
// poll's order, which is the facilitator's, not anyone's answer).
type PollResults struct {
	Question string
	Multiple bool
	// Answered is how many people chose anything; nil where withheld.
	Answered *int
	Withheld bool
	Options  []OptionResult
}

// Kind implements Results.
func (PollResults) Kind() string { return KindPoll }

// Len implements Results.
func (r PollResults) Len() int { return len(r.Options) }

// MarshalJSON writes the list CONTRACT.md fixes.
func (r PollResults) MarshalJSON() ([]byte, error) { return marshalList(r.Options) }

func pollResult(s *state, a Activity) Results {
	m := s.marksOf(a.ID)
	n := m.answered()
	out := PollResults{Question: a.Question(), Multiple: a.Scoring.Multiple, Withheld: s.withheld(n)}
	if !out.Withheld {
		out.Answered = &n
	}
	for _, it := range s.itemsOf(a) {
		r := OptionResult{OptionID: it.ID, Option: it.Text, Withheld: out.Withheld}
		if !out.Withheld {
			c := len(m.values(it.ID))
			r.Count, r.Share = &c, shareOf(c, n)
		}
		out.Options = append(out.Options, r)
	}
	sort.SliceStable(out.Options, func(i, j int) bool { return countOf(out.Options[i]) > countOf(out.Options[j]) })
	counts := make([]int, len(out.Options))
	for i, o := range out.Options {
		counts[i] = countOf(o)
	}
	for i, r := range ranks(counts) {
		out.Options[i].Rank = r
	}
	return out
}

func countOf(o OptionResult) int {
	if o.Count == nil {
		return 0
	}
	return *o.Count
}

// shareOf is count of n, rounded to two decimals; 0 of nobody is 0.
func shareOf(count, n int) *float64 {
	sh := 0.0
	if n > 0 {
		sh = round2(float64(count) / float64(n))
	}
	return &sh
}

// cleanOptions checks a poll's options: at most one per digit key.
func cleanOptions(a Activity, sc Scoring) error {
	if a.Kind != KindPoll {
		if sc.Multiple {
			return fmt.Errorf("%w: multiple choice is for polls", ErrScoring)
		}
		return nil
	}
	if len(sc.Statements) > MaxOptions {
		return fmt.Errorf("%w: a poll has at most %d options", ErrScoring, MaxOptions)
	}
	return nil
}

// optionIndex is the 1-based place of option among the poll's options
// (0: not one), which plain mode reads out as "Option 2 of 4".
func optionIndex(items []Item, option string) int {
	return slices.IndexFunc(items, func(it Item) bool { return it.ID == option }) + 1
}

// OptionNumber is option's place among the current poll's options, from
// 1 (0: not an option).
func (s *Snapshot) OptionNumber(option string) int { return optionIndex(s.items, option) }
