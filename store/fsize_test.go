//go:build unix

package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
)

// TestNoSpaceErrorsAreDiskFull: every way SQLite reports that a write found
// no room maps to ErrDiskFull; other I/O errors do not.
func TestNoSpaceErrorsAreDiskFull(t *testing.T) {
	for _, tc := range []struct {
		err  sqlite3.Error
		full bool
	}{
		{sqlite3.Error{Code: sqlite3.ErrFull}, true},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: syscall.ENOSPC}, true},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: syscall.EDQUOT}, true},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: syscall.EFBIG}, true},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrFsync, SystemErrno: syscall.ENOSPC}, true},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: syscall.EIO}, false},
		{sqlite3.Error{Code: sqlite3.ErrReadonly}, false},
	} {
		t.Run(fmt.Sprintf("%d/%d/%v", tc.err.Code, tc.err.ExtendedCode, tc.err.SystemErrno), func(t *testing.T) {
			got := errors.Is(mapErr(fmt.Errorf("commit: %w", tc.err)), ErrDiskFull)
			if got != tc.full {
				t.Fatalf("errors.Is(mapErr(%v), ErrDiskFull) = %v, want %v", tc.err, got, tc.full)
			}
		})
	}
}

// TestFileSizeLimitIsDiskFull: the process's file size limit (RLIMIT_FSIZE,
// what `ulimit -f` sets; a quota behaves alike) refuses SQLite's writes the
// way a full disk does: ErrDiskFull, nothing of the refused write kept, and
// writing works again once the limit is raised.
func TestFileSizeLimitIsDiskFull(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	if err := s.CreateRoom(ctx, room("FSIZEX", t0), nil); err != nil {
		t.Fatal(err)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	wal, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	limit := uint64(wal.Size()) + 64<<10
	if limit > old.Cur {
		t.Skipf("the file size limit is already %d bytes", old.Cur)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Fatalf("set the file size limit: %v", err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
				t.Fatalf("restore the file size limit: %v", err)
			}
		}
	}
	defer restore()

	big := bytes.Repeat([]byte("ø"), 3000)
	acked := int64(0)
	var full error
	for seq := int64(1); seq < 1000 && full == nil; seq++ {
		err := s.Append(ctx, []Event{{Room: "FSIZEX", Seq: seq, Type: "note.added", Data: big, At: t0}})
		switch {
		case err == nil:
			acked = seq
		case errors.Is(err, ErrDiskFull):
			full = err
		default:
			t.Fatalf("append #%d past the file size limit: %v, want ErrDiskFull", seq, err)
		}
	}
	if full == nil {
		t.Fatal("the file size limit was never reached")
	}
	restore()
	if err := s.Append(ctx, []Event{{Room: "FSIZEX", Seq: acked + 1, Type: "note.added", Data: big, At: t0}}); err != nil {
		t.Fatalf("append once the limit is raised: %v", err)
	}
	events, err := s.Events(ctx, "FSIZEX")
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(events)) != acked+1 {
		t.Fatalf("%d events, want the %d acknowledged and the new one", len(events), acked)
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
	t.Logf("refused after %d acknowledged events: %v", acked, full)
}
