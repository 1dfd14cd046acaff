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
	me, others, _ := pacedRoomWithDoor(t, online)
	return me, others
}

// pacedRoomWithDoor is pacedRoom, and a way to bring one more in.
func pacedRoomWithDoor(t *testing.T, online int) (*session.Member, []*session.Member, func() *session.Member) {
	t.Helper()
	hub, ctx := newTestHub(t)
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Stort rum"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	enter := func() *session.Member {
		m, err := hub.Join(ctx, info.Code, session.Identity{Key: fmt.Appendf(nil, "pace %d", n)})
		if err != nil {
			t.Fatal(err)
		}
		n++
		t.Cleanup(m.Leave)
		return m
	}
	people := make([]*session.Member, online)
	for i := range people {
		people[i] = enter()
	}
	if got := people[0].Latest().Online; got != online {
		t.Fatalf("%d joined, the room says %d online", online, got)
	}
	return people[0], people[1:], enter
}

// drewNow is the mark of a screen that drew me's newest snapshot now.
func drewNow(me *session.Member) drawnMark {
	return drawnMark{at: time.Now(), work: me.Latest().WorkSeq}
}

// takeOne runs a paced listener for someone who drew as drawn says, and
// reports the window it waited for (zero if it did not wait) and what it
// returned. The test's clock lets the window end only after between has
// run, so what happens within the window is certain, not a race.
func takeOne(t *testing.T, me *session.Member, drawn drawnMark, between func()) (time.Duration, roomMsg) {
	t.Helper()
	asked := make(chan time.Duration, 1)
	fire := make(chan time.Time)
	after := func(d time.Duration) <-chan time.Time {
		asked <- d
		return fire
	}
	got := make(chan roomMsg, 1)
	go func() {
		msg, _ := pacedListenCmd(t.Context(), me, drawn, after)().(roomMsg)
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
	drawn := drewNow(me)
	if err := others[0].AddNote(t.Context(), "först"); err != nil {
		t.Fatal(err)
	}
	var newest int64
	waited, msg := takeOne(t, me, drawn, func() {
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
	drawn := drewNow(me)
	if err := others[0].AddNote(t.Context(), "genast"); err != nil {
		t.Fatal(err)
	}
	waited, msg := takeOne(t, me, drawn, func() {})
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
	a.drawn = drewNow(me)
	cmd := a.listen()
	if err := others[0].AddNote(t.Context(), "nyss"); err != nil {
		t.Fatal(err)
	}
	msg, ok := cmd().(roomMsg)
	if !ok {
		t.Fatal("the listener returned no room change")
	}
	if waited, want := msg.at.Sub(a.drawn.at), paceWindow(60); waited < want {
		t.Fatalf("the board took a change %v after drawing, inside the window of %v", waited, want)
	}
}

// recordingClock is a clock a test ends by hand; it records every wait
// asked of it.
type recordingClock struct {
	asked chan time.Duration
	fire  chan time.Time
}

func newRecordingClock() *recordingClock {
	return &recordingClock{asked: make(chan time.Duration, 16), fire: make(chan time.Time)}
}

func (c *recordingClock) after(d time.Duration) <-chan time.Time {
	c.asked <- d
	return c.fire
}

func (c *recordingClock) nextWait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.asked:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("the listener asked for no wait")
		return 0
	}
}

// listenOn runs a paced listener for someone who drew me's newest snapshot
// just now, with clock c.
func listenOn(t *testing.T, me *session.Member, c *recordingClock) <-chan roomMsg {
	got := make(chan roomMsg, 1)
	drawn := drewNow(me)
	go func() {
		msg, _ := pacedListenCmd(t.Context(), me, drawn, c.after)().(roomMsg)
		got <- msg
	}()
	return got
}

// People arriving in a big room are drawn on the slower beat of presence,
// not the window of work.
func TestArrivalsAreDrawnOnASlowerBeat(t *testing.T) {
	me, _, enter := pacedRoomWithDoor(t, 60)
	c := newRecordingClock()
	got := listenOn(t, me, c)
	enter()
	if d := c.nextWait(t); d <= paceWindow(61) {
		t.Fatalf("an arrival waited %v, no longer than a change of work would (%v)", d, paceWindow(61))
	}
	close(c.fire)
	if msg := <-got; msg.snap == nil || msg.snap.Online != 61 {
		t.Fatalf("after the wait the listener took %+v, want the room with the newcomer", msg.snap)
	}
}

// A note written while a screen waits out an arrival's slower beat is
// drawn on the window of work: the wait is asked again, shorter. Other
// arrivals meanwhile do not wake the screen.
func TestWorkCutsAPresenceWaitShort(t *testing.T) {
	me, others, enter := pacedRoomWithDoor(t, 60)
	c := newRecordingClock()
	got := listenOn(t, me, c)
	enter()
	first := c.nextWait(t)
	// More arrivals do not wake it: only work ends a presence wait early.
	enter()
	enter()
	if err := others[0].AddNote(t.Context(), "viktigt"); err != nil {
		t.Fatal(err)
	}
	if second := c.nextWait(t); second >= first || second > paceWindow(63) {
		t.Fatalf("a note during a presence wait of %v asked for %v, want the work window (at most %v)", first, second, paceWindow(63))
	}
	close(c.fire)
	if msg := <-got; msg.snap == nil || msg.snap.WorkSeq == 0 || len(msg.snap.NotesFor(me.ID())) != 1 {
		t.Fatalf("the listener took %+v, want the note", msg.snap)
	}
}

// One's own note is on one's own screen as soon as the room says it is
// saved, however big the room's pace: the reply, not the listener, brings
// it.
func TestOwnNoteIsShownWithTheReply(t *testing.T) {
	me, _ := pacedRoom(t, 60)
	a := appShowing(t, me, screenBoard)
	if err := me.AddNote(t.Context(), "min egen"); err != nil {
		t.Fatal(err)
	}
	a.Update(noteSavedMsg{})
	if got := a.board.snap; got.Seq != me.Latest().Seq || len(got.NotesFor(me.ID())) != 1 {
		t.Fatalf("after the reply the board shows seq %d, the room is at %d", got.Seq, me.Latest().Seq)
	}
	if a.drawn.work != me.Latest().WorkSeq {
		t.Error("the pace does not know the screen shows the newest work")
	}
}

// One's own name is on one's own board as soon as the room has it, not on
// the slower beat of arrivals: everyone arriving waited up to a second
// for "you: name".
func TestOwnNameIsShownWithTheReply(t *testing.T) {
	me, _ := pacedRoom(t, 60)
	a := appShowing(t, me, screenName)
	if err := me.Rename(t.Context(), "Eva"); err != nil {
		t.Fatal(err)
	}
	a.Update(nameDoneMsg{})
	if p, _ := a.board.snap.Person(me.ID()); p.Name != "Eva" {
		t.Fatalf("after the name was saved the board shows %q", p.Name)
	}
}

// appShowing is an App that has joined me's room, on screen.
func appShowing(t *testing.T, me *session.Member, screen screen) *App {
	t.Helper()
	a := New(Deps{Ctx: t.Context()})
	a.roomCtx = t.Context()
	a.joined(me)
	a.screen = screen
	return a
}
