package main

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A facilitators line with options samla does not enforce (from=,
// expiry-time=) is refused with a message naming the line, instead of the
// key quietly getting full rights from anywhere, forever.
func TestFacilitatorsFileRefusesOptions(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
	for _, tc := range []struct {
		name, file string
		fac        bool
		errLine    string
	}{
		{"plain", "# facilitators\n" + line + "\n", true, ""},
		{"from", "# facilitators\n\nfrom=\"10.0.0.1\" " + line + "\n", false, "line 3"},
		{"expiry", line + "\nexpiry-time=\"20200101\" " + line + "\n", false, "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "facilitators")
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			fac, err := isFacilitator(path, key)
			if tc.errLine == "" {
				if err != nil || !fac {
					t.Fatalf("isFacilitator = %v, %v; want true, nil", fac, err)
				}
				return
			}
			if fac || err == nil || !strings.Contains(err.Error(), tc.errLine) || !strings.Contains(err.Error(), "options") {
				t.Fatalf("isFacilitator = %v, %v; want refused naming %s", fac, err, tc.errLine)
			}
			if _, err := isFacilitator(path, nil); err == nil {
				t.Fatal("the startup check passed a line with options")
			}
		})
	}
}

// Wrong codes from many addresses, each within its own burst, share one
// budget: past wrongCodesPerMinute, every address waits.
func TestCodeGuardHasAGlobalBudget(t *testing.T) {
	g, err := newCodeGuard(time.Minute, 5)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	g.now = func() time.Time { return at }
	for i := range wrongCodesPerMinute {
		host := fmt.Sprintf("10.0.%d.%d", i/256, i%256)
		if d := g.wait(host); d != 0 {
			t.Fatalf("guess %d from a fresh address waits %v", i, d)
		}
		g.failed(host)
	}
	if d := g.wait("192.0.2.1"); d <= 0 {
		t.Fatalf("a fresh address may guess after %d wrong codes this minute", wrongCodesPerMinute)
	}
}
