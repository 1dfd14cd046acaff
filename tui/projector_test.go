package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/samla/samla/session"
)

// newWall opens the projector on the workshop's room as key, at w x h.
func newWall(t *testing.T, ws *workshop, key string, w, h int) *screenTest {
	t.Helper()
	s := &screenTest{t: t, hub: ws.s.hub, code: ws.s.code, ctx: ws.s.ctx}
	s.model = NewProjector(Deps{
		Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte(key)}, Code: s.code,
		Host: "192.0.2.10", Port: 2222,
	})
	s.run(s.model.Init())
	s.send(tea.WindowSizeMsg{Width: w, Height: h})
	return s
}

func (s *screenTest) fits(w, h int) {
	s.t.Helper()
	screen := s.screen()
	if lines := strings.Count(screen, "\n") + 1; lines > h {
		s.t.Errorf("%d lines on a %d-line screen", lines, h)
	}
	for i, line := range strings.Split(screen, "\n") {
		if cells := ansi.StringWidth(line); cells > w {
			s.t.Errorf("line %d is %d cells on a %d-cell screen: %q", i, cells, w, line)
		}
	}
}

// TestGoldenProjector pins the wall in each activity of the workshop at
// 80x24: the room's language, how to join, and never a private note, an
// author or whose dots are whose.
func TestGoldenProjector(t *testing.T) {
	for _, stage := range workshopStages() {
		t.Run(stage.name, func(t *testing.T) {
			ws := newWorkshop(t, false)
			wall := newWall(t, ws, "golden facilitator", 80, 24)
			stage.play(t, ws)
			wall.refresh(ws.fac)
			wall.fits(80, 24)
			screen := wall.screen()
			for _, leak := range []string{"Eva", "Omar", "★", "you:"} {
				if strings.Contains(screen, leak) {
					t.Errorf("the wall shows %q:\n%s", leak, screen)
				}
			}
			golden.RequireEqual(t, screen)
		})
	}
}

// TestProjectorPrivateWritingShowsOnlyTheCount: while people write in
// private, the wall counts their notes coarsely and shows none.
func TestProjectorPrivateWritingShowsOnlyTheCount(t *testing.T) {
	ws := newWorkshop(t, false)
	wall := newWall(t, ws, "golden facilitator", 80, 24)
	wall.refresh(ws.fac)
	screen := wall.screen()
	if !strings.Contains(screen, "a few notes so far") {
		t.Errorf("no count of private notes:\n%s", screen)
	}
	for _, text := range []string{"Lång väntan", "Ingen ringde", "Svåra brev", "Tolk"} {
		if strings.Contains(screen, text) {
			t.Errorf("the wall shows the private note %q", text)
		}
	}
}

// TestProjectorJourneyMapInLanes: a brainstorm with phases shows them side
// by side where they fit, each note under its phase, and as one grid on a
// narrow screen; sizes from a phone to a projector keep within the screen.
func TestProjectorJourneyMapInLanes(t *testing.T) {
	phases := []string{"Före", "Kontakt", "Väntan", "Efter"}
	for _, size := range []struct{ w, h int }{{40, 12}, {80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			ws := newWorkshop(t, false)
			ws.must(t, ws.fac.Configure(ws.ctx, "a1", false, phases))
			ws.must(t, ws.other.AddNoteIn(ws.ctx, "Remissen kom bort", "Väntan"))
			ws.must(t, ws.other.AddNoteIn(ws.ctx, "Uppföljning saknades", "Efter"))
			wall := newWall(t, ws, "golden facilitator", size.w, size.h)
			wall.refresh(ws.fac)
			wall.fits(size.w, size.h)
			golden.RequireEqual(t, wall.screen())
		})
	}
}

// TestProjectorFollowsFocus: the note the facilitator points at is marked
// and shown whole under the cards, scrolled into view.
func TestProjectorFollowsFocus(t *testing.T) {
	ws := newWorkshop(t, false)
	ws.must(t, ws.fac.Reveal(ws.ctx))
	long := "Det tog sju veckor innan någon hörde av sig, och då var det fel handläggare som ringde"
	// One writer each: a person may only write so fast.
	for i, text := range []string{"Lapp 1", "Lapp 2", "Lapp 3", "Lapp 4", "Lapp 5", "Lapp 6", long} {
		m, err := ws.s.hub.Join(ws.ctx, ws.s.code, session.Identity{Key: fmt.Appendf(nil, "writer %d", i)})
		ws.must(t, err)
		ws.must(t, m.AddNote(ws.ctx, text))
	}
	wall := newWall(t, ws, "golden facilitator", 80, 24)
	wall.refresh(ws.fac)
	if strings.Contains(wall.screen(), "Det tog sju") {
		t.Fatalf("the last note was already in view; the test needs more notes:\n%s", wall.screen())
	}
	notes := ws.fac.Latest().NotesFor(ws.fac.ID())
	ws.must(t, ws.fac.Focus(ws.ctx, notes[len(notes)-1].ID))
	wall.refresh(ws.fac)
	screen := wall.screen()
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), "▶ "+long) {
		t.Errorf("the focused note is not shown whole:\n%s", screen)
	}
	if !strings.Contains(screen, "│ Det tog sju") {
		t.Errorf("the focused card is not in view:\n%s", screen)
	}
}

