package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
	"time"
)

// TestAReaderDoesNotHoldUpRewrites: an edit's checkpoint while another
// process reads (an export, a backup) neither waits for the reader, which
// held every room's writes for up to the busy timeout, nor leaves the old
// bytes in the WAL once the reader has gone: it is tried again until it
// succeeds.
func TestAReaderDoesNotHoldUpRewrites(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	old := Event{Room: "AAAAAA", Seq: 1, Type: "note.added", Data: []byte(`{"text":"hemlig-gammal-text"}`), At: time.Unix(1, 0)}
	if err := s.CreateRoom(ctx, room("AAAAAA", time.Unix(0, 0)), []Event{old}); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite3", dsn(path, true)) // as another process would
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	reading, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reading.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}

	scrubbed := old
	scrubbed.Data = []byte(`{"text":""}`)
	done := make(chan error, 1)
	go func() { done <- s.AppendRewriting(ctx, []Event{ev("AAAAAA", 2, "note.edited")}, []Event{scrubbed}) }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotCheckpointed) {
			t.Fatalf("rewrite under a reader: %v, want ErrNotCheckpointed", err)
		}
	case <-time.After(busyTimeout / 2):
		t.Fatal("the rewrite waited for the reader")
	}
	if err := s.Append(ctx, []Event{ev("AAAAAA", 3, "note.added")}); err != nil {
		t.Fatalf("a write after the stopped checkpoint: %v", err)
	}
	if err := reading.Rollback(); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(30 * time.Second)
	for walHas(t, path, old.Data) {
		if time.Now().After(deadline) {
			t.Fatal("the old text stayed in the WAL after the reader had gone")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if db, err := os.ReadFile(path); err != nil || bytes.Contains(db, old.Data) {
		t.Fatalf("the old text is in the database file (read error %v)", err)
	}
}

func walHas(t *testing.T, path string, b []byte) bool {
	t.Helper()
	wal, err := os.ReadFile(path + "-wal")
	if errors.Is(err, os.ErrNotExist) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(wal, b)
}

// TestCheckpointRetriesGrowThenStop: retries come more seldom up to a
// bound, one at a time, and none after the store has closed.
func TestCheckpointRetriesGrowThenStop(t *testing.T) {
	var c checkpoints
	var waits []time.Duration
	for range 8 {
		c.retry(func() {})
		c.retry(func() {}) // one due at a time: does not grow the wait
		c.mu.Lock()
		waits = append(waits, c.wait)
		c.timer.Stop()
		c.timer = nil
		c.mu.Unlock()
	}
	want := []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000}
	for i, w := range want {
		if waits[i] != w*time.Millisecond {
			t.Fatalf("waits = %v, want %v ms", waits, want)
		}
	}
	c.forget()
	c.retry(func() {})
	if c.wait != checkpointFirstRetry {
		t.Fatalf("after a success the first wait is %v", c.wait)
	}
	c.stop()
	c.retry(func() { t.Error("retried after stop") })
	if c.timer != nil {
		t.Fatal("a retry is due after stop")
	}
}
