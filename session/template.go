package session

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// Templates start a room with an agenda people in public services often
// run: a user journey ("brukarresa") with its phases, "How might we …?"
// challenges, a user panel. Built-in ones come in each of samla's
// languages (a file holds one agenda per language code); a facilitator's
// own is one agenda, `{"activities": [...]}`, read by
// `samla room new --template FILE`. A template is room content, so every
// string in it passes the same checks as a facilitator's typing.

//go:embed templates/*.json
var builtinTemplates embed.FS

// ErrNoTemplate is a template name that is neither built in nor a file.
var ErrNoTemplate = errors.New("no such template")

// Bounds on a template file: a workshop's agenda, not a document.
const (
	MaxTemplateBytes      = 64 << 10
	MaxTemplateActivities = 30
)

// Template is an agenda to start a room with.
type Template struct {
	Activities []TemplateActivity `json:"activities"`
}

// TemplateActivity is one step of a template's agenda. Budget and PerItem
// are a vote's dots per person and most on one item (0: the defaults).
// Scale, Labels, Items, Axes and Quadrants set up a rate, matrix or rank
// activity (CONTRACT.md names them; see Scoring).
type TemplateActivity struct {
	Kind      string         `json:"kind"`
	Title     string         `json:"title"`
	Prompt    string         `json:"prompt,omitempty"`
	Private   bool           `json:"private,omitempty"`
	Columns   []string       `json:"columns,omitempty"`
	Budget    int            `json:"budget,omitempty"`
	PerItem   int            `json:"per_item,omitempty"`
	Scale     []int          `json:"scale,omitempty"`
	Labels    []string       `json:"labels,omitempty"`
	Items     []string       `json:"items,omitempty"`
	Axes      []TemplateAxis `json:"axes,omitempty"`
	Quadrants []string       `json:"quadrants,omitempty"`
	// ContextFrom shows beside it the outcome of the latest activity of
	// that kind before it ("cluster": the themes); ContextText a text
	// (a persona). See context.go.
	ContextFrom string `json:"context_from,omitempty"`
	ContextText string `json:"context_text,omitempty"`
	// Options and Multiple set up a poll; Target a rate.
	Options  []string `json:"options,omitempty"`
	Multiple bool     `json:"multiple,omitempty"`
	Target   *Target  `json:"target,omitempty"`
}

// TemplateAxis is one axis of a matrix in a template file:
// {"name": "Nytta", "scale": [1, 5]}.
type TemplateAxis struct {
	Name  string `json:"name"`
	Scale []int  `json:"scale,omitempty"`
}

