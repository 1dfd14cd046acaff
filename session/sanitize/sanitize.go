// Package sanitize owns what participant text may contain.
//
// samla draws one person's sticky notes, names and titles on everybody
// else's terminal. A terminal does not show bytes, it obeys them: an escape
// sequence can set the window title, write the clipboard (OSC 52), switch
// screens or hide the cursor, a carriage return lets one note overwrite
// another, and bidi overrides or zero-width characters make text read
// differently from what it is. So text from people is cleaned once, at the
// session boundary, into plain printable characters: what is stored is
// already safe to draw anywhere, and the renderer never has to be trusted
// with hostile input (it does not make such text safe on its own).
//
// The package also counts and cuts text in user-perceived characters
// (grapheme clusters), so a length limit never splits an emoji or an "å"
// written as "a" plus a combining ring.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// maxMarks is how many characters may extend one base character: combining
// marks, but also variation selectors, skin tones and spacing marks. Real
// writing needs two or three at most (Vietnamese stacks two accents, a
// keycap emoji has two); more is "zalgo" text drawn over the lines above
// and below, or a cluster far wider on screen than it measures.
const maxMarks = 3

// Line returns s as one inert line: what a participant typed, made safe to
// draw on someone else's terminal. Line breaks and tabs become spaces, runs
// of spaces collapse to one, and the ends are trimmed.
func Line(s string) string {
	return tidyLine(mapRunes(stripEscapes(s), ' '))
}

// Text is Line but keeps line breaks, for fields that allow several lines.
// "\r\n", a lone "\r" and U+2028/U+2029 become "\n"; every line is cleaned
// like Line (so spaces collapse and both ends of a line are trimmed), runs
// of blank lines collapse to one, and leading and trailing blank lines go.
func Text(s string) string {
	lines := strings.Split(mapRunes(stripEscapes(s), '\n'), "\n")
	for i, l := range lines {
		lines[i] = tidyLine(l)
	}
	return joinParagraphs(lines)
}

// Truncate cuts s to at most n user-perceived characters (grapheme
// clusters), never splitting a cluster, and appends nothing. It does not
// sanitise: cut text that has already been through Line or Text.
func Truncate(s string, n int) string {
	rest, state := s, -1
	for i := 0; i < n && rest != ""; i++ {
		_, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
	}
	return s[:len(s)-len(rest)]
}

// Len counts user-perceived characters (grapheme clusters): "å" is one
// whether it is written as one code point or two, and so is a family emoji.
func Len(s string) int {
	return uniseg.GraphemeClusterCount(s)
}

// BytesPerChar is how many bytes one character may take on average in a
// field limited to n characters. A joiner chain (ZWJ after ZWJ) counts as
// one grapheme cluster however long it is, so a limit in characters alone
// let a 140 KB note pass as "one character"; four bytes per character is
// room for any real text (every code point fits in four bytes) and for
// emoji families, which are fewer than the characters around them.
const BytesPerChar = 4

// TooLong says whether s passes a limit of n characters: more than n
// grapheme clusters, or more than BytesPerChar*n bytes.
func TooLong(s string, n int) bool {
	return len(s) > BytesPerChar*n || Len(s) > n
}

