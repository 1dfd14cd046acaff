package tui

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/samla/samla/session"
)

// TestHeightBlockIsLipgloss: the grid's own padding gives what lipgloss's
// Height and MaxHeight give, to the byte.
func TestHeightBlockIsLipgloss(t *testing.T) {
	bold := lipgloss.NewStyle().Bold(true).Render
	cases := []struct {
		name   string
		lines  []string
		known  int // lines whose width is given
		height int
	}{
		{"filled to height", []string{"╭──╮", "│ab│", "╰──╯"}, 3, 6},
		{"cut to height", []string{"abc", "de", "fghij", "k"}, 4, 2},
		{"widest below the cut", []string{"ab", "c", "defghij"}, 3, 2},
		{"exactly high", []string{"ab", "cde"}, 2, 2},
		{"one line", []string{"abc"}, 1, 1},
		{"styled and wide", []string{bold("Tolk 😟"), "över", bold("x") + " y"}, 1, 4},
		{"last measured here", []string{"abcd", "ef", "3 more below"}, 2, 5},
		{"nothing known", []string{"ab", "", "c"}, 0, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			widths := make([]int, c.known)
			for i := range widths {
				widths[i] = ansi.StringWidth(c.lines[i])
			}
			joined := strings.Join(c.lines, "\n")
			want := lipgloss.NewStyle().Height(c.height).MaxHeight(c.height).Render(joined)
			if got := heightBlock(append([]string(nil), c.lines...), widths, c.height); got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// TestJoinRowIsLipgloss: cards side by side are what JoinHorizontal makes
// of them, and cards it cannot join line by line are left to it.
func TestJoinRowIsLipgloss(t *testing.T) {
	st := DefaultStyles()
	card := func(text string, width int) *drawnCard {
		return newDrawnCard(st.Card.Width(width).Render(text))
	}
	cases := []struct {
		name  string
		cards []*drawnCard
		plain bool
	}{
		{"one", []*drawnCard{card("a\nb", 26)}, true},
		{"equal", []*drawnCard{card("Tolk saknades 😟\n● 2", 26), card("Svåra brev\n▶ ● 0", 26), card("x\ny", 26)}, true},
		{"unequal widths", []*drawnCard{card("a\nb", 26), card("c\nd", 33)}, true},
		{"unequal heights", []*drawnCard{card("a\nb", 26), card("c\nd\ne", 26)}, false},
		{"a tab", []*drawnCard{card("a\nb", 26), newDrawnCard("x\ty")}, false},
		{"ragged", []*drawnCard{card("a\nb", 26), newDrawnCard("xy\nz")}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines, widths, ok := joinRow(c.cards)
			if ok != c.plain {
				t.Fatalf("joined line by line: %v, want %v", ok, c.plain)
			}
			if !ok {
				return
			}
			strs := make([]string, len(c.cards))
			for i, d := range c.cards {
				strs[i] = d.s
			}
			want := lipgloss.JoinHorizontal(lipgloss.Top, strs...)
			if got := strings.Join(lines, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			for i, l := range strings.Split(want, "\n") {
				if widths[i] != ansi.StringWidth(l) {
					t.Errorf("line %d: width %d, want %d", i, widths[i], ansi.StringWidth(l))
				}
			}
		})
	}
}

// viewDrawnHere is what a's screen is when nothing is taken from the
// shared drawings: what it must be with them.
func viewDrawnHere(a *App) string {
	shared := a.board.shared
	a.board.shared = nil
	defer func() { a.board.shared = shared }()
	return a.View().Content
}

// joinedAs is a second person's screen on s's room, sharing s's Renders.
func joinedAs(t *testing.T, s *screenTest, key, name string, w, h int) *screenTest {
	t.Helper()
	app := New(Deps{Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte(key)}, Code: s.code, Renders: s.app.deps.Renders})
	o := &screenTest{t: t, app: app, model: app, hub: s.hub, code: s.code, ctx: s.ctx}
	o.run(app.Init())
	if app.member == nil {
		t.Fatalf("%s did not get into the room in time", name)
	}
	o.send(tea.WindowSizeMsg{Width: w, Height: h})
	o.named(name)
	return o
}

// TestSharedDrawingsAreNeverStale: after each change a screen drawn from
// what sessions share is the screen drawn from scratch. Both people look
// first, so what they share is there to be wrongly reused.
func TestSharedDrawingsAreNeverStale(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	omar := s.someoneWrites("Omar", "Lång väntan", "Svåra brev", "Tolk saknades", "Digitala tider")
	ola := joinedAs(t, s, "Ola", "Ola", 80, 24)
	note := func(i int) string { return s.app.board.notes()[i].ID }
	sv, _ := ForCode("sv")
	steps := []struct {
		name   string
		change func()
	}{
		{"a dot on a note", func() { s.must(omar.Vote(s.ctx, note(1))); s.refresh(omar) }},
		{"one's own dot", func() { s.keys("right", "space"); s.refresh(omar) }},
		{"the dot taken back", func() { s.must(omar.Unvote(s.ctx, note(1))); s.refresh(omar) }},
		{"a note's words changed", func() { s.must(omar.EditNote(s.ctx, note(2), "Tolk saknades helt")); s.refresh(omar) }},
		{"the selection moved", func() { s.keys("right") }},
		{"one's own note", func() { s.keys("n", "Ringa upp", "enter"); s.refresh(omar) }},
		{"a narrower screen", func() { s.send(tea.WindowSizeMsg{Width: 60, Height: 24}) }},
		{"a wider screen", func() { s.send(tea.WindowSizeMsg{Width: 120, Height: 30}) }},
		{"another language", func() { s.send(languageMsg{text: sv}) }},
		{"a light background", func() { s.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")}) }},
		{"ready", func() { s.keys("r"); s.refresh(omar) }},
		{"the help", func() { s.keys("?") }},
	}
	for _, step := range steps {
		_, _ = s.app.View(), ola.app.View()
		step.change()
		ola.refresh(omar)
		for _, who := range []*screenTest{s, ola} {
			if got, want := who.app.View().Content, viewDrawnHere(who.app); got != want {
				t.Errorf("after %s, %s sees\n%s\nnot\n%s", step.name, who.app.board.member.ID(), got, want)
			}
		}
	}
}

func (s *screenTest) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// TestSessionsShareCards: a card two people see alike is drawn once for
// both; a change draws only the card it changed.
func TestSessionsShareCards(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	omar := s.someoneWrites("Omar", "Lång väntan", "Svåra brev", "Tolk saknades", "Digitala tider")
	ola := joinedAs(t, s, "Ola", "Ola", 80, 24)
	ola.refresh(omar)
	shared := s.app.deps.Renders
	steps := []struct {
		name         string
		change       func()
		who          *screenTest
		drawn, found int64
	}{
		{"the first draws the four", func() {}, s, 4, 0},
		{"the second finds them", func() {}, ola, 0, 4},
		{"a dot draws its card once", func() {
			_ = omar.Vote(s.ctx, s.app.board.notes()[2].ID)
			s.refresh(omar)
			ola.refresh(omar)
		}, s, 1, 3},
		{"for both", func() {}, ola, 0, 4},
		{"a selection moved draws the two it moved between", func() { ola.keys("right") }, ola, 2, 2},
	}
	for _, step := range steps {
		step.change()
		drawn, found := shared.drawn.Load(), shared.found.Load()
		_ = step.who.app.View()
		if d, f := shared.drawn.Load()-drawn, shared.found.Load()-found; d != step.drawn || f != step.found {
			t.Errorf("%s: %d cards drawn and %d found, want %d and %d", step.name, d, f, step.drawn, step.found)
		}
	}
	if s.app.deps.Renders != ola.app.deps.Renders {
		t.Fatal("the two sessions do not share")
	}
}

// TestSessionsDrawTogether: sessions drawing at once from one Renders, as
// on the server, each see what they would have drawn alone (run with
// -race, this also finds a session writing into what others read).
func TestSessionsDrawTogether(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	omar := s.someoneWrites("Omar", "Lång väntan", "Svåra brev", "Tolk saknades", "Digitala tider", "Bra bemötande")
	// Two narrow screens alike, whose "more below" goes on the border of
	// the card they share: where one session might write into a shared
	// card, another reads it.
	others := []struct {
		name  string
		w, h  int
		moves int
	}{{"Ola", 80, 24, 1}, {"Kari", 40, 17, 2}, {"Nils", 40, 17, 2}, {"Lea", 120, 30, 3}}
	people := []*screenTest{s}
	for _, o := range others {
		p := joinedAs(t, s, o.name, o.name, o.w, o.h)
		p.refresh(omar)
		for range o.moves {
			p.keys("right")
		}
		people = append(people, p)
	}
	s.refresh(omar)
	want := make([]string, len(people))
	for i, p := range people {
		want[i] = viewDrawnHere(p.app)
	}
	var wg sync.WaitGroup
	got := make([][]string, len(people))
	for i, p := range people {
		wg.Go(func() {
			for range 20 {
				got[i] = append(got[i], p.app.View().Content)
			}
		})
	}
	wg.Wait()
	for i := range people {
		for _, g := range got[i] {
			if g != want[i] {
				t.Fatalf("person %d saw\n%s\nnot\n%s", i, g, want[i])
			}
		}
	}
	for _, d := range s.app.deps.Renders.cards.Values() {
		if d.lines != nil && strings.Join(d.lines, "\n") != d.s {
			t.Errorf("a shared card was written into: its lines are\n%s\nnot\n%s", strings.Join(d.lines, "\n"), d.s)
		}
	}
}

// TestAnotherRoomIsItsOwn: one Renders serves a whole server. A room
// with the same note shares its card, and shows its own name and code.
func TestAnotherRoomIsItsOwn(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	s.someoneWrites("Omar", "Lång väntan")
	_ = s.app.View()
	info, err := s.hub.CreateRoom(s.ctx, session.RoomSpec{Title: "Ett annat rum"})
	s.must(err)
	there := *s
	there.code = info.Code
	other := joinedAs(t, &there, "Ola", "Ola", 80, 24)
	other.someoneWrites("Omar", "Lång väntan")
	shared := s.app.deps.Renders
	found := shared.found.Load()
	if got, want := other.app.View().Content, viewDrawnHere(other.app); got != want {
		t.Errorf("in another room Ola sees\n%s\nnot\n%s", got, want)
	}
	if shared.found.Load() == found {
		t.Error("the same note in another room was drawn again")
	}
}

// A row of cards is joined once for everyone showing those cards side by
// side, and joined as joinRow joins it; other cards are another row.
func TestRowsAreJoinedOnce(t *testing.T) {
	st := DefaultStyles()
	r := NewRenders()
	a := newDrawnCard(st.Card.Width(26).Render("Tolk saknades\n● 2"))
	b := newDrawnCard(st.Card.Width(26).Render("Svåra brev\n● 0"))
	c := newDrawnCard(st.Card.Width(26).Render("Svåra brev\n▶ ● 0"))
	first, widths, ok := r.row([]*drawnCard{a, b})
	wantLines, wantWidths, _ := joinRow([]*drawnCard{a, b})
	if !ok || !slices.Equal(first, wantLines) || !slices.Equal(widths, wantWidths) {
		t.Fatalf("joined %q %v, want %q %v", first, widths, wantLines, wantWidths)
	}
	again, _, _ := r.row([]*drawnCard{a, b})
	if &again[0] != &first[0] {
		t.Error("the same cards were joined twice")
	}
	other, _, _ := r.row([]*drawnCard{a, c})
	if want, _, _ := joinRow([]*drawnCard{a, c}); !slices.Equal(other, want) {
		t.Errorf("another selection got %q, want %q", other, want)
	}
}

// TestGridsAreJoinedOnce: sessions that show the same cards in the same
// space share one grid string; a different card, count below, size or
// language gets its own, joined as a session alone would join it.
func TestGridsAreJoinedOnce(t *testing.T) {
	st := DefaultStyles()
	en, sv := English(), Swedish()
	r := NewRenders()
	a := newDrawnCard(st.Card.Width(26).Render("Tolk saknades\n● 2"))
	b := newDrawnCard(st.Card.Width(26).Render("Svåra brev\n● 0"))
	c := newDrawnCard(st.Card.Width(26).Render("Svåra brev\n▶ ● 0"))
	view := func(text *Text) *cardView { return &cardView{text: text, styles: &st, shared: r, look: &st} }
	alone := func(text *Text, drawn [][]*drawnCard, below, width, height int) string {
		lone := &cardView{text: text, styles: &st, shared: NewRenders(), look: &st}
		s, _ := lone.joinGrid(drawn, below, width, height)
		return s
	}
	first, _ := view(&en).plainGrid([][]*drawnCard{{a, b}}, 3, 60, 8)
	again, _ := view(&en).plainGrid([][]*drawnCard{{a, b}}, 3, 60, 8)
	if first != alone(&en, [][]*drawnCard{{a, b}}, 3, 60, 8) {
		t.Fatalf("the shared grid is not the grid:\n%s", first)
	}
	if unsafe.StringData(first) != unsafe.StringData(again) {
		t.Error("two sessions showing the same cards each joined the grid")
	}
	for _, tc := range []struct {
		name   string
		text   *Text
		drawn  [][]*drawnCard
		below  int
		height int
	}{
		{"another selection", &en, [][]*drawnCard{{a, c}}, 3, 8},
		{"more below", &en, [][]*drawnCard{{a, b}}, 4, 8},
		{"shorter", &en, [][]*drawnCard{{a, b}}, 3, 5},
		{"another language", &sv, [][]*drawnCard{{a, b}}, 3, 8},
		{"two rows", &en, [][]*drawnCard{{a, b}, {c}}, 0, 8},
	} {
		got, _ := view(tc.text).plainGrid(tc.drawn, tc.below, 60, tc.height)
		if want := alone(tc.text, tc.drawn, tc.below, 60, tc.height); got != want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, want)
		}
	}
}

// The grid joined from measured lines, with the words saying how many
// cards are below (on a line of their own, or at the end of the last
// line when the grid fills the height), is what lipgloss draws.
func TestPlainGridWithMoreIsLipgloss(t *testing.T) {
	st := DefaultStyles()
	text := English()
	for _, shared := range []*Renders{nil, NewRenders()} {
		c := &cardView{text: &text, styles: &st, shared: shared, look: &st}
		row := []*drawnCard{
			newDrawnCard(st.Card.Width(26).Render("Tolk saknades 😟\n● 2")),
			newDrawnCard(st.Card.Width(26).Render("Svåra brev\n▶ ● 0")),
		}
		for _, height := range []int{5, 4, 3} { // room for the words, none, less than the cards
			got, ok := c.plainGrid([][]*drawnCard{row}, 7, 60, height)
			if !ok {
				t.Fatal("plain cards were not joined line by line")
			}
			joined := lipgloss.JoinHorizontal(lipgloss.Top, row[0].s, row[1].s)
			want := lipgloss.NewStyle().Height(height).MaxHeight(height).Render(c.withMore(joined, 7, 60, height))
			if got != want {
				t.Errorf("height %d (shared %v): got\n%s\nwant\n%s", height, shared != nil, got, want)
			}
		}
	}
}

// The editor's box framed here is the box lipgloss draws, for lines that
// fit and for lines that lipgloss must wrap.
func TestBoxedIsLipgloss(t *testing.T) {
	st := DefaultStyles()
	cases := [][]string{
		{st.Title.Render("Ny lapp"), "Väntan  ", "", st.Muted.Render("6/280")},
		{"日本語 🙂 blåbär", st.Error.Render("! För lång")},
		{strings.Repeat("x", 36)},
		{strings.Repeat("x", 37)}, // wider than the inside: wrapped
		{"a\tb"},
		{},
	}
	for _, width := range []int{40, 12, 4} {
		for i, lines := range cases {
			want := st.Box.Width(width).Render(strings.Join(lines, "\n"))
			if got := boxed(st.Box, width, lines); got != want {
				t.Errorf("width %d, case %d: got\n%s\nwant\n%s", width, i, got, want)
			}
		}
	}
}

// A box with anything boxed does not draw itself (a colour, a margin)
// is drawn by lipgloss: the same as lipgloss, whatever the style.
func TestBoxedLeavesOtherBoxesToLipgloss(t *testing.T) {
	st := DefaultStyles()
	lines := []string{"Ny lapp", "Väntan"}
	for name, box := range map[string]lipgloss.Style{
		"border colour": st.Box.BorderForeground(lipgloss.Color("5")),
		"margin":        st.Box.Margin(1),
		"background":    st.Box.Background(lipgloss.Color("4")),
		"centred":       st.Box.Align(lipgloss.Center),
		"no left side":  st.Box.BorderLeft(false),
	} {
		if !plainBox(st.Box) || plainBox(box) {
			t.Fatalf("%s: plainBox(default) %v, plainBox(%s) %v", name, plainBox(st.Box), name, plainBox(box))
		}
		if got, want := boxed(box, 30, lines), box.Width(30).Render(strings.Join(lines, "\n")); got != want {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
		}
	}
}
