package session

import (
	"fmt"

	"github.com/samla/samla/store"
)

// scrubs are the rewrites of earlier events that an edit or delete of a
// note brings: the words a note had before must not stay in the log (a
// person who writes "I am … from ward 7" and then edits it expects it gone).
// Earlier note.added and note.edited events of the note get the note's text
// after e (the new text, or "" when deleted), so replaying the rewritten log
// still gives the same room: the last event that sets the text sets it to
// the same words, and a deleted note is gone either way. Call it before
// applying e.
func (s *state) scrubs(room string, e event) ([]store.Event, error) {
	var id, text string
	switch b := e.body.(type) {
	case noteEdited:
		id, text = b.ID, b.Text
	case noteDeleted:
		id = b.ID
	default:
		return nil, nil
	}
	n := s.noteByID[id]
	if n == nil {
		return nil, nil
	}
	added := event{Seq: n.Seq, body: noteAdded{ID: n.ID, Activity: n.ActivityID, Author: n.author, Text: text, Column: n.Column}}
	out := []event{added}
	for _, seq := range s.fac.edits[id] {
		out = append(out, event{Seq: seq, body: noteEdited{ID: id, Text: text}})
	}
	rewrites := make([]store.Event, 0, len(out))
	for _, r := range out {
		se, err := s.seal.encode(room, r)
		if err != nil {
			return nil, fmt.Errorf("scrub note %s: %w", id, err)
		}
		rewrites = append(rewrites, se)
	}
	return rewrites, nil
}