// joinParagraphs drops blank lines at both ends and keeps at most one blank
// line between paragraphs, so nobody can push the rest of a board away with
// a note of empty lines.
func joinParagraphs(lines []string) string {
	var kept []string
	blank := false
	for _, l := range lines {
		if l == "" {
			blank = len(kept) > 0
			continue
		}
		if blank {
			kept = append(kept, "")
			blank = false
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "\n")
}

// mapRunes turns line breaks into brk and other white space into a plain
// space, and drops every character that is not safe or not visible (see
// dropped). A zero width joiner is kept for now: only tidyLine, which sees
// grapheme clusters, can tell whether it sits inside an emoji.
func mapRunes(rs []rune, brk rune) string {
	var b strings.Builder
	b.Grow(len(rs))
	for i, r := range rs {
		switch {
		case r == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
			// The "\n" that follows is the break.
		case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
			b.WriteRune(brk)
		case r == '\t' || unicode.Is(unicode.Zs, r):
			// Odd spaces (no-break, ideographic, …) would survive trimming and
			// make a name that looks empty.
			b.WriteByte(' ')
		case !dropped(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropped reports whether r may not reach a terminal at all.
func dropped(r rune) bool {
	switch {
	case r == zwj:
		return false
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case unicode.Is(unicode.Cf, r):
		// Format characters are invisible by design: bidi overrides and
		// isolates (Trojan Source), zero width space and non-joiner, BOM,
		// soft hyphen, tag characters (which also smuggle hidden ASCII).
		return true
	case unicode.In(r, unicode.Co, unicode.Noncharacter_Code_Point,
		unicode.Other_Default_Ignorable_Code_Point):
		// Private use has no agreed glyph; the rest are ignorable code points
		// that draw nothing, such as the Hangul fillers used for blank names.
		return true
	case unicode.Is(unicode.Variation_Selector, r):
		// Text and emoji presentation are real choices; the other selectors
		// can hide whole messages after one visible character.
		return r != '\uFE0E' && r != '\uFE0F'
	}
	return false
}

const zwj = '\u200D'

// tidyLine collapses runs of spaces and trims both ends. It works word by
// word so that no space ends up inside a grapheme cluster, where it could
// not be collapsed.
func tidyLine(line string) string {
	words := strings.Fields(line) // only ' ' is left to split on
	kept := words[:0]
	for _, w := range words {
		if w = cleanWord(w); w != "" {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// cleanWord limits what may pile up on one character, by grapheme cluster
// so that emoji and accented letters stay whole. Cutting a cluster short
// can let the next one join it (Hangul jamo do), so it repeats until
// nothing changes; every pass only removes, so it stops.
func cleanWord(w string) string {
	for {
		out := cleanClusters(w)
		if len(out) == len(w) {
			return out
		}
		w = out
	}
}

func cleanClusters(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	state := -1
	for w != "" {
		var c string
		c, w, _, state = uniseg.FirstGraphemeClusterInString(w, state)
		if b.Len() == 0 && !startsCluster(c) {
			// Marks with no letter of their own would land on whatever is
			// drawn before the word: the interface's frame, or a space.
			continue
		}
		writeCluster(&b, c)
	}
	return b.String()
}

// MaxClusterRunes and maxJoined bound one user-perceived character. A
// joiner chain (emoji ZWJ emoji ZWJ …) is one grapheme cluster however long
// it is, so without a bound a note of one "character" could hold thousands
// of emoji, drawn as thousands of cells over a row of cards. The longest
// emoji Unicode defines has four parts (a family of four) and eleven code
// points with skin tones; sixteen code points and four parts leave room for
// every one of them.
const (
	MaxClusterRunes = 16
	maxJoined       = 4
)

// writeCluster writes one grapheme cluster with at most maxMarks
// characters extending each base. Counting every extender, not only
// combining marks, also bounds spacing marks and skin tones, which
// terminals draw as extra cells that a width calculation does not expect.
//
// A zero width joiner is kept only where the cluster goes on after it with
// a character that would start a cluster of its own. The segmenter allows
// that for an emoji after "emoji ZWJ" (UAX #29 rule GB11), and there the
// joiner is what makes a family or a profession one emoji. Anywhere else
// it is invisible.
//
// A chain longer than maxJoined parts or MaxClusterRunes code points is
// split, not refused: the joiner that would make it longer is dropped, so
// the emoji after it starts a character of its own and counts against the
// length limit like any other. Splitting in this one pass (rather than
// letting cleanWord find the rest of the chain again) keeps a long chain
// linear to clean.
func writeCluster(b *strings.Builder, c string) {
	marks, runes, parts := 0, 0, 1
	base := true // the next rune starts a character
	for i, r := range c {
		switch {
		case base:
			b.WriteRune(r)
			base, marks = false, 0
			runes++
		case r == zwj:
			if !joinsEmoji(c[i+len(string(zwj)):]) {
				continue
			}
			// The joiner and at least the base after it must fit.
			if parts < maxJoined && runes+2 <= MaxClusterRunes {
				b.WriteRune(r)
				runes++
				parts++
			} else {
				runes, parts = 0, 1
			}
			base = true
		case marks < maxMarks && runes < MaxClusterRunes:
			b.WriteRune(r)
			marks++
			runes++
		}
	}
}

// joinsEmoji reports whether the rest of a cluster after a joiner starts
// with a character that begins a cluster of its own.
func joinsEmoji(rest string) bool {
	return rest != "" && startsCluster(rest)
}

// startsCluster reports whether the first character of s begins a new
// grapheme cluster after a letter, i.e. it is not a mark, joiner or other
// extender.
func startsCluster(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	return uniseg.GraphemeClusterCount("a"+s[:n]) == 2
}
