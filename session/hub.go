package session

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"sync"
	"time"

	"github.com/samla/samla/session/sanitize"
	"github.com/samla/samla/store"
)

// MaxTitleLen bounds room and activity titles, which headers show in full.
const MaxTitleLen = 80

// ErrTitle explains an unusable room title.
var ErrTitle = fmt.Errorf("a room title needs 1 to %d characters", MaxTitleLen)

// Hub finds and starts rooms. Rooms are loaded from the store on first use,
// so a room made by `samla room new` in another process is joinable at once.
type Hub struct {
	store  eventStore
	secret []byte
	now    func() time.Time
	log    *slog.Logger
	limits Limits
	// shuffle orders notes at a reveal; see WithShuffle.
	shuffle func(n int, swap func(i, j int))
	// unloadAfter is how long a room with nobody in it stays loaded.
	unloadAfter time.Duration
	sources     *sourceThrottles

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	rooms   map[string]*Room
	loading map[string]*loadCall
}

// loadCall is one room being loaded: everyone who asks for it meanwhile
// waits for this one load, so two joins of one room get one Room, and the
// hub's lock is not held while a log replays.
type loadCall struct {
	done chan struct{}
	room *Room
	err  error
}

// Option configures a Hub.
type Option func(*Hub)

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(h *Hub) { h.now = now } }

// WithShuffle replaces how a reveal orders the notes written in private
// (math/rand/v2's Shuffle: its source is seeded from the operating
// system's randomness, so participants cannot predict it). For tests that
// pin a screen. It may be called by several rooms at once.
func WithShuffle(shuffle func(n int, swap func(i, j int))) Option {
	return func(h *Hub) { h.shuffle = shuffle }
}

// DefaultUnloadAfter is how long a room nobody is in stays in memory: long
// enough that a facilitator whose link drops, or a class back from a
// break, does not wait for a replay; short enough that a server running
// for weeks holds only the rooms in use.
const DefaultUnloadAfter = 10 * time.Minute

// WithUnloadAfter sets how long a room with nobody in it (no participant,
// no projector) stays loaded before its owner stops and its state is
// freed; the next join loads it again from its log.
func WithUnloadAfter(d time.Duration) Option { return func(h *Hub) { h.unloadAfter = d } }

// WithLimits replaces DefaultLimits.
func WithLimits(l Limits) Option { return func(h *Hub) { h.limits = l } }

// WithSecret sets the key of the keyed hash that makes a key the same
// participant next time (SecretSize bytes). It is kept outside the
// database, so that the database alone links nobody to their notes. A hub
// without one cannot tell who came with a key: ParticipantID refuses.
func WithSecret(secret []byte) Option { return func(h *Hub) { h.secret = secret } }

// SecretSize is the length of a participant secret.
const SecretSize = 32

// ErrNoSecret is a hub asked who someone is without the secret to tell.
var ErrNoSecret = errors.New("this hub has no participant secret")

// WithLogger sets where the hub logs.
func WithLogger(l *slog.Logger) Option { return func(h *Hub) { h.log = l } }

// NewHub returns a hub over st. Close stops its rooms.
func NewHub(st *store.Store, opts ...Option) (*Hub, error) {
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		store:       st,
		now:         time.Now,
		log:         slog.New(slog.DiscardHandler),
		limits:      DefaultLimits(),
		ctx:         ctx,
		unloadAfter: DefaultUnloadAfter,
		cancel:      cancel,
		rooms:       map[string]*Room{},
		loading:     map[string]*loadCall{},
		shuffle:     mathrand.Shuffle,
	}
	for _, o := range opts {
		o(h)
	}
	if err := h.limits.Validate(); err != nil {
		cancel()
		return nil, fmt.Errorf("limits: %w", err)
	}
	sources, err := newSourceThrottles(h.limits)
	if err != nil {
		cancel()
		return nil, err
	}
	h.sources = sources
	if h.unloadAfter <= 0 {
		cancel()
		return nil, fmt.Errorf("unload after %s: it must be positive", h.unloadAfter)
	}
	if h.secret != nil && len(h.secret) != SecretSize {
		cancel()
		return nil, fmt.Errorf("participant secret: %d bytes, want %d", len(h.secret), SecretSize)
	}
	return h, nil
}

// Close stops every live room and waits for their owners to finish.
func (h *Hub) Close() {
	h.cancel()
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, r := range h.rooms {
		if r.idle != nil {
			r.idle.Stop()
		}
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		<-r.Done()
	}
}

