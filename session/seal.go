package session

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/samla/samla/store"
)

// An anonymous room's log must not let whoever has the database link a
// note, or a dot, to a participant (issue 11, item 7). The room still needs
// that link while it runs: authors edit and delete their own notes, see
// their own notes during private writing, and keep their dot budget. So
// in an anonymous room the fields that say who (a note's author, a dot's
// giver) are sealed in the log with a per-room key (AES-256-GCM, a fresh
// nonce each time, so two notes of one person do not even look alike).
// The key is in the database only wrapped with the server's participant
// secret (which is not in the database), and it is destroyed, scrubbed
// from the file, when the room is closed: from then on nobody, not even
// with both files, can open who wrote what.

// sealedPrefix marks a sealed value; a value without it is from a log
// written before sealing, or from a named or peers room, and is read as is.
const sealedPrefix = "s1."

// ErrRoomClosed refuses anything that would change a closed room.
var ErrRoomClosed = errors.New("this room is closed")

// errNoRoomKey is a bug: an anonymous room about to write who did what
// in the clear, because it has no key.
var errNoRoomKey = errors.New("an anonymous room without its room key")

// sealer seals and opens one room's "who" fields. nil seals nothing: a
// room where names may be known. Only the room's owner uses a live one.
type sealer struct {
	room string
	// aead is nil once the room is closed, or where the key could not be
	// had (an export without the server secret): sealed values then read as
	// nobody.
	aead cipher.AEAD
	// mac keys the pseudonyms of people's answers (marks.go's ratings,
	// placings, orders and poll choices): the same person always gets the
	// same one in a room, which the answers' set-by-person rules need, and
	// without the key nobody can tell whose it is.
	mac []byte
}

func newSealer(room string, key []byte) (*sealer, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("room key of %s: %w", room, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("room key of %s: %w", room, err)
	}
	return &sealer{room: room, aead: aead, mac: append([]byte(nil), key...)}, nil
}

// pseudonym is who gave an answer, as an anonymous room's log keeps it:
// an HMAC of the participant id under the room key. "" without a key.
func (k *sealer) pseudonym(pid string) string {
	if k == nil || k.mac == nil {
		return ""
	}
	h := hmac.New(sha256.New, k.mac)
	h.Write([]byte(k.room + "\x00answers\x00" + pid))
	return "m" + hex.EncodeToString(h.Sum(nil)[:12])
}

// forget drops the key from memory: the room is closed.
func (k *sealer) forget() {
	if k != nil {
		k.aead, k.mac = nil, nil
	}
}

// additional binds a sealed value to its room and field, so it cannot be
// moved to another room or field and still open.
func (k *sealer) additional(field string) []byte { return []byte(k.room + "\x00" + field) }

func (k *sealer) seal(v, field string) (string, error) {
	if k == nil || v == "" {
		return v, nil
	}
	if k.aead == nil {
		return "", fmt.Errorf("seal %s of %s: %w", field, k.room, errNoRoomKey)
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal %s: %w", field, err)
	}
	return sealedPrefix + base64.RawURLEncoding.EncodeToString(k.aead.Seal(nonce, nonce, []byte(v), k.additional(field))), nil
}

// open reads a sealed value back; "" (nobody) when it cannot be opened:
// the room is closed, or the key is not at hand.
func (k *sealer) open(v, field string) string {
	rest, sealed := strings.CutPrefix(v, sealedPrefix)
	if !sealed {
		return v
	}
	if k == nil || k.aead == nil {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return ""
	}
	plain, err := k.aead.Open(nil, raw[:k.aead.NonceSize()], raw[k.aead.NonceSize():], k.additional(field))
	if err != nil {
		return ""
	}
	return string(plain)
}

// sealBody is body as the log stores it.
func (k *sealer) sealBody(body any) (any, error) {
	var err error
	switch b := body.(type) {
	case noteAdded:
		b.Author, err = k.seal(b.Author, "author")
		return b, err
	case voteChanged:
		b.PID, err = k.seal(b.PID, "voter")
		return b, err
	case voteRemoved:
		b.PID, err = k.seal(b.PID, "voter")
		return b, err
	}
	return body, nil
}

