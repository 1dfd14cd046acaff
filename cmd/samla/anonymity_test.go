package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestAnonymousRoomLeavesNoTrace runs a session in an anonymous room, then
// searches everything samla wrote (database and its WAL, every export
// format, the server log) for anything that could name a participant: the
// login name their ssh client sent, their public key in every encoding, and
// its fingerprints.
func TestAnonymousRoomLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	log := &syncBuffer{}
	srv := startServerWith(t, dir, nil, log)
	code := newRoom(t, dir, "Anhöriga berättar", "--anonymity", "anonymous")

	people := []struct {
		login  string
		signer ssh.Signer
	}{
		{"anna-karin", termtest.NewSigner(t)},
		{"bjornar", termtest.NewSigner(t)},
		{"chenwei", termtest.NewSigner(t)},
	}
	var screens []*termtest.Client
	for i, p := range people {
		// Through the lobby, so the login name reaches the server.
		c := termtest.Dial(t, srv.addr, termtest.Options{User: p.login, Signer: p.signer, Env: map[string]string{"LANG": "en_GB.UTF-8"}})
		c.Answer(t, "Room code:", code)
		c.WaitFor(t, "This room is anonymous")
		c.WaitFor(t, "Nobody can see who wrote what")
		c.Press("enter")
		c.WaitFor(t, "(anonymous)")
		c.Press("n")
		c.Answer(t, "New note", "Röst nummer "+string(rune('A'+i)))
		c.WaitFor(t, "Saved.")
		screens = append(screens, c)
	}
	for _, c := range screens {
		c.WaitFor(t, "Röst nummer C")
		// Each is on their own new note: go back to the first card.
		c.Press("up", "left", "left", "left")
		c.Press("space")
		if strings.Contains(c.Screen(), "you: ") {
			t.Fatalf("an anonymous room shows a name:\n%s", c.Screen())
		}
	}
	screens[0].WaitFor(t, "● 3")

	var exports [][]byte
	for _, format := range []string{"json", "md", "csv"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"export", code, "--format", format, "--db", filepath.Join(dir, "samla.db")}, &out, &out); err != nil {
			t.Fatal(err)
		}
		exports = append(exports, out.Bytes())
	}
	// Authors are null and notes carry no time; only the room has a date.
	if !bytes.Contains(exports[0], []byte(`"author": null`)) || bytes.Count(exports[0], []byte(`"created_at"`)) != 1 {
		t.Fatalf("anonymous json export names authors or dates notes:\n%s", exports[0])
	}
	srv.stop() // the log and the database are complete

	haystacks := map[string][]byte{"server log": []byte(log.String())}
	for i, e := range exports {
		haystacks["export "+[]string{"json", "md", "csv"}[i]] = e
	}
	files, _ := filepath.Glob(filepath.Join(dir, "samla.db*"))
	if len(files) == 0 {
		t.Fatal("no database files found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		haystacks[filepath.Base(f)] = b
	}
	if !bytes.Contains(haystacks["samla.db"], []byte("Röst nummer A")) && !bytes.Contains(haystacks["samla.db-wal"], []byte("Röst nummer A")) {
		t.Fatal("the notes are not in the database files: the search would prove nothing")
	}
	// The key of the keyed hash is not in the database either: with it,
	// anyone holding the database and a public key could find that key's notes.
	secret := haystacks["samla.db.secret"]
	if len(secret) != 32 {
		t.Fatalf("participant secret file holds %d bytes", len(secret))
	}
	delete(haystacks, "samla.db.secret")
	for where, hay := range haystacks {
		if bytes.Contains(hay, secret) {
			t.Errorf("the participant secret is in %s", where)
		}
	}

	for _, p := range people {
		pub := p.signer.PublicKey()
		sum := sha256.Sum256(pub.Marshal())
		md := md5.Sum(pub.Marshal())
		needles := map[string][]byte{
			"login name":             []byte(p.login),
			"public key (wire)":      pub.Marshal(),
			"public key (base64)":    []byte(base64.StdEncoding.EncodeToString(pub.Marshal())),
			"authorized_keys line":   bytes.TrimSpace(ssh.MarshalAuthorizedKey(pub)),
			"SHA256 fingerprint":     []byte(ssh.FingerprintSHA256(pub)),
			"SHA256 digest (raw)":    sum[:],
			"SHA256 digest (hex)":    []byte(hex.EncodeToString(sum[:])),
			"MD5 fingerprint":        []byte(ssh.FingerprintLegacyMD5(pub)),
			"MD5 digest (hex)":       []byte(hex.EncodeToString(md[:])),
			"key bytes (ed25519 32)": pub.Marshal()[len(pub.Marshal())-32:],
		}
		for where, hay := range haystacks {
			for what, needle := range needles {
				if bytes.Contains(hay, needle) {
					t.Errorf("%s of %s found in %s", what, p.login, where)
				}
			}
		}
	}
}
