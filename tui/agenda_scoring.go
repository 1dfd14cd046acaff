package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// The agenda's settings of rate, matrix and rank activities, each one line
// typed with | between the parts, so that a facilitator on a phone or in
// plain mode sets them as easily as on a laptop: the statements to rate,
// the scale and its two ends, the matrix's axes and its quadrants.

// scoringKey handles a settings key of the agenda; ok false if not one.
func (m *boardModel) scoringKey(msg tea.KeyPressMsg, a session.Activity) (tea.Cmd, bool) {
	k, member, ctx := m.keys.AgendaPanel, m.member, m.ctx
	var label, initial string
	var change func(sc *session.Scoring, answer string) error
	switch {
	case key.Matches(msg, k.Items):
		label, initial, change = m.text.AgendaItems, joinTexts(a.Scoring.Statements), setStatements
	case key.Matches(msg, k.Scale):
		label, initial, change = m.text.AgendaScale, scaleText(a), setScale
	case key.Matches(msg, k.Axes):
		label, initial, change = m.text.AgendaAxes, axesText(m.snap.Axes(), a), setAxes
	case key.Matches(msg, k.Quadrants):
		label, initial, change = m.text.AgendaQuadrants, strings.Join(a.MatrixQuadrants(m.snap.Room.Lang), " | "), setQuadrants
	default:
		return nil, false
	}
	return m.ask(label, initial, func(answer string) tea.Cmd {
		sc := a.Scoring
		if err := change(&sc, answer); err != nil {
			return statusCmd(m.explain(err), true)
		}
		return roomAction(func() error { return member.SetScoring(ctx, a.ID, sc, a.Secret) })
	}), true
}

// parts splits "a | b | c" into its trimmed, non-empty parts.
func parts(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinTexts(items []session.Item) string {
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.Text
	}
	return strings.Join(texts, " | ")
}

func setStatements(sc *session.Scoring, answer string) error {
	sc.Statements = session.StatementItems(parts(answer))
	return nil
}

// scaleText is "1-6 inte alls | helt och hållet".
func scaleText(a session.Activity) string {
	sc := a.RateScale()
	s := fmt.Sprintf("%d-%d", sc.Min, sc.Max)
	if l := a.Scoring.Labels; l[0] != "" || l[1] != "" {
		s += " " + l[0] + " | " + l[1]
	}
	return s
}

// setScale reads "1-6", "1-6 low | high" or "low | high" (the scale kept).
func setScale(sc *session.Scoring, answer string) error {
	answer = strings.TrimSpace(answer)
	if first, rest, _ := strings.Cut(answer, " "); strings.ContainsAny(first, "-–") {
		scale, err := parseRange(first)
		if err != nil {
			return err
		}
		sc.Scale, answer = scale, rest
	}
	if answer = strings.TrimSpace(answer); answer == "" {
		return nil
	}
	ends := strings.SplitN(answer, "|", 2)
	if len(ends) != 2 {
		return fmt.Errorf("%w: name both ends, with | between them", session.ErrScoring)
	}
	sc.Labels = [2]string{strings.TrimSpace(ends[0]), strings.TrimSpace(ends[1])}
	return nil
}

// parseRange reads "1-6" (or "1–6").
func parseRange(s string) (session.Scale, error) {
	lo, hi, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	min, err1 := strconv.Atoi(strings.TrimSpace(lo))
	max, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil {
		return session.Scale{}, fmt.Errorf("%w: a scale is written like 1-6", session.ErrScoring)
	}
	return session.Scale{Min: min, Max: max}, nil
}

// axesText is "Nytta 1-5 | Insats 1-5".
func axesText(axes []session.Axis, a session.Activity) string {
	out := make([]string, len(axes))
	for i, ax := range axes {
		out[i] = fmt.Sprintf("%s %d-%d", ax.Name, ax.Scale.Min, ax.Scale.Max)
	}
	return strings.Join(out, " | ")
}

// setAxes reads two axes, each a name and optionally its range.
func setAxes(sc *session.Scoring, answer string) error {
	named := parts(answer)
	if len(named) != 2 {
		return fmt.Errorf("%w: a matrix has two axes, with | between them", session.ErrScoring)
	}
	axes := make([]session.Axis, 2)
	for i, p := range named {
		axes[i] = session.Axis{Name: p, Scale: session.Scale{Min: 1, Max: 5}}
		if at := strings.LastIndex(p, " "); at > 0 && strings.ContainsAny(p[at:], "-–") {
			scale, err := parseRange(p[at+1:])
			if err != nil {
				return err
			}
			axes[i] = session.Axis{Name: strings.TrimSpace(p[:at]), Scale: scale}
		}
	}
	sc.Axes = axes
	return nil
}

func setQuadrants(sc *session.Scoring, answer string) error {
	q := parts(answer)
	if len(q) != 4 {
		return fmt.Errorf("%w: a matrix has four quadrants, with | between them", session.ErrScoring)
	}
	sc.Quadrants = q
	return nil
}

// contextKey asks what an activity shows beside its work: the number of
// an earlier activity (its outcome), or a text; empty shows nothing.
func (m *boardModel) contextKey(msg tea.KeyPressMsg, a session.Activity) (tea.Cmd, bool) {
	if !key.Matches(msg, m.keys.AgendaPanel.Context) {
		return nil, false
	}
	acts, member, ctx := m.snap.Activities, m.member, m.ctx
	initial := a.ContextText
	for i, b := range acts {
		if b.ID == a.ContextSource {
			initial = strconv.Itoa(i + 1)
		}
	}
	return m.ask(m.text.AgendaContext, initial, func(answer string) tea.Cmd {
		source, text := "", strings.TrimSpace(answer)
		if n, err := strconv.Atoi(text); err == nil {
			if n < 1 || n > len(acts) {
				return statusCmd(fmt.Sprintf(m.text.PlainBadActivity, len(acts)), true)
			}
			source, text = acts[n-1].ID, ""
		}
		return roomAction(func() error { return member.SetContext(ctx, a.ID, source, text) })
	}), true
}
