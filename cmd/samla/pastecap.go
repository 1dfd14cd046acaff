package main

// pasteCap bounds what one bracketed paste may carry. The terminal reader
// gathers a whole paste (between ESC[200~ and ESC[201~) before it hands it
// on, so a 48 MiB paste was 48 MiB held per session, and a few of them at
// once ran the server out of memory; every screen cuts what it keeps to a
// small multiple of a note anyway and says so. Bytes of a paste past max
// are dropped as they arrive; the markers always pass, so the paste still
// ends where the person's terminal ended it.
type pasteCap struct {
	max   int
	in    bool   // inside a paste
	n     int    // paste bytes passed on so far
	held  []byte // a marker's first bytes, until it is known to be one
	start int    // how much of the start marker matched (outside a paste)
}

const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
	// maxPasteBytes is what one paste may carry: 64 KiB, eight times the
	// longest line plain mode keeps and far past any note.
	maxPasteBytes = 64 << 10
)

func newPasteCap(max int) *pasteCap { return &pasteCap{max: max} }

// filter passes b on without what is past the cap, keeping state across
// calls, so a marker split between two reads is still seen.
func (p *pasteCap) filter(b []byte) []byte {
	out := b[:0:0]
	for _, c := range b {
		if !p.in {
			out = append(out, c)
			p.start = advance(pasteStart, p.start, c)
			if p.start == len(pasteStart) {
				p.in, p.n, p.start = true, 0, 0
			}
			continue
		}
		out = p.inPaste(out, c)
	}
	return out
}

// inPaste handles one byte of a paste: part of the end marker, or content.
func (p *pasteCap) inPaste(out []byte, c byte) []byte {
	if c == pasteEnd[len(p.held)] {
		p.held = append(p.held, c)
		if len(p.held) == len(pasteEnd) {
			out = append(out, p.held...)
			p.held, p.in = p.held[:0], false
		}
		return out
	}
	// Not the end after all: what was held is content, and c may begin
	// the end marker anew.
	for _, h := range p.held {
		out = p.content(out, h)
	}
	p.held = p.held[:0]
	if c == pasteEnd[0] {
		p.held = append(p.held, c)
		return out
	}
	return p.content(out, c)
}

func (p *pasteCap) content(out []byte, c byte) []byte {
	if p.n >= p.max {
		return out
	}
	p.n++
	return append(out, c)
}

// advance is how much of marker has matched after c, given matched.
func advance(marker string, matched int, c byte) int {
	if c == marker[matched] {
		return matched + 1
	}
	if c == marker[0] {
		return 1
	}
	return 0
}
