// Package store owns samla's SQLite database: the schema and its migrations,
// the room index, and each room's append-only event log. It knows nothing of
// what events mean; session gives them meaning.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Sentinel errors: callers test with errors.Is, never on driver messages.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
	// ErrNotCheckpointed: the write is committed, but the WAL still holds
	// bytes it replaced until a later checkpoint succeeds.
	ErrNotCheckpointed = errors.New("committed, not yet checkpointed")
	// ErrDiskFull: the disk (or the database's size cap) has no room for
	// the write; nothing of it was saved, and writing again once there is
	// space works. People must be told in words, so it has its own name.
	ErrDiskFull = errors.New("the disk is full")
)

// Room is one row of the room index.
type Room struct {
	Code      string
	Title     string
	CreatedAt time.Time
	Anonymity string
	Lang      string
	Template  string
}

// RoomSummary is a room with the number of people who ever joined it.
type RoomSummary struct {
	Room
	Participants int
}

// Event is one entry of a room's log. Data is opaque to the store.
type Event struct {
	Room string
	Seq  int64
	Type string
	Data []byte
	At   time.Time
}

// JoinedType is the event type counted as a participant by Rooms. The store
// must know this one name so that listing rooms does not replay every log.
const JoinedType = "participant.joined"

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Writes go through one connection so that SQLite
// never sees two writers from this process; reads have their own pool so a
// long export never waits behind a write.
type Store struct {
	write       *sql.DB
	read        *sql.DB
	group       appendGroup
	checkpoints checkpoints
}

// Open opens (creating if needed) the database at path and applies any
// migrations it has not seen yet.
func Open(path string) (*Store, error) {
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	if err := migrate(context.Background(), write); err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	read, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	return &Store{write: write, read: read}, nil
}

// createPrivate creates the database file readable by its owner only,
// whatever the umask, before SQLite opens it: the room logs hold names and
// notes. SQLite gives the -wal and -shm files the mode of the database
// file, so they are 0600 too. An existing file keeps the mode it has.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case err != nil:
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil { // the umask may have taken bits; never adds any
		_ = f.Close()
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return nil
}

// dsn chooses durability over speed (FULL survives power loss) and takes the
// write lock at BEGIN, because a read-then-write transaction that upgrades
// later gets "database is locked" under contention from another process.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout.Milliseconds())))
	q.Set("_foreign_keys", "on")
	// secure_delete zeroes what a rewrite or delete frees, so scrubbed
	// note text (AppendRewriting) does not stay behind in a free page.
	q.Set("_secure_delete", "on")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close stops the checkpoints still to be tried and closes both pools.
func (s *Store) Close() error {
	s.checkpoints.stop()
	return errors.Join(s.read.Close(), s.write.Close())
}

func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	files, err := migrationFiles()
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.version <= have {
			continue
		}
		body, err := migrations.ReadFile(f.name)
		if err != nil {
			return fmt.Errorf("read %s: %w", f.name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("apply %s: %w", f.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version) VALUES (?)`, f.version); err != nil {
			return fmt.Errorf("record %s: %w", f.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}

type migrationFile struct {
	name    string
	version int
}

// migrationFiles lists the embedded migrations in version order; the version
// is the number before the first underscore of the file name.
func migrationFiles() ([]migrationFile, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var files []migrationFile
	for _, e := range entries {
		prefix, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number: %w", e.Name(), err)
		}
		files = append(files, migrationFile{name: "migrations/" + e.Name(), version: v})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].version < files[j].version })
	return files, nil
}

const timeLayout = time.RFC3339Nano

// CreateRoom adds r to the index together with the events that set it up,
// in one transaction, so a room never exists half made.
func (s *Store) CreateRoom(ctx context.Context, r Room, initial []Event) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(ctx,
		`INSERT INTO rooms(code, title, created_at, anonymity, lang, template) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Code, r.Title, r.CreatedAt.UTC().Format(timeLayout), r.Anonymity, r.Lang, r.Template)
	if err != nil {
		return fmt.Errorf("insert room %s: %w", r.Code, mapErr(err))
	}
	if err := appendTx(ctx, tx, initial); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit room %s: %w", r.Code, mapErr(err))
	}
	return nil
}

