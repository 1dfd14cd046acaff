package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "samla.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

func room(code string, at time.Time) Room {
	return Room{Code: code, Title: "Room " + code, CreatedAt: at, Anonymity: "named", Lang: "sv"}
}

func ev(code string, seq int64, typ string) Event {
	return Event{Room: code, Seq: seq, Type: typ, Data: []byte(`{"n":` + string(rune('0'+seq%10)) + `}`), At: time.Unix(seq, 0)}
}

func TestCreateAndListRooms(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := s.CreateRoom(ctx, room("AAAAAA", t0), []Event{ev("AAAAAA", 1, "activity.added")}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRoom(ctx, room("BBBBBB", t0.Add(time.Hour)), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, []Event{ev("AAAAAA", 2, JoinedType), ev("AAAAAA", 3, JoinedType), ev("AAAAAA", 4, "note.added")}); err != nil {
		t.Fatal(err)
	}
	rooms, err := s.Rooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 2 || rooms[0].Code != "BBBBBB" || rooms[1].Code != "AAAAAA" {
		t.Fatalf("rooms not newest first: %+v", rooms)
	}
	if rooms[1].Participants != 2 || rooms[0].Participants != 0 {
		t.Fatalf("participants = %d, %d; want 2, 0", rooms[1].Participants, rooms[0].Participants)
	}
	if !rooms[1].CreatedAt.Equal(t0) {
		t.Fatalf("created_at = %v, want %v", rooms[1].CreatedAt, t0)
	}
}

func TestErrors(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	if err := s.CreateRoom(ctx, room("AAAAAA", now), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"duplicate code", s.CreateRoom(ctx, room("AAAAAA", now), nil), ErrExists},
		{"unknown room", func() error { _, err := s.Room(ctx, "ZZZZZZ"); return err }(), ErrNotFound},
		{"duplicate seq", s.Append(ctx, []Event{ev("AAAAAA", 1, "x"), ev("AAAAAA", 1, "y")}), ErrExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Fatalf("err = %v, want %v", tt.err, tt.want)
			}
		})
	}
	// The failed batch must have left nothing behind.
	evs, err := s.Events(ctx, "AAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Fatalf("a failed append left %d events", len(evs))
	}
}

func TestEventsSurviveReopen(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	if err := s.CreateRoom(ctx, room("AAAAAA", time.Now()), nil); err != nil {
		t.Fatal(err)
	}
	var want []Event
	for i := int64(1); i <= 50; i++ {
		want = append(want, ev("AAAAAA", i, "note.added"))
	}
	if err := s.Append(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s2.Close() }()
	got, err := s2.Events(ctx, "AAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Seq != want[i].Seq || got[i].Type != want[i].Type || !bytes.Equal(got[i].Data, want[i].Data) || !got[i].At.Equal(want[i].At) {
			t.Fatalf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestOldSecretIsMovedOut: a secret an older samla kept in the database can
// be read once, then is gone from the database files, byte for byte.
func TestOldSecretIsMovedOut(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	secret := []byte("0123456789abcdef-old-participant-secret")
	if _, err := s.write.ExecContext(ctx, `INSERT INTO meta(name, value) VALUES ('participant-key', ?)`, secret); err != nil {
		t.Fatal(err)
	}
	got, err := s.OldSecret(ctx, "participant-key")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("OldSecret = %q, %v", got, err)
	}
	if err := s.ForgetSecret(ctx, "participant-key"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.OldSecret(ctx, "participant-key"); got != nil || err != nil {
		t.Fatalf("after ForgetSecret: %q, %v", got, err)
	}
	if err := s.ForgetSecret(ctx, "participant-key"); err != nil {
		t.Fatalf("forgetting twice: %v", err)
	}
	for _, f := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, secret) {
			t.Errorf("%s still holds the secret", f)
		}
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	_, path := openTemp(t)
	for range 2 {
		s, err := Open(path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		_ = s.Close()
	}
}

// TestSecureDeleteIsOn: every write connection zeroes what it frees, so
// text that AppendRewriting replaces leaves no copy in a free page.
func TestSecureDeleteIsOn(t *testing.T) {
	s, _ := openTemp(t)
	var on int
	if err := s.write.QueryRowContext(context.Background(), `PRAGMA secure_delete`).Scan(&on); err != nil {
		t.Fatal(err)
	}
	if on != 1 {
		t.Fatalf("secure_delete = %d", on)
	}
}

// The database and its -wal and -shm files hold names and notes: only
// their owner may read them, whatever the umask.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "samla.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), mode)
		}
	}
}
