package session

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samla/samla/store"
)

type fixture struct {
	path   string
	store  *store.Store
	hub    *Hub
	limits Limits
}

// relaxed are limits no test of ordering or throughput runs into; the
// limits themselves are tested with their defaults.
func relaxed() Limits {
	l := DefaultLimits()
	l.NotesPerActivity = 10000
	l.NotesPerMinute, l.NoteBurst = 1e9, 1e6
	l.ActionsPerSecond, l.ActionBurst = 1e9, 1e6
	return l
}

// testSecret stands for the server's participant secret file: the same
// across restarts of a fixture, as the file is across a server's.
const testSecret = "samla test participant secret 32"

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, relaxed()) }

func newFixtureWith(t testing.TB, l Limits) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "samla.db"), limits: l}
	f.open(t)
	return f
}

func (f *fixture) open(t testing.TB) {
	t.Helper()
	st, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHub(st, WithLimits(f.limits), WithSecret([]byte(testSecret)))
	if err != nil {
		t.Fatal(err)
	}
	f.store, f.hub = st, h
	t.Cleanup(f.close)
}

func (f *fixture) close() {
	if f.hub != nil {
		f.hub.Close()
		_ = f.store.Close()
		f.hub, f.store = nil, nil
	}
}

// restart is what a killed and restarted server does: everything in memory
// is gone and the room comes back from the file.
func (f *fixture) restart(t testing.TB) {
	t.Helper()
	f.close()
	f.open(t)
}

