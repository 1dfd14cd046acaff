package main

import (
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// keyScanner turns a session's bytes into terminal events with
// ultraviolet's decoder, the way its TerminalReader does, but without the
// TerminalReader's lookup table of key sequences: that table is built anew
// for every reader, about 140 KB each, which was over half of a
// participant's heap in a room of hundreds (docs/PERFORMANCE.md). The
// decoder alone reads every sequence in that table the same way, except
// the modified F3 keys, which it reads together with the cursor position
// report they share their bytes with; samla uses neither.
//
// What stays here is the part that is samla's to decide: when bytes that
// begin an escape sequence have waited long enough to be read as they are
// (a lone esc is the esc key), and gathering a bracketed paste into one
// event.
type keyScanner struct {
	dec   uv.EventDecoder
	buf   []byte
	paste []byte // what a bracketed paste has brought so far; nil outside one
}

// add appends bytes read from the terminal.
func (k *keyScanner) add(b []byte) { k.buf = append(k.buf, b...) }

// waiting says whether bytes are held back for the rest of a sequence.
func (k *keyScanner) waiting() bool { return len(k.buf) > 0 }

// scan returns the events in what was added. Bytes that may be the start
// of a longer sequence are kept for the next call unless expired, which
// says no more bytes came within the escape timeout.
func (k *keyScanner) scan(expired bool) []uv.Event {
	var events []uv.Event
	for len(k.buf) > 0 {
		esc := k.buf[0] == ansi.ESC
		n, ev := k.dec.Decode(k.buf)
		if n <= 0 {
			n, ev = 1, uv.UnknownEvent(k.buf[:1]) // never stall on a byte the decoder did not take
		}
		if _, unknown := ev.(uv.UnknownEvent); unknown && !expired {
			break // perhaps the rest of it is on its way
		}
		if k.paste != nil {
			if _, end := ev.(uv.PasteEndEvent); !end {
				if !k.pasted(ev, n, esc, expired) {
					break
				}
				k.buf = k.buf[n:]
				continue
			}
		}
		if esc && n <= 2 && !expired {
			break // esc and one more byte: alt+key, or the start of a sequence
		}
		switch e := ev.(type) {
		case uv.PasteStartEvent:
			k.paste = []byte{}
		case uv.PasteEndEvent:
			events = append(events, uv.PasteEvent{Content: k.pasteText()})
			k.paste = nil
		case uv.MultiEvent:
			events = append(events, e...)
			k.buf = k.buf[n:]
			continue
		}
		if ev != nil {
			events = append(events, ev)
		}
		k.buf = k.buf[n:]
	}
	return k.keep(events)
}

// keep moves what is held back to the front of a fresh buffer, so a long
// session does not keep the bytes it has read.
func (k *keyScanner) keep(events []uv.Event) []uv.Event {
	if len(k.buf) == 0 {
		k.buf = nil
	} else {
		k.buf = append([]byte(nil), k.buf...)
	}
	return events
}

// pasted adds one decoded piece of a bracketed paste to it: text as
// text, anything else as the bytes that were sent. False means the piece
// may be incomplete and must wait.
func (k *keyScanner) pasted(ev uv.Event, n int, esc, expired bool) bool {
	key, ok := ev.(uv.KeyPressEvent)
	if !ok {
		return true // a report or a mouse event inside a paste is not part of it
	}
	if key.Text != "" {
		k.paste = append(k.paste, key.Text...)
		return true
	}
	if esc && n <= 2 && !expired {
		return false
	}
	k.paste = append(k.paste, k.buf[:n]...)
	return true
}

// pasteText is the paste as text, without bytes that are not UTF-8.
func (k *keyScanner) pasteText() string {
	out := make([]rune, 0, len(k.paste))
	for p := k.paste; len(p) > 0; {
		r, w := utf8.DecodeRune(p)
		if r != utf8.RuneError {
			out = append(out, r)
		}
		p = p[w:]
	}
	return string(out)
}
