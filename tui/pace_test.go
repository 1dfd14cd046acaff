package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/samla/samla/session"
)

func TestPaceWindowGrowsWithTheRoom(t *testing.T) {
	for _, tc := range []struct {
		online int
		want   time.Duration
	}{
		{0, 0},
		{1, 0},
		{paceFrom - 1, 0},
		{paceFrom, 25 * time.Millisecond},
		{200, 100 * time.Millisecond},
		{500, 250 * time.Millisecond},
		{1000, paceMost},
		{5000, paceMost},
	} {
		if got := paceWindow(tc.online); got != tc.want {
			t.Errorf("paceWindow(%d) = %v, want %v", tc.online, got, tc.want)
		}
	}
}

// pacedRoom is a room with online people in it, the one who follows it,
// and the others, who make changes.
func pacedRoom(t *testing.T, online int) (*session.Member, []*session.Member) {
	t.Helper()
	hub, ctx := newTestHub(t)
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Stort rum"})
	if err != nil {
		t.Fatal(err)
	}
	people := make([]*session.Member, online)
	for i := range people {
		if people[i], err = hub.Join(ctx, info.Code, session.Identity{Key: fmt.Appendf(nil, "pace %d", i)}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(people[i].Leave)
	}
	if got := people[0].Latest().Online; got != online {
		t.Fatalf("%d joined, the room says %d online", online, got)
	}
	return people[0], people[1:]
}

// takeOne runs a paced listener for someone who drew just now, and
// reports the window it waited for (zero if it did not wait) and what it
// returned. The test's clock lets the window end only after between has
// run, so what happens within the window is certain, not a race.
func takeOne(t *testing.T, me *session.Member, between func()) (time.Duration, roomMsg) {
	t.Helper()
	asked := make(chan time.Duration, 1)
	fire := make(chan time.Time)
	after := func(d time.Duration) <-chan time.Time {
		asked <- d
		return fire
	}
	got := make(chan roomMsg, 1)
	go func() {
		msg, _ := pacedListenCmd(t.Context(), me, time.Now(), after)().(roomMsg)
		got <- msg
	}()
	select {
	case d := <-asked:
		between()
		close(fire)
		return d, <-got
	case msg := <-got:
		return 0, msg
	case <-time.After(10 * time.Second):
		t.Fatal("the listener neither waited nor returned")
	}
	return 0, roomMsg{}
}

func TestABigRoomsBurstIsDrawnOnceAtItsNewest(t *testing.T) {
	me, others := pacedRoom(t, 60)
	// A change arrives just after this person drew.
	if err := others[0].AddNote(t.Context(), "först"); err != nil {
		t.Fatal(err)
	}
	var newest int64
	waited, msg := takeOne(t, me, func() {
		for i, o := range others[1:10] {
			if err := o.AddNote(t.Context(), fmt.Sprintf("sedan %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		newest = me.Latest().Seq
	})
	if waited == 0 {
		t.Fatalf("in a room of 60 the listener took the first change at once (seq %d): every change is a redraw for everyone", msg.snap.Seq)
	}
	if want := paceWindow(60); waited > want {
		t.Errorf("waited %v, more than the window of %v", waited, want)
	}
	if msg.snap == nil || msg.snap.Seq != newest {
		t.Fatalf("after the window the listener took %v, want the newest snapshot (seq %d)", msg.snap, newest)
	}
	select {
	case <-me.Changed():
		t.Error("a change the snapshot already holds is still signalled: the next listener would draw it again")
	default:
	}
	if msg.at.IsZero() {
		t.Error("the message does not say when its snapshot was taken, so the next one cannot be paced")
	}
}

func TestASmallRoomDrawsEveryChangeAtOnce(t *testing.T) {
	me, others := pacedRoom(t, 10)
	if err := others[0].AddNote(t.Context(), "genast"); err != nil {
		t.Fatal(err)
	}
	waited, msg := takeOne(t, me, func() {})
	if waited != 0 {
		t.Fatalf("a room of 10 waited %v before drawing a change", waited)
	}
	if msg.snap == nil {
		t.Fatal("no snapshot")
	}
}

// TestTheBoardIsPaced checks the App's own listener is the paced one: a
// change just after a redraw is taken only once the window is over. Only a
// lower bound on time is checked, which a slow machine cannot break.
func TestTheBoardIsPaced(t *testing.T) {
	me, others := pacedRoom(t, 60)
	a := New(Deps{Ctx: t.Context()})
	a.member, a.roomCtx = me, t.Context()
	a.drawnAt = time.Now()
	cmd := a.listen()
	if err := others[0].AddNote(t.Context(), "nyss"); err != nil {
		t.Fatal(err)
	}
	msg, ok := cmd().(roomMsg)
	if !ok {
		t.Fatal("the listener returned no room change")
	}
	if waited, want := msg.at.Sub(a.drawnAt), paceWindow(60); waited < want {
		t.Fatalf("the board took a change %v after drawing, inside the window of %v", waited, want)
	}
}
