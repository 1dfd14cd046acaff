package session

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
)

// codeAlphabet leaves out characters people confuse when a code is read
// aloud or off a projector: 0/O, 1/I/L.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength gives 31^6 ≈ 887 million codes: short enough to type, far too
// many to guess once failed guesses are rate limited.
const CodeLength = 6

func newCode() (string, error) {
	var b strings.Builder
	max := big.NewInt(int64(len(codeAlphabet)))
	for range CodeLength {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("room code: %w", err)
		}
		b.WriteByte(codeAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// NormalizeCode makes codes case-insensitive and forgiving of the spaces and
// dashes people add when copying them.
func NormalizeCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

// ValidCode reports whether s (normalised) could be a room code at all, so a
// typo is explained without touching the database.
func ValidCode(s string) bool {
	if len(s) != CodeLength {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(codeAlphabet, r) {
			return false
		}
	}
	return true
}
