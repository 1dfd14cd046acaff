package tui

import (
	"fmt"
	"io"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/samla/samla/session"
	"github.com/samla/samla/tui/paint"
)

// benchRoom is a dot-voting room of 40 notes with sessions of people on
// its board, at a mix of terminal sizes and selections.
type benchRoom struct {
	shared *Renders
	apps   []*App
	voters []*session.Member
	notes  []string
}

// newBenchRoom joins n sessions to a room whose 40 notes were written by
// 40 of them; every session then stands on the board of a vote activity.
// They share one Renders, as on the server.
func newBenchRoom(b testing.TB, n int) *benchRoom {
	b.Helper()
	hub, ctx := newTestHub(b)
	fac := session.Identity{Key: []byte("bench facilitator")}
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Tusen i ett rum", Creator: fac})
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {160, 48}, {100, 30}}
	r := &benchRoom{shared: NewRenders(), apps: make([]*App, n)}
	var wg sync.WaitGroup
	// Few at a time: a join slower than screenTest's wait for a command
	// (a loaded machine) leaves a session off the board.
	slots := make(chan struct{}, 4)
	for i := range r.apps {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			id := session.Identity{Key: fmt.Appendf(nil, "participant %d", i)}
			app := New(Deps{Ctx: ctx, Hub: hub, Identity: id, Code: info.Code, Renders: r.shared})
			s := &screenTest{app: app, model: app, hub: hub, code: info.Code, ctx: ctx}
			s.run(app.Init())
			size := sizes[i%len(sizes)]
			s.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
			s.named(fmt.Sprintf("Deltagare %d", i))
			r.apps[i] = app
		})
	}
	wg.Wait()
	boss, err := hub.Join(ctx, info.Code, fac)
	must(err)
	for i := range 40 {
		m := r.apps[i%n].member
		must(m.AddNote(ctx, fmt.Sprintf("Lapp %d: något som borde bli bättre, med några ord till så att den bryts", i)))
	}
	must(boss.Reveal(ctx))
	must(boss.AddActivity(ctx, "vote", "Prioritera", "Vad ska vi ta tag i först?"))
	must(boss.Go(ctx, +1))
	for _, n := range boss.Latest().NotesFor(boss.ID()) {
		r.notes = append(r.notes, n.ID)
	}
	for i, app := range r.apps {
		r.voters = append(r.voters, app.member)
		if i%3 == 0 {
			must(app.member.Vote(ctx, r.notes[(i*7)%len(r.notes)]))
		}
	}
	for i, app := range r.apps {
		if app.screen != screenBoard {
			b.Fatalf("participant %d is on screen %d, not the board", i, app.screen)
		}
		app.Update(roomMsg{snap: app.member.Latest()})
		for range i % 11 {
			app.Update(tea.KeyPressMsg{Code: tea.KeyRight})
		}
	}
	return r
}

// change is one dot given or taken back by someone in the room.
func (r *benchRoom) change(b testing.TB, i int) *session.Snapshot {
	b.Helper()
	m, note := r.voters[i%len(r.voters)], r.notes[(i*13)%len(r.notes)]
	if err := m.Vote(b.Context(), note); err != nil {
		if err2 := m.Unvote(b.Context(), note); err2 != nil {
			b.Fatalf("neither a dot (%v) nor one taken back: %v", err, err2)
		}
	}
	return m.Latest()
}

// BenchmarkBoardViewRoom is one change in a room of 40 notes: every
// session on the board gets the new snapshot and draws its screen. An
// operation is the whole room's drawing, not one person's. The room was
// on everyone's screen before the first change, as in a workshop.
func BenchmarkBoardViewRoom(b *testing.B) {
	r := newBenchRoom(b, 100)
	for _, app := range r.apps {
		_ = app.View()
	}
	drawn := r.shared.drawn.Load()
	models := make([]tea.Model, len(r.apps))
	for i, app := range r.apps {
		models[i] = app
	}
	r.drawChanges(b, models)
	b.ReportMetric(float64(r.shared.drawn.Load()-drawn)/float64(b.N), "cards-drawn/op")
}

// BenchmarkBoardPaintRoom is BenchmarkBoardViewRoom with every view drawn
// on a terminal (package paint, writing to nothing), as on the server:
// what one change in the room costs all its screens, short of SSH.
func BenchmarkBoardPaintRoom(b *testing.B) {
	r := newBenchRoom(b, 100)
	screens := make([]tea.Model, len(r.apps))
	for i, app := range r.apps {
		screens[i] = paint.Wrap(app, paint.New(io.Discard, colorprofile.ANSI256, app.width, app.height), nil)
		_ = screens[i].View()
	}
	r.drawChanges(b, screens)
}

// drawChanges times b.N changes to the room, each taken and drawn by every
// model (the room's changes themselves are not timed).
func (r *benchRoom) drawChanges(b *testing.B, models []tea.Model) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		snap := r.change(b, i)
		b.StartTimer()
		for _, m := range models {
			m.Update(roomMsg{snap: snap})
			_ = m.View()
		}
	}
}
