package session

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/samla/samla/store"
)

// failingStore is the real store with appends that fail on demand.
type failingStore struct {
	*store.Store
	fail atomic.Bool
}

var errDiskFull = errors.New("disk full")

func (f *failingStore) Append(ctx context.Context, events []store.Event) error {
	if f.fail.Load() {
		return errDiskFull
	}
	return f.Store.Append(ctx, events)
}

func (f *failingStore) AppendRewriting(ctx context.Context, events, rewrites []store.Event) error {
	if f.fail.Load() {
		return errDiskFull
	}
	return f.Store.AppendRewriting(ctx, events, rewrites)
}

func TestPanickingCommandLeavesTheRoomServing(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{Title: "Panic"})
	m := f.join(t, code, "alice")
	var order []string
	sub := m.room.subscribe()
	defer m.room.unsubscribe(sub)
	err := m.room.do(context.Background(), func(*state) ([]any, error) { panic("a bug") })
	if !errors.Is(err, errPanic) {
		t.Fatalf("panicking command: %v, want errPanic", err)
	}
	select {
	case <-sub.signal:
		order = append(order, "publish")
	default:
	}
	order = append(order, "reply")
	if order[0] != "publish" {
		t.Fatalf("order %v: the reloaded state must be published before the reply", order)
	}
	other := f.join(t, code, "bob")
	if err := other.AddNote(context.Background(), "still here"); err != nil {
		t.Fatalf("room after a panic: %v", err)
	}
	if got := other.Latest().Online; got != 2 {
		t.Fatalf("online after a panic: %d, want 2", got)
	}
}

func TestFailedSaveKeepsMemoryOnlyState(t *testing.T) {
	f := newFixture(t)
	fs := &failingStore{Store: f.store}
	f.hub.store = fs
	code := f.room(t, RoomSpec{Title: "Disk"})
	ctx := context.Background()
	boss, err := f.hub.Join(ctx, code, Identity{Key: []byte("boss"), Facilitator: true})
	if err != nil {
		t.Fatal(err)
	}
	defer boss.Leave()
	if err := boss.TakePart(ctx); err != nil {
		t.Fatal(err)
	}
	fs.fail.Store(true)
	if err := boss.AddNote(ctx, "lost"); !errors.Is(err, errDiskFull) {
		t.Fatalf("note on a full disk: %v, want errDiskFull", err)
	}
	// Coming in writes nothing (arrival.go); taking part does, and fails.
	newcomer, err := f.hub.Join(ctx, code, Identity{Key: []byte("newcomer")})
	if err != nil {
		t.Fatalf("join on a full disk: %v", err)
	}
	defer newcomer.Leave()
	if err := newcomer.TakePart(ctx); !errors.Is(err, errDiskFull) {
		t.Fatalf("taking part on a full disk: %v, want errDiskFull", err)
	}
	snap := boss.Latest()
	if !snap.Facilitator(boss.ID()) {
		t.Fatal("a facilitator from the facilitators file lost their rights after a failed save")
	}
	if snap.Online != 2 || snap.Joined != 1 {
		t.Fatalf("after a failed save: online %d, joined %d; want 2 here, 1 taking part (the newcomer's join was not saved)", snap.Online, snap.Joined)
	}
	fs.fail.Store(false)
	if err := boss.AddNote(ctx, "saved"); err != nil {
		t.Fatal(err)
	}
}

// blockingStore holds the log of one room until released.
type blockingStore struct {
	*store.Store
	room    string
	entered chan struct{}
	release chan struct{}
}

func (b *blockingStore) Events(ctx context.Context, room string) ([]store.Event, error) {
	if room == b.room {
		close(b.entered)
		<-b.release
	}
	return b.Store.Events(ctx, room)
}

// TestLoadingARoomDoesNotHoldTheHub: while one room's log replays, other
// rooms open. Without the fix Open held the hub's lock through the replay,
// and the second Open waits for ever (go test's timeout fails it).
func TestLoadingARoomDoesNotHoldTheHub(t *testing.T) {
	f := newFixture(t)
	slow, quick := f.room(t, RoomSpec{Title: "Slow"}), f.room(t, RoomSpec{Title: "Quick"})
	bs := &blockingStore{Store: f.store, room: slow, entered: make(chan struct{}), release: make(chan struct{})}
	f.hub.store = bs
	ctx := context.Background()
	got := make(chan *Room, 2)
	for range 2 {
		go func() {
			r, err := f.hub.Open(ctx, slow)
			if err != nil {
				t.Error(err)
			}
			got <- r
		}()
	}
	<-bs.entered
	if _, err := f.hub.Open(ctx, quick); err != nil {
		t.Fatal(err)
	}
	close(bs.release)
	if a, b := <-got, <-got; a != b {
		t.Fatal("two opens of one room got two rooms")
	}
}
