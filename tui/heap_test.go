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
