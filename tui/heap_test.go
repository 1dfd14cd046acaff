package tui

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// BenchmarkSessionModelHeap measures what one participant's session keeps
// on the heap once they sit on the board: a workshop holds one App per
// person for hours, mostly idle, so this is the server's memory per person.
// It includes the room's own record of the person, which the App cannot
// shed; compare the number before and after a change, not against zero.
//
// Run with -benchtime=1x: each iteration joins 200 people.
func BenchmarkSessionModelHeap(b *testing.B) {
	const n = 200
	for range b.N {
		hub, ctx := newTestHub(b)
		info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Minnet"})
		if err != nil {
			b.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		apps := make([]*App, n)
		var wg sync.WaitGroup
		// Sessions run side by side, as on the server: each command that
		// waits (the room listener, a blinking cursor) costs the runner a
		// timeout, paid by a few sessions at once rather than one by one.
		// Few, so that joining under load still beats the timeout.
		slots := make(chan struct{}, 8)
		for i := range apps {
			wg.Go(func() {
				slots <- struct{}{}
				defer func() { <-slots }()
				id := session.Identity{Key: fmt.Appendf(nil, "participant %d", i)}
				app := New(Deps{Ctx: ctx, Hub: hub, Identity: id, Code: info.Code})
				s := &screenTest{app: app, model: app, hub: hub, code: info.Code, ctx: ctx}
				s.run(app.Init())
				s.send(tea.WindowSizeMsg{Width: 80, Height: 24})
				s.named(fmt.Sprintf("P%d", i))
				apps[i] = app
			})
		}
		wg.Wait()
		for i, app := range apps {
			if app.screen != screenBoard {
				b.Fatalf("participant %d is on screen %d, not the board", i, app.screen)
			}
		}

		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/n, "heap-B/model")
		runtime.KeepAlive(apps)
	}
}

// TestSessionsShareTextAndStyles: the words, keys and styles are the same
// for everyone with a language, and held once, not by every screen of
// every session.
func TestSessionsShareTextAndStyles(t *testing.T) {
	s := newScreenTest(t, 80, 24, session.RoomSpec{})
	s.named("Eva")
	other := New(Deps{Ctx: s.ctx, Hub: s.hub, Identity: session.Identity{Key: []byte("Ola")}, Code: s.code})
	o := &screenTest{t: t, app: other, model: other, hub: s.hub, code: s.code, ctx: s.ctx}
	o.run(other.Init())
	o.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	o.named("Ola")
	a, b := s.app, other
	if a.screen != screenBoard || b.screen != screenBoard {
		t.Fatalf("screens %d and %d, want both on the board", a.screen, b.screen)
	}
	if a.styles != b.styles || a.board.styles != a.styles || a.board.editor.styles != a.styles || a.lobby.styles != a.styles {
		t.Error("the styles are not one for all")
	}
	if a.text != b.text || a.board.text != a.text || a.board.editor.text != a.text || a.lobby.text != a.text {
		t.Error("the text is not one for all")
	}
	if a.keys != b.keys || a.board.keys != a.keys {
		t.Error("the keys are not one for all")
	}
	sv, _ := ForCode("sv")
	a.setText(sv)
	if a.text == b.text || a.text.Code != "sv" || a.board.text != a.text || a.keys.New.Help().Desc != sv.KeyNew {
		t.Error("changing one person's language did not give them the other words")
	}
	if b.text.Code != "en" {
		t.Errorf("changing one person's language changed the other's to %q", b.text.Code)
	}
}
