package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestLeavingAtTheNameQuestionLeavesNoParticipant: people who connect over
// SSH and hang up at the name question, full screen or plain mode, with a
// key or without, leave the room's log and its participant count as they
// were (issue 14: 556 permanent participants from 1,000 such visits).
func TestLeavingAtTheNameQuestionLeavesNoParticipant(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	code := newRoom(t, dir, "Ankomst")
	stay := enter(t, srv.addr, code, "Stina", termtest.NewSigner(t))
	defer stay.Close()
	events, participants := roomTotals(t, dir, code)

	for i := range 8 {
		o := termtest.Options{User: code, Signer: termtest.NewSigner(t)}
		question := "What should others call you?"
		switch i % 4 {
		case 1:
			o.Signer = nil
		case 2:
			o.User, question = "plain+"+code, "Your name ("
		case 3:
			o.User, o.Signer, question = "plain+"+code, nil, "Your name ("
		}
		c := termtest.Dial(t, srv.addr, o)
		c.WaitFor(t, question)
		c.Close()
	}
	// Two more who answer are participants, so the count can move: one
	// with a name (joined, renamed), one who takes the default name in
	// plain mode (joined).
	enter(t, srv.addr, code, "Nils", nil).Close()
	plain := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + code, Signer: termtest.NewSigner(t), Width: 200})
	plain.Answer(t, "Your name (", "")
	plain.WaitFor(t, "Keys: n new note.")
	plain.Close()

	gotEvents, gotParticipants := roomTotals(t, dir, code)
	if gotEvents != events+3 || gotParticipants != participants+2 {
		t.Fatalf("after 8 who left at the name question and 2 who answered: %d events, %d participants; want %d and %d",
			gotEvents, gotParticipants, events+3, participants+2)
	}
}

// roomTotals is the length of a room's log and its exported participant
// count. Choices of view are left out: plain mode records its choice from a
// command of its own, which may land after the screen answered, so when it
// is in the log is not the screen's to say.
func roomTotals(t *testing.T, dir, code string) (events, participants int) {
	t.Helper()
	db := filepath.Join(dir, "samla.db")
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if err := conn.QueryRow(`SELECT COUNT(*) FROM events WHERE room = ? AND type != 'participant.view'`, code).Scan(&events); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"export", code, "--format", "json", "--db", db}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Participants int `json:"participants"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	return events, rep.Participants
}
