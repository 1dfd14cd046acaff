package session

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// facRoom is a room with a facilitator (the creator), a participant and a
// facilitator from the server's facilitators file.
type facRoom struct {
	*fixture
	code             string
	fac, part, byKey *Member
}

func newFacRoom(t *testing.T, spec RoomSpec) *facRoom {
	t.Helper()
	f := newFixture(t)
	spec.Creator = Identity{Key: []byte("creator")}
	code := f.room(t, spec)
	r := &facRoom{fixture: f, code: code}
	r.fac = f.join(t, code, "creator")
	r.part = f.join(t, code, "participant")
	m, err := f.hub.Join(context.Background(), code, Identity{Key: []byte("file"), Facilitator: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Leave)
	if err := m.TakePart(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.byKey = m
	return r
}

// TestAuthorisationMatrix: every facilitator-only command, sent by a
// participant, is refused by session and changes nothing; the creator and a
// key from the facilitators file may run each.
func TestAuthorisationMatrix(t *testing.T) {
	ctx := context.Background()
	// Each command gets what setup prepared for the one who runs it.
	commands := []struct {
		name  string
		setup func(t *testing.T, r *facRoom, m *Member) string
		run   func(m *Member, arg string) error
	}{
		{"add activity", nil, func(m *Member, _ string) error { return m.AddActivity(ctx, "vote", "Prioritera", "") }},
		{"change activity", nil, func(m *Member, _ string) error { return m.ChangeActivity(ctx, "a1", "Idéer", "Hur kan vi …?") }},
		{"configure", nil, func(m *Member, _ string) error { return m.Configure(ctx, "a1", true, []string{"Före", "Under"}) }},
		{"reveal", nil, func(m *Member, _ string) error { return m.Reveal(ctx) }},
		{"lock", nil, func(m *Member, _ string) error { return m.Lock(ctx, true) }},
		{"timer", nil, func(m *Member, _ string) error { return m.Timer(ctx, "start", 5*time.Minute) }},
		{"focus", func(t *testing.T, r *facRoom, _ *Member) string {
			return r.fac.Latest().NotesFor(r.fac.ID())[0].ID
		}, func(m *Member, note string) error { return m.Focus(ctx, note) }},
		{"add facilitator", func(t *testing.T, r *facRoom, m *Member) string {
			return r.join(t, r.code, "other for "+m.ID()).ID()
		}, func(m *Member, pid string) error { return m.AddFacilitator(ctx, pid) }},
		{"remove facilitator", func(t *testing.T, r *facRoom, m *Member) string {
			co := r.join(t, r.code, "co-facilitator for "+m.ID()).ID()
			if err := r.fac.AddFacilitator(ctx, co); err != nil {
				t.Fatal(err)
			}
			return co
		}, func(m *Member, pid string) error { return m.RemoveFacilitator(ctx, pid) }},
		{"remove participant", func(t *testing.T, r *facRoom, m *Member) string {
			return r.join(t, r.code, "removable for "+m.ID()).ID()
		}, func(m *Member, pid string) error { return m.Remove(ctx, pid) }},
		{"next activity", addVote, func(m *Member, _ string) error { return m.Go(ctx, +1) }},
		{"move activity", addVote, func(m *Member, id string) error { return m.MoveActivity(ctx, id, 0) }},
		{"remove activity", addVote, func(m *Member, id string) error { return m.RemoveActivity(ctx, id) }},
		{"close room", nil, func(m *Member, _ string) error { return m.CloseRoom(ctx) }},
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			r := newFacRoom(t, RoomSpec{})
			if err := r.fac.AddNote(ctx, "a note to focus on"); err != nil {
				t.Fatal(err)
			}
			for _, who := range []struct {
				name    string
				m       *Member
				allowed bool
			}{{"participant", r.part, false}, {"creator", r.fac, true}, {"facilitators-file key", r.byKey, true}} {
				arg := ""
				if c.setup != nil {
					arg = c.setup(t, r, who.m)
				}
				before := r.fac.Latest().Seq
				err := c.run(who.m, arg)
				if !who.allowed {
					if !errors.Is(err, ErrNotFacilitator) {
						t.Fatalf("%s: err = %v, want ErrNotFacilitator", who.name, err)
					}
					if after := r.fac.Latest().Seq; after != before {
						t.Fatalf("%s: a refused command changed the room (seq %d → %d)", who.name, before, after)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", who.name, err)
				}
			}
		})
	}
}

// addVote puts a second activity on the agenda and returns its id.
func addVote(t *testing.T, r *facRoom, _ *Member) string {
	t.Helper()
	if err := r.fac.AddActivity(context.Background(), "vote", "Rösta", ""); err != nil {
		t.Fatal(err)
	}
	as := r.fac.Latest().Activities
	return as[len(as)-1].ID
}

func TestRolesAreRecognised(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	snap := r.fac.Latest()
	if !snap.Facilitator(r.fac.ID()) || !snap.Facilitator(r.byKey.ID()) || snap.Facilitator(r.part.ID()) {
		t.Fatal("roles are wrong")
	}
	if err := r.fac.AddFacilitator(context.Background(), r.part.ID()); err != nil {
		t.Fatal(err)
	}
	if !r.part.Latest().Facilitator(r.part.ID()) {
		t.Fatal("a co-facilitator is not a facilitator")
	}
	// The creator's role survives a restart; it is in the log.
	r.restart(t)
	again := r.join(t, r.code, "creator")
	if !again.Latest().Facilitator(again.ID()) {
		t.Fatal("the creator lost the role across a restart")
	}
}

// TestACoFacilitatorCanBeMadeAParticipantAgain: a mistaken co-facilitator
// is undone, and stays undone across a restart; the creator, oneself and
// a key from the facilitators file stay facilitators, whoever asks.
func TestACoFacilitatorCanBeMadeAParticipantAgain(t *testing.T) {
	ctx := context.Background()
	r := newFacRoom(t, RoomSpec{})
	if err := r.fac.AddFacilitator(ctx, r.part.ID()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		by     *Member
		target string
	}{
		{"the creator, by a co-facilitator", r.part, r.fac.ID()},
		{"a key from the file, by a co-facilitator", r.part, r.byKey.ID()},
		{"the creator, by a key from the file", r.byKey, r.fac.ID()},
		{"oneself", r.part, r.part.ID()},
	} {
		if err := c.by.RemoveFacilitator(ctx, c.target); !errors.Is(err, ErrStaysFacilitator) {
			t.Errorf("%s: err = %v, want ErrStaysFacilitator", c.name, err)
		}
	}
	if err := r.byKey.RemoveFacilitator(ctx, r.part.ID()); err != nil {
		t.Fatal(err)
	}
	if r.part.Latest().Facilitator(r.part.ID()) {
		t.Fatal("the co-facilitator is still one")
	}
	if err := r.part.Reveal(ctx); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("the former co-facilitator revealed: %v", err)
	}
	before := r.fac.Latest().Seq
	if err := r.fac.RemoveFacilitator(ctx, r.part.ID()); err != nil || r.fac.Latest().Seq != before {
		t.Fatalf("making a participant a participant: err %v, seq %d → %d", err, before, r.fac.Latest().Seq)
	}
	r.restart(t)
	again, creator := r.join(t, r.code, "participant"), r.join(t, r.code, "creator")
	if again.Latest().Facilitator(again.ID()) || !creator.Latest().Facilitator(creator.ID()) {
		t.Fatal("roles changed across a restart")
	}
}

