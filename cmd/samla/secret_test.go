package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/samla/samla/store"
)

// TestParticipantSecretLivesBesideTheDatabase: the secret is made once in a
// file only its owner reads, is the same on every start, is moved out of a
// database that an older samla kept it in, and a damaged file is refused
// with words rather than silently replaced (which would make everyone new).
func TestParticipantSecretLivesBesideTheDatabase(t *testing.T) {
	ctx := context.Background()
	open := func(t *testing.T, db string) *store.Store {
		t.Helper()
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}

	t.Run("new", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "samla.db")
		st := open(t, db)
		first, err := participantSecret(ctx, db, st, slog.New(slog.DiscardHandler))
		if err != nil || len(first) != 32 {
			t.Fatalf("secret %x, %v", first, err)
		}
		info, err := os.Stat(secretPath(db))
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("secret file: %v, %v", info.Mode(), err)
		}
		again, err := participantSecret(ctx, db, st, slog.New(slog.DiscardHandler))
		if err != nil || !bytes.Equal(first, again) {
			t.Fatal("the secret changed between starts")
		}
	})

	t.Run("moved out of an old database", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "samla.db")
		st := open(t, db)
		old := []byte("an older samla's secret: 32 b.!!")
		if err := insertOldSecret(ctx, db, old); err != nil {
			t.Fatal(err)
		}
		got, err := participantSecret(ctx, db, st, slog.New(slog.DiscardHandler))
		if err != nil || !bytes.Equal(got, old) {
			t.Fatalf("secret %q, %v: people would not be who they were", got, err)
		}
		if left, _ := st.OldSecret(ctx, oldSecretName); left != nil {
			t.Fatal("the database still holds the secret")
		}
	})

	t.Run("lost beside existing rooms", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "samla.db")
		st := open(t, db)
		if err := st.CreateRoom(ctx, store.Room{Code: "K7QX2M", Title: "Förr", CreatedAt: time.Now()}, nil); err != nil {
			t.Fatal(err)
		}
		var log bytes.Buffer
		if _, err := participantSecret(ctx, db, st, slog.New(slog.NewTextHandler(&log, nil))); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), "no participant secret file") {
			t.Fatalf("a lost secret was replaced without a word: %q", log.String())
		}
	})

	t.Run("damaged", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "samla.db")
		st := open(t, db)
		if err := os.WriteFile(secretPath(db), []byte("short"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := participantSecret(ctx, db, st, slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), "restore it from a backup") {
			t.Fatalf("a damaged secret: %v", err)
		}
	})
}

// insertOldSecret writes a secret where samla before 0.2 kept it, with
// SQL of its own: the store no longer writes secrets.
func insertOldSecret(ctx context.Context, db string, secret []byte) error {
	conn, err := sql.Open("sqlite3", db)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	_, err = conn.ExecContext(ctx, `INSERT INTO meta(name, value) VALUES (?, ?)`, oldSecretName, secret)
	return err
}

// Creating the host key must not change the mode of a directory samla did
// not create (it is often the working directory).
func TestHostKeyLeavesTheDirectoryMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := newSSHServer(sshDeps{hostKey: filepath.Join(dir, "samla_host_ed25519")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "samla_host_ed25519")); err != nil {
		t.Fatalf("no host key was written: %v", err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o755 {
		t.Fatalf("directory mode is %o after the host key was made, want 755", mode)
	}
}
