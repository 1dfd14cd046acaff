package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// stand-in for the random room code, so golden files are stable.
const goldenCode = "K7QX2M"

// screenTest is one participant's App on a real room, driven by messages
// as Bubble Tea would, without a terminal.
type screenTest struct {
	t     *testing.T
	app   *App
	model tea.Model // app, or another root model such as the projector
	hub   *session.Hub
	code  string
	ctx   context.Context
}

func newScreenTest(t *testing.T, w, h int, spec session.RoomSpec) *screenTest {
	t.Helper()
	return newScreenTestAs(t, w, h, spec, "golden viewer")
}

// newScreenTestAs is the screen of the person with key in a new room.
func newScreenTestAs(t *testing.T, w, h int, spec session.RoomSpec, key string) *screenTest {
	t.Helper()
	hub, ctx := newTestHub(t)
	if spec.Title == "" {
		spec.Title = "Vägen till stöd"
	}
	info, err := hub.CreateRoom(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	s := &screenTest{t: t, hub: hub, code: info.Code, ctx: ctx}
	s.app = New(Deps{Ctx: ctx, Hub: hub, Identity: session.Identity{Key: []byte(key)}, Code: info.Code})
	s.model = s.app
	s.run(s.app.Init())
	s.send(tea.WindowSizeMsg{Width: w, Height: h})
	return s
}

// newTestHub is a hub on a fresh database; both stop with the test.
func newTestHub(t testing.TB) (*session.Hub, context.Context) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	// Goldens pin layouts: a reveal keeps the order written here (the
	// shuffle itself is tested in session).
	keepOrder := func(int, func(i, j int)) {}
	hub, err := session.NewHub(st, session.WithSecret([]byte("samla golden participant secret!")), session.WithShuffle(keepOrder))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); hub.Close(); _ = st.Close() })
	return hub, ctx
}

// run carries out cmd and everything it leads to. A command that waits
// (the room listener) is left waiting; the test feeds room changes itself.
func (s *screenTest) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		select {
		case msg := <-done:
			if batch, ok := msg.(tea.BatchMsg); ok {
				queue = append(queue, batch...)
				continue
			}
			if msg != nil {
				_, next := s.model.Update(msg)
				queue = append(queue, next)
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (s *screenTest) send(msg tea.Msg) {
	_, cmd := s.model.Update(msg)
	s.run(cmd)
}

func (s *screenTest) keys(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			s.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			s.send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "space":
			s.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		case "right":
			s.send(tea.KeyPressMsg{Code: tea.KeyRight})
		default:
			for _, r := range k {
				s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
	}
}

// someoneWrites adds notes from another participant and shows the viewer
// the room as it then is.
func (s *screenTest) someoneWrites(who string, notes ...string) *session.Member {
	s.t.Helper()
	m, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte(who)})
	if err != nil {
		s.t.Fatal(err)
	}
	_ = m.Rename(s.ctx, who)
	for _, n := range notes {
		if err := m.AddNote(s.ctx, n); err != nil {
			s.t.Fatal(err)
		}
	}
	s.refresh(m)
	return m
}

func (s *screenTest) refresh(m *session.Member) { s.send(roomMsg{snap: m.Latest()}) }

// named answers the name question and shows the room as it then is.
func (s *screenTest) named(name string) {
	s.keys(name, "enter")
	s.refresh(s.app.member)
}

// screen is what a person sees: the view without colours, code stabilised.
func (s *screenTest) screen() string {
	v := s.model.View()
	return strings.ReplaceAll(ansi.Strip(v.Content), s.code, goldenCode)
}

// TestGoldenScreens pins what a participant sees at a phone's 40x12, the
// classic 80x24 and a wide 160x48. Regenerate with -update after a
// deliberate change, and read the diff.
func TestGoldenScreens(t *testing.T) {
	sizes := []struct{ w, h int }{{40, 12}, {80, 24}, {160, 48}}
	notes := []string{
		"Lång väntan på första kontakt med socialtjänsten, ingen ringde tillbaka efter tre veckor",
		"Bra bemötande i receptionen",
		"Svårt att förstå breven från Försäkringskassan",
		"Tolk saknades vid första mötet 😟",
		"Digitala tider passar inte alla",
	}
	screens := []struct {
		name string
		play func(s *screenTest)
	}{
		{"name", func(s *screenTest) {}},
		{"board-empty", func(s *screenTest) { s.named("Eva") }},
		{"board", func(s *screenTest) {
			s.named("Eva")
			other := s.someoneWrites("Omar", notes...)
			s.keys("n", "Ringa upp samma dag", "enter", "right", "space", "space")
			_ = other.Vote(s.ctx, s.app.board.notes()[1].ID)
			s.refresh(other)
		}},
		{"editor", func(s *screenTest) {
			s.named("Eva")
			s.someoneWrites("Omar", notes[:3]...)
			s.keys("n", "Kortare handläggningstider")
		}},
		{"help", func(s *screenTest) { s.named("Eva"); s.keys("?") }},
		{"reader", func(s *screenTest) {
			s.named("Eva")
			s.someoneWrites("Omar", notes[0])
			s.keys("enter")
		}},
	}
	for _, sc := range screens {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s-%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				s := newScreenTest(t, size.w, size.h, session.RoomSpec{})
				sc.play(s)
				screen := s.screen()
				if lines := strings.Count(screen, "\n") + 1; lines > size.h {
					t.Errorf("%d lines on a %d-line screen", lines, size.h)
				}
				for i, line := range strings.Split(screen, "\n") {
					if w := ansi.StringWidth(line); w > size.w {
						t.Errorf("line %d is %d cells on a %d-cell screen: %q", i, w, size.w, line)
					}
				}
				golden.RequireEqual(t, screen)
			})
		}
	}
}

