package tui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

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
	WorkChanged() <-chan struct{}
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
func (t *Text) explainJoin(code string, err error) string {
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
	case errors.Is(err, session.ErrKeyRequired):
		return t.ErrKeyRequired
	case errors.Is(err, session.ErrRemoved):
		return t.ErrRemoved
	case errors.Is(err, session.ErrRoomClosed):
		return t.ErrRoomClosed
	}
	return t.LobbyUnavailable
}

// explain turns a refusal from session into words; snap gives the limits
// the words quote.
func (t *Text) explain(err error, snap *session.Snapshot) string {
	if s, ok := t.explainScore(err, snap); ok {
		return s
	}
	var slow *session.SlowDown
	switch {
	case errors.Is(err, session.ErrEmptyNote):
		return t.ErrEmptyNote
	case errors.Is(err, session.ErrNoteTooLong):
		return fmt.Sprintf(t.ErrNoteTooLong, snap.Limits.NoteLen)
	case errors.Is(err, session.ErrTooManyNotes):
		return plural(snap.Limits.NotesPerActivity, t.ErrTooManyNotesOne, t.ErrTooManyNotes)
	case errors.As(err, &slow) && slow.Source:
		return fmt.Sprintf(t.ErrSourceSlowDown, max(1, int(math.Ceil(slow.Wait.Seconds()))))
	case errors.As(err, &slow):
		return fmt.Sprintf(t.ErrSlowDown, max(1, int(math.Ceil(slow.Wait.Seconds()))))
	case errors.Is(err, session.ErrSourceDotsSpent):
		return t.ErrSourceDotsSpent
	case errors.Is(err, session.ErrSourceNotesSpent):
		return fmt.Sprintf(t.ErrSourceNotes, snap.Limits.NotesPerActivity)
	case errors.Is(err, session.ErrNameTooLong):
		return fmt.Sprintf(t.ErrNameTooLong, session.MaxNameLen)
	case errors.Is(err, session.ErrNoSuchNote):
		return t.ErrNoSuchNote
	case errors.Is(err, session.ErrNoDotsLeft):
		return t.ErrNoDotsLeft
	case errors.Is(err, session.ErrItemFull):
		return plural(snap.MaxPerItem, t.ErrItemFullOne, t.ErrItemFull)
	case errors.Is(err, session.ErrNoDotToTake):
		return t.ErrNoDotToTake
	case errors.Is(err, session.ErrRoomShutDown):
		return t.RoomClosed
	case errors.Is(err, session.ErrNotFacilitator):
		return t.ErrNotFac
	case errors.Is(err, session.ErrStaysFacilitator):
		return t.ErrStaysFac
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
	case errors.Is(err, session.ErrRoomClosed):
		return t.ErrRoomClosed
	case errors.Is(err, session.ErrDiskFull):
		return t.ErrDiskFull
	}
	return t.ErrSave
}

// explainScore words the refusals of rate, matrix and rank answers.
func (t *Text) explainScore(err error, snap *session.Snapshot) (string, bool) {
	switch {
	case errors.Is(err, session.ErrOutOfScale):
		sc := snap.Activity.RateScale()
		if _, placing := viewOf(snap.Activity).(matrixView); placing {
			sc = snap.Axes()[0].Scale
		}
		return fmt.Sprintf(t.ErrOutOfScale, sc.Min, sc.Max), true
	case errors.Is(err, session.ErrClosedActivity):
		return t.ErrClosedActivity, true
	case errors.Is(err, session.ErrRankTooLong):
		return fmt.Sprintf(t.ErrRankTooLong, session.MaxRanked), true
	case errors.Is(err, session.ErrNoSuchItem):
		return t.ErrNoSuchNote, true
	case errors.Is(err, session.ErrScoring), errors.Is(err, session.ErrNotScoring), errors.Is(err, session.ErrContext):
		// The reason names the setting, in the words of the check.
		_, why, _ := strings.Cut(err.Error(), ": ")
		return fmt.Sprintf(t.ErrScoringBad, why), true
	}
	return "", false
}
