package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestBackupIsAConsistentPrivateCopy(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := s.CreateRoom(ctx, room("K7QX2M", at), []Event{ev("K7QX2M", 1, "activity.added")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, []Event{ev("K7QX2M", 2, "note.added")}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(filepath.Dir(dir), "copy.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v, mode %v", err, fi.Mode())
	}
	if err := s.Backup(ctx, dest); !errors.Is(err, os.ErrExist) {
		t.Fatalf("a backup over an existing file: %v", err)
	}
	c, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Close() }()
	evs, err := c.Events(ctx, "K7QX2M")
	if err != nil || len(evs) != 2 {
		t.Fatalf("the copy has %d events (%v), want 2", len(evs), err)
	}
}

func TestCheckWritableNamesAReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.CheckWritable(ctx); err != nil {
		t.Fatalf("a writable database: %v", err)
	}
	// The single write connection refuses writes as a read-only file does
	// (the tests run as root, whom file modes do not stop).
	if _, err := s.write.ExecContext(ctx, `PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWritable(ctx); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("a read-only database: %v", err)
	}
}
