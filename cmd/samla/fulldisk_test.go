//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/samla/samla/tui"
)

// TestFullDiskOverSSH: a running `samla serve` whose writes find no room
// (its file size limit lowered under it: SQLite gets the EFBIG a quota or a
// full disk would give) tells the writer in words that the note was not
// saved and offers it again; once there is room, enter saves it, without
// a restart, and every note acknowledged before is still there.
func TestFullDiskOverSSH(t *testing.T) {
	dir := t.TempDir()
	bin := buildSamla(t, dir)
	db := filepath.Join(dir, "samla.db")
	code := strings.TrimSpace(samlaOut(t, bin, "room", "new", "Full disk", "--db", db))
	var serverLog lockedBuffer
	srv := &killedServer{bin: bin, db: db, log: &serverLog}
	srv.start(t)
	defer srv.kill(t)
	ctx := context.Background()

	signer, err := newKillSigner()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialPlain(srv.address(), "plain+"+code, signer)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	must := func(_ int, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%v; the screen ended with %q", err, tail(c.text(), 600))
		}
	}
	must(c.waitFor(ctx, 0, "Your name ("))
	must(c.step(ctx, "Dana\r", "Keys: n new note."))

	// Room for a commit or two more in the WAL, where commits go, then
	// none: each note's commit appends two or three 4 KiB pages, and the
	// room lets one person save five notes in a row before asking them to
	// slow down.
	pid := srv.cmd.Process.Pid
	limit := uint64(fileSize(t, db+"-wal")) + 12<<10
	var old unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, nil, &old); err != nil || old.Cur < limit {
		t.Skipf("the server's file size limit cannot be lowered to %d bytes: limit %d, %v", limit, old.Cur, err)
	}
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: limit, Max: old.Max}, nil); err != nil {
		t.Skipf("cannot limit the server's file size: %v", err)
	}
	const full = "The disk is full; your note was not saved."
	var acked []string
	text, from := "", 0
	for i := 1; ; i++ {
		if i > 4 {
			t.Fatalf("4 notes saved with room for about two, none refused; saved %v", acked)
		}
		text = fmt.Sprintf("note-%02d", i)
		must(c.step(ctx, "n", "New note, enter saves"))
		from = c.len()
		said, err := c.step(ctx, text+"\r", "Saved: "+text, full)
		must(said, err)
		if said == 1 {
			break
		}
		acked = append(acked, text)
	}
	// The note is offered again, with the writer's words.
	en := tui.English()
	must(c.waitFor(ctx, from, en.ErrDiskFull+"\r\n"+en.PlainWrite+text))

	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &old, nil); err != nil {
		t.Fatal(err)
	}
	spaceBack := time.Now()
	must(c.step(ctx, "\r", "Saved: "+text))
	t.Logf("%d notes saved, the next refused with %q; saved %v after the room came back, without a restart",
		len(acked), full, time.Since(spaceBack).Round(time.Millisecond))

	srv.kill(t)
	exported := exportedNotes(t, bin, db, code)
	for _, n := range append(acked, text) {
		if !exported[n] {
			t.Errorf("note %q was acknowledged but is not in the export", n)
		}
	}
	checkLog(t, db)
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