// TemplateNames lists the built-in templates.
func TemplateNames() []string {
	entries, err := fs.ReadDir(builtinTemplates, "templates")
	if err != nil {
		return nil // the embedded directory is part of the binary
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(names)
	return names
}

// BuiltinTemplate is the built-in template name in lang (English where the
// template has no such language).
func BuiltinTemplate(name, lang string) (Template, error) {
	if !slices.Contains(TemplateNames(), name) {
		return Template{}, fmt.Errorf("%w %q (built in: %s)", ErrNoTemplate, name, strings.Join(TemplateNames(), ", "))
	}
	data, err := builtinTemplates.ReadFile(path.Join("templates", name+".json"))
	if err != nil {
		return Template{}, fmt.Errorf("template %s: %w", name, err)
	}
	var byLang map[string]json.RawMessage
	if err := json.Unmarshal(data, &byLang); err != nil {
		return Template{}, fmt.Errorf("template %s: %w", name, err)
	}
	raw, ok := byLang[lang]
	if !ok {
		raw = byLang["en"]
	}
	return ParseTemplate(raw)
}

// ParseTemplate reads a template file. Unknown fields are refused, so a
// misspelt setting is said rather than silently ignored.
func ParseTemplate(data []byte) (Template, error) {
	if len(data) > MaxTemplateBytes {
		return Template{}, fmt.Errorf("a template can be at most %d KiB", MaxTemplateBytes>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, fmt.Errorf("read template: %w", err)
	}
	if dec.More() {
		return Template{}, errors.New("read template: more than one JSON value; a template is one object")
	}
	if n := len(t.Activities); n == 0 || n > MaxTemplateActivities {
		return Template{}, fmt.Errorf("a template needs 1 to %d activities", MaxTemplateActivities)
	}
	for i, a := range t.Activities {
		if _, err := a.scoring(); err != nil {
			return Template{}, fmt.Errorf("template activity %d (%s): %w", i+1, a.Kind, err)
		}
	}
	return t, nil
}

// scoring reads the rate, matrix and rank fields; nil when there are
// none. The room checks the values again as it would a facilitator's.
func (a TemplateActivity) scoring() (*Scoring, error) {
	if a.Scale == nil && a.Labels == nil && a.Items == nil && a.Axes == nil && a.Quadrants == nil &&
		a.Options == nil && !a.Multiple && a.Target == nil {
		return nil, nil
	}
	if a.Options != nil && a.Kind != KindPoll {
		return nil, fmt.Errorf("%w: \"options\" are for polls; a %s activity takes \"items\"", ErrScoring, a.Kind)
	}
	var sc Scoring
	var err error
	if sc.Scale, err = pair("scale", a.Scale); err != nil {
		return nil, err
	}
	switch len(a.Labels) {
	case 0:
	case 2:
		sc.Labels = [2]string{a.Labels[0], a.Labels[1]}
	default:
		return nil, fmt.Errorf("%w: \"labels\" names the two ends of the scale, not %d", ErrScoring, len(a.Labels))
	}
	sc.Statements, sc.Quadrants = StatementItems(a.Items), a.Quadrants
	if a.Options != nil {
		sc.Statements = StatementItems(a.Options)
	}
	sc.Multiple, sc.Target = a.Multiple, a.Target
	for _, ax := range a.Axes {
		axScale, err := pair("axis "+ax.Name+" scale", ax.Scale)
		if err != nil {
			return nil, err
		}
		sc.Axes = append(sc.Axes, Axis{Name: ax.Name, Scale: axScale})
	}
	if _, err := cleanScoring(Activity{ID: "a0", Kind: a.Kind}, sc); err != nil {
		return nil, err
	}
	return &sc, nil
}

// pair reads [low, high] ("scale": [1, 6]); none is the default.
func pair(field string, v []int) (Scale, error) {
	switch len(v) {
	case 0:
		return Scale{}, nil
	case 2:
		return Scale{v[0], v[1]}, nil
	}
	return Scale{}, fmt.Errorf("%w: %q is [lowest, highest], such as [1, 6]", ErrScoring, field)
}

// applyTemplate decides, stamps and applies a template's agenda on a new
// room's state, activity by activity, so each gets the id and source it
// would get from a facilitator.
func (s *state) applyTemplate(t Template, at time.Time) ([]event, error) {
	var out []event
	add := func(bodies []any, err error) error {
		if err != nil {
			return err
		}
		for _, e := range s.stamp(bodies, at) {
			if err := s.apply(e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	}
	for i, a := range t.Activities {
		if err := add(s.addActivity(a.Kind, a.Title, a.Prompt)); err != nil {
			return nil, fmt.Errorf("template activity %d: %w", i+1, err)
		}
		id := s.activities[len(s.activities)-1].ID
		if a.Private || len(a.Columns) > 0 {
			if err := add(s.configure(id, a.Private, a.Columns)); err != nil {
				return nil, fmt.Errorf("template activity %d: %w", i+1, err)
			}
		}
		if a.Budget > 0 || a.PerItem > 0 {
			budget, per := a.Budget, a.PerItem
			if budget == 0 {
				budget = DefaultVoteBudget
			}
			if per == 0 {
				per = min(DefaultMaxPerItem, budget)
			}
			if err := add(s.voting(id, budget, per, a.Kind == KindVote)); err != nil {
				return nil, fmt.Errorf("template activity %d: %w", i+1, err)
			}
		}
		if err := s.templateScoring(id, a, add); err != nil {
			return nil, fmt.Errorf("template activity %d: %w", i+1, err)
		}
		if err := s.templateContext(id, a, add); err != nil {
			return nil, fmt.Errorf("template activity %d: %w", i+1, err)
		}
	}
	return out, nil
}

// templateContext sets what an activity of a template shows beside it.
func (s *state) templateContext(id string, a TemplateActivity, add func([]any, error) error) error {
	if a.ContextFrom == "" && a.ContextText == "" {
		return nil
	}
	source := ""
	if a.ContextFrom != "" {
		i := s.activityIndex(id)
		for j := i - 1; j >= 0 && source == ""; j-- {
			if s.activities[j].Kind == a.ContextFrom {
				source = s.activities[j].ID
			}
		}
		if source == "" {
			return fmt.Errorf("%w: no %s activity before it", ErrContext, a.ContextFrom)
		}
	}
	return add(s.setContext(id, source, a.ContextText))
}

// templateScoring sets up a rate, matrix or rank activity of a template.
func (s *state) templateScoring(id string, a TemplateActivity, add func([]any, error) error) error {
	sc, err := a.scoring()
	if err != nil || sc == nil {
		return err
	}
	// The kind's default secrecy stays: a template has no field for it.
	return add(s.scoring(id, *sc, s.activityByID(id).Secret))
}
