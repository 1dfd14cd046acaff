package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// TestEveryGroupKeyHasHelp: a grouping key without help in some language
// is a key nobody in that language can discover.
func TestEveryGroupKeyHasHelp(t *testing.T) {
	for _, lang := range Codes() {
		text, _, _ := language(lang)
		g := DefaultKeyMap(&text).Groups
		for i, b := range g.all() {
			h := b.Help()
			if len(b.Keys()) == 0 || h.Key == "" || h.Desc == "" {
				t.Errorf("%s: grouping key %d has keys %q, help %q %q", lang, i, b.Keys(), h.Key, h.Desc)
			}
		}
	}
}

// TestClusterHelpListsGroupingKeys: in a sort activity `?` lists enter, m,
// x, c and D with what they do; outside it does not.
func TestClusterHelpListsGroupingKeys(t *testing.T) {
	for _, stage := range workshopStages()[1:3] {
		w := newWorkshop(t, false)
		stage.play(t, w)
		w.s.refresh(w.viewer)
		help := ansi.Strip(w.s.app.board.helpList())
		inCluster := stage.name == "3-groups"
		for _, b := range []key.Binding{w.s.app.keys.Groups.Move, w.s.app.keys.Groups.TakeOut,
			w.s.app.keys.Groups.Rename, w.s.app.keys.Groups.Duplicate, w.s.app.keys.Groups.Pick} {
			line := false
			for _, l := range strings.Split(help, "\n") {
				f := strings.Fields(l)
				if len(f) > 1 && f[0] == b.Help().Key && strings.Contains(l, b.Help().Desc) {
					line = true
				}
			}
			if line != inCluster {
				t.Errorf("%s: key %q listed %v, want %v in:\n%s", stage.name, b.Help().Key, line, inCluster, help)
			}
		}
	}
}
