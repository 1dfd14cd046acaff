package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/samla/samla/store"
)

// maxBatch bounds one group commit: large enough that a room of a thousand
// people voting at once shares a handful of transactions, small enough that
// the first voter is not kept waiting behind the last.
const maxBatch = 512

// op is a command as the owner runs it: it reads the state and decides the
// event bodies, or refuses. Ops that change only presence return no bodies.
type op struct {
	decide func(s *state) ([]any, error)
	// present changes presence (not in the log); it runs only once the op's
	// events are saved, so a person whose join was not saved is not online.
	present func(s *state)
	reply   chan error
	// committed runs in the owner once the op's events are on disk, before
	// anyone is answered: what must follow a commit happens even if the
	// caller stopped waiting (its link dropped just after enter).
	committed func()
	// joinAs is the member whose command this is: if it is their first
	// act, they join the log just before it is decided (see arrival.go).
	joinAs string
}

// ErrDiskFull is a command refused because the disk has no room for its
// events: nothing of it was saved, and the same command works again once
// there is space. It is the store's sentinel under session's name, so that
// screens can tell people without importing the store.
var ErrDiskFull = store.ErrDiskFull

// eventStore is what a room and its hub need of the store: an interface so
// that failures of the store can be tested on demand.
type eventStore interface {
	CreateRoom(ctx context.Context, r store.Room, initial []store.Event) error
	Room(ctx context.Context, code string) (store.Room, error)
	Rooms(ctx context.Context) ([]store.RoomSummary, error)
	Append(ctx context.Context, events []store.Event) error
	AppendRewriting(ctx context.Context, events, rewrites []store.Event) error
	Events(ctx context.Context, room string) ([]store.Event, error)
	RoomKey(ctx context.Context, room string) ([]byte, error)
	PutRoomKey(ctx context.Context, room string, key []byte) error
	ForgetRoomKey(ctx context.Context, room string) error
}

// Room is one live room. A single goroutine owns its state: it decides,
// persists, applies and publishes, in that order, so the order everyone sees
// is the order of the log.
type Room struct {
	code  string
	store eventStore
	now   func() time.Time
	log   *slog.Logger

	ops  chan op
	done chan struct{}

	mu     sync.Mutex // guards subs only; never held across I/O
	subs   map[*subscription]struct{}
	latest atomic.Pointer[Snapshot]

	// drafts are notes being written, kept in memory only, so a person whose
	// link drops mid-sentence finds their words again when they reconnect.
	// They are not room state: nobody else sees them and a restart forgets.
	draftMu sync.Mutex
	drafts  map[string]draft

	// The hub's lock guards these: holders counts members and projectors
	// (and joins under way), idle is the grace timer that runs while there
	// are none, stop ends the owner when the room is unloaded.
	holders int
	idle    *time.Timer
	stop    context.CancelFunc

	// keyless is only touched by the owner goroutine (in decide and
	// present): who came without a key from which source, for the dots
	// they share (see keylessDots). It lives as long as the room is loaded
	// and is never written to the log: addresses are personal data.
	keyless keylessSources

	// arrivals are people present who have not acted yet; owner only.
	arrivals map[string]*arrival
}

// draft is words someone was writing, and when they last changed them.
type draft struct {
	text string
	at   time.Time
}

// Drafts are bounded so a day of arrivals cannot grow a room's memory
// without end: one left unsaved for longer than draftTTL is not offered
// back, and past maxDrafts the stale ones and then the oldest go.
const (
	draftTTL  = 12 * time.Hour
	maxDrafts = 2000
)

func startRoom(ctx context.Context, st eventStore, s *state, now func() time.Time, log *slog.Logger) *Room {
	r := &Room{
		code:     s.info.Code,
		store:    st,
		now:      now,
		log:      log,
		ops:      make(chan op, maxBatch),
		done:     make(chan struct{}),
		subs:     map[*subscription]struct{}{},
		drafts:   map[string]draft{},
		keyless:  newKeylessSources(),
		arrivals: map[string]*arrival{},
	}
	r.latest.Store(s.snapshot())
	go r.run(ctx, s)
	return r
}

// Code is the room's code.
func (r *Room) Code() string { return r.code }

// Latest is the newest published snapshot.
func (r *Room) Latest() *Snapshot { return r.latest.Load() }

// Done is closed when the room's owner has stopped.
func (r *Room) Done() <-chan struct{} { return r.done }