// Room returns one room of the index, or ErrNotFound.
func (s *Store) Room(ctx context.Context, code string) (Room, error) {
	row := s.read.QueryRowContext(ctx,
		`SELECT code, title, created_at, anonymity, lang, template FROM rooms WHERE code = ?`, code)
	r, err := scanRoom(row)
	if err != nil {
		return Room{}, fmt.Errorf("room %s: %w", code, mapErr(err))
	}
	return r, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanRoom(row scanner, extra ...any) (Room, error) {
	var r Room
	var created string
	if err := row.Scan(append([]any{&r.Code, &r.Title, &created, &r.Anonymity, &r.Lang, &r.Template}, extra...)...); err != nil {
		return Room{}, err
	}
	t, err := time.Parse(timeLayout, created)
	if err != nil {
		return Room{}, fmt.Errorf("created_at %q: %w", created, err)
	}
	r.CreatedAt = t
	return r, nil
}

// Rooms lists every room, newest first.
func (s *Store) Rooms(ctx context.Context) ([]RoomSummary, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT r.code, r.title, r.created_at, r.anonymity, r.lang, r.template,
		       (SELECT COUNT(*) FROM events e WHERE e.room = r.code AND e.type = ?)
		FROM rooms r ORDER BY r.created_at DESC, r.code`, JoinedType)
	if err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []RoomSummary
	for rows.Next() {
		var rs RoomSummary
		r, err := scanRoom(rows, &rs.Participants)
		if err != nil {
			return nil, fmt.Errorf("scan room: %w", err)
		}
		rs.Room = r
		out = append(out, rs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	return out, nil
}

// Append writes events in one transaction: all of them or none. A sequence
// number already taken fails with ErrExists, which is how two writers to one
// room would be caught.
//
// Appends of several rooms that arrive while another is being written are
// written together, in one transaction and one sync of the disk (group
// commit across rooms): each room already groups its own commands, but a
// hundred rooms each saving a note at the same moment were a hundred
// commits one after the other on the one writing connection, a tenth of
// the server's CPU and up to 20 ms for the last. If the shared transaction
// finds a sequence number taken, each caller's events are written again
// alone, so that one room's ErrExists is its own; any other failure (a
// full disk) refuses all.
func (s *Store) Append(ctx context.Context, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	// Others' events may be written under this call's context: a caller
	// that gives up must not cancel them. So a caller does not give up
	// either: once queued, its events are written and it hears how, as
	// its room must, to know what is on disk.
	return s.group.append(context.WithoutCancel(ctx), events, s.commitGroup)
}

// appendGroup queues appends while one of the callers (the leader) writes
// what was queued before; when it is done, it hands the lead to the first
// caller still queued, so no caller writes more than one group and no
// goroutine waits when nothing is queued.
type appendGroup struct {
	mu      sync.Mutex
	queue   []*appendCall
	leading bool
}

type appendCall struct {
	events []Event
	done   chan appendResult // buffered: one result, or the lead
}

type appendResult struct {
	err  error
	lead bool // the caller writes the queue, its own events among them
}

func (g *appendGroup) append(ctx context.Context, events []Event, commit func(context.Context, []*appendCall)) error {
	call := &appendCall{events: events, done: make(chan appendResult, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, call)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	for {
		if lead {
			g.lead(ctx, commit)
		}
		r := <-call.done
		if !r.lead {
			return r.err
		}
		lead = true
	}
}

// lead writes the queue as it is now, then hands the lead on or lays it
// down, also if the writing panics: a lead never laid down would keep
// every later append waiting.
func (g *appendGroup) lead(ctx context.Context, commit func(context.Context, []*appendCall)) {
	g.mu.Lock()
	calls := g.queue
	g.queue = nil
	g.mu.Unlock()
	defer func() {
		r := recover()
		if r != nil {
			// Those not answered yet must not wait for good (done holds
			// one result; a full one was answered).
			for _, c := range calls {
				select {
				case c.done <- appendResult{err: fmt.Errorf("append: %v", r)}:
				default:
				}
			}
		}
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.leading = false
		} else {
			g.queue[0].done <- appendResult{lead: true}
		}
		g.mu.Unlock()
		if r != nil {
			panic(r)
		}
	}()
	commit(ctx, calls)
}

// commitGroup writes the calls' events in one transaction and answers
// each call. A sequence number already taken is one call's own error, so
// then each call is written alone to find whose; any other error (a full
// disk, a lock held too long) is everyone's, and trying again one by one
// would only make the last wait longer.
func (s *Store) commitGroup(ctx context.Context, calls []*appendCall) {
	if len(calls) > 1 {
		var all []Event
		for _, c := range calls {
			all = append(all, c.events...)
		}
		err := s.writeTx(ctx, all, nil)
		if !errors.Is(err, ErrExists) {
			for _, c := range calls {
				c.done <- appendResult{err: err}
			}
			return
		}
	}
	for _, c := range calls {
		c.done <- appendResult{err: s.writeTx(ctx, c.events, nil)}
	}
}

// writeTx adds events and rewrites earlier ones in one transaction.
func (s *Store) writeTx(ctx context.Context, events, rewrites []Event) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := appendTx(ctx, tx, events); err != nil {
		return err
	}
	for _, r := range rewrites {
		if _, err := tx.ExecContext(ctx, `UPDATE events SET data = ? WHERE room = ? AND seq = ? AND type = ?`, r.Data, r.Room, r.Seq, r.Type); err != nil {
			return fmt.Errorf("rewrite %s #%d: %w", r.Room, r.Seq, mapErr(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %d events, %d rewrites: %w", len(events), len(rewrites), mapErr(err))
	}
	return nil
}

// AppendRewriting appends events and, in the same transaction, replaces
// the data of earlier events of the same room (matched by room, seq and
// type) with the data in rewrites; then it checkpoints, so the old bytes
// leave the WAL too. The caller vouches that replaying the rewritten log
// gives the same room.
func (s *Store) AppendRewriting(ctx context.Context, events, rewrites []Event) error {
	if len(rewrites) == 0 {
		return s.Append(ctx, events)
	}
	if err := s.writeTx(ctx, events, rewrites); err != nil {
		return err
	}
	if err := s.Checkpoint(ctx); err != nil {
		return fmt.Errorf("%w: %w", ErrNotCheckpointed, err)
	}
	return nil
}

func appendTx(ctx context.Context, tx *sql.Tx, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO events(room, seq, type, data, at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare append: %w", err)
	}
	defer func() { _ = stmt.Close() }()
	for _, e := range events {
		if _, err := stmt.ExecContext(ctx, e.Room, e.Seq, e.Type, e.Data, e.At.UTC().Format(timeLayout)); err != nil {
			return fmt.Errorf("append %s #%d: %w", e.Room, e.Seq, mapErr(err))
		}
	}
	return nil
}

// Events returns a room's whole log in sequence order.
func (s *Store) Events(ctx context.Context, room string) ([]Event, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT seq, type, data, at FROM events WHERE room = ? ORDER BY seq`, room)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", room, err)
	}
	defer func() { _ = rows.Close() }()
	var out []Event
	for rows.Next() {
		e := Event{Room: room}
		var at string
		if err := rows.Scan(&e.Seq, &e.Type, &e.Data, &at); err != nil {
			return nil, fmt.Errorf("scan event of %s: %w", room, err)
		}
		if e.At, err = time.Parse(timeLayout, at); err != nil {
			return nil, fmt.Errorf("event %s #%d time %q: %w", room, e.Seq, at, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events of %s: %w", room, err)
	}
	return out, nil
}

// OldSecret returns a secret that samla before version 0.2 kept in the
// database (nil if there is none), so the server can move it to a file of
// its own; ForgetSecret then removes it. A database copy must not carry
// what links people to their notes.
func (s *Store) OldSecret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.write.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read secret %s: %w", name, err)
	}
	return v, nil
}

