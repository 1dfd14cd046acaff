package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestFullDiskIsRefusedAndRecovers: when SQLite cannot grow the database
// (a full disk gives the same SQLITE_FULL as the page cap this test sets on
// the write connection), Append says ErrDiskFull, saves nothing of the
// refused batch, and once there is room again every earlier acknowledged
// event is there and writing works.
func TestFullDiskIsRefusedAndRecovers(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	if err := s.CreateRoom(ctx, room("FULLXX", t0), nil); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := s.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+8)); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("å"), 1500) // a few events per page: the cap is reached in a handful
	var acked []int64
	var full error
	for seq := int64(1); seq < 1000 && full == nil; seq++ {
		err := s.Append(ctx, []Event{{Room: "FULLXX", Seq: seq, Type: "note.added", Data: big, At: t0}})
		switch {
		case err == nil:
			acked = append(acked, seq)
		case errors.Is(err, ErrDiskFull):
			full = err
		default:
			t.Fatalf("append #%d: %v, want nil or ErrDiskFull", seq, err)
		}
	}
	if full == nil {
		t.Fatal("the capped database never filled")
	}
	next := int64(len(acked)) + 1
	if _, err := s.write.ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, []Event{{Room: "FULLXX", Seq: next, Type: "note.added", Data: big, At: t0}}); err != nil {
		t.Fatalf("append once there is room again: %v", err)
	}
	events, err := s.Events(ctx, "FULLXX")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(acked)+1 {
		t.Fatalf("%d events after recovery, want the %d acknowledged and the new one", len(events), len(acked))
	}
	for i, e := range events {
		if e.Seq != int64(i)+1 || !bytes.Equal(e.Data, big) {
			t.Fatalf("event %d is #%d with %d bytes, want #%d intact", i, e.Seq, len(e.Data), i+1)
		}
	}
	var ok string
	if err := s.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
}