func (r *Room) run(ctx context.Context, s *state) {
	defer close(r.done)
	for {
		select {
		case <-ctx.Done():
			r.drain()
			return
		case first := <-r.ops:
			if s = r.handle(ctx, s, r.collect(first)); s == nil {
				r.drain()
				return
			}
		}
	}
}

// collect takes whatever else is already waiting, for one group commit.
func (r *Room) collect(first op) []op {
	batch := []op{first}
	for len(batch) < maxBatch {
		select {
		case o := <-r.ops:
			batch = append(batch, o)
		default:
			return batch
		}
	}
	return batch
}

// handle runs a batch: each op sees the effects of the ones before it, all
// events are committed in one transaction, and nobody hears of any of them
// before the commit; the snapshot is published before anyone is answered.
func (r *Room) handle(ctx context.Context, s *state, batch []op) *state {
	results := make([]error, len(batch))
	wrote := make([]bool, len(batch))
	var pending, rewrites []store.Event
	now := r.now().UTC() // as the log will give it back: no monotonic reading
	stage := func(bodies []any) error {
		for _, e := range s.stamp(bodies, now) {
			se, err := s.seal.encode(r.code, e)
			var scrub []store.Event
			if err == nil {
				scrub, err = s.scrubs(r.code, e)
			}
			if err == nil {
				err = s.apply(e)
			}
			rewrites = append(rewrites, scrub...)
			if err != nil {
				return err
			}
			pending = append(pending, se)
		}
		return nil
	}
	for i, o := range batch {
		before := len(pending)
		if o.joinAs != "" {
			// Their first accepted act makes them a participant: the
			// command is decided as theirs.
			arriving := r.joinBodies(s, o.joinAs)
			wrote[i] = len(arriving) > 0
			if err := stage(arriving); err != nil {
				r.log.Error("event rejected", "room", r.code, "err", err)
				return r.recover(ctx, s, batch, results, wrote, fmt.Errorf("internal error: %w", err))
			}
		}
		bodies, err := safeDecide(o.decide, s)
		if err == nil && s.closed && len(bodies) > 0 {
			err = ErrRoomClosed // a closed room is read only, for good
		}
		if err != nil && !errors.Is(err, errPanic) && wrote[i] {
			// A refused command changes nothing, not even who took part.
			r.unjoin(s, o.joinAs, len(pending)-before)
			pending, wrote[i] = pending[:before], false
		}
		if errors.Is(err, errPanic) {
			// The command may have changed the state half way: only the log
			// can say what the room is now. Only this caller hears of it.
			r.log.Error("command panicked", "room", r.code, "err", err)
			results[i] = err
			return r.recover(ctx, s, batch, results, wrote, fmt.Errorf("internal error: %w", errPanic))
		}
		if err != nil {
			results[i] = err
			continue
		}
		wrote[i] = wrote[i] || len(bodies) > 0
		if err := stage(bodies); err != nil {
			// A bug, not bad input: never publish a state the log would not rebuild.
			r.log.Error("event rejected", "room", r.code, "err", err)
			return r.recover(ctx, s, batch, results, wrote, fmt.Errorf("internal error: %w", err))
		}
	}
	err := r.store.AppendRewriting(ctx, pending, rewrites)
	if errors.Is(err, store.ErrNotCheckpointed) {
		r.log.Warn("scrubbed text stays in the WAL until a reader lets go; the checkpoint is tried again", "room", r.code, "err", err)
		err = nil
	}
	if err != nil {
		r.log.Error("persist failed", "room", r.code, "events", len(pending), "err", err)
		return r.recover(ctx, s, batch, results, wrote, fmt.Errorf("could not save: %w", err))
	}
	for i, o := range batch {
		if results[i] == nil && o.present != nil {
			o.present(s)
		}
	}
	r.settled(s)
	r.publish(r.withArrivals(s.snapshot()))
	for i, o := range batch {
		if results[i] == nil && o.committed != nil {
			o.committed()
		}
		o.reply <- results[i]
	}
	return s
}

// errPanic is a command that panicked: a bug, answered as an internal error.
var errPanic = errors.New("the command failed")