func TestTooSmallSaysWhatIsNeeded(t *testing.T) {
	s := newScreenTest(t, 30, 10, session.RoomSpec{})
	if got := s.screen(); !strings.Contains(got, "40×12") || !strings.Contains(got, "30×10") {
		t.Fatalf("screen at 30x10:\n%s", got)
	}
}

// TestGoldenActivities pins a facilitator's and a participant's 80x24
// screen in each activity of a workshop: private writing, the reveal,
// groups, a secret vote, the vote revealed, and the results.
func TestGoldenActivities(t *testing.T) {
	for _, stage := range workshopStages() {
		for _, role := range []string{"facilitator", "participant"} {
			t.Run(stage.name+"-"+role, func(t *testing.T) {
				w := newWorkshop(t, role == "facilitator")
				stage.play(t, w)
				w.s.refresh(w.viewer)
				golden.RequireEqual(t, w.s.screen())
			})
		}
	}
}

// workshopStage takes a workshop's room to one stage, as its facilitator.
type workshopStage struct {
	name string
	play func(t *testing.T, w *workshop)
}

func workshopStages() []workshopStage {
	return []workshopStage{
		{"1-brainstorm-private", func(t *testing.T, w *workshop) {}},
		{"2-brainstorm-revealed", func(t *testing.T, w *workshop) { w.must(t, w.fac.Reveal(w.ctx)) }},
		{"3-groups", func(t *testing.T, w *workshop) {
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.AddActivity(w.ctx, "cluster", "Gruppera", ""))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.must(t, w.other.Drop(w.ctx, w.ids[1], w.ids[0]))
			w.must(t, w.other.RenameCluster(w.ctx, w.ids[0], "Väntan"))
			w.must(t, w.other.Drop(w.ctx, w.ids[3], w.ids[2]))
		}},
		{"4-vote-secret", func(t *testing.T, w *workshop) {
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.AddActivity(w.ctx, "vote", "Prioritera", "Vad ska vi ta tag i först?"))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.must(t, w.other.Vote(w.ctx, w.ids[2]))
			w.must(t, w.other.Vote(w.ctx, w.ids[2]))
			w.must(t, w.viewer.Vote(w.ctx, w.ids[0]))
		}},
		{"5-vote-revealed", func(t *testing.T, w *workshop) {
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.AddActivity(w.ctx, "vote", "Prioritera", ""))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.must(t, w.other.Vote(w.ctx, w.ids[2]))
			w.must(t, w.other.Vote(w.ctx, w.ids[2]))
			w.must(t, w.viewer.Vote(w.ctx, w.ids[0]))
			w.must(t, w.viewer.Vote(w.ctx, w.ids[2]))
			w.must(t, w.fac.Reveal(w.ctx))
		}},
		{"6-results", func(t *testing.T, w *workshop) {
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.AddActivity(w.ctx, "vote", "Prioritera", ""))
			w.must(t, w.fac.AddActivity(w.ctx, "results", "Resultat", ""))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.must(t, w.other.Vote(w.ctx, w.ids[2]))
			w.must(t, w.viewer.Vote(w.ctx, w.ids[1]))
			w.must(t, w.viewer.Vote(w.ctx, w.ids[2]))
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.Go(w.ctx, +1))
		}},
		scoredStage("7-rate-results", session.KindRate, func(w *workshop, items []session.Item) []error {
			return []error{w.viewer.Rate(w.ctx, items[0].ID, 5), w.other.Rate(w.ctx, items[0].ID, 3), w.other.Rate(w.ctx, items[1].ID, 6)}
		}),
		scoredStage("8-matrix-results", session.KindMatrix, func(w *workshop, items []session.Item) []error {
			return []error{w.viewer.Place(w.ctx, items[0].ID, 5, 1), w.other.Place(w.ctx, items[1].ID, 2, 4)}
		}),
		scoredStage("9-rank-results", session.KindRank, func(w *workshop, items []session.Item) []error {
			return []error{w.viewer.Rank(w.ctx, []string{items[2].ID, items[0].ID}), w.other.Rank(w.ctx, []string{items[0].ID})}
		}),
	}
}