func (f *fixture) room(t testing.TB, spec RoomSpec) string {
	t.Helper()
	if spec.Title == "" {
		spec.Title = "Brukarresa"
	}
	info, err := f.hub.CreateRoom(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return info.Code
}

func (f *fixture) join(t testing.TB, code, key string) *Member {
	t.Helper()
	var id Identity
	if key != "" {
		id.Key = []byte(key)
	}
	m, err := f.hub.Join(context.Background(), code, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Leave)
	// As answering the name question does: these tests are about people
	// who take part (arrival_test.go is about those who never do).
	if err := m.TakePart(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNoteRules(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	tests := []struct {
		name string
		text string
		want string
		err  error
	}{
		{"plain", "Lång väntetid på besked", "Lång väntetid på besked", nil},
		{"trimmed", "  ventetid  ", "ventetid", nil},
		{"empty", "", "", ErrEmptyNote},
		{"only spaces", "   \t ", "", ErrEmptyNote},
		{"only escapes", "\x1b[2J\x1b]0;x\x07", "", ErrEmptyNote},
		{"at the limit", strings.Repeat("ø", DefaultLimits().NoteLen), strings.Repeat("ø", DefaultLimits().NoteLen), nil},
		{"over the limit", strings.Repeat("ø", DefaultLimits().NoteLen+1), "", ErrNoteTooLong},
		// a joiner chain is one grapheme cluster however long it is
		{"joiner chain", "👩" + strings.Repeat("\u200d👩", 20000), "", ErrNoteTooLong},
		{"hostile text made inert", "ok\x1b[31mred\x1b[0m\rEVIL", "okred EVIL", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(m.Latest().NotesFor(m.ID()))
			err := m.AddNote(context.Background(), tt.text)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			notes := m.Latest().NotesFor(m.ID())
			if tt.err != nil {
				if len(notes) != before {
					t.Fatal("a refused note changed the room")
				}
				return
			}
			if got := notes[len(notes)-1].Text; got != tt.want {
				t.Fatalf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVoteRules(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	alice, bob := f.join(t, code, "alice"), f.join(t, code, "bob")
	ctx := context.Background()
	for _, text := range []string{"one", "two", "three"} {
		if err := alice.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	notes := alice.Latest().NotesFor(alice.ID())
	n1, n2, n3 := notes[0].ID, notes[1].ID, notes[2].ID
	steps := []struct {
		name   string
		who    *Member
		note   string
		delta  int
		err    error
		votes  map[string]int // total dots per note after the step
		bobLen int            // bob's dots left after the step
	}{
		{"bob takes a dot he never gave", bob, n1, -1, ErrNoDotToTake, map[string]int{n1: 0}, 5},
		{"bob votes", bob, n1, +1, nil, map[string]int{n1: 1}, 4},
		{"bob votes again", bob, n1, +1, nil, map[string]int{n1: 2}, 3},
		{"bob reaches the item maximum", bob, n1, +1, nil, map[string]int{n1: 3}, 2},
		{"bob over the item maximum", bob, n1, +1, ErrItemFull, map[string]int{n1: 3}, 2},
		{"alice votes on the same note", alice, n1, +1, nil, map[string]int{n1: 4}, 2},
		{"bob spends", bob, n2, +1, nil, map[string]int{n2: 1}, 1},
		{"bob spends his last dot", bob, n3, +1, nil, map[string]int{n3: 1}, 0},
		{"bob has no dots left", bob, n3, +1, ErrNoDotsLeft, map[string]int{n3: 1}, 0},
		{"bob takes one back", bob, n1, -1, nil, map[string]int{n1: 3}, 1},
		{"bob can vote again", bob, n3, +1, nil, map[string]int{n3: 2}, 0},
		{"unknown note", bob, "n999", +1, ErrNoSuchNote, nil, 0},
	}
	for _, st := range steps {
		var err error
		if st.delta > 0 {
			err = st.who.Vote(ctx, st.note)
		} else {
			err = st.who.Unvote(ctx, st.note)
		}
		if !errors.Is(err, st.err) {
			t.Fatalf("%s: err = %v, want %v", st.name, err, st.err)
		}
		snap := bob.Latest()
		for _, n := range snap.NotesFor(bob.ID()) {
			if want, ok := st.votes[n.ID]; ok && n.Votes != want {
				t.Fatalf("%s: note %s has %d votes, want %d", st.name, n.ID, n.Votes, want)
			}
		}
		if got := snap.DotsLeft(bob.ID()); got != st.bobLen {
			t.Fatalf("%s: bob has %d dots left, want %d", st.name, got, st.bobLen)
		}
	}
}

func TestParticipantIdentity(t *testing.T) {
	f := newFixture(t)
	a, b := f.room(t, RoomSpec{}), f.room(t, RoomSpec{})
	id := func(code, key string) string {
		var ident Identity
		if key != "" {
			ident.Key = []byte(key)
		}
		pid, err := f.hub.ParticipantID(code, ident)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	if id(a, "k1") != id(strings.ToLower(a), "k1") {
		t.Fatal("the same key in the same room must be the same participant")
	}
	if id(a, "k1") == id(b, "k1") {
		t.Fatal("one key must give unlinkable ids in different rooms")
	}
	if id(a, "k1") == id(a, "k2") {
		t.Fatal("different keys must be different participants")
	}
	if id(a, "") == id(a, "") {
		t.Fatal("people without a key must be new participants on each visit")
	}
	visit := func(v string, key []byte) string {
		pid, err := f.hub.ParticipantID(a, Identity{Key: key, Visit: v})
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	if visit("v1", nil) != visit("v1", nil) || visit("v1", nil) == visit("v2", nil) {
		t.Fatal("without a key, one visit (one connection) must be one participant, and only one")
	}
	if visit("v1", []byte("k1")) != id(a, "k1") {
		t.Fatal("a key decides who someone is, whatever their visit")
	}
	// A key that could never appear in hex, so the check cannot pass by luck.
	if key := "ssh-ed25519 AAAA-alice"; strings.Contains(id(a, key), key) {
		t.Fatal("the id must not contain the key")
	}
}

func TestReplayAfterRestart(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{Title: "Innovationsverkstad", Anonymity: Peers, Lang: "sv"})
	ctx := context.Background()
	alice := f.join(t, code, "alice")
	if err := alice.Rename(ctx, "Alice"); err != nil {
		t.Fatal(err)
	}
	bob := f.join(t, code, "bob")
	if bob.Returning() {
		t.Fatal("bob is new")
	}
	for _, text := range []string{"Väntan", "Bemötande", "Tilgjengelighet"} {
		if err := alice.AddNote(ctx, text); err != nil {
			t.Fatal(err)
		}
	}
	n := alice.Latest().NotesFor(alice.ID())
	for _, id := range []string{n[0].ID, n[0].ID, n[2].ID} {
		if err := bob.Vote(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	before := alice.Latest()

	f.restart(t)

	bob2 := f.join(t, code, "bob")
	if !bob2.Returning() || bob2.ID() != bob.ID() {
		t.Fatal("bob came back with the same key and must be the same participant")
	}
	after := bob2.Latest()
	if after.Seq != before.Seq || after.Room != before.Room || after.Joined != 2 {
		t.Fatalf("room changed across restart:\nbefore %+v\nafter  %+v", before, after)
	}
	if fmt.Sprint(after.NotesFor(bob2.ID())) != fmt.Sprint(before.NotesFor(alice.ID())) {
		t.Fatalf("notes changed:\nbefore %v\nafter  %v", before.NotesFor(alice.ID()), after.NotesFor(bob2.ID()))
	}
	if after.DotsLeft(bob2.ID()) != 2 || after.MyVotes(bob2.ID(), n[0].ID) != 2 {
		t.Fatal("bob's dots did not survive the restart")
	}
	if p, _ := after.Person(alice.ID()); p.Name != "Alice" {
		t.Fatalf("alice's name = %q", p.Name)
	}
	if after.Online != 1 {
		t.Fatalf("online = %d after restart, want only bob", after.Online)
	}
}

func TestRoomMadeElsewhereIsJoinable(t *testing.T) {
	f := newFixture(t)
	// A second hub on the same file is what `samla room new` is while the
	// server runs.
	st, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	other, err := NewHub(st)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	info, err := other.CreateRoom(context.Background(), RoomSpec{Title: "Made by the CLI"})
	if err != nil {
		t.Fatal(err)
	}
	m := f.join(t, strings.ToLower(info.Code), "alice")
	if got := m.Latest().Room.Title; got != "Made by the CLI" {
		t.Fatalf("title = %q", got)
	}
	if _, err := f.hub.Open(context.Background(), "ZZZZZZ"); !errors.Is(err, ErrNoSuchRoom) {
		t.Fatalf("unknown code: err = %v", err)
	}
	if _, err := f.hub.Open(context.Background(), "hello"); !errors.Is(err, ErrNoSuchRoom) {
		t.Fatalf("malformed code: err = %v", err)
	}
}

func TestCreateRoomValidation(t *testing.T) {
	f := newFixture(t)
	for _, title := range []string{"", "  ", "\x1b[2J", strings.Repeat("x", MaxTitleLen+1)} {
		if _, err := f.hub.CreateRoom(context.Background(), RoomSpec{Title: title}); !errors.Is(err, ErrTitle) {
			t.Errorf("title %q: err = %v, want ErrTitle", title, err)
		}
	}
	info, err := f.hub.CreateRoom(context.Background(), RoomSpec{Title: "Ok"})
	if err != nil {
		t.Fatal(err)
	}
	if !ValidCode(info.Code) {
		t.Fatalf("code %q is not from the alphabet", info.Code)
	}
}

// TestConcurrentOrdering has many people write at once and checks that the
// log is gap-free and every subscriber sees the room only move forward.
func TestConcurrentOrdering(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	const people, each = 20, 15
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	watcher := f.join(t, code, "watcher")
	var seen []int64
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		for {
			select {
			case <-watcher.Changed():
				snap := watcher.Latest()
				seen = append(seen, snap.Seq)
				if len(snap.NotesFor(watcher.ID())) == people*each {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for p := range people {
		m := f.join(t, code, fmt.Sprintf("p%d", p))
		wg.Go(func() {
			for i := range each {
				if err := m.AddNote(ctx, fmt.Sprintf("p%d note %d", p, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	<-watchDone
	// The same state may be seen twice (a signal can arrive for a snapshot
	// already read), never an older one after a newer.
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("subscriber saw seq %d after %d", seen[i], seen[i-1])
		}
	}
	evs, err := f.store.Events(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("log has a gap: event %d has seq %d", i, e.Seq)
		}
	}
	// Each person's notes appear in the order they wrote them.
	next := map[string]int{}
	for _, n := range watcher.Latest().NotesFor(watcher.ID()) {
		var p, i int
		if _, err := fmt.Sscanf(n.Text, "p%d note %d", &p, &i); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(p)
		if i != next[key] {
			t.Fatalf("p%d's note %d came before note %d", p, i, next[key])
		}
		next[key]++
	}
}

// TestStalledSubscriberNeverBlocksTheRoom: a session that never reads its
// mailbox must not slow anyone else down.
func TestStalledSubscriberNeverBlocksTheRoom(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	f.join(t, code, "stalled") // never reads Changed()
	m := f.join(t, code, "writer")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 200 {
		if err := m.AddNote(ctx, fmt.Sprintf("note %d", i)); err != nil {
			t.Fatalf("note %d: %v", i, err)
		}
	}
	if got := len(m.Latest().NotesFor(m.ID())); got != 200 {
		t.Fatalf("%d notes, want 200", got)
	}
}

// TestPersistBeforePublish: when the database refuses a write, nobody sees
// the change and the writer is told.
func TestPersistBeforePublish(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	ctx := context.Background()
	if err := m.AddNote(ctx, "saved"); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.AddNote(ctx, "not saved"); err == nil {
		t.Fatal("a note that could not be saved was accepted")
	}
	for _, n := range m.Latest().NotesFor(m.ID()) {
		if n.Text == "not saved" {
			t.Fatal("an unsaved note was published")
		}
	}
}

func TestPresence(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	a := f.join(t, code, "alice")
	a2 := f.join(t, code, "alice") // a second terminal of the same person
	b := f.join(t, code, "")
	if got := b.Latest().Online; got != 2 {
		t.Fatalf("online = %d, want 2 people", got)
	}
	a.Leave()
	if got := b.Latest().Online; got != 2 {
		t.Fatalf("online = %d after one of alice's terminals left, want 2", got)
	}
	a2.Leave()
	a2.Leave()
	if got := b.Latest().Online; got != 1 {
		t.Fatalf("online = %d, want 1", got)
	}
	if got := b.Latest().Joined; got != 2 {
		t.Fatalf("joined = %d, want 2", got)
	}
}

// Arriving, naming oneself and leaving change who is here, not the work:
// WorkSeq stays while Seq moves, so big rooms can draw them on a slower
// beat; a note moves WorkSeq.
func TestWorkSeqIgnoresPresence(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	a := f.join(t, code, "alice")
	work := a.Latest().WorkSeq
	seq := a.Latest().Seq
	drained := func(c <-chan struct{}) {
		select {
		case <-c:
		default:
		}
	}
	drained(a.WorkChanged())
	b := f.join(t, code, "bo")
	if err := b.Rename(context.Background(), "Bo"); err != nil {
		t.Fatal(err)
	}
	b.Leave()
	if got := a.Latest(); got.WorkSeq != work || got.Seq == seq {
		t.Fatalf("after an arrival, a name and a leave: seq %d -> %d, work %d -> %d; want seq moved, work kept", seq, got.Seq, work, got.WorkSeq)
	}
	select {
	case <-a.WorkChanged():
		t.Fatal("presence alone signalled a change of work")
	default:
	}
	if err := a.AddNote(context.Background(), "Kön till vårdcentralen"); err != nil {
		t.Fatal(err)
	}
	if got := a.Latest(); got.WorkSeq != got.Seq {
		t.Fatalf("a note left work at %d, seq at %d", got.WorkSeq, got.Seq)
	}
	select {
	case <-a.WorkChanged():
	default:
		t.Fatal("a note did not signal a change of work")
	}
}

func TestDraftsSurviveAReconnectOnlyWithAKey(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	ctx := context.Background()
	m := f.join(t, code, "alice")
	m.SetDraft("Halvfärdig tanke om väntetid")
	m.Leave()
	back := f.join(t, code, "alice")
	if got := back.Draft(); got != "Halvfärdig tanke om väntetid" {
		t.Fatalf("draft after reconnect = %q", got)
	}
	if other := f.join(t, code, "bob"); other.Draft() != "" {
		t.Fatal("bob sees alice's draft")
	}
	if err := back.AddNote(ctx, back.Draft()); err != nil {
		t.Fatal(err)
	}
	if got := back.Draft(); got != "" {
		t.Fatalf("a saved note is still a draft: %q", got)
	}
	guest := f.join(t, code, "")
	guest.SetDraft("lost anyway")
	if guest.Draft() != "" {
		t.Fatal("a keyless visitor's draft was kept; nobody could ever get it back")
	}
}

// TestEveryEventKindRoundTrips: each kind has its own name and reads back
// as the body that was written; an unknown body or name is refused.
func TestEveryEventKindRoundTrips(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range eventKinds() {
		if seen[k.name] {
			t.Errorf("two kinds are called %q", k.name)
		}
		seen[k.name] = true
		body := reflect.New(k.typ).Elem().Interface()
		se, err := encode("K7QX2M", event{Seq: 1, body: body})
		if err != nil {
			t.Fatalf("%s: %v", k.name, err)
		}
		if se.Type != k.name {
			t.Errorf("%T was written as %q, want %q", body, se.Type, k.name)
		}
		back, err := decode(se)
		if err != nil || !reflect.DeepEqual(back.body, body) {
			t.Errorf("%s read back as %#v, %v", k.name, back.body, err)
		}
	}
	if _, err := encode("K7QX2M", event{body: struct{}{}}); err == nil {
		t.Error("an unknown body was written")
	}
	if _, err := decode(store.Event{Type: "no.such"}); err == nil {
		t.Error("an unknown name was read")
	}
}

// TestSavedNoteIsNoLongerADraft: a link that drops right after enter (the
// writer stopped waiting) must not leave the saved note as a draft, or it
// is offered back as unsent and saved twice.
func TestSavedNoteIsNoLongerADraft(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{})
	m := f.join(t, code, "alice")
	m.SetDraft("Väntan på svar")
	// Hold the owner, so the note is queued when the writer gives up.
	hold, held := make(chan struct{}), make(chan struct{})
	go func() {
		_ = m.room.do(context.Background(), func(*state) ([]any, error) { close(held); <-hold; return nil, nil })
	}()
	<-held
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- m.AddNote(ctx, "Väntan på svar") }()
	for len(m.room.ops) == 0 {
		runtime.Gosched()
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the writer gave up: %v", err)
	}
	close(hold)
	deadline := time.Now().Add(5 * time.Second)
	for len(m.Latest().NotesFor(m.ID())) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := len(m.Latest().NotesFor(m.ID())); n != 1 {
		t.Fatalf("%d notes saved, want 1", n)
	}
	if d := m.Draft(); d != "" {
		t.Fatalf("the saved note is still offered as a draft: %q", d)
	}
}

// TestDraftsAreBounded: drafts of people who left do not pile up for ever.
func TestDraftsAreBounded(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	advance := func(d time.Duration) { clock.Add(int64(d)) }
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h, err := NewHub(st, WithClock(now), WithSecret([]byte(testSecret)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	ctx := context.Background()
	info, err := h.CreateRoom(ctx, RoomSpec{Title: "Utkast"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := h.Join(ctx, info.Code, Identity{Key: []byte("first")})
	if err != nil {
		t.Fatal(err)
	}
	first.SetDraft("tidigt utkast")
	advance(draftTTL + time.Minute)
	if d := first.Draft(); d != "" {
		t.Fatalf("a draft older than %s came back: %q", draftTTL, d)
	}
	r := first.room
	for i := range maxDrafts + 10 {
		advance(time.Second)
		m := &Member{room: r, id: fmt.Sprintf("%s%d", keyedPrefix, i)}
		m.SetDraft("utkast")
	}
	r.draftMu.Lock()
	n := len(r.drafts)
	r.draftMu.Unlock()
	if n > maxDrafts {
		t.Fatalf("%d drafts kept, at most %d", n, maxDrafts)
	}
}
