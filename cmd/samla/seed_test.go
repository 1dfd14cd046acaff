//go:build linux || darwin

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// loadSeed makes rooms rooms in the database at db, each with notes notes
// written by writers people (none of them online afterwards), through the
// hub as the server would, and returns the rooms' codes. It uses the
// participant secret the server will find beside db. The writers of a room
// write at once, so their notes share commits (the room's group commit):
// one fsync per note would take minutes for 100,000.
func loadSeed(tb testing.TB, db string, rooms, notes, writers int) []string {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	defer func() { _ = st.Close() }()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	secret, err := participantSecret(ctx, db, st, quiet)
	if err != nil {
		tb.Fatalf("participant secret: %v", err)
	}
	limits := session.DefaultLimits()
	limits.NotesPerActivity = max(1, notes)
	limits.NotesPerMinute, limits.NoteBurst = 1e9, max(1, notes)
	hub, err := session.NewHub(st, session.WithSecret(secret), session.WithLimits(limits))
	if err != nil {
		tb.Fatalf("hub: %v", err)
	}
	defer hub.Close()
	codes := make([]string, rooms)
	errs := make(chan error, rooms)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8) // rooms written at once
	for r := range rooms {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			code, err := loadSeedRoom(ctx, hub, r, notes, writers)
			codes[r] = code
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatalf("seed the rooms: %v", err)
	}
	return codes
}

// loadSeedRoom makes one room and has writers people write notes in it.
func loadSeedRoom(ctx context.Context, hub *session.Hub, r, notes, writers int) (string, error) {
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: fmt.Sprintf("Load room %d", r+1)})
	if err != nil {
		return "", fmt.Errorf("room %d: %w", r+1, err)
	}
	texts := bwNoteTexts(notes, uint64(r)+1)
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			m, err := hub.Join(ctx, info.Code, session.Identity{Key: []byte("seed writer " + strconv.Itoa(w))})
			if err != nil {
				errs <- fmt.Errorf("join %s: %w", info.Code, err)
				return
			}
			defer m.Leave()
			for i := w; i < notes; i += writers {
				if err := m.AddNote(ctx, texts[i]); err != nil {
					errs <- fmt.Errorf("note %d in %s: %w", i+1, info.Code, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return info.Code, <-errs // nil once closed and empty
}
