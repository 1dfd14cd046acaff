package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"time"
)

// busyTimeout is how long a statement waits for a lock another connection
// or process holds, before it fails as busy.
const busyTimeout = 10 * time.Second

// Retries of a checkpoint a reader stopped: soon at first, then no more
// often than a reader that stays (a backup, an export of a big database)
// makes worth it.
const (
	checkpointFirstRetry = 100 * time.Millisecond
	checkpointLastRetry  = 5 * time.Second
)

// errCheckpointBusy is a checkpoint a reader stopped.
var errCheckpointBusy = errors.New("checkpoint: a reader holds the WAL (another process, or an export); tried again until it lets go")

// Checkpoint copies the WAL into the database and empties it, so bytes a
// rewrite replaced are in neither file.
//
// It does not wait for readers: emptying the WAL must wait until no
// reader uses it, and waiting held the one writing connection, so one
// export or backup reading for a while stopped every room's writes for up
// to the busy timeout (10 s) after each edit or delete of a note. A
// checkpoint a reader stops fails at once and is tried again in the
// background, more and more seldom, until one succeeds or the store
// closes.
func (s *Store) Checkpoint(ctx context.Context) error {
	err := s.truncateWAL(ctx)
	if errors.Is(err, errCheckpointBusy) {
		s.checkpoints.retry(s.retryCheckpoint)
		return err
	}
	if err == nil {
		s.checkpoints.forget()
	}
	return err
}

// retryCheckpoint is a retry's turn: one attempt, and another later if a
// reader still stops it.
func (s *Store) retryCheckpoint() {
	if err := s.Checkpoint(context.Background()); err != nil && !errors.Is(err, errCheckpointBusy) {
		// A closed store, or a failing disk: the next rewrite tries again.
		s.checkpoints.forget()
	}
}

// truncateWAL runs one TRUNCATE checkpoint that fails at once if it
// would have to wait, then lets the connection wait for locks again.
func (s *Store) truncateWAL(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	var busy, frames, moved int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &moved)
	restore := fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout.Milliseconds())
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), restore); rerr != nil {
		// A writing connection that never waits would fail writes a
		// reader only delays: it must not go back to the pool.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(fmt.Errorf("checkpoint: %w", err), fmt.Errorf("checkpoint: wait for locks again: %w", rerr))
	}
	switch {
	case err != nil:
		return fmt.Errorf("checkpoint: %w", err)
	case busy != 0:
		return errCheckpointBusy
	}
	return nil
}

// checkpoints schedules the retries of a checkpoint a reader stopped: one
// timer at a time, none once one has succeeded or the store has closed.
type checkpoints struct {
	mu     sync.Mutex
	timer  *time.Timer
	wait   time.Duration
	closed bool
}

// retry has try run after the current wait, unless a retry is already
// due, and makes the next wait longer.
func (c *checkpoints) retry(try func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.timer != nil {
		return
	}
	c.wait = min(max(2*c.wait, checkpointFirstRetry), checkpointLastRetry)
	c.timer = time.AfterFunc(c.wait, func() {
		c.mu.Lock()
		c.timer = nil
		closed := c.closed
		c.mu.Unlock()
		if !closed {
			try()
		}
	})
}

// forget drops the retry due: the WAL is empty, or a retry cannot help.
func (c *checkpoints) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	c.wait = 0
}

// stop ends the retries for good.
func (c *checkpoints) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