// RoomSpec is what a facilitator chooses when making a room.
type RoomSpec struct {
	Title     string
	Anonymity Anonymity
	Lang      string
	// Template names the agenda to start with: a built-in one, or, with
	// Agenda set, the file Agenda was read from. Empty starts with one
	// brainstorm.
	Template string
	Agenda   *Template
	// Creator, when they came with a key, facilitates the room.
	Creator Identity
	// KeysRequired lets in only people who connect with an SSH key, for
	// rooms where one person must count once (a vote that decides).
	KeysRequired bool
	// After is the code of the room this one is the next round of: its
	// agenda is copied (series.go), and Lang and Anonymity default to its.
	After string
}

// CreateRoom makes a room with a fresh code and its first activity.
func (h *Hub) CreateRoom(ctx context.Context, spec RoomSpec) (RoomInfo, error) {
	title := sanitize.Line(spec.Title)
	if title == "" || sanitize.TooLong(title, MaxTitleLen) {
		return RoomInfo{}, ErrTitle
	}
	if spec.After != "" {
		if err := h.nextRound(ctx, &spec); err != nil {
			return RoomInfo{}, err
		}
	}
	if spec.Anonymity == "" {
		spec.Anonymity = Named
	}
	if spec.Lang == "" {
		spec.Lang = "en"
	}
	if spec.Agenda == nil && spec.Template != "" {
		t, err := BuiltinTemplate(spec.Template, spec.Lang)
		if err != nil {
			return RoomInfo{}, err
		}
		spec.Agenda = &t
	}
	for range 10 { // a collision in 887 million codes is rare; ten in a row is a broken random source
		code, err := newCode()
		if err != nil {
			return RoomInfo{}, err
		}
		info := RoomInfo{Code: code, Title: title, CreatedAt: h.now().UTC(), Anonymity: spec.Anonymity, Lang: spec.Lang}
		first, err := h.firstEvents(info, spec)
		if err != nil {
			return RoomInfo{}, err
		}
		initial := make([]store.Event, 0, len(first))
		for _, e := range first {
			se, err := encode(code, e)
			if err != nil {
				return RoomInfo{}, err
			}
			initial = append(initial, se)
		}
		err = h.store.CreateRoom(ctx, store.Room{
			Code: code, Title: title, CreatedAt: info.CreatedAt,
			Anonymity: string(info.Anonymity), Lang: info.Lang, Template: spec.Template,
		}, initial)
		if errors.Is(err, store.ErrExists) {
			continue
		}
		if err != nil {
			return RoomInfo{}, fmt.Errorf("create room: %w", err)
		}
		return info, nil
	}
	return RoomInfo{}, errors.New("create room: could not find a free code")
}

// firstEvents are a new room's agenda (its template's, or one brainstorm)
// and its creator as facilitator.
func (h *Hub) firstEvents(info RoomInfo, spec RoomSpec) ([]event, error) {
	s := newState(info)
	var first []event
	if spec.Agenda != nil {
		agenda, err := s.applyTemplate(*spec.Agenda, info.CreatedAt)
		if err != nil {
			return nil, err
		}
		first = agenda
	} else {
		added := s.stamp([]any{activityAdded{ID: "a1", Kind: KindBrainstorm, Title: firstActivityTitle(spec.Lang)}}, info.CreatedAt)
		if err := s.apply(added[0]); err != nil {
			return nil, err
		}
		first = added
	}
	if spec.After != "" {
		e := s.stamp([]any{seriesLinked{After: spec.After}}, info.CreatedAt)[0]
		if err := s.apply(e); err != nil {
			return nil, err
		}
		first = append(first, e)
	}
	if spec.KeysRequired {
		e := s.stamp([]any{keysRequired{Required: true}}, info.CreatedAt)[0]
		if err := s.apply(e); err != nil {
			return nil, err
		}
		first = append(first, e)
	}
	if len(spec.Creator.Key) > 0 {
		pid, err := h.ParticipantID(info.Code, spec.Creator)
		if err != nil {
			return nil, err
		}
		first = append(first, s.stamp([]any{facilitatorAdded{PID: pid}}, info.CreatedAt)...)
	}
	return first, nil
}

// Open returns the live room with code, loading it if needed. Nobody is
// counted in it: a room only opened unloads after the grace period.
func (h *Hub) Open(ctx context.Context, code string) (*Room, error) {
	r, err := h.hold(ctx, code)
	if err != nil {
		return nil, err
	}
	h.release(r)
	return r, nil
}

