package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/samla/samla/session"
)

// pollSpec is a room whose agenda is one poll of four options.
func pollSpec(multiple bool) session.RoomSpec {
	return session.RoomSpec{
		Creator: session.Identity{Key: []byte("golden facilitator")},
		Agenda: &session.Template{Activities: []session.TemplateActivity{{Kind: session.KindPoll, Title: "Kontakt",
			Prompt: "Hur når du oss helst?", Options: []string{"Telefon", "Chatt", "Besök", "Brev"}, Multiple: multiple}}},
	}
}

// pollScreen is the viewer's screen of a poll they answered with keys;
// with others, three more people answer and the facilitator reveals.
func pollScreen(t *testing.T, w, h int, multiple, others bool, keys ...string) *screenTest {
	t.Helper()
	s := newScreenTestAs(t, w, h, pollSpec(multiple), "golden viewer")
	s.named("Eva")
	s.keys(keys...)
	if others {
		fac, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte("golden facilitator")})
		if err != nil {
			t.Fatal(err)
		}
		opts := fac.Latest().Items()
		for i, pick := range []int{1, 1, 3} {
			m, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte(fmt.Sprint("other ", i))})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Answer(s.ctx, []string{opts[pick].ID}); err != nil {
				t.Fatal(err)
			}
		}
		if err := fac.Reveal(s.ctx); err != nil {
			t.Fatal(err)
		}
	}
	s.refresh(s.app.member)
	return s
}

// TestGoldenPollScreens pins a poll at 80x24 and a phone's 40x12: the
// options as cards with the viewer's choice said in words, and after the
// reveal the bars with counts and shares.
func TestGoldenPollScreens(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {40, 12}} {
		for _, c := range []struct {
			name   string
			others bool
		}{{"poll-chosen", false}, {"poll-results", true}} {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, size.w, size.h), func(t *testing.T) {
				s := pollScreen(t, size.w, size.h, false, c.others, "2")
				golden.RequireEqual(t, s.screen())
			})
		}
	}
}

// TestPollKeys: a digit chooses that option, a second digit moves a
// single choice, the same digit takes it back; in a multiple-choice poll
// digits add up; a digit past the last option says how many there are.
func TestPollKeys(t *testing.T) {
	cases := []struct {
		name     string
		multiple bool
		keys     []string
		want     string
		status   string
	}{
		{"one", false, []string{"2"}, "Chatt", ""},
		{"moved", false, []string{"2", "4"}, "Brev", ""},
		{"taken back", false, []string{"2", "2"}, "", ""},
		{"several", true, []string{"1", "3"}, "Telefon Besök", ""},
		{"no such option", false, []string{"7"}, "", "this poll has 4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := pollScreen(t, 80, 24, c.multiple, false, c.keys...)
			snap := s.app.member.Latest()
			var got []string
			for _, id := range snap.MyChoices(s.app.member.ID()) {
				got = append(got, snap.Items()[snap.OptionNumber(id)-1].Text)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("chose %q, want %q", got, c.want)
			}
			if c.status != "" && !strings.Contains(s.screen(), c.status) {
				t.Errorf("no %q on:\n%s", c.status, s.screen())
			}
			if c.want != "" && !strings.Contains(s.screen(), "your choice") {
				t.Errorf("no card says your choice:\n%s", s.screen())
			}
		})
	}
}

// TestPollInPlainMode: on arrival plain mode says the question and the
// options by number; an option is read as "Option 2 of 4: …, your
// choice", with its count and share once revealed; in every language.
func TestPollInPlainMode(t *testing.T) {
	cases := []struct {
		text    Text
		arrival []string
		read    string
	}{
		{English(), []string{"Hur når du oss helst?", "Options: 1: Telefon; 2: Chatt; 3: Besök; 4: Brev.", "4 answered: Chatt 3 (75%); Brev 1 (25%)"},
			"Option 2 of 4: Chatt, your choice, 3 (75%)."},
		{Swedish(), []string{"Svarsalternativ: 1: Telefon;", "4 svarade: Chatt 3 (75 %)"}, "Alternativ 2 av 4: Chatt, ditt val, 3 (75 %)."},
		{Norwegian(), []string{"Svaralternativer: 1: Telefon;", "4 svarte: Chatt 3 (75 %)"}, "Alternativ 2 av 4: Chatt, ditt valg, 3 (75 %)."},
	}
	s := pollScreen(t, 80, 24, false, true, "2")
	snap, me := s.app.member.Latest(), s.app.member.ID()
	for _, c := range cases {
		said := strings.Join(pollView{}.tell(&c.text, snap), "\n")
		for _, w := range c.arrival {
			if !strings.Contains(said, w) {
				t.Errorf("arrival lacks %q:\n%s", w, said)
			}
		}
		opt := snap.NotesFor(me)[1]
		if got := (pollView{}).noteLine(&c.text, snap, me, 1, opt); got != c.read {
			t.Errorf("read %q, want %q", got, c.read)
		}
	}
	if got := (pollView{}).revealed(new(English()), snap); !strings.Contains(got, "4 answered: Chatt 3 (75%); Brev 1 (25%); Telefon 0 (0%); Besök 0 (0%).") {
		t.Errorf("at the reveal: %q", got)
	}
	secret := pollScreen(t, 80, 24, false, false, "1")
	said := strings.Join(pollView{}.tell(new(English()), secret.app.member.Latest()), "\n")
	if !strings.Contains(said, "1 have answered; the answers show when the facilitator reveals them.") {
		t.Errorf("a secret poll on arrival:\n%s", said)
	}
}

