package session

import (
	"context"
	"sync"
)

// Watcher follows a room without taking part in it: the projector view on
// the wall. It is not a participant, so it is not counted as online, asked
// to be ready, or given dots, and it sees what the room as a whole may see:
// no private notes, no names of authors.
type Watcher struct {
	room *Room
	sub  *subscription
	stop sync.Once
	// release lets the hub unload the room when the wall was the last to go.
	release func()
}

// Watch opens a room for a facilitator's projector. Anyone else is refused
// with ErrNotFacilitator: the wall shows what the facilitator decides.
func (h *Hub) Watch(ctx context.Context, code string, id Identity) (*Watcher, error) {
	r, err := h.hold(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := h.mayWatch(r, id); err != nil {
		h.release(r)
		return nil, err
	}
	return &Watcher{room: r, sub: r.subscribe(), release: func() { h.release(r) }}, nil
}

// mayWatch: only a facilitator puts a room on the wall.
func (h *Hub) mayWatch(r *Room, id Identity) error {
	if len(id.Key) == 0 {
		return ErrNotFacilitator
	}
	pid, err := h.ParticipantID(r.Code(), id)
	if err != nil {
		return err
	}
	if !id.Facilitator && !r.Latest().Facilitator(pid) {
		return ErrNotFacilitator
	}
	return nil
}

// Room is the watched room.
func (w *Watcher) Room() *Room { return w.room }

// Changed signals that a newer snapshot may be available.
func (w *Watcher) Changed() <-chan struct{} { return w.sub.signal }

// WorkChanged is signalled like Changed, but only when more than who is
// here changed (Snapshot.WorkSeq).
func (w *Watcher) WorkChanged() <-chan struct{} { return w.sub.work }

// Latest is the room's newest snapshot.
func (w *Watcher) Latest() *Snapshot { return w.room.Latest() }

// Stop ends the watch; it is safe to call more than once.
func (w *Watcher) Stop() {
	w.stop.Do(func() {
		w.room.unsubscribe(w.sub)
		w.release()
	})
}