// openBody is a body read from the log as the room uses it.
func (k *sealer) openBody(body any) any {
	switch b := body.(type) {
	case noteAdded:
		b.Author = k.open(b.Author, "author")
		return b
	case voteChanged:
		b.PID = k.open(b.PID, "voter")
		return b
	case voteRemoved:
		b.PID = k.open(b.PID, "voter")
		return b
	}
	return body
}

// roomKeySize: AES-256.
const roomKeySize = 32

// keyAccess says what loading a room may do about its key: a live room
// makes one when it has none (and destroys it when the room is closed);
// an export only reads.
type keyAccess int

const (
	readKey keyAccess = iota
	makeKey
)

// sealerFor is the sealer of a room's log: nil where names may be known;
// for an anonymous room its key from the store, unwrapped with the server
// secret, or a new one. A closed room has none, and a live load destroys
// what is left of it (a crash between closing and destroying). Without a
// server secret a live room's key is kept in memory only, so that the
// database never holds it unwrapped.
func (h *Hub) sealerFor(ctx context.Context, info RoomInfo, closed bool, access keyAccess) (*sealer, error) {
	if info.Anonymity != Anonymous {
		return nil, nil
	}
	keyless := &sealer{room: info.Code}
	switch {
	case closed && access == makeKey:
		return keyless, unlink(ctx, h.store, h.log, info.Code)
	case closed:
		return keyless, nil
	case h.secret == nil && access == makeKey:
		return h.newRoomKey(ctx, info.Code, false)
	case h.secret == nil:
		return keyless, nil
	}
	wrapped, err := h.store.RoomKey(ctx, info.Code)
	switch {
	case errors.Is(err, store.ErrNotFound) && access == makeKey:
		return h.newRoomKey(ctx, info.Code, true)
	case errors.Is(err, store.ErrNotFound):
		return keyless, nil
	case err != nil:
		return nil, fmt.Errorf("room key of %s: %w", info.Code, err)
	}
	key, err := h.unwrap(info.Code, wrapped)
	switch {
	case err != nil && access == makeKey:
		// The server secret changed (the operator deleted it): what was
		// sealed stays unopenable for good, as the secret's loss promises.
		return h.newRoomKey(ctx, info.Code, true)
	case err != nil:
		return keyless, nil
	}
	return newSealer(info.Code, key)
}

// newRoomKey makes a room key and, when save, stores it wrapped.
func (h *Hub) newRoomKey(ctx context.Context, room string, save bool) (*sealer, error) {
	key := make([]byte, roomKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("room key of %s: %w", room, err)
	}
	if save {
		wrapped, err := h.wrap(room, key)
		if err != nil {
			return nil, err
		}
		if err := h.store.PutRoomKey(ctx, room, wrapped); err != nil {
			return nil, fmt.Errorf("room key of %s: %w", room, err)
		}
	}
	return newSealer(room, key)
}

// wrapping is the AEAD that wraps a room's key: its key is derived from
// the server secret and the room code, so the database alone cannot unwrap.
func (h *Hub) wrapping(room string) (cipher.AEAD, error) {
	mac := hmac.New(sha256.New, h.secret)
	mac.Write([]byte("samla room key\x00" + room))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("wrap room key of %s: %w", room, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("wrap room key of %s: %w", room, err)
	}
	return aead, nil
}

func (h *Hub) wrap(room string, key []byte) ([]byte, error) {
	aead, err := h.wrapping(room)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("wrap room key of %s: %w", room, err)
	}
	return aead.Seal(nonce, nonce, key, []byte(room)), nil
}

func (h *Hub) unwrap(room string, wrapped []byte) ([]byte, error) {
	aead, err := h.wrapping(room)
	if err != nil {
		return nil, err
	}
	if len(wrapped) < aead.NonceSize() {
		return nil, fmt.Errorf("room key of %s: too short", room)
	}
	key, err := aead.Open(nil, wrapped[:aead.NonceSize()], wrapped[aead.NonceSize():], []byte(room))
	if err != nil {
		return nil, fmt.Errorf("room key of %s: %w", room, err)
	}
	return key, nil
}

