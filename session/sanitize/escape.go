package sanitize

import "unicode/utf8"

// Control characters that start, end or cancel escape sequences.
const (
	bel = 0x07
	can = 0x18 // cancels any sequence
	sub = 0x1A // cancels any sequence
	esc = 0x1B
	dcs = 0x90 // 8-bit ESC P
	sos = 0x98 // 8-bit ESC X
	csi = 0x9B // 8-bit ESC [
	st  = 0x9C // 8-bit ESC \
	osc = 0x9D // 8-bit ESC ]
	pm  = 0x9E // 8-bit ESC ^
	apc = 0x9F // 8-bit ESC _
)

// parseState is where a terminal's parser would be after the text so far.
// It follows the DEC VT500 parser that xterm and most emulators implement,
// so a sequence is removed whole and its payload (a title, a clipboard
// write, a URL, sixel data) does not stay behind as visible text.
type parseState int

const (
	ground  parseState = iota // printing text
	escape                    // after ESC, maybe intermediates
	ctrlSeq                   // CSI: parameters and intermediates until a final byte
	str                       // DCS, SOS, PM, APC: until ST
	oscStr                    // OSC: until ST or BEL
)

// stripEscapes decodes s, dropping bytes that are not valid UTF-8, and
// removes every escape sequence with its payload. Control characters
// outside sequences are kept for mapRunes to deal with.
//
// A sequence that never ends swallows the rest of the input: the
// alternative is guessing where a payload was meant to stop. The output
// holds no ESC and no C1 control, so no terminal could start a sequence in
// it even where this parser and the terminal's would disagree.
func stripEscapes(s string) []rune {
	out := make([]rune, 0, len(s))
	state := ground
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if r == utf8.RuneError && n == 1 {
			// A raw 0x9B is CSI only to a terminal not in UTF-8; to everyone
			// else it is junk, and dropping it leaves valid UTF-8.
			continue
		}
		var keep bool
		state, keep = state.next(r)
		if keep {
			out = append(out, r)
		}
	}
	return out
}

// next returns the state after r and whether r is text to keep.
func (p parseState) next(r rune) (parseState, bool) {
	switch r {
	case esc:
		// ESC starts a new sequence anywhere; inside a string it also ends
		// the string (ESC \ is ST, and anything else aborts it).
		return escape, false
	case can, sub:
		return ground, false
	}
	switch p {
	case str, oscStr:
		return p.inString(r), false
	case escape:
		return afterEsc(r), false
	case ctrlSeq:
		if r >= 0x40 && r <= 0x7E {
			return ground, false
		}
		// Parameters, intermediates and anything a terminal would ignore
		// inside a control sequence.
		return ctrlSeq, false
	}
	if s, ok := c1Start(r); ok {
		return s, false
	}
	return ground, true
}

// inString consumes one character of a string payload.
func (p parseState) inString(r rune) parseState {
	if r == st || (p == oscStr && r == bel) {
		return ground
	}
	return p
}

// afterEsc decides what the character after ESC begins.
func afterEsc(r rune) parseState {
	switch r {
	case '[':
		return ctrlSeq
	case ']':
		return oscStr
	case 'P', 'X', '^', '_':
		return str
	}
	if s, ok := c1Start(r); ok {
		return s
	}
	if r < 0x30 || r == 0x7F {
		// Intermediates (as in ESC ( 0) are followed by a final byte, and
		// terminals run C0 controls without leaving the sequence.
		return escape
	}
	return ground // the final character, swallowed with the ESC
}

// c1Start maps an 8-bit control to the state it puts a terminal in, for
// the C1 controls that begin a sequence. The others are plain controls.
func c1Start(r rune) (parseState, bool) {
	switch r {
	case csi:
		return ctrlSeq, true
	case osc:
		return oscStr, true
	case dcs, sos, pm, apc:
		return str, true
	}
	return ground, false
}
