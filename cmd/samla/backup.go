package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/samla/samla/store"
)

// backupCmd makes a consistent copy of the database while the server runs,
// and copies the participant secret beside it: without the secret, a
// restored server makes everyone who comes back with their key someone new.
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var db string
	dest, err := oneArgument(commandFlags("backup", true, &db), args, os.Getenv, "backup needs exactly one PATH to write the copy to")
	if err != nil {
		return err
	}
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s (pass --db)", db)
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	if err := st.Backup(ctx, dest); err != nil {
		return err
	}
	secret, err := os.ReadFile(secretPath(db))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stdout, "Copied %s to %s. There is no participant secret beside it yet: the server makes one when it starts.\n", db, dest)
		return nil
	case err != nil:
		return fmt.Errorf("copy the participant secret: %w", err)
	}
	if err := writeSecret(secretPath(dest), secret); err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("copy the participant secret: %w", err)
	}
	fmt.Fprintf(stdout, "Copied %s to %s and its participant secret to %s.\nStart from the copy with: samla serve --db %s\nKeep both files together and as safe as the notes: with the secret, a key finds its notes.\n",
		db, dest, secretPath(dest), dest)
	return nil
}