// hold is Open for someone who stays: the room is not unloaded until
// release is called as often as hold succeeded. The count is taken under
// the hub's lock, the same lock unloading checks it under, so a room is
// never stopped between being found and being joined.
func (h *Hub) hold(ctx context.Context, code string) (*Room, error) {
	for {
		r, err := h.openOnce(ctx, code)
		if err != nil {
			return nil, err
		}
		h.mu.Lock()
		if h.rooms[r.code] == r {
			r.holders++
			if r.idle != nil {
				r.idle.Stop()
				r.idle = nil
			}
			h.mu.Unlock()
			return r, nil
		}
		h.mu.Unlock()
		// Unloaded (or stopped) between its load and now: load it again.
	}
}

// release ends one hold; the last one starts the room's grace period.
func (h *Hub) release(r *Room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.holders--; r.holders > 0 || h.rooms[r.code] != r {
		return
	}
	if r.idle != nil {
		r.idle.Stop()
	}
	r.idle = time.AfterFunc(h.unloadAfter, func() { h.unloadIfIdle(r) })
}

// unloadIfIdle stops r if still nobody holds it. It leaves the hub's map
// at once, so a join that comes while its owner stops loads a fresh room
// from the log, which holds everything the stopping one knew.
func (h *Hub) unloadIfIdle(r *Room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[r.code] != r || r.holders > 0 {
		return
	}
	delete(h.rooms, r.code)
	r.idle = nil
	r.stop()
	h.log.Info("room unloaded", "room", r.code)
}

// openOnce finds or loads the room with code.
func (h *Hub) openOnce(ctx context.Context, code string) (*Room, error) {
	code = NormalizeCode(code)
	if !ValidCode(code) {
		return nil, ErrNoSuchRoom
	}
	h.mu.Lock()
	if r, ok := h.rooms[code]; ok {
		h.mu.Unlock()
		return r, nil
	}
	if h.ctx.Err() != nil {
		h.mu.Unlock()
		return nil, ErrRoomShutDown
	}
	if c, ok := h.loading[code]; ok {
		h.mu.Unlock()
		select {
		case <-c.done:
			return c.room, c.err
		case <-ctx.Done():
			return nil, fmt.Errorf("open room: %w", ctx.Err())
		}
	}
	c := &loadCall{done: make(chan struct{})}
	h.loading[code] = c
	h.mu.Unlock()
	c.room, c.err = h.load(ctx, code)
	h.mu.Lock()
	delete(h.loading, code)
	h.mu.Unlock()
	close(c.done)
	return c.room, c.err
}

// load reads a room's log and starts its owner, without the hub's lock.
func (h *Hub) load(ctx context.Context, code string) (*Room, error) {
	info, err := h.roomInfo(ctx, code)
	if err != nil {
		return nil, err
	}
	s, err := loadState(ctx, h.store, info, func(closed bool) (*sealer, error) {
		return h.sealerFor(ctx, info, closed, makeKey)
	})
	if err != nil {
		return nil, err
	}
	s.limits, s.shuffle = h.limits, h.shuffle
	s.earlier = h.earlierRounds(ctx, s.after)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ctx.Err() != nil {
		return nil, ErrRoomShutDown
	}
	roomCtx, stop := context.WithCancel(h.ctx)
	r := startRoom(roomCtx, h.store, s, h.now, h.log)
	r.stop = stop
	h.rooms[code] = r
	go h.forgetWhenDone(r)
	return r, nil
}

// forgetWhenDone drops a stopped room so the next join loads it again.
func (h *Hub) forgetWhenDone(r *Room) {
	<-r.Done()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[r.code] == r {
		delete(h.rooms, r.code)
	}
}

func (h *Hub) roomInfo(ctx context.Context, code string) (RoomInfo, error) {
	sr, err := h.store.Room(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return RoomInfo{}, ErrNoSuchRoom
	}
	if err != nil {
		return RoomInfo{}, fmt.Errorf("open room: %w", err)
	}
	return RoomInfo{Code: sr.Code, Title: sr.Title, CreatedAt: sr.CreatedAt, Anonymity: Anonymity(sr.Anonymity), Lang: sr.Lang}, nil
}

