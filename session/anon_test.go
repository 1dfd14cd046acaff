package session

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to read the raw file as an outsider would

	"github.com/samla/samla/store"
)

// anonRoom is an anonymous room on a file that can be reopened, with or
// without the server secret, on a clock that is not on a whole minute.
type anonRoom struct {
	path string
	code string
	st   *store.Store
	hub  *Hub
}

// at is a time with nanoseconds, so a stored time that is not coarse shows.
var anonClock = func() time.Time { return time.Date(2026, 11, 23, 9, 41, 27, 123456789, time.UTC) }

func (a *anonRoom) open(t *testing.T, secret []byte) {
	t.Helper()
	st, err := store.Open(a.path)
	if err != nil {
		t.Fatal(err)
	}
	opts := []Option{WithClock(anonClock), WithLimits(relaxed())}
	if secret != nil {
		opts = append(opts, WithSecret(secret))
	}
	h, err := NewHub(st, opts...)
	if err != nil {
		t.Fatal(err)
	}
	a.st, a.hub = st, h
	t.Cleanup(a.close)
}

func (a *anonRoom) close() {
	if a.hub != nil {
		a.hub.Close()
		_ = a.st.Close()
		a.hub, a.st = nil, nil
	}
}

func (a *anonRoom) join(t *testing.T, key string) *Member {
	t.Helper()
	m, err := a.hub.Join(context.Background(), a.code, Identity{Key: []byte(key)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Leave)
	// These people take part (arrival.go): their joins are in the log
	// whatever their first act is.
	if err := m.TakePart(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func newAnonRoom(t *testing.T) *anonRoom {
	t.Helper()
	a := &anonRoom{path: filepath.Join(t.TempDir(), "samla.db")}
	a.open(t, []byte(testSecret))
	info, err := a.hub.CreateRoom(context.Background(), RoomSpec{Title: "Anonymt", Anonymity: Anonymous, Creator: Identity{Key: []byte("creator")}})
	if err != nil {
		t.Fatal(err)
	}
	a.code = info.Code
	return a
}

// rawEvent is one row of the events table, read with SQL, not with samla.
type rawEvent struct {
	typ  string
	data string
	at   string
}

func rawEvents(t *testing.T, path, code string) []rawEvent {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type, data, at FROM events WHERE room = ? ORDER BY seq`, code)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rawEvent
	for rows.Next() {
		var e rawEvent
		var data []byte
		if err := rows.Scan(&e.typ, &data, &e.at); err != nil {
			t.Fatal(err)
		}
		e.data = string(data)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAnonymousLogLinksNobody: in an anonymous room people write, dot,
// edit and delete their own notes, choose plain mode; then the room is
// closed. The raw events in the file have no field that links a note (or
// a dot) to a participant id or number, no view choice, and only times on
// the minute; the room key is gone from the file; and not even the
// server's secret with the file can say who wrote what any more. While
// the room was open, the authors could still change their own notes, also
// after a restart.
func TestAnonymousLogLinksNobody(t *testing.T) {
	ctx := context.Background()
	a := newAnonRoom(t)
	fac, alice, bob := a.join(t, "creator"), a.join(t, "alice"), a.join(t, "bob")
	for _, w := range []struct {
		m    *Member
		text string
	}{{alice, "alice ett"}, {alice, "alice två"}, {bob, "bob ett"}} {
		if err := w.m.AddNote(ctx, w.text); err != nil {
			t.Fatal(err)
		}
	}
	notes := map[string]Note{}
	for _, n := range fac.Latest().NotesFor(fac.ID()) {
		notes[n.Text] = n
	}
	if err := alice.Vote(ctx, notes["bob ett"].ID); err != nil {
		t.Fatal(err)
	}
	if err := bob.Vote(ctx, notes["alice ett"].ID); err != nil {
		t.Fatal(err)
	}
	if err := alice.ChooseView(ctx, true); err != nil {
		t.Fatal(err)
	}
	if me, _ := alice.Latest().Person(alice.ID()); !me.Plain {
		t.Fatal("the view choice is not kept for the visit")
	}
	if err := bob.EditNote(ctx, notes["alice ett"].ID, "bob was here"); !errors.Is(err, ErrNotYours) {
		t.Fatalf("bob edits alice's note: %v", err)
	}
	if err := alice.EditNote(ctx, notes["alice ett"].ID, "alice ett, ändrad"); err != nil {
		t.Fatalf("alice edits her own note: %v", err)
	}

	// A restart: the room key comes back from the file, wrapped with the
	// secret, so alice still owns her notes.
	a.close()
	a.open(t, []byte(testSecret))
	alice, fac = a.join(t, "alice"), a.join(t, "creator")
	if err := alice.DeleteNote(ctx, notes["alice två"].ID); err != nil {
		t.Fatalf("alice deletes her own note after a restart: %v", err)
	}
	if n := fac.Latest().DotsLeft(alice.ID()); n != DefaultVoteBudget-1 {
		t.Fatalf("alice has %d dots after a restart, want %d", n, DefaultVoteBudget-1)
	}
	wrapped, err := a.st.RoomKey(ctx, a.code)
	if err != nil || len(wrapped) == 0 {
		t.Fatalf("no room key while the room is open: %v", err)
	}

	if err := alice.CloseRoom(ctx); !errors.Is(err, ErrNotFacilitator) {
		t.Fatalf("a participant closes the room: %v", err)
	}
	if err := fac.CloseRoom(ctx); err != nil {
		t.Fatal(err)
	}
	if err := alice.AddNote(ctx, "efteråt"); !errors.Is(err, ErrRoomClosed) {
		t.Fatalf("a note in a closed room: %v", err)
	}
	pids := []string{fac.ID(), alice.ID(), bob.ID()}
	a.close()

	events := rawEvents(t, a.path, a.code)
	numbers := map[string]int{}
	for _, e := range events {
		if e.typ == evJoined {
			var j joined
			if err := json.Unmarshal([]byte(e.data), &j); err != nil {
				t.Fatal(err)
			}
			numbers[j.PID] = j.Number
		}
	}
	for _, e := range events {
		if e.typ == evViewChosen {
			t.Errorf("the log says who chose which view: %s", e.data)
		}
		if at, err := time.Parse(time.RFC3339Nano, e.at); err != nil || !at.Equal(at.Truncate(time.Minute)) {
			t.Errorf("%s at %s: not on the minute (%v)", e.typ, e.at, err)
		}
		if !mentionsNote(e.data, notes) {
			continue
		}
		for _, pid := range pids {
			if strings.Contains(e.data, pid) {
				t.Errorf("%s links a note to participant %s: %s", e.typ, pid, e.data)
			}
		}
		if strings.Contains(e.data, `"number"`) {
			t.Errorf("%s links a note to a number: %s", e.typ, e.data)
		}
		if strings.Contains(e.data, sealedPrefix) {
			t.Errorf("%s still has a sealed id after the room closed: %s", e.typ, e.data)
		}
	}
	if len(numbers) != 3 {
		t.Fatalf("%d joins in the log, want 3", len(numbers))
	}

	// The key is destroyed: gone from the table and from the bytes.
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(a.path + suffix)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, wrapped) {
			t.Errorf("the closed room's key is still in samla.db%s", suffix)
		}
	}
	a.open(t, []byte(testSecret))
	if _, err := a.st.RoomKey(ctx, a.code); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the closed room's key: %v", err)
	}
	// Even with the file and the secret, nobody owns a note any more.
	s, err := a.hub.stored(ctx, a.code)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range s.notes {
		if n.author != "" {
			t.Errorf("note %q still has its author after the room closed", n.Text)
		}
	}
	for _, kept := range s.perActivity {
		b, ok := kept.(*ballot)
		if !ok {
			continue
		}
		for pid := range b.byPerson {
			if pid != "" {
				t.Errorf("a dot still has its giver %s after the room closed", pid)
			}
		}
	}
}

// mentionsNote reports whether data names one of the notes.
func mentionsNote(data string, notes map[string]Note) bool {
	for _, n := range notes {
		if strings.Contains(data, n.ID) {
			return true
		}
	}
	return false
}

// TestAnonymousFileAloneLinksNobody: while the room is open, the database
// without the server's secret (a copy, a backup) cannot say who wrote a
// note either: the room key in it is wrapped with that secret.
func TestAnonymousFileAloneLinksNobody(t *testing.T) {
	ctx := context.Background()
	a := newAnonRoom(t)
	alice := a.join(t, "alice")
	if err := alice.AddNote(ctx, "min lapp"); err != nil {
		t.Fatal(err)
	}
	a.close()
	a.open(t, nil)
	s, err := a.hub.stored(ctx, a.code)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.notes) != 1 || s.notes[0].author != "" {
		t.Fatalf("without the secret, the file says who wrote %+v", s.notes)
	}
}

// TestNamedLogKeepsAuthors: sealing is for anonymous rooms; a named room's
// export names its authors from the log, as before.
func TestNamedLogKeepsAuthors(t *testing.T) {
	f := newFixture(t)
	code := f.room(t, RoomSpec{Anonymity: Named})
	alice := f.join(t, code, "alice")
	if err := alice.AddNote(context.Background(), "min lapp"); err != nil {
		t.Fatal(err)
	}
	for _, e := range rawEvents(t, f.path, code) {
		if e.typ == evNoteAdded && !strings.Contains(e.data, alice.ID()) {
			t.Fatalf("a named room's note has no author: %s", e.data)
		}
	}
}

// TestClosingUnlinksAnOldLog: an anonymous room whose log was written
// before sealing has its authors in the clear; closing it blanks them too.
func TestClosingUnlinksAnOldLog(t *testing.T) {
	ctx := context.Background()
	a := newAnonRoom(t)
	fac, alice := a.join(t, "creator"), a.join(t, "alice")
	seq := fac.Latest().Seq
	a.close()
	old, err := json.Marshal(noteAdded{ID: "nold", Activity: "a1", Author: alice.ID(), Text: "från förr"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(a.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Append(ctx, []store.Event{{Room: a.code, Seq: seq + 1, Type: evNoteAdded, Data: old, At: anonClock()}}); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	a.open(t, []byte(testSecret))
	fac, alice = a.join(t, "creator"), a.join(t, "alice")
	if notes := alice.Latest().NotesFor(alice.ID()); len(notes) != 1 || !alice.Latest().Mine(alice.ID(), notes[0]) {
		t.Fatalf("alice does not own her note from an old log: %+v", notes)
	}
	if err := fac.CloseRoom(ctx); err != nil {
		t.Fatal(err)
	}
	pid := alice.ID()
	a.close()
	for _, e := range rawEvents(t, a.path, a.code) {
		if e.typ == evNoteAdded && strings.Contains(e.data, pid) {
			t.Fatalf("the closed room's old note still names its author: %s", e.data)
		}
	}
}

// BenchmarkSeal measures sealing and opening one participant id (what an
// anonymous room adds to each note and dot it writes, and to each it
// replays), and reports how many bytes a sealed id takes in the log.
func BenchmarkSeal(b *testing.B) {
	k, err := newSealer("K7QX2M", make([]byte, roomKeySize))
	if err != nil {
		b.Fatal(err)
	}
	pid := "k" + strings.Repeat("ab", 12)
	var sealed string
	for b.Loop() {
		if sealed, err = k.seal(pid, "author"); err != nil {
			b.Fatal(err)
		}
		if k.open(sealed, "author") != pid {
			b.Fatal("does not open")
		}
	}
	b.ReportMetric(float64(len(sealed)), "bytes/id")
}

// BenchmarkCloseAnonymousRoom measures closing an anonymous room of 1,000
// notes and 1,000 dots: blanking every author and giver, destroying the key.
func BenchmarkCloseAnonymousRoom(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		st, err := store.Open(filepath.Join(dir, "samla.db"))
		if err != nil {
			b.Fatal(err)
		}
		h, err := NewHub(st, WithLimits(relaxed()), WithSecret([]byte(testSecret)))
		if err != nil {
			b.Fatal(err)
		}
		info, err := h.CreateRoom(ctx, RoomSpec{Title: "Stor", Anonymity: Anonymous, Creator: Identity{Key: []byte("creator")}})
		if err != nil {
			b.Fatal(err)
		}
		fac, err := h.Join(ctx, info.Code, Identity{Key: []byte("creator")})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 1000 {
			if err := fac.AddNote(ctx, "lapp "+strings.Repeat("x", i%40)); err != nil {
				b.Fatal(err)
			}
		}
		for i, n := range fac.Latest().NotesFor(fac.ID()) {
			m, err := h.Join(ctx, info.Code, Identity{Key: []byte{byte(i), byte(i >> 8)}})
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Vote(ctx, n.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := fac.CloseRoom(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		h.Close()
		_ = st.Close()
		b.StartTimer()
	}
}

// TestFailedSaveKeepsTheRoomKey: a failed save reloads an anonymous room
// from its log with the key it had, also where the key lives in memory
// only (a hub without the server secret): authors still own their notes
// and their view choice afterwards.
func TestFailedSaveKeepsTheRoomKey(t *testing.T) {
	ctx := context.Background()
	a := &anonRoom{path: filepath.Join(t.TempDir(), "samla.db")}
	a.open(t, nil)
	fs := &failingStore{Store: a.st}
	a.hub.store = fs
	info, err := a.hub.CreateRoom(ctx, RoomSpec{Title: "Disk", Anonymity: Anonymous})
	if err != nil {
		t.Fatal(err)
	}
	a.code = info.Code
	m, err := a.hub.Join(ctx, a.code, Identity{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Leave()
	if err := m.AddNote(ctx, "min"); err != nil {
		t.Fatal(err)
	}
	if err := m.ChooseView(ctx, true); err != nil {
		t.Fatal(err)
	}
	fs.fail.Store(true)
	if err := m.AddNote(ctx, "lost"); !errors.Is(err, errDiskFull) {
		t.Fatalf("note on a full disk: %v, want errDiskFull", err)
	}
	fs.fail.Store(false)
	snap := m.Latest()
	notes := snap.NotesFor(m.ID())
	if len(notes) != 1 || !snap.Mine(m.ID(), notes[0]) {
		t.Fatalf("after a failed save the author lost their note: %+v", notes)
	}
	if me, _ := snap.Person(m.ID()); !me.Plain {
		t.Fatal("after a failed save the view choice is gone")
	}
	if err := m.EditNote(ctx, notes[0].ID, "min, ändrad"); err != nil {
		t.Fatalf("edit after a failed save: %v", err)
	}
}

// TestAnonymousAnswersLinkNobody: in an anonymous room the log names who
// rated by a pseudonym no participant id appears in; the room still knows
// each person's own answers across a restart, and once it is closed the
// outcome stays whole while nobody can tell whose answers they were.
func TestAnonymousAnswersLinkNobody(t *testing.T) {
	ctx := context.Background()
	a := newAnonRoom(t)
	fac := a.join(t, "creator")
	people := []*Member{a.join(t, "ann"), a.join(t, "bo"), a.join(t, "cem")}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fac.AddActivity(ctx, KindRate, "Betyg", ""))
	rate := fac.Latest().Activities[1].ID
	must(fac.SetScoring(ctx, rate, Scoring{Statements: StatementItems([]string{"Jag blev lyssnad på"})}, false))
	must(fac.Go(ctx, +1))
	item := fac.Latest().Items()[0].ID
	for i, p := range people {
		must(p.Rate(ctx, item, 4+i))
	}
	must(people[0].Rate(ctx, item, 2)) // a change of mind replaces, never adds

	a.close()
	a.open(t, []byte(testSecret))
	fac = a.join(t, "creator")
	ann := a.join(t, "ann")
	if got := ann.Latest().MyRating(ann.ID(), item); got != 2 {
		t.Fatalf("after a restart ann's own rating reads %d, want 2", got)
	}
	pids := []string{fac.ID(), ann.ID(), people[1].ID(), people[2].ID()}
	must(fac.CloseRoom(ctx))
	a.close()

	for _, e := range rawEvents(t, a.path, a.code) {
		if e.typ != "rating.set" {
			continue
		}
		for _, pid := range pids {
			if strings.Contains(e.data, pid) {
				t.Errorf("a rating names participant %s: %s", pid, e.data)
			}
		}
	}
	a.open(t, nil) // no secret: as anyone with only the file
	rep, err := a.hub.Report(ctx, a.code, ReportOptions{})
	must(err)
	res, ok := rep.Activities[1].Results.(RateResults)
	if !ok || len(res.Items) != 1 || res.Items[0].N == nil || *res.Items[0].N != 3 || math.Abs(*res.Items[0].Mean-13.0/3) > 0.01 {
		t.Fatalf("the closed room's outcome: %+v", rep.Activities[1].Results)
	}
}