// safeDecide runs one command, turning its panic into errPanic so that one
// bug stops neither the room nor the process.
func safeDecide(decide func(s *state) ([]any, error), s *state) (bodies []any, err error) {
	defer func() {
		if p := recover(); p != nil {
			bodies, err = nil, fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return decide(s)
}

// recover rebuilds the state from the log after a failed commit or a
// panicking command, so what is in memory is again exactly what is on disk,
// and fails the batch's ops that wrote events with cause. What lives only in
// memory is carried over: presence (ops that wrote nothing keep their
// effect; a join that was not saved never counts) and facilitators from the
// facilitators file. The fresh state is published before anyone is
// answered. If the log cannot be read either, the room stops (nil) rather
// than go on with a state nobody can vouch for; the hub loads it afresh on
// the next join.
func (r *Room) recover(ctx context.Context, s *state, batch []op, results []error, wrote []bool, cause error) *state {
	for i := range batch {
		if results[i] == nil && wrote[i] {
			results[i] = cause
		}
	}
	fresh, err := loadState(ctx, r.store, s.info, func(bool) (*sealer, error) { return s.seal, nil })
	if err != nil {
		r.log.Error("room stopped: reload after failed commit", "room", r.code, "err", err)
		for i, o := range batch {
			if results[i] == nil {
				results[i] = cause
			}
			o.reply <- results[i]
		}
		return nil
	}
	fresh.online, fresh.limits, fresh.fac.byKey, fresh.shuffle, fresh.views = s.online, s.limits, s.fac.byKey, s.shuffle, s.views
	for i, o := range batch {
		if results[i] == nil && o.present != nil {
			o.present(fresh)
		}
	}
	r.settled(fresh)
	r.publish(r.withArrivals(fresh.snapshot()))
	for i, o := range batch {
		o.reply <- results[i]
	}
	return fresh
}

// drain answers everyone still waiting when the room stops.
func (r *Room) drain() {
	for {
		select {
		case o := <-r.ops:
			o.reply <- ErrRoomShutDown
		default:
			return
		}
	}
}

// do sends an op to the owner and waits for its verdict.
func (r *Room) do(ctx context.Context, decide func(s *state) ([]any, error)) error {
	return r.send(ctx, op{decide: decide})
}

// doPresent is do with a change of presence that holds only if the
// command's events are saved.
func (r *Room) doPresent(ctx context.Context, decide func(s *state) ([]any, error), present func(s *state)) error {
	return r.send(ctx, op{decide: decide, present: present})
}

// send hands o to the owner and waits for its verdict.
func (r *Room) send(ctx context.Context, o op) error {
	o.reply = make(chan error, 1)
	select {
	case r.ops <- o:
	case <-r.done:
		return ErrRoomShutDown
	case <-ctx.Done():
		return fmt.Errorf("send command: %w", ctx.Err())
	}
	select {
	case err := <-o.reply:
		return err
	case <-r.done:
		return ErrRoomShutDown
	case <-ctx.Done():
		// The op may still commit; the subscriber will see it if it does.
		return fmt.Errorf("wait for room: %w", ctx.Err())
	}
}

// subscription is one session's mailbox. It keeps only the newest snapshot,
// so publishing never blocks and a slow client simply skips states it would
// have overdrawn anyway. work is signalled only when the work changed, not
// just who is here (Snapshot.WorkSeq): a screen waiting out the slower beat
// of presence in a big room waits on it alone, so a room filling up does not
// wake every screen at each arrival.
type subscription struct {
	signal chan struct{}
	work   chan struct{}
}

func (r *Room) publish(snap *Snapshot) {
	prev := r.latest.Swap(snap)
	worked := prev == nil || prev.WorkSeq != snap.WorkSeq
	r.mu.Lock()
	defer r.mu.Unlock()
	for sub := range r.subs {
		select {
		case sub.signal <- struct{}{}:
		default: // already signalled; it will read the newest snapshot
		}
		if worked {
			select {
			case sub.work <- struct{}{}:
			default:
			}
		}
	}
}

func (r *Room) subscribe() *subscription {
	sub := &subscription{signal: make(chan struct{}, 1), work: make(chan struct{}, 1)}
	r.mu.Lock()
	r.subs[sub] = struct{}{}
	r.mu.Unlock()
	return sub
}

func (r *Room) unsubscribe(sub *subscription) {
	r.mu.Lock()
	delete(r.subs, sub)
	r.mu.Unlock()
}

// Join lets pid in and marks them present until the Member leaves. Someone
// new becomes a participant only with their first act (arrival.go): one who
// leaves at the name question leaves nothing in the log or the counts.
func (r *Room) Join(ctx context.Context, pid string, facilitator bool) (*Member, error) {
	return r.join(ctx, pid, facilitator, "")
}

// ErrKeyRequired refuses someone without a key in a room that requires one.
var ErrKeyRequired = errors.New("this room lets in only people who connect with an SSH key")

// join is Join from a connection source ("" when unknown), which people
// without a key share their dots with.
func (r *Room) join(ctx context.Context, pid string, facilitator bool, source string) (*Member, error) {
	returning := false
	keyed := strings.HasPrefix(pid, keyedPrefix)
	err := r.doPresent(ctx, func(s *state) ([]any, error) {
		if s.fac.keysRequired && !keyed {
			return nil, ErrKeyRequired
		}
		_, returning = s.people[pid]
		_, err := s.decideJoin(pid, facilitator)
		if errors.Is(err, ErrLocked) && r.arrivals[pid] != nil {
			err = nil // here before the lock, on another terminal: not a newcomer
		}
		if err != nil {
			return nil, err
		}
		return nil, nil // the joined event waits for their first act
	}, func(s *state) {
		s.online[pid]++
		r.arrive(s, pid, facilitator)
		if !keyed {
			r.keyless.arrive(source, pid)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("join %s: %w", r.code, err)
	}
	m := &Member{room: r, id: pid, source: source, returning: returning, sub: r.subscribe(), throttle: newThrottle(r.Latest().Limits)}
	return m, nil
}

// Member is one connection's handle on a room.
type Member struct {
	room      *Room
	id        string
	returning bool
	sub       *subscription
	left      atomic.Bool
	// throttle is per connection: two terminals of one person each get
	// their own, a script opening many connections meets the connection limits.
	throttle throttle
	// source is where the connection comes from, and sourceLimits its
	// limiters (nil without a source), shared by everyone there.
	source       string
	sourceLimits *throttle
	// release lets the hub unload the room once nobody is left; nil for a
	// member of a room started without a hub.
	release func()
}

// ID is the participant id: a per-room keyed hash, never the key itself.
func (m *Member) ID() string { return m.id }

// Returning reports whether this participant had been in the room before
// this connection, so the TUI does not ask them their name again.
func (m *Member) Returning() bool { return m.returning }

// Room is the member's room.
func (m *Member) Room() *Room { return m.room }

// Changed signals that a newer snapshot may be available.
func (m *Member) Changed() <-chan struct{} { return m.sub.signal }

// WorkChanged is signalled like Changed, but only when more than who is
// here changed (Snapshot.WorkSeq).
func (m *Member) WorkChanged() <-chan struct{} { return m.sub.work }

// Latest is the room's newest snapshot.
func (m *Member) Latest() *Snapshot { return m.room.Latest() }

// AddNote writes a note to the current activity.
func (m *Member) AddNote(ctx context.Context, text string) error { return m.AddNoteIn(ctx, text, "") }

// AddNoteIn writes a note to a column of the current activity ("" for its
// first, or where it has none).
func (m *Member) AddNoteIn(ctx context.Context, text, column string) error {
	if err := allowBoth(m.throttle.notes, m.sourceLimits.notesLimiter(), m.room.now()); err != nil {
		return err
	}
	// The draft goes in the step that commits the note, not after the
	// reply: a link that drops between the two must not offer a saved note
	// back as unsent (saved twice when its writer presses enter again).
	// Someone without a key also draws on the notes of everyone without a
	// key at their source. Both closures run in the room's owner.
	var activity string
	return m.room.send(ctx, op{
		decide: func(s *state) ([]any, error) {
			if !m.keyed() {
				if err := m.room.keyless.mayWrite(s, m.source); err != nil {
					return nil, err
				}
			}
			activity = s.currentActivity().ID
			return s.decideNote(m.id, text, column)
		},
		committed: func() {
			m.SetDraft("")
			if !m.keyed() {
				m.room.keyless.wrote(m.source, activity)
			}
		},
		joinAs: m.id,
	})
}

// TakePart makes the member a participant if they are not one yet, as
// answering (or skipping) the name question does.
func (m *Member) TakePart(ctx context.Context) error {
	return m.send(ctx, func(*state) ([]any, error) { return nil, nil })
}

// send runs a command of the member's, their first act making them a
// participant.
func (m *Member) send(ctx context.Context, decide func(s *state) ([]any, error)) error {
	return m.room.send(ctx, op{decide: decide, joinAs: m.id})
}

// Vote gives note one of the member's dots. Someone without a key also
// draws on the dots of everyone without a key at their source.
func (m *Member) Vote(ctx context.Context, note string) error {
	return m.dot(ctx, func(s *state) ([]any, error) {
		if !m.keyed() {
			if err := m.room.keyless.mayDot(s, m.source); err != nil {
				return nil, err
			}
		}
		return s.decideVote(m.id, note, +1)
	})
}

// Unvote takes one of the member's dots back from note.
func (m *Member) Unvote(ctx context.Context, note string) error {
	return m.dot(ctx, func(s *state) ([]any, error) { return s.decideVote(m.id, note, -1) })
}

// dot is act for dots, which the source's action limit binds as well.
func (m *Member) dot(ctx context.Context, decide func(s *state) ([]any, error)) error {
	if err := allowBoth(m.throttle.actions, m.sourceLimits.actionsLimiter(), m.room.now()); err != nil {
		return err
	}
	return m.send(ctx, decide)
}

// Rename sets the member's display name; empty goes back to the default.
func (m *Member) Rename(ctx context.Context, name string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRename(m.id, name) })
}

// ChooseView remembers plain mode (or full screen) for the member's next
// visit. Choosing a view is not taking part: for someone who has not acted
// yet it is kept with their arrival and written when they join.
func (m *Member) ChooseView(ctx context.Context, plain bool) error {
	if err := allow(m.throttle.actions, m.room.now()); err != nil {
		return err
	}
	// Before their first act the choice waits with their arrival; in an
	// anonymous room it is kept in memory only (rememberView), never logged.
	return m.room.doPresent(ctx, func(s *state) ([]any, error) {
		if a := m.room.arrivals[m.id]; a != nil && s.people[m.id] == nil {
			if s.info.Anonymity != Anonymous {
				a.plain = &plain
			}
			return nil, nil
		}
		return s.decideView(m.id, plain)
	}, func(s *state) { s.rememberView(m.id, plain) })
}

// SetDraft keeps the note the member is writing; empty forgets it. People
// without a key get a new id on every visit, so there is nothing to keep.
func (m *Member) SetDraft(text string) {
	if !m.keyed() {
		return
	}
	m.room.draftMu.Lock()
	defer m.room.draftMu.Unlock()
	if text == "" {
		delete(m.room.drafts, m.id)
		return
	}
	now := m.room.now()
	m.room.drafts[m.id] = draft{text: text, at: now}
	if len(m.room.drafts) > maxDrafts {
		m.room.pruneDrafts(now)
	}
}

// pruneDrafts forgets stale drafts and, still past maxDrafts, the oldest.
// It runs with draftMu held, only when the map is over its bound, so
// typing does not scan every draft.
func (r *Room) pruneDrafts(now time.Time) {
	oldest, oldestAt := "", now
	for id, d := range r.drafts {
		if now.Sub(d.at) > draftTTL {
			delete(r.drafts, id)
			continue
		}
		if d.at.Before(oldestAt) {
			oldest, oldestAt = id, d.at
		}
	}
	if len(r.drafts) > maxDrafts && oldest != "" {
		delete(r.drafts, oldest)
	}
}

// Draft is the note the member was writing when they last left off.
func (m *Member) Draft() string {
	m.room.draftMu.Lock()
	defer m.room.draftMu.Unlock()
	d := m.room.drafts[m.id]
	if m.room.now().Sub(d.at) > draftTTL {
		return ""
	}
	return d.text
}

func (m *Member) keyed() bool { return strings.HasPrefix(m.id, keyedPrefix) }

// Leave marks the member absent. It is safe to call more than once and
// after the room stopped.
func (m *Member) Leave() {
	if m.left.Swap(true) {
		return
	}
	m.room.unsubscribe(m.sub)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := m.room.doPresent(ctx, func(*state) ([]any, error) { return nil, nil }, func(s *state) {
		if s.online[m.id]--; s.online[m.id] <= 0 {
			delete(s.online, m.id)
		}
		if !m.keyed() {
			m.room.keyless.leave(m.source)
		}
	})
	if err != nil && !errors.Is(err, ErrRoomShutDown) {
		m.room.log.Warn("leave", "room", m.room.code, "err", err)
	}
	// Only after the owner has counted them gone: the room never unloads
	// with someone it still thinks is present.
	if m.release != nil {
		m.release()
	}
}