// loadState replays a room's log. sealFor gives what opens the log's
// sealed fields, told whether the room was closed.
func loadState(ctx context.Context, st eventStore, info RoomInfo, sealFor func(closed bool) (*sealer, error)) (*state, error) {
	stored, err := st.Events(ctx, info.Code)
	if err != nil {
		return nil, fmt.Errorf("load room %s: %w", info.Code, err)
	}
	seal, err := sealFor(closedLog(stored))
	if err != nil {
		return nil, fmt.Errorf("load room %s: %w", info.Code, err)
	}
	log := make([]event, 0, len(stored))
	for _, se := range stored {
		e, err := seal.decode(se)
		if err != nil {
			return nil, fmt.Errorf("load room %s: %w", info.Code, err)
		}
		log = append(log, e)
	}
	s, err := replay(info, log)
	if err != nil {
		return nil, fmt.Errorf("replay room %s: %w", info.Code, err)
	}
	s.seal = seal
	s.linkMarks()
	return s, nil
}

// stored reads a room from the store without starting it, for exports
// from another process than the server: the log is the truth.
func (h *Hub) stored(ctx context.Context, code string) (*state, error) {
	code = NormalizeCode(code)
	if !ValidCode(code) {
		return nil, ErrNoSuchRoom
	}
	info, err := h.roomInfo(ctx, code)
	if err != nil {
		return nil, err
	}
	return loadState(ctx, h.store, info, func(closed bool) (*sealer, error) {
		return h.sealerFor(ctx, info, closed, readKey)
	})
}

// Rooms lists the room index.
func (h *Hub) Rooms(ctx context.Context) ([]store.RoomSummary, error) {
	rs, err := h.store.Rooms(ctx)
	if err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	return rs, nil
}

// Identity is who connects, as the SSH layer proved it.
type Identity struct {
	// Key is the wire form of the public key that finished authentication;
	// nil for people who came without a key (each visit is then someone new).
	Key []byte
	// Facilitator: the key is in the server's facilitators file.
	Facilitator bool
	// Source is where the connection comes from (an address, an IPv6 /64),
	// which limits and budgets also hold for. Kept in memory only.
	Source string
	// Visit, for someone without a key, is random per connection: it keeps
	// them one person while they switch between full screen and plain
	// mode, each a new join. Empty: each join is someone new.
	Visit string
}

// Join opens the room with code and makes id a present participant of it.
func (h *Hub) Join(ctx context.Context, code string, id Identity) (*Member, error) {
	r, err := h.hold(ctx, code)
	if err != nil {
		return nil, err
	}
	pid, err := h.ParticipantID(r.Code(), id)
	if err != nil {
		h.release(r)
		return nil, err
	}
	m, err := r.join(ctx, pid, id.Facilitator && len(id.Key) > 0, id.Source)
	if err != nil {
		h.release(r)
		return nil, err
	}
	m.sourceLimits = h.sources.of(id.Source)
	m.release = func() { h.release(r) }
	return m, nil
}

// ParticipantID derives who someone is in one room. It is a keyed hash of
// the room and the key, so the database never holds a key or fingerprint,
// and one key gives unlinkable ids in different rooms. Without a key every
// visit is a new participant.
func (h *Hub) ParticipantID(code string, id Identity) (string, error) {
	if len(id.Key) == 0 {
		if id.Visit != "" {
			return "g" + id.Visit, nil
		}
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("participant id: %w", err)
		}
		return "g" + hex.EncodeToString(b), nil
	}
	if h.secret == nil {
		return "", ErrNoSecret
	}
	mac := hmac.New(sha256.New, h.secret)
	mac.Write([]byte(NormalizeCode(code)))
	mac.Write([]byte{0})
	mac.Write(id.Key)
	return keyedPrefix + hex.EncodeToString(mac.Sum(nil)[:12]), nil
}

// keyedPrefix marks ids derived from a key (the same person next time), as
// opposed to "g" ids of people who came without one.
const keyedPrefix = "k"

// firstActivityTitle names a new room's brainstorm in the room's language;
// it is room content (everyone sees the same), so it is chosen once.
func firstActivityTitle(lang string) string {
	switch lang {
	case "sv":
		return "Idéstorm"
	case "nb":
		return "Idémyldring"
	}
	return "Brainstorm"
}

// RemembersPlain reports whether the person with id chose plain mode (with
// p) on an earlier visit to the room, so their next visit can start in it
// without first setting up a full screen their reader would hear as noise.
// Anything unknown (no key, no such room, a first visit) is no.
func (h *Hub) RemembersPlain(ctx context.Context, code string, id Identity) bool {
	if len(id.Key) == 0 {
		return false
	}
	r, err := h.Open(ctx, code)
	if err != nil {
		return false
	}
	pid, err := h.ParticipantID(r.Code(), id)
	if err != nil {
		return false
	}
	p, ok := r.Latest().Person(pid)
	return ok && p.Plain
}