// scoredStage answers a rate, matrix or rank activity after the reveal,
// reveals it and goes on to the results that show it.
func scoredStage(name, kind string, answer func(w *workshop, items []session.Item) []error) workshopStage {
	return workshopStage{name, func(t *testing.T, w *workshop) {
		w.must(t, w.fac.Reveal(w.ctx))
		w.must(t, w.fac.AddActivity(w.ctx, kind, "Prioritera", ""))
		w.must(t, w.fac.AddActivity(w.ctx, session.KindResults, "Resultat", ""))
		w.must(t, w.fac.Go(w.ctx, +1))
		for _, err := range answer(w, w.fac.Latest().Items()) {
			w.must(t, err)
		}
		w.must(t, w.fac.Reveal(w.ctx))
		w.must(t, w.fac.Go(w.ctx, +1))
	}}
}

// workshop is a named room with a facilitator, the screen under test
// (viewer: the facilitator or a participant) and one other participant,
// in private writing with four notes.
type workshop struct {
	s                  *screenTest
	ctx                context.Context
	fac, viewer, other *session.Member
	ids                []string
}

func (w *workshop) must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newWorkshop(t *testing.T, asFacilitator bool) *workshop {
	t.Helper()
	return newWorkshopSized(t, asFacilitator, 80, 24)
}

func newWorkshopSized(t *testing.T, asFacilitator bool, width, height int) *workshop {
	t.Helper()
	key := "golden viewer"
	if asFacilitator {
		key = "golden facilitator"
	}
	s := newScreenTestAs(t, width, height, session.RoomSpec{Creator: session.Identity{Key: []byte("golden facilitator")}}, key)
	w := &workshop{s: s, ctx: s.ctx}
	join := func(k string) *session.Member {
		m, err := s.hub.Join(s.ctx, s.code, session.Identity{Key: []byte(k)})
		w.must(t, err)
		return m
	}
	w.fac, w.viewer, w.other = join("golden facilitator"), join(key), join("golden other")
	w.must(t, w.other.Rename(w.ctx, "Omar"))
	s.named("Eva")
	w.must(t, w.fac.Configure(w.ctx, "a1", true, nil))
	for i, text := range []string{"Lång väntan på besked", "Ingen ringde tillbaka", "Svåra brev", "Tolk saknades"} {
		author := w.other
		if i == 1 {
			author = w.viewer
		}
		w.must(t, author.AddNote(w.ctx, text))
		// During private writing only the author sees a note: ask them.
		own := author.Latest().NotesFor(author.ID())
		w.ids = append(w.ids, own[len(own)-1].ID)
	}
	return w
}

// TestGoldenScoring pins a participant's rate, matrix and rank activities
// while open (answered with the keys) and their outcome in a results
// activity, at a phone's 40x12, 80x24 and 160x48.
func TestGoldenScoring(t *testing.T) {
	type stage struct {
		name  string
		kind  string
		setup session.Scoring
		keys  []string // the viewer's answer, on the first card
		other func(w *workshop, items []session.Item) error
	}
	stages := []stage{
		{"rate", session.KindRate, session.Scoring{Labels: [2]string{"inte alls", "helt"}}, []string{"4"},
			func(w *workshop, items []session.Item) error { return w.other.Rate(w.ctx, items[0].ID, 6) }},
		{"matrix", session.KindMatrix, session.Scoring{}, []string{"4", "2"},
			func(w *workshop, items []session.Item) error { return w.other.Place(w.ctx, items[1].ID, 2, 5) }},
		{"rank", session.KindRank, session.Scoring{}, []string{"+", "right", "1"},
			func(w *workshop, items []session.Item) error {
				return w.other.Rank(w.ctx, []string{items[2].ID, items[0].ID})
			}},
	}
	sizes := []struct{ w, h int }{{40, 12}, {80, 24}, {160, 48}}
	for _, st := range stages {
		for _, size := range sizes {
			for _, phase := range []string{"open", "results"} {
				t.Run(fmt.Sprintf("%s-%s-%dx%d", st.name, phase, size.w, size.h), func(t *testing.T) {
					w := newWorkshopSized(t, false, size.w, size.h)
					w.must(t, w.fac.Reveal(w.ctx))
					w.must(t, w.fac.AddActivity(w.ctx, st.kind, "Prioritera", "Hur viktigt är det?"))
					w.must(t, w.fac.AddActivity(w.ctx, session.KindResults, "Resultat", ""))
					w.must(t, w.fac.Go(w.ctx, +1))
					a := w.fac.Latest().Activity
					w.must(t, w.fac.SetScoring(w.ctx, a.ID, st.setup, true))
					w.s.refresh(w.viewer)
					w.s.keys(st.keys...)
					w.must(t, st.other(w, w.fac.Latest().Items()))
					if phase == "results" {
						w.must(t, w.fac.Reveal(w.ctx))
						w.must(t, w.fac.Go(w.ctx, +1))
					}
					w.s.refresh(w.viewer)
					screen := w.s.screen()
					for i, line := range strings.Split(screen, "\n") {
						if width := ansi.StringWidth(line); width > size.w {
							t.Errorf("line %d is %d cells on a %d-cell screen: %q", i, width, size.w, line)
						}
					}
					golden.RequireEqual(t, screen)
				})
			}
		}
	}
}