// forgetRoomKey deletes a room's key from the database and its bytes from
// the files. A checkpoint that another process blocks is logged: the WAL
// then still has the wrapped key until the next one.
func forgetRoomKey(ctx context.Context, st eventStore, log *slog.Logger, room string) error {
	err := st.ForgetRoomKey(ctx, room)
	if errors.Is(err, store.ErrNotCheckpointed) {
		log.Warn("the closed room's key stays in the WAL until a reader lets go; the checkpoint is tried again", "room", room, "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("forget the key of %s: %w", room, err)
	}
	return nil
}

// eventTime is when an event is said to have happened. In an anonymous
// room it is the minute, not the nanosecond: exact times of joins, notes
// and dots let someone who watched the room match them to people. The
// timer keeps its exact time, which its countdown is measured from and
// which says only when a facilitator pressed a key.
func (s *state) eventTime(body any, now time.Time) time.Time {
	if _, timer := body.(timerChanged); timer || s.info.Anonymity != Anonymous {
		return now
	}
	return now.Truncate(time.Minute)
}

// roomClosed ends a room for good: nothing more is written in it, and in
// an anonymous room its key is destroyed.
type roomClosed struct{}

func (s *state) decideClose(by string) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.closed {
			return nil, nil
		}
		return []any{roomClosed{}}, nil
	})
}

// applyClosed forgets who wrote what, as a replay without the key does.
func (s *state) applyClosed() {
	s.closed = true
	if s.info.Anonymity != Anonymous {
		return
	}
	for _, n := range s.notes {
		n.author = ""
	}
}

// CloseRoom ends the room for good (facilitators only): it can still be
// seen and exported, but nothing more is written in it; in an anonymous
// room the key that says who wrote which note is destroyed, so the
// database no longer links any note or dot to anyone.
func (m *Member) CloseRoom(ctx context.Context) error {
	var seal *sealer
	return m.room.send(ctx, op{decide: func(s *state) ([]any, error) {
		seal = s.seal
		return s.decideClose(m.id)
	}, committed: func() {
		if seal == nil {
			return // names may be known in this room: nothing to forget
		}
		seal.forget()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := unlink(ctx, m.room.store, m.room.log, m.room.code); err != nil {
			// The next load of the closed room does it again.
			m.room.log.Error("close room", "room", m.room.code, "err", err)
		}
	}})
}

// unlink makes a closed anonymous room's log name nobody: every note's
// author and every dot's giver is blanked, sealed or not (a log from before
// sealing has them in the clear), and then the room key is destroyed.
// Replaying the blanked log gives the room a replay without the key gives.
func unlink(ctx context.Context, st eventStore, log *slog.Logger, room string) error {
	stored, err := st.Events(ctx, room)
	if err != nil {
		return fmt.Errorf("unlink %s: %w", room, err)
	}
	var rewrites []store.Event
	for _, se := range stored {
		if se.Type != evNoteAdded && se.Type != evVoteAdded && se.Type != evVoteRemoved {
			continue
		}
		e, err := decode(se)
		if err != nil {
			return fmt.Errorf("unlink %s: %w", room, err)
		}
		e.body = blankWho(e.body)
		blank, err := encode(room, e)
		if err != nil {
			return fmt.Errorf("unlink %s: %w", room, err)
		}
		if !bytes.Equal(blank.Data, se.Data) { // each later load of the room finds nothing left to do
			rewrites = append(rewrites, blank)
		}
	}
	err = st.AppendRewriting(ctx, nil, rewrites)
	if err != nil && !errors.Is(err, store.ErrNotCheckpointed) {
		return fmt.Errorf("unlink %s: %w", room, err)
	}
	// The key goes last: if the rewrite failed, the next load can still
	// tell what to blank (and blanks all of it either way).
	return forgetRoomKey(ctx, st, log, room)
}

// blankWho is body without who wrote or dotted.
func blankWho(body any) any {
	switch b := body.(type) {
	case noteAdded:
		b.Author = ""
		return b
	case voteChanged:
		b.PID = ""
		return b
	case voteRemoved:
		b.PID = ""
		return b
	}
	return body
}

// closedLog reports whether a log has its room closed, before it is
// decoded: whether its key may be had depends on it.
func closedLog(stored []store.Event) bool {
	for _, e := range stored {
		if e.Type == evRoomClosed {
			return true
		}
	}
	return false
}