func TestAgendaAndLateJoiner(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	steps := []func() error{
		func() error { return r.fac.AddActivity(ctx, "cluster", "Gruppera", "") },
		func() error { return r.fac.AddActivity(ctx, "vote", "Prioritera", "Vad är viktigast?") },
		func() error {
			return r.fac.ChangeActivity(ctx, "a1", "Brukarresa", "Hur kan vi göra det lättare att få hjälp i tid?")
		},
		func() error { return r.fac.Go(ctx, +1) },
		func() error { return r.fac.Go(ctx, +1) },
		func() error { return r.fac.MoveActivity(ctx, r.fac.Latest().Activity.ID, 0) },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	late := r.join(t, r.code, "late")
	snap := late.Latest()
	var titles []string
	for _, a := range snap.Activities {
		titles = append(titles, a.Title)
	}
	if fmt.Sprint(titles) != "[Prioritera Brukarresa Gruppera]" {
		t.Fatalf("agenda = %v", titles)
	}
	if snap.Activity.Title != "Brukarresa" || snap.Activity.Prompt != "Hur kan vi göra det lättare att få hjälp i tid?" {
		t.Fatalf("a late joiner lands on %+v", snap.Activity)
	}
	if err := r.fac.Go(ctx, -5); !errors.Is(err, ErrNoSuchActivity) {
		t.Fatalf("going before the first: %v", err)
	}
	for _, a := range snap.Activities[1:] {
		if err := r.fac.RemoveActivity(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.fac.RemoveActivity(ctx, snap.Activities[0].ID); !errors.Is(err, ErrLastActivity) {
		t.Fatalf("removing the last activity: %v", err)
	}
}

func TestPrivateWritingUntilReveal(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	if err := r.fac.Configure(ctx, "a1", true, nil); err != nil {
		t.Fatal(err)
	}
	other := r.join(t, r.code, "other")
	for _, w := range []struct {
		m    *Member
		text string
	}{{r.part, "mitt"}, {other, "ditt"}, {other, "också ditt"}} {
		if err := w.m.AddNote(ctx, w.text); err != nil {
			t.Fatal(err)
		}
	}
	snap := r.part.Latest()
	if got := snap.NotesFor(r.part.ID()); len(got) != 1 || got[0].Text != "mitt" {
		t.Fatalf("during private writing part sees %v", got)
	}
	if snap.HiddenCount(r.part.ID()) != 2 {
		t.Fatalf("hidden count = %d, want 2", snap.HiddenCount(r.part.ID()))
	}
	if n := len(snap.NotesFor(r.fac.ID())); n != 0 {
		t.Fatalf("the facilitator reads %d private notes before the reveal", n)
	}
	if err := r.fac.Reveal(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.part.Latest().NotesFor(r.part.ID()); len(got) != 3 {
		t.Fatalf("after the reveal part sees %d notes", len(got))
	}
}

func TestLockAndRemove(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	if err := r.fac.Lock(ctx, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r.hub.Join(ctx, r.code, Identity{Key: []byte("newcomer")}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a newcomer in a locked room: %v", err)
	}
	if _, err := r.hub.Join(ctx, r.code, Identity{Key: []byte("participant")}); err != nil {
		t.Fatalf("someone already in the room could not come back: %v", err)
	}
	before := r.part.Latest()
	if err := r.fac.Remove(ctx, r.part.ID()); err != nil {
		t.Fatal(err)
	}
	if before.Removed(r.part.ID()) {
		t.Fatal("a published snapshot changed afterwards: snapshots must be immutable")
	}
	if !r.part.Latest().Removed(r.part.ID()) {
		t.Fatal("the removed participant's screen is not told")
	}
	if err := r.part.AddNote(ctx, "still here?"); !errors.Is(err, ErrNotJoined) {
		t.Fatalf("a removed participant wrote a note: %v", err)
	}
	if _, err := r.hub.Join(ctx, r.code, Identity{Key: []byte("participant")}); !errors.Is(err, ErrRemoved) {
		t.Fatalf("a removed participant came back: %v", err)
	}
	if err := r.fac.Remove(ctx, r.byKey.ID()); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a facilitator removed another: %v", err)
	}
}

func TestReadyCount(t *testing.T) {
	r := newFacRoom(t, RoomSpec{Anonymity: Named})
	ctx := context.Background()
	other := r.join(t, r.code, "other")
	_ = other.Rename(ctx, "Olle")
	if err := r.part.SetReady(ctx, true); err != nil {
		t.Fatal(err)
	}
	ready, of := r.fac.Latest().ReadyCount()
	if ready != 1 || of != 2 {
		t.Fatalf("ready %d of %d, want 1 of 2 (facilitators do not count)", ready, of)
	}
	if still := r.fac.Latest().StillWorking(); len(still) != 1 || still[0].Name != "Olle" {
		t.Fatalf("still working: %+v", still)
	}
	// Moving on starts a fresh count.
	if err := r.fac.AddActivity(ctx, "vote", "Rösta", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	if ready, _ := r.fac.Latest().ReadyCount(); ready != 0 {
		t.Fatalf("ready carried over to the next activity: %d", ready)
	}
}

func TestTimer(t *testing.T) {
	f := newFixture(t)
	c := newClock()
	f.hub.now = c.now
	code := f.room(t, RoomSpec{Creator: Identity{Key: []byte("fac")}})
	fac := f.join(t, code, "fac")
	ctx := context.Background()
	if err := fac.Timer(ctx, "start", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	c.add(2 * time.Minute)
	if got := fac.Latest().Timer.Remaining(c.now()); got != 3*time.Minute {
		t.Fatalf("after 2 min: %v left", got)
	}
	if err := fac.Timer(ctx, "pause", 0); err != nil {
		t.Fatal(err)
	}
	c.add(10 * time.Minute) // a paused timer does not run
	if err := fac.Timer(ctx, "add", time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := fac.Latest().Timer.Remaining(c.now()); got != 4*time.Minute {
		t.Fatalf("paused plus a minute: %v", got)
	}
	if err := fac.Timer(ctx, "resume", 0); err != nil {
		t.Fatal(err)
	}
	c.add(5 * time.Minute)
	if got := fac.Latest().Timer.Remaining(c.now()); got != 0 {
		t.Fatalf("past the end: %v", got)
	}
	if err := fac.Timer(ctx, "start", 4*time.Hour); !errors.Is(err, ErrTimer) {
		t.Fatalf("a 4-hour timer: %v", err)
	}
	// The timer is rebuilt from the log: same end time after a restart.
	end := fac.Latest().Timer.EndsAt
	f.restart(t)
	if got := f.join(t, code, "fac").Latest().Timer.EndsAt; !got.Equal(end) {
		t.Fatalf("timer end %v after restart, want %v", got, end)
	}
}

func TestAuthorsEditAndDeleteUntilTheActivityCloses(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	if err := r.part.AddNote(ctx, "stavfel"); err != nil {
		t.Fatal(err)
	}
	id := r.part.Latest().NotesFor(r.part.ID())[0].ID
	if err := r.fac.Vote(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.EditNote(ctx, id, "not mine"); !errors.Is(err, ErrNotYours) {
		t.Fatalf("editing someone else's note: %v", err)
	}
	if err := r.part.EditNote(ctx, id, "stavning"); err != nil {
		t.Fatal(err)
	}
	if got := r.part.Latest().NotesFor(r.part.ID())[0].Text; got != "stavning" {
		t.Fatalf("text = %q", got)
	}
	if err := r.part.DeleteNote(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n := len(r.part.Latest().NotesFor(r.part.ID())); n != 0 || r.fac.Latest().DotsLeft(r.fac.ID()) != DefaultVoteBudget {
		t.Fatal("a deleted note is still there, or its dots were not given back")
	}
	if err := r.part.AddNote(ctx, "kvar"); err != nil {
		t.Fatal(err)
	}
	kept := r.part.Latest().NotesFor(r.part.ID())[0].ID
	if err := r.fac.AddActivity(ctx, "vote", "Rösta", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.fac.Go(ctx, +1); err != nil {
		t.Fatal(err)
	}
	if err := r.part.EditNote(ctx, kept, "för sent"); !errors.Is(err, ErrClosedActivity) {
		t.Fatalf("editing after the room moved on: %v", err)
	}
}

func TestFocusFollowsEachRequestOnce(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	_ = r.part.AddNote(ctx, "första")
	_ = r.part.AddNote(ctx, "andra")
	notes := r.part.Latest().NotesFor(r.part.ID())
	if err := r.fac.Focus(ctx, notes[1].ID); err != nil {
		t.Fatal(err)
	}
	first := r.part.Latest()
	if first.Focus != notes[1].ID {
		t.Fatalf("focus = %q", first.Focus)
	}
	if err := r.fac.Focus(ctx, notes[1].ID); err != nil {
		t.Fatal(err)
	}
	if r.part.Latest().FocusSeq == first.FocusSeq {
		t.Fatal("asking again for the same note is a new request")
	}
}

func TestJourneyMapColumns(t *testing.T) {
	r := newFacRoom(t, RoomSpec{})
	ctx := context.Background()
	cols := []string{"Före kontakt", "Första kontakt", "Väntan", "Behandling", "Efter"}
	if err := r.fac.Configure(ctx, "a1", false, cols); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ text, column string }{
		{"ringde själv", "Väntan"}, {"hittade inte numret", "Före kontakt"}, {"utan kolumn", ""}, {"kom hem", "Efter"},
	} {
		if err := r.part.AddNoteIn(ctx, w.text, w.column); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.part.AddNoteIn(ctx, "fel", "Någon annanstans"); !errors.Is(err, ErrNoSuchColumn) {
		t.Fatalf("an unknown column: %v", err)
	}
	var got []string
	for _, n := range r.part.Latest().NotesFor(r.part.ID()) {
		got = append(got, n.Column+": "+n.Text)
	}
	want := "[Före kontakt: hittade inte numret Före kontakt: utan kolumn Väntan: ringde själv Efter: kom hem]"
	if fmt.Sprint(got) != want {
		t.Fatalf("board = %v\nwant    %v", got, want)
	}
}