// TestGoldenContext pins an activity that shows the themes beside it (a
// column on a wide screen, its first lines above the cards on a narrow
// one) and one that shows a persona.
func TestGoldenContext(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w, h    int
		persona bool
	}{
		{"themes-80x24", 80, 24, false},
		{"themes-120x30", 120, 30, false},
		{"persona-40x12", 40, 12, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorkshopSized(t, false, tc.w, tc.h)
			w.must(t, w.fac.Reveal(w.ctx))
			w.must(t, w.fac.AddActivity(w.ctx, session.KindCluster, "Teman", ""))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.must(t, w.other.Drop(w.ctx, w.ids[1], w.ids[0]))
			w.must(t, w.other.RenameCluster(w.ctx, w.ids[0], "Väntan"))
			w.must(t, w.fac.AddActivity(w.ctx, session.KindBrainstorm, "Hur kan vi …?", "Skriv ett tema som en utmaning"))
			themes := w.fac.Latest().Activity.ID
			acts := w.fac.Latest().Activities
			hmw := acts[len(acts)-1].ID
			source, text := themes, ""
			if tc.persona {
				source, text = "", "Robyn, 31, två barn, nyss arbetslös.\nVill klara sig själv, men breven är svåra."
			}
			w.must(t, w.fac.SetContext(w.ctx, hmw, source, text))
			w.must(t, w.fac.Go(w.ctx, +1))
			w.s.refresh(w.viewer)
			// Plain mode reads the same, a sentence a line.
			said := strings.Join(contextSentences(new(English()), w.viewer.Latest().Context), "\n")
			want := []string{"From Teman:", "Väntan. Lång väntan på besked. Ingen ringde tillbaka.", "In no group. Svåra brev. Tolk saknades."}
			if tc.persona {
				want = []string{"Robyn, 31, två barn, nyss arbetslös.", "Vill klara sig själv, men breven är svåra."}
			}
			for _, line := range want {
				if !strings.Contains(said, line) {
					t.Errorf("plain mode does not say %q:\n%s", line, said)
				}
			}
			screen := w.s.screen()
			for i, line := range strings.Split(screen, "\n") {
				if width := ansi.StringWidth(line); width > tc.w {
					t.Errorf("line %d is %d cells on a %d-cell screen: %q", i, width, tc.w, line)
				}
			}
			golden.RequireEqual(t, screen)
		})
	}
}

// TestGoldenMoreBelow: a facilitator's extra lines (who is still writing,
// the ready count) leave room for fewer rows of cards; the board says how
// many cards continue below instead of cutting the last row off unsaid.
func TestGoldenMoreBelow(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("facilitator-%dx%d", size.w, size.h), func(t *testing.T) {
			w := newWorkshopSized(t, true, size.w, size.h)
			w.must(t, w.fac.Reveal(w.ctx))
			// One writer each: a person may only write so fast.
			for i := range 8 {
				m, err := w.s.hub.Join(w.ctx, w.s.code, session.Identity{Key: fmt.Appendf(nil, "writer %d", i)})
				w.must(t, err)
				w.must(t, m.AddNote(w.ctx, fmt.Sprintf("Lapp %d", i+5)))
			}
			w.s.refresh(w.fac)
			screen := w.s.screen()
			if !strings.Contains(screen, "more below") {
				t.Errorf("no word of the cards below:\n%s", screen)
			}
			if lines := strings.Count(screen, "\n") + 1; lines > size.h {
				t.Errorf("%d lines on a %d-line screen", lines, size.h)
			}
			golden.RequireEqual(t, screen)
		})
	}
}
