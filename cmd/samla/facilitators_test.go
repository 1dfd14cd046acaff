package main

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