// ForgetSecret removes a secret from the database, and its bytes from the
// files: SQLite would otherwise leave them in a free page, and the WAL in
// an old frame. secure_delete zeroes the row as it goes, in the same
// transaction, so no failure after it can leave the bytes behind; the
// checkpoint then empties the WAL, and runs on every call, so one that
// failed is done the next time.
func (s *Store) ForgetSecret(ctx context.Context, name string) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("forget secret %s: %w", name, err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return fmt.Errorf("forget secret %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM meta WHERE name = ?`, name); err != nil {
		return fmt.Errorf("forget secret %s: %w", name, err)
	}
	var busy, frames, moved int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &moved); err != nil {
		return fmt.Errorf("forget secret %s: checkpoint: %w", name, err)
	}
	if busy != 0 {
		return fmt.Errorf("forget secret %s: the database is in use by another process; stop it and start again", name)
	}
	return nil
}

// roomKeyName is where a room's key lives in meta, the table of secrets:
// apart from the event log, so that destroying it rewrites no event.
func roomKeyName(room string) string { return "room-key/" + room }

// RoomKey returns the key that seals who did what in a room's log (as the
// caller stored it: wrapped), or ErrNotFound.
func (s *Store) RoomKey(ctx context.Context, room string) ([]byte, error) {
	var v []byte
	err := s.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = ?`, roomKeyName(room)).Scan(&v)
	if err != nil {
		return nil, fmt.Errorf("room key of %s: %w", room, mapErr(err))
	}
	return v, nil
}

// PutRoomKey stores (or replaces) a room's key.
func (s *Store) PutRoomKey(ctx context.Context, room string, key []byte) error {
	if _, err := s.write.ExecContext(ctx, `INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)`, roomKeyName(room), key); err != nil {
		return fmt.Errorf("store the key of %s: %w", room, err)
	}
	return nil
}

// ForgetRoomKey destroys a room's key: the row is deleted with
// secure_delete on (every write connection has it), so its page is zeroed,
// and the WAL is checkpointed and truncated, so no old frame keeps it. A
// room without a key is fine. When another process holds the WAL, the
// delete is committed and ErrNotCheckpointed says the WAL still has the
// bytes until the next checkpoint.
func (s *Store) ForgetRoomKey(ctx context.Context, room string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM meta WHERE name = ?`, roomKeyName(room)); err != nil {
		return fmt.Errorf("forget the key of %s: %w", room, err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		return fmt.Errorf("forget the key of %s: %w: %w", room, ErrNotCheckpointed, err)
	}
	return nil
}

// noSpace reports whether a failed write means there was no room for it:
// SQLite calls only some of these SQLITE_FULL (a write cut short); a write
// refused outright, a quota (EDQUOT) or the file size limit (EFBIG) come
// back as an I/O error carrying the errno.
func noSpace(errno syscall.Errno) bool {
	return errno == syscall.ENOSPC || errno == syscall.EDQUOT || errno == syscall.EFBIG
}

// mapErr turns driver errors into the store's sentinels in one place.
func mapErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrIoErr && noSpace(se.SystemErrno)) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint &&
		(se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey || se.ExtendedCode == sqlite3.ErrConstraintUnique) {
		return fmt.Errorf("%w: %w", ErrExists, err)
	}
	return err
}
