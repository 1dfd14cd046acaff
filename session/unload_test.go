package session

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/samla/samla/store"
)

// newUnloadingHub is a hub whose empty rooms unload after a millisecond.
func newUnloadingHub(t *testing.T) *Hub {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHub(st, WithLimits(relaxed()), WithSecret([]byte(testSecret)), WithUnloadAfter(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.Close()
		_ = st.Close()
	})
	return h
}

// waitDone waits for a room's owner to stop; the bound is only there so a
// room that never unloads fails the test instead of hanging it.
func waitDone(t *testing.T, r *Room) {
	t.Helper()
	select {
	case <-r.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the empty room was never unloaded")
	}
}

func (h *Hub) loaded(code string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.rooms[code]
	return ok
}

// settleGoroutines waits until no more goroutines run than at baseline.
func settleGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, baseline %d:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

func TestEmptyRoomUnloadsAndComesBackWhole(t *testing.T) {
	h := newUnloadingHub(t)
	ctx := context.Background()
	info, err := h.CreateRoom(ctx, RoomSpec{Title: "Avlastning", Creator: Identity{Key: []byte("boss")}})
	if err != nil {
		t.Fatal(err)
	}
	baseline := runtime.NumGoroutine()

	alice, err := h.Join(ctx, info.Code, Identity{Key: []byte("alice")})
	if err != nil {
		t.Fatal(err)
	}
	guest, err := h.Join(ctx, info.Code, Identity{})
	if err != nil {
		t.Fatal(err)
	}
	wall, err := h.Watch(ctx, info.Code, Identity{Key: []byte("boss")})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Member{alice, guest} {
		if err := m.AddNote(ctx, "väntetid "+m.ID()[:4]); err != nil {
			t.Fatal(err)
		}
	}
	room := alice.Room()
	before := len(alice.Latest().NotesFor(alice.ID()))

	alice.Leave()
	guest.Leave()
	if !h.loaded(info.Code) {
		t.Fatal("the projector still shows the room, but it was unloaded")
	}
	wall.Stop()
	waitDone(t, room)
	if h.loaded(info.Code) {
		t.Fatal("the hub still holds the unloaded room")
	}
	settleGoroutines(t, baseline)

	back, err := h.Join(ctx, info.Code, Identity{Key: []byte("alice")})
	if err != nil {
		t.Fatalf("rejoin after unload: %v", err)
	}
	defer back.Leave()
	if back.Room() == room {
		t.Fatal("rejoined the stopped room")
	}
	if !back.Returning() || back.ID() != alice.ID() {
		t.Fatal("alice is someone new after the room came back")
	}
	if got := len(back.Latest().NotesFor(back.ID())); got != before || got != 2 {
		t.Fatalf("notes after reload: %d, want %d", got, before)
	}
}

// TestRoomInUseStaysLoaded: the grace timer firing while someone is back
// (a join between the timer and its callback) must not stop the room.
func TestRoomInUseStaysLoaded(t *testing.T) {
	h := newUnloadingHub(t)
	ctx := context.Background()
	info, err := h.CreateRoom(ctx, RoomSpec{Title: "I bruk"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := h.Join(ctx, info.Code, Identity{Key: []byte("alice")})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Leave()
	h.unloadIfIdle(m.Room())
	select {
	case <-m.Room().Done():
		t.Fatal("a room with someone in it was unloaded")
	default:
	}
	if !h.loaded(info.Code) {
		t.Fatal("a room with someone in it left the hub")
	}
	if err := m.AddNote(ctx, "fortfarande här"); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkUnloadFreesRoom measures what a loaded room of 300 notes holds
// (heap, goroutines) and that unloading gives it back.
func BenchmarkUnloadFreesRoom(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "samla.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	h, err := NewHub(st, WithLimits(relaxed()), WithSecret([]byte(testSecret)), WithUnloadAfter(time.Millisecond))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	info, err := h.CreateRoom(ctx, RoomSpec{Title: "Minne"})
	if err != nil {
		b.Fatal(err)
	}
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var held, kept, goroutines float64
	for b.Loop() {
		before, g := heap(), runtime.NumGoroutine()
		m, err := h.Join(ctx, info.Code, Identity{Key: []byte("writer")})
		if err != nil {
			b.Fatal(err)
		}
		for i := len(m.Latest().NotesFor(m.ID())); i < 300; i++ {
			if err := m.AddNote(ctx, "Väntetiden på besked var för lång, och ingen ringde tillbaka"); err != nil {
				b.Fatal(err)
			}
		}
		room := m.Room()
		loaded, gl := heap(), runtime.NumGoroutine()
		m.Leave()
		<-room.Done()
		for h.loaded(info.Code) || runtime.NumGoroutine() > g {
			time.Sleep(time.Millisecond)
		}
		held += float64(loaded) - float64(before)
		kept += float64(heap()) - float64(before)
		goroutines += float64(gl - g)
	}
	b.ReportMetric(held/float64(b.N), "B-held-loaded")
	b.ReportMetric(kept/float64(b.N), "B-kept-unloaded")
	b.ReportMetric(goroutines/float64(b.N), "goroutines-loaded")
}

// TestJoinsRaceUnloading: with a grace period of a nanosecond the room is
// unloaded whenever it is empty for an instant; joins that race the unload
// must find a live room (the old one or a fresh load), never a stopping one,
// and every note written survives.
func TestJoinsRaceUnloading(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	h, err := NewHub(st, WithLimits(relaxed()), WithSecret([]byte(testSecret)), WithUnloadAfter(time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	info, err := h.CreateRoom(ctx, RoomSpec{Title: "Kapplöpning"})
	if err != nil {
		t.Fatal(err)
	}
	const people, visits = 4, 25
	errs := make(chan error, people)
	for p := range people {
		go func() {
			errs <- func() error {
				for v := range visits {
					m, err := h.Join(ctx, info.Code, Identity{Key: []byte{byte(p)}})
					if err != nil {
						return fmt.Errorf("visit %d: %w", v, err)
					}
					err = m.AddNote(ctx, fmt.Sprintf("%d-%d", p, v))
					m.Leave()
					if err != nil {
						return fmt.Errorf("note %d: %w", v, err)
					}
				}
				return nil
			}()
		}()
	}
	for range people {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	m, err := h.Join(ctx, info.Code, Identity{Key: []byte("reader")})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Leave()
	if got := len(m.Latest().NotesFor(m.ID())); got != people*visits {
		t.Fatalf("%d notes after the race, want %d", got, people*visits)
	}
}
