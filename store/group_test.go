package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestAppendsArrivingTogetherShareACommit: while one append is written,
// those that arrive are queued and written together by one of them, each
// caller gets its own answer, and the lead is laid down when nothing is
// left.
func TestAppendsArrivingTogetherShareACommit(t *testing.T) {
	var g appendGroup
	release := make(chan struct{})
	var mu sync.Mutex
	var groups [][]*appendCall
	commit := func(_ context.Context, calls []*appendCall) {
		mu.Lock()
		first := len(groups) == 0
		groups = append(groups, calls)
		mu.Unlock()
		if first {
			<-release
		}
		for _, c := range calls {
			var err error
			if c.events[0].Seq%7 == 0 {
				err = fmt.Errorf("room %s: %w", c.events[0].Room, ErrExists)
			}
			c.done <- appendResult{err: err}
		}
	}
	ctx := context.Background()
	errs := make([]error, 51)
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = g.append(ctx, []Event{ev("R0", 1, "x")}, commit) })
	waitQueued := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			mu.Lock()
			started := len(groups)
			mu.Unlock()
			g.mu.Lock()
			queued := len(g.queue)
			g.mu.Unlock()
			if started == 1 && queued == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d groups started, %d calls queued; want 1 and %d", started, queued, n)
			}
		}
	}
	waitQueued(0)
	for i := 1; i <= 50; i++ {
		wg.Go(func() { errs[i] = g.append(ctx, []Event{ev(fmt.Sprintf("R%d", i), int64(i), "x")}, commit) })
	}
	waitQueued(50)
	close(release)
	wg.Wait()
	if len(groups) != 2 || len(groups[0]) != 1 || len(groups[1]) != 50 {
		sizes := make([]int, len(groups))
		for i, c := range groups {
			sizes[i] = len(c)
		}
		t.Fatalf("written in groups of %v; want [1 50]", sizes)
	}
	for i, err := range errs {
		if want := i%7 == 0 && i > 0; errors.Is(err, ErrExists) != want || (err != nil) != want {
			t.Errorf("append %d answered %v", i, err)
		}
	}
	if g.leading || len(g.queue) != 0 {
		t.Fatalf("after all: leading %v, %d queued", g.leading, len(g.queue))
	}
}

// TestAGroupThatFailsIsWrittenCallByCall: one room's refused events do not
// refuse another's written in the same group.
func TestAGroupThatFailsIsWrittenCallByCall(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	for _, code := range []string{"AAAAAA", "BBBBBB"} {
		if err := s.CreateRoom(ctx, room(code, now), []Event{ev(code, 1, "activity.added")}); err != nil {
			t.Fatal(err)
		}
	}
	good := &appendCall{events: []Event{ev("AAAAAA", 2, "note.added")}, done: make(chan appendResult, 1)}
	taken := &appendCall{events: []Event{ev("BBBBBB", 1, "note.added")}, done: make(chan appendResult, 1)}
	s.commitGroup(ctx, []*appendCall{good, taken})
	if r := <-good.done; r.err != nil {
		t.Fatalf("the good append was refused with the other: %v", r.err)
	}
	if r := <-taken.done; !errors.Is(r.err, ErrExists) {
		t.Fatalf("a taken sequence number answered %v", r.err)
	}
	for code, want := range map[string]int{"AAAAAA": 2, "BBBBBB": 1} {
		evs, err := s.Events(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != want {
			t.Errorf("room %s has %d events; want %d", code, len(evs), want)
		}
	}
}

// TestConcurrentAppendsAllLand: many rooms appending at once, through the
// group, each find all their events, in order.
func TestConcurrentAppendsAllLand(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	const rooms, each = 20, 15
	codes := make([]string, rooms)
	for r := range codes {
		codes[r] = fmt.Sprintf("R%05d", r)
		if err := s.CreateRoom(ctx, room(codes[r], time.Now()), nil); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, code := range codes {
		wg.Go(func() {
			for seq := int64(1); seq <= each; seq++ {
				if err := s.Append(ctx, []Event{ev(code, seq, "note.added")}); err != nil {
					t.Errorf("room %s #%d: %v", code, seq, err)
				}
			}
		})
	}
	wg.Wait()
	for _, code := range codes {
		evs, err := s.Events(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != each {
			t.Fatalf("room %s has %d events; want %d", code, len(evs), each)
		}
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.Fatalf("room %s: event %d has seq %d", code, i, e.Seq)
			}
		}
	}
}

// TestAGroupThatCannotBeWrittenRefusesAll: a failure that is not one
// room's own (here, the database closed under it) answers every call of
// the group with it, once each.
func TestAGroupThatCannotBeWrittenRefusesAll(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.write.Close(); err != nil {
		t.Fatal(err)
	}
	calls := []*appendCall{
		{events: []Event{ev("AAAAAA", 1, "note.added")}, done: make(chan appendResult, 1)},
		{events: []Event{ev("BBBBBB", 1, "note.added")}, done: make(chan appendResult, 1)},
	}
	s.commitGroup(ctx, calls)
	for i, c := range calls {
		if r := <-c.done; r.err == nil || errors.Is(r.err, ErrExists) {
			t.Errorf("call %d answered %v", i, r.err)
		}
	}
}

// TestALeadThatPanicsIsHandedOn: a group whose writing panics still hands
// the lead to the next caller, so later appends are not kept waiting.
func TestALeadThatPanicsIsHandedOn(t *testing.T) {
	var g appendGroup
	ctx := context.Background()
	func() {
		defer func() { _ = recover() }()
		_ = g.append(ctx, []Event{ev("R0", 1, "x")}, func(context.Context, []*appendCall) { panic("a bug") })
	}()
	ok := func(_ context.Context, calls []*appendCall) {
		for _, c := range calls {
			c.done <- appendResult{}
		}
	}
	done := make(chan error, 1)
	go func() { done <- g.append(ctx, []Event{ev("R1", 1, "x")}, ok) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the append after a panicking group is still waiting")
	}
}

// TestAPanickingGroupAnswersEveryone: the callers whose events were in a
// group that panicked are answered with an error, not left waiting.
func TestAPanickingGroupAnswersEveryone(t *testing.T) {
	var g appendGroup
	first := &appendCall{events: []Event{ev("R0", 1, "x")}, done: make(chan appendResult, 1)}
	other := &appendCall{events: []Event{ev("R1", 1, "x")}, done: make(chan appendResult, 1)}
	g.queue, g.leading = []*appendCall{first, other}, true
	func() {
		defer func() { _ = recover() }()
		g.lead(context.Background(), func(context.Context, []*appendCall) { panic("a bug") })
	}()
	for i, c := range []*appendCall{first, other} {
		select {
		case r := <-c.done:
			if r.err == nil || r.lead {
				t.Errorf("call %d answered %+v", i, r)
			}
		default:
			t.Errorf("call %d was not answered", i)
		}
	}
	if g.leading {
		t.Error("the lead was not laid down")
	}
}
