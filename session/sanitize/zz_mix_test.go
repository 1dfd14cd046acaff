package sanitize
import ("testing"; "math/rand/v2"; "strings")
var pieces = []string{"\x1b", "[", "]", "P", "\\", "\a", "\x9b", "\u009b", "\u009c", "\u009d", "\r", "\n", "\t", " ", "  ", "\u00a0", "\u0301", "\u0336", "\u093e", "\u0e33", "\u200d", "\u200b", "\u202e", "\ufe0f", "\ufe0e", "👩", "💻", "🏽", "🇸", "🇪", "❤", "\u0d4e", "\u0600", "\u1100", "\u1161", "\u11a8", "a", "å", "会", "ｶ", "ﾞ", "\xff", "\xed\xa0\x80", "\u2028", "1", "\u20e3", "m", ";", "\x18", "\x7f", "\U000E0041", "\u3164", "\u0903", "क", "्", "\U00011F02", "\u2066"}
func TestMix(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := r.IntN(12); n >= 0; n-- { b.WriteString(pieces[r.IntN(len(pieces))]) }
		in := b.String()
		for _, p := range lineProblems(in) { t.Fatalf("Line(%q): %s", in, p) }
		for _, p := range textProblems(in) { t.Fatalf("Text(%q): %s", in, p) }
	}
}
