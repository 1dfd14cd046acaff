package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// oldSecretName is where samla before 0.2 kept the secret, in the database.
const oldSecretName = "participant-key"

// secretPath is the participant secret's file: beside its database, named
// after it, so a database and its secret are a visible pair.
func secretPath(db string) string { return db + ".secret" }

// participantSecret is the key of the keyed hash that makes a person the
// same participant next time. It lives in a file of its own, not in the
// database, so that a copy of the database (a backup, a file handed on for
// analysis) cannot, even together with someone's public key, say which
// notes are theirs. A database from before the file gives its secret up
// once, so people stay who they were.
func participantSecret(ctx context.Context, db string, st *store.Store, log *slog.Logger) ([]byte, error) {
	path := secretPath(db)
	secret, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if secret, err = st.OldSecret(ctx, oldSecretName); err != nil {
			return nil, err
		}
		if secret != nil && len(secret) != session.SecretSize {
			return nil, fmt.Errorf("participant secret in %s has %d bytes, not %d", db, len(secret), session.SecretSize)
		}
		if secret == nil {
			if secret, err = freshSecret(ctx, st, log, path); err != nil {
				return nil, err
			}
		}
		if err := writeSecret(path, secret); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("participant secret: %w", err)
	case len(secret) != session.SecretSize:
		return nil, fmt.Errorf("participant secret %s has %d bytes, not %d: restore it from a backup, or delete it (then everyone who comes back is someone new)",
			path, len(secret), session.SecretSize)
	}
	// Only now that the file holds it may the database let it go.
	if err := st.ForgetSecret(ctx, oldSecretName); err != nil {
		return nil, err
	}
	return secret, nil
}

// freshSecret makes a new secret. Where rooms exist already, the file was
// lost or left behind (a database restored or moved without it): that is
// allowed, since deleting the file is how to unlink people for good, but
// it is said, because everyone who comes back will be someone new.
func freshSecret(ctx context.Context, st *store.Store, log *slog.Logger, path string) ([]byte, error) {
	secret := make([]byte, session.SecretSize)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("participant secret: %w", err)
	}
	rooms, err := st.Rooms(ctx)
	if err != nil {
		return nil, fmt.Errorf("participant secret: %w", err)
	}
	if len(rooms) > 0 {
		log.Warn("no participant secret file: made a new one, so people who come back to an existing room are someone new", "file", path)
	}
	return secret, nil
}

// writeSecret creates the file readable by its owner only, and makes sure
// it, and its name in the directory, are on disk before anything depends
// on it (the database's copy is deleted right after).
func writeSecret(path string, secret []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("participant secret: %w", err)
	}
	_, err = f.Write(secret)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("participant secret: %w", err)
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("participant secret: %w", err)
	}
	defer func() { _ = dir.Close() }()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("participant secret: %w", err)
	}
	return nil
}