// TestProjectorRefusesParticipants: the wall is for facilitators; anyone
// else is told so and offered to join as a participant instead, and a
// wrong code is explained with a way to type another.
func TestProjectorRefusesParticipants(t *testing.T) {
	cases := []struct {
		name, key, code string
		want            string
		then            Switch
	}{
		{"participant", "golden other", "", "only for the facilitators", Switch{Code: "room"}},
		{"wrong code", "golden facilitator", "ZZZZZZ", "no room with the code ZZZZZZ", Switch{}},
		{"not a code", "golden facilitator", "hej!", `"hej!" is not a room code`, Switch{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ws := newWorkshop(t, false)
			s := &screenTest{t: t, hub: ws.s.hub, code: ws.s.code, ctx: ws.s.ctx}
			code := c.code
			if code == "" {
				code = s.code
			}
			p := NewProjector(Deps{Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte(c.key)}, Code: code})
			s.model = p
			s.run(p.Init())
			s.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			if screen := s.screen(); !strings.Contains(strings.ToLower(screen), strings.ToLower(c.want)) {
				t.Fatalf("screen does not say %q:\n%s", c.want, screen)
			}
			s.keys("enter")
			got, ok := p.Switched()
			if c.then.Code == "room" {
				c.then.Code = s.code
			}
			if !ok || got != c.then {
				t.Fatalf("enter switched to %+v (%v), want %+v", got, ok, c.then)
			}
		})
	}
}

// TestProjectorCountsDownAndRings: the wall shows the countdown, in
// minutes until the last minute and then in seconds, and, at zero, says
// time's up and rings the bell so the room hears it.
func TestProjectorCountsDownAndRings(t *testing.T) {
	ws := newWorkshop(t, false)
	wall := newWall(t, ws, "golden facilitator", 80, 24)
	p := wall.model.(*Projector)
	ws.must(t, ws.fac.Timer(ws.ctx, "start", 90*time.Second))
	ends := ws.fac.Latest().Timer.EndsAt
	p.now = func() time.Time { return ends.Add(-61 * time.Second) }
	wall.refresh(ws.fac)
	if !strings.Contains(wall.screen(), "⏱ 2 min") {
		t.Fatalf("no countdown in minutes:\n%s", wall.screen())
	}
	p.now = func() time.Time { return ends.Add(-59 * time.Second) }
	wall.refresh(ws.fac)
	if !strings.Contains(wall.screen(), "⏱ 0:59") {
		t.Fatalf("no countdown in seconds in the last minute:\n%s", wall.screen())
	}
	p.now = func() time.Time { return ends }
	_, cmd := p.Update(timerTickMsg{ends: ends})
	if cmd == nil {
		t.Fatal("no bell at zero")
	}
	if raw, ok := cmd().(tea.RawMsg); !ok || raw.Msg != "\a" {
		t.Fatalf("at zero the wall sent %#v, want the bell", cmd())
	}
	if !strings.Contains(wall.screen(), "time's up") {
		t.Fatalf("no time's up:\n%s", wall.screen())
	}
}

// TestProjectorCountIsCoarse: during private writing the wall's count
// does not tick with each note saved, in any language, so whoever watches
// a person cannot read off when they wrote.
func TestProjectorCountIsCoarse(t *testing.T) {
	tests := []struct {
		lang string
		want map[int]string
	}{
		{"en", map[int]string{0: "0 notes so far", 3: "a few notes so far", 11: "about 10 notes so far", 12: "about 10 notes so far", 13: "about 15 notes"}},
		{"sv", map[int]string{3: "några lappar hittills", 12: "ungefär 10 lappar"}},
		{"nb", map[int]string{3: "noen få lapper så langt", 12: "omtrent 10 lapper"}},
	}
	for _, tt := range tests {
		text, _, _ := language(tt.lang)
		p := &Projector{text: text}
		for n, want := range tt.want {
			if got := p.privateCount(n); !strings.Contains(got, want) {
				t.Errorf("%s, %d notes: %q, want %q", tt.lang, n, got, want)
			}
		}
	}
}

// TestPrivateLineIsCoarse: a participant's own line about the others'
// notes is as coarse as the wall, for whoever sits beside them.
func TestPrivateLineIsCoarse(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "Others have written 0."},
		{"en", 2, "Others have written a few."},
		{"en", 12, "Others have written about 10."},
		{"sv", 2, "De andra har skrivit några."},
		{"sv", 13, "De andra har skrivit ungefär 15."},
		{"nb", 2, "De andre har skrevet noen få."},
		{"nb", 12, "De andre har skrevet omtrent 10."},
	}
	for _, tt := range tests {
		text, _, _ := language(tt.lang)
		if got := privateLine(&text, tt.n); !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s, %d notes: %q, want it to end %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
