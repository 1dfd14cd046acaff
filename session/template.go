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
type TemplateActivity struct {
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Prompt  string   `json:"prompt,omitempty"`
	Private bool     `json:"private,omitempty"`
	Columns []string `json:"columns,omitempty"`
	Budget  int      `json:"budget,omitempty"`
	PerItem int      `json:"per_item,omitempty"`
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
	return t, nil
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
	}
	return out, nil
}