// TestProjectorShowsPollOutcome: the wall shows each option's count and
// share once the poll is revealed, and never whose choice is whose; a
// secret poll shows none.
func TestProjectorShowsPollOutcome(t *testing.T) {
	for _, c := range []struct {
		revealed bool
		want     []string
		not      []string
	}{
		{true, []string{"Chatt", "3 (75%)", "1 (25%)"}, []string{"your choice", "Eva"}},
		{false, []string{"Chatt", "Brev"}, []string{"your choice", "(75%)", "(100%)"}},
	} {
		s := pollScreen(t, 80, 24, false, c.revealed, "2")
		wall := &screenTest{t: t, hub: s.hub, code: s.code, ctx: s.ctx}
		wall.model = NewProjector(Deps{Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte("golden facilitator")}, Code: s.code, Host: "192.0.2.10", Port: 2222})
		wall.run(wall.model.Init())
		wall.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		wall.refresh(s.app.member)
		screen := wall.screen()
		for _, w := range c.want {
			if !strings.Contains(screen, w) {
				t.Errorf("revealed %v: the wall lacks %q:\n%s", c.revealed, w, screen)
			}
		}
		for _, w := range c.not {
			if strings.Contains(screen, w) {
				t.Errorf("revealed %v: the wall shows %q:\n%s", c.revealed, w, screen)
			}
		}
	}
}

// TestGoldenPollWall pins the revealed poll on the projector at 80x24.
func TestGoldenPollWall(t *testing.T) {
	s := pollScreen(t, 80, 24, false, true, "2")
	wall := &screenTest{t: t, hub: s.hub, code: s.code, ctx: s.ctx}
	wall.model = NewProjector(Deps{Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte("golden facilitator")}, Code: s.code, Host: "192.0.2.10", Port: 2222})
	wall.run(wall.model.Init())
	wall.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	wall.refresh(s.app.member)
	wall.fits(80, 24)
	golden.RequireEqual(t, wall.screen())
}

// TestResultsShowAPoll: a results activity after a poll shows its
// options with counts and shares, on the board and in plain mode.
func TestResultsShowAPoll(t *testing.T) {
	s := pollScreen(t, 80, 24, false, true, "2")
	fac, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte("golden facilitator")})
	if err != nil {
		t.Fatal(err)
	}
	if err := fac.AddActivity(s.ctx, session.KindResults, "Resultat", ""); err != nil {
		t.Fatal(err)
	}
	if err := fac.Go(s.ctx, +1); err != nil {
		t.Fatal(err)
	}
	s.refresh(s.app.member)
	if screen := s.screen(); !strings.Contains(screen, "Resultat") || !strings.Contains(screen, "3 (75%)") {
		t.Errorf("the results screen:\n%s", screen)
	}
	said := strings.Join(shownView(s.app.member.Latest()).(tellingView).tell(new(English()), s.app.member.Latest()), "\n")
	if !strings.Contains(said, "Hur når du oss helst?") || !strings.Contains(said, "2: Chatt") || !strings.Contains(said, "Chatt 3 (75%)") {
		t.Errorf("plain mode on arrival:\n%s", said)
	}
}

// TestLaterRoundResultsShowTheRoundBefore: in a room made after another,
// the results of the poll show each option's share in the round before,
// on the cards and in plain mode.
func TestLaterRoundResultsShowTheRoundBefore(t *testing.T) {
	first := pollScreen(t, 80, 24, false, true, "2")
	later, err := first.hub.CreateRoom(first.ctx, session.RoomSpec{Title: "Höst", After: first.code, Creator: session.Identity{Key: []byte("golden facilitator")}})
	if err != nil {
		t.Fatal(err)
	}
	fac, err := first.hub.Join(first.ctx, later.Code, session.Identity{Key: []byte("golden facilitator")})
	if err != nil {
		t.Fatal(err)
	}
	opts := fac.Latest().Items()
	for i := range 3 {
		m, err := first.hub.Join(first.ctx, later.Code, session.Identity{Key: []byte(fmt.Sprint("later ", i))})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Answer(first.ctx, []string{opts[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []func() error{
		func() error { return fac.Reveal(first.ctx) },
		func() error { return fac.AddActivity(first.ctx, session.KindResults, "Resultat", "") },
		func() error { return fac.Go(first.ctx, +1) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	snap := fac.Latest()
	cards := cardView{snap: snap, text: new(English()), styles: new(DefaultStyles())}
	notes := snap.NotesFor("")
	if meta := cards.meta(notes, notes[1], false); !strings.Contains(meta, "0 (0%)") || !strings.Contains(meta, "before 75%") {
		t.Errorf("Chatt's card: %q", meta)
	}
	said := strings.Join(shownView(snap).(tellingView).tell(new(English()), snap), "\n")
	if !strings.Contains(said, "The round before ("+first.code+"), then now: Telefon 0% → 100%; Chatt 75% → 0%;") {
		t.Errorf("plain mode:\n%s", said)
	}
}
