package session

import (
	"encoding/json"
	"fmt"
	"reflect"
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
	evRoomClosed    = "room.closed"
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
	// Staff: they first came as a facilitator (by the facilitators file),
	// so the report does not count them as a participant.
	Staff bool `json:"staff,omitempty"`
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

// eventKind is one kind of event as the log stores it: its name, which is
// on disk and never changes, and how to read its body back.
type eventKind struct {
	name   string
	typ    reflect.Type
	decode func([]byte) (any, error)
}

func kindOf[T any](name string) eventKind {
	return eventKind{name: name, typ: reflect.TypeFor[T](), decode: func(data []byte) (any, error) { return unmarshal[T](data) }}
}

// eventKinds is every kind of event, each named once, so writing and
// reading cannot disagree about a name.
func eventKinds() []eventKind {
	return []eventKind{
		kindOf[activityAdded](evActivityAdded),
		kindOf[joined](evJoined),
		kindOf[renamed](evRenamed),
		kindOf[viewChosen](evViewChosen),
		kindOf[noteAdded](evNoteAdded),
		kindOf[voteChanged](evVoteAdded),
		kindOf[voteRemoved](evVoteRemoved),
		// facilitation
		kindOf[facilitatorAdded]("facilitator.added"),
		kindOf[facilitatorRemoved]("facilitator.removed"),
		kindOf[activityChanged]("activity.changed"),
		kindOf[activityRemoved]("activity.removed"),
		kindOf[activityMoved]("activity.moved"),
		kindOf[activityStarted]("activity.started"),
		kindOf[activityConfigured]("activity.configured"),
		kindOf[activityRevealed]("activity.revealed"),
		kindOf[roomLocked]("room.locked"),
		kindOf[participantRemoved]("participant.removed"),
		kindOf[readySet]("participant.ready"),
		kindOf[focusSet]("focus.set"),
		kindOf[timerChanged]("timer.changed"),
		kindOf[votingSet]("activity.voting"),
		kindOf[noteEdited]("note.edited"),
		kindOf[noteDeleted]("note.deleted"),
		// clustering
		kindOf[clusterCreated]("cluster.created"),
		kindOf[noteClustered]("note.clustered"),
		kindOf[clusterRenamed]("cluster.renamed"),
		kindOf[clusterMerged]("cluster.merged"),
		kindOf[noteDuplicate]("note.duplicate"),
		kindOf[clusteringSet]("activity.clustering"),
		// rating, placing and ranking (items.go, rate.go, matrix.go, rank.go)
		kindOf[scoringSet]("activity.scoring"),
		kindOf[ratingSet]("rating.set"),
		kindOf[placementSet]("placement.set"),
		kindOf[rankingSet]("ranking.set"),
		kindOf[pollAnswered]("poll.answered"),
		kindOf[roomClosed](evRoomClosed),
		kindOf[contextSet]("activity.context"),
		// room options
		kindOf[keysRequired]("room.keys"),
		kindOf[seriesLinked]("room.after"),
	}
}

// keysRequired is a room's choice to let in only people who connect with
// an SSH key, so each person counts once (see ErrKeyRequired). Logs from
// before it have no such event: their rooms let everyone in.
type keysRequired struct {
	Required bool `json:"required"`
}

func eventType(body any) (string, error) {
	t := reflect.TypeOf(body)
	for _, k := range eventKinds() {
		if k.typ == t {
			return k.name, nil
		}
	}
	return "", fmt.Errorf("unknown event body %T", body)
}

// encode is e as the log stores it, with who did what in the clear: for
// rooms where names may be known, and events that name nobody.
func encode(room string, e event) (store.Event, error) { return (*sealer)(nil).encode(room, e) }

// encode is e as the log stores it, who did what sealed (see seal.go).
func (k *sealer) encode(room string, e event) (store.Event, error) {
	typ, err := eventType(e.body)
	if err != nil {
		return store.Event{}, err
	}
	body, err := k.sealBody(e.body)
	if err != nil {
		return store.Event{}, fmt.Errorf("encode %s: %w", typ, err)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return store.Event{}, fmt.Errorf("encode %s: %w", typ, err)
	}
	return store.Event{Room: room, Seq: e.Seq, Type: typ, Data: data, At: e.At}, nil
}

// decode reads an event of a log with nothing sealed in it, or whose seals
// need not be opened.
func decode(se store.Event) (event, error) { return (*sealer)(nil).decode(se) }

// decode reads an event back, opening what was sealed where k can.
func (k *sealer) decode(se store.Event) (event, error) {
	e := event{Seq: se.Seq, At: se.At}
	for _, kind := range eventKinds() {
		if kind.name != se.Type {
			continue
		}
		body, err := kind.decode(se.Data)
		if err != nil {
			return e, fmt.Errorf("event %s #%d (%s): %w", se.Room, se.Seq, se.Type, err)
		}
		e.body = k.openBody(body)
		return e, nil
	}
	return e, fmt.Errorf("event %s #%d: unknown type %q", se.Room, se.Seq, se.Type)
}

func unmarshal[T any](data []byte) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}
