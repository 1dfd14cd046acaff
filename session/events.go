package session

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/samla/samla/store"
)

// The event types of a room's log. Names are stable: they are on disk.
const (
	evActivityAdded = "activity.added"
	evJoined        = store.JoinedType
	evRenamed       = "participant.renamed"
	evViewChosen    = "participant.view"
	evNoteAdded     = "note.added"
	evVoteAdded     = "vote.added"
	evVoteRemoved   = "vote.removed"
)

// event is one decided change. body is one of the payload types below; apply
// switches on it, so replay and live updates share one code path.
type event struct {
	Seq  int64
	At   time.Time
	body any
}

type activityAdded struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Prompt string `json:"prompt,omitempty"`
	// Source and Secret: see Activity.
	Source string `json:"source,omitempty"`
	Secret bool   `json:"secret,omitempty"`
}

// joined records a participant's first arrival. Number gives the default
// name ("Participant 3") that stays the same for everyone and every visit.
type joined struct {
	PID    string `json:"pid"`
	Number int    `json:"number"`
}

type renamed struct {
	PID  string `json:"pid"`
	Name string `json:"name"`
}

// viewChosen remembers whether a participant reads the room as plain lines
// (a screen reader) or full screen, so they get it again on their next visit.
type viewChosen struct {
	PID   string `json:"pid"`
	Plain bool   `json:"plain"`
}

type noteAdded struct {
	ID       string `json:"id"`
	Activity string `json:"activity"`
	Author   string `json:"author"`
	Text     string `json:"text"`
	Column   string `json:"column,omitempty"`
}

// voteChanged is one dot given (+1) or taken back (-1).
type voteChanged struct {
	PID  string `json:"pid"`
	Note string `json:"note"`
	// Activity the dot was given in; empty in logs from before activities
	// had their own dots (then it is the note's brainstorm).
	Activity string `json:"activity,omitempty"`
}

type voteRemoved voteChanged

func eventType(body any) (string, error) {
	if name, ok := facilitationType(body); ok {
		return name, nil
	}
	if name, ok := clusterType(body); ok {
		return name, nil
	}
	switch body.(type) {
	case activityAdded:
		return evActivityAdded, nil
	case joined:
		return evJoined, nil
	case renamed:
		return evRenamed, nil
	case viewChosen:
		return evViewChosen, nil
	case noteAdded:
		return evNoteAdded, nil
	case voteChanged:
		return evVoteAdded, nil
	case voteRemoved:
		return evVoteRemoved, nil
	}
	return "", fmt.Errorf("unknown event body %T", body)
}

func encode(room string, e event) (store.Event, error) {
	typ, err := eventType(e.body)
	if err != nil {
		return store.Event{}, err
	}
	data, err := json.Marshal(e.body)
	if err != nil {
		return store.Event{}, fmt.Errorf("encode %s: %w", typ, err)
	}
	return store.Event{Room: room, Seq: e.Seq, Type: typ, Data: data, At: e.At}, nil
}

func decode(se store.Event) (event, error) {
	e := event{Seq: se.Seq, At: se.At}
	var err error
	switch se.Type {
	case evActivityAdded:
		e.body, err = unmarshal[activityAdded](se.Data)
	case evJoined:
		e.body, err = unmarshal[joined](se.Data)
	case evRenamed:
		e.body, err = unmarshal[renamed](se.Data)
	case evViewChosen:
		e.body, err = unmarshal[viewChosen](se.Data)
	case evNoteAdded:
		e.body, err = unmarshal[noteAdded](se.Data)
	case evVoteAdded:
		e.body, err = unmarshal[voteChanged](se.Data)
	case evVoteRemoved:
		e.body, err = unmarshal[voteRemoved](se.Data)
	default:
		var ok bool
		if e.body, ok, err = decodeFacilitation(se.Type, se.Data); !ok {
			if e.body, ok, err = decodeCluster(se.Type, se.Data); !ok {
				return e, fmt.Errorf("event %s #%d: unknown type %q", se.Room, se.Seq, se.Type)
			}
		}
	}
	if err != nil {
		return e, fmt.Errorf("event %s #%d (%s): %w", se.Room, se.Seq, se.Type, err)
	}
	return e, nil
}

func unmarshal[T any](data []byte) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}
