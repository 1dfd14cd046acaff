package tui

import (
	"context"
	"errors"
	"fmt"
	"math"

	tea "charm.land/bubbletea/v2"

	"github.com/samla/samla/session"
)

// Both ways of showing a room (full screen and plain lines) join and follow
// it the same way, and explain refusals in the same words.

// joinCmd joins the room with code, in a command, since it touches the store.
func joinCmd(deps Deps, code string) tea.Cmd {
	return func() tea.Msg {
		m, err := deps.Join(deps.Ctx, code)
		if err != nil {
			return joinFailedMsg{code: code, err: err}
		}
		// Presence ends with the program, however it ends.
		context.AfterFunc(deps.Ctx, m.Leave)
		return joinedMsg{member: m}
	}
}

// follower is what follows a room: a member, or the projector's watcher.
type follower interface {
	Changed() <-chan struct{}
	Latest() *session.Snapshot
	Room() *session.Room
}

// listenCmd waits for the room to change. One listener is outstanding at a
// time, so updates arrive in order and a burst collapses into the newest.
func listenCmd(ctx context.Context, m follower) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-m.Changed():
			return roomMsg{snap: m.Latest(), from: m}
		case <-m.Room().Done():
			return roomClosedMsg{from: m}
		case <-ctx.Done():
			return nil
		}
	}
}

// explainJoin says why joining code failed.
func (t Text) explainJoin(code string, err error) string {
	norm := session.NormalizeCode(code)
	var guesses *TooManyGuesses
	switch {
	case errors.As(err, &guesses):
		return fmt.Sprintf(t.LobbyTooManyGuesses, max(1, int(math.Ceil(guesses.Wait.Minutes()))))
	case errors.Is(err, session.ErrNoSuchRoom) && !session.ValidCode(norm):
		return fmt.Sprintf(t.LobbyBadCode, code)
	case errors.Is(err, session.ErrNoSuchRoom):
		return fmt.Sprintf(t.LobbyNoRoom, norm)
	case errors.Is(err, session.ErrLocked):
		return t.ErrLocked
	case errors.Is(err, session.ErrRemoved):
		return t.ErrRemoved
	}
	return t.LobbyUnavailable
}

// explain turns a refusal from session into words; snap gives the limits
// the words quote.
func (t Text) explain(err error, snap *session.Snapshot) string {
	var slow *session.SlowDown
	switch {
	case errors.Is(err, session.ErrEmptyNote):
		return t.ErrEmptyNote
	case errors.Is(err, session.ErrNoteTooLong):
		return fmt.Sprintf(t.ErrNoteTooLong, snap.Limits.NoteLen)
	case errors.Is(err, session.ErrTooManyNotes):
		return fmt.Sprintf(t.ErrTooManyNotes, snap.Limits.NotesPerActivity)
	case errors.As(err, &slow):
		return fmt.Sprintf(t.ErrSlowDown, max(1, int(math.Ceil(slow.Wait.Seconds()))))
	case errors.Is(err, session.ErrNameTooLong):
		return fmt.Sprintf(t.ErrNameTooLong, session.MaxNameLen)
	case errors.Is(err, session.ErrNoSuchNote):
		return t.ErrNoSuchNote
	case errors.Is(err, session.ErrNoDotsLeft):
		return t.ErrNoDotsLeft
	case errors.Is(err, session.ErrItemFull):
		return fmt.Sprintf(t.ErrItemFull, snap.MaxPerItem)
	case errors.Is(err, session.ErrNoDotToTake):
		return t.ErrNoDotToTake
	case errors.Is(err, session.ErrRoomShutDown):
		return t.RoomClosed
	case errors.Is(err, session.ErrNotFacilitator):
		return t.ErrNotFac
	case errors.Is(err, session.ErrLastActivity):
		return t.ErrLast
	case errors.Is(err, session.ErrTimer):
		return t.TimerBad
	case errors.Is(err, session.ErrRemoved):
		return t.ErrRemoved
	case errors.Is(err, session.ErrNoNotesHere):
		return t.ErrNoNotes
	case errors.Is(err, session.ErrBudget):
		return t.ErrBudget
	case errors.Is(err, session.ErrNoVoting):
		return t.ErrNoVoting
	case errors.Is(err, session.ErrNoSuchCluster):
		return t.ErrNoGroup
	case errors.Is(err, session.ErrNotYours):
		return t.ErrNotYours
	case errors.Is(err, session.ErrClosedActivity):
		return t.ErrClosed
	case errors.Is(err, session.ErrOnlyFacClust):
		return t.ErrFacSort
	case errors.Is(err, session.ErrDiskFull):
		return t.ErrDiskFull
	}
	return t.ErrSave
}
