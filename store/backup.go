package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"

	"github.com/mattn/go-sqlite3"
)

// ErrReadOnly is a database samla may read but not write: a file or
// directory without write permission, a read-only mount, or a full disk
// that was remounted read-only.
var ErrReadOnly = errors.New("the database is read-only")

// readOnly reports whether err is SQLite refusing a write because the file
// cannot be written.
func readOnly(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrReadonly
}

// CheckWritable takes the write lock and lets it go, so a server finds out
// at start that it could never save a note, not at the first note.
func (s *Store) CheckWritable(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("check the database: %w", err)
	}
	defer func() { _ = conn.Close() }()
	// A write that changes nothing: BEGIN IMMEDIATE alone succeeds on a
	// read-only file; the write itself is what SQLite refuses.
	_, err = conn.ExecContext(ctx, `INSERT INTO meta(name, value) VALUES ('writable', x'') ON CONFLICT(name) DO UPDATE SET value = excluded.value`)
	if readOnly(err) {
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	if err != nil {
		return fmt.Errorf("check the database: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database to path while the
// server runs (VACUUM INTO reads one snapshot, so writes going on meanwhile
// are either wholly in the copy or not at all). The copy is compact, has
// no WAL beside it, and is readable by its owner only. path must not
// exist: a backup never overwrites anything.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("back up to %s: %w", path, os.ErrExist)
	}
	// Made first, 0600, so the copy is never readable by others, not even
	// for the moment between VACUUM INTO and a chmod.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := s.vacuumInto(ctx, path); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return syncFile(path)
}

// vacuumInto runs on a reading connection, so the server's writes are not
// held up meanwhile; that connection is query-only, which VACUUM INTO
// counts as a write, so it is lifted for this one statement.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	if _, restore := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); restore != nil {
		// A reading connection that could write must not go back to the pool.
		// driver.ErrBadConn makes database/sql drop it instead.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(err, restore)
	}
	return err
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
