package paint

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// TestSharedRowsWriteWhatAScreenAloneWrites: screens of one server that
// share painted rows write, frame after frame, exactly the bytes a
// screen alone writes for the same frames: over random histories, with
// several screens going through the same frames (as a room's do), some
// apart from the others, at two colour profiles, and with rows that
// leave a style set for the next.
func TestSharedRowsWriteWhatAScreenAloneWrites(t *testing.T) {
	const w, h = 24, 8
	rng := rand.New(rand.NewPCG(5, 2026))
	words := []string{"a", "lapp", "● 3", "日本", "🙂", "ö", " ", "    ", "★", "╭──╮", "\x1b[1m", "\x1b[31m"}
	styles := []lipgloss.Style{lipgloss.NewStyle(), bold, pink, inv, faint}
	shared := newSharedRows()
	type pair struct {
		alone, sharing *Screen
		aloneOut       *bytes.Buffer
		sharingOut     *bytes.Buffer
		rows           []string
	}
	var screens []*pair
	for i := range 6 {
		profile := colorprofile.TrueColor
		if i%3 == 2 {
			profile = colorprofile.ANSI256
		}
		p := &pair{aloneOut: &bytes.Buffer{}, sharingOut: &bytes.Buffer{}, rows: make([]string, h)}
		p.alone = New(p.aloneOut, profile, w, h)
		p.sharing = New(p.sharingOut, profile, w, h)
		p.sharing.shared = shared
		screens = append(screens, p)
	}
	for step := range 400 {
		// Most steps change the same row of every screen alike (a room's
		// change); some change one screen only (its own selection).
		// One to three rows, so a row may begin with the style the row
		// painted before it left set.
		change := map[int]string{}
		for range 1 + rng.IntN(3) {
			var b strings.Builder
			for range rng.IntN(6) {
				b.WriteString(styles[rng.IntN(len(styles))].Render(words[rng.IntN(len(words))]))
			}
			change[rng.IntN(h)] = b.String()
		}
		only := -1
		if rng.IntN(4) == 0 {
			only = rng.IntN(len(screens))
		}
		for i, p := range screens {
			if only >= 0 && i != only {
				continue
			}
			for y, row := range change {
				p.rows[y] = row
			}
			v := tea.NewView(strings.Join(p.rows, "\n"))
			v.AltScreen = true
			a0, s0 := p.aloneOut.Len(), p.sharingOut.Len()
			if err := p.alone.Draw(v); err != nil {
				t.Fatal(err)
			}
			if err := p.sharing.Draw(v); err != nil {
				t.Fatal(err)
			}
			if got, want := p.sharingOut.String()[s0:], p.aloneOut.String()[a0:]; got != want {
				t.Fatalf("step %d, screen %d: sharing wrote %q, alone %q", step, i, got, want)
			}
		}
	}
	if shared.painted.Len() == 0 {
		t.Fatal("nothing was shared")
	}
}
