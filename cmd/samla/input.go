package main

import (
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/samla/samla/tui/paint"
)

// inputFeed shares one session's keyboard among the programs it runs one
// after another (full screen, then plain mode, …). Bubble Tea cannot cancel
// a read on an SSH channel, so a finished program's reader would stay
// blocked on the channel and swallow the next key meant for the program
// after it. Instead one goroutine reads the channel, and each program reads
// from the feed until its reader is closed; a chunk a closed reader caught
// goes back to the feed for the next one.
type inputFeed struct {
	chunks  chan []byte
	stop    chan struct{}
	once    sync.Once
	mu      sync.Mutex
	pending []byte
}

// readSize is how much one read of a session's keyboard takes. The buffer
// is held while the read waits, which is most of a session's life, so it
// is sized for keys, not for pastes, which simply take more reads.
const readSize = 1024

func newInputFeed(r io.Reader) *inputFeed {
	f := &inputFeed{chunks: make(chan []byte), stop: make(chan struct{})}
	paste := newPasteCap(maxPasteBytes)
	go func() {
		defer close(f.chunks)
		for {
			buf := make([]byte, readSize)
			n, err := r.Read(buf)
			if kept := paste.filter(buf[:n]); len(kept) > 0 {
				select {
				case f.chunks <- kept:
				case <-f.stop:
					// No program will read again: drop the key and keep
					// reading until the channel ends, rather than block on
					// it forever with the session's memory.
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return f
}

// Close says the last program has ended: keys that arrive from now on are
// dropped, so the reading goroutine ends with the channel.
func (f *inputFeed) Close() {
	f.once.Do(func() { close(f.stop) })
}

func (f *inputFeed) takePending() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.pending
	f.pending = nil
	return p
}

func (f *inputFeed) putBack(b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = append(f.pending, b...)
}

// reader is one program's view of the keyboard; Close hands the keyboard on.
func (f *inputFeed) reader() *feedReader {
	return &feedReader{feed: f, done: make(chan struct{})}
}

type feedReader struct {
	feed *inputFeed
	done chan struct{}
	once sync.Once
	mu   sync.Mutex // guards buf against Close from another goroutine
	buf  []byte
}

func (r *feedReader) closed() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// take hands out what is buffered; false when the reader is closed.
func (r *feedReader) take(p []byte, more []byte) (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed() {
		r.feed.putBack(more) // it belongs to the next program
		return 0, false
	}
	r.buf = append(r.buf, more...)
	if len(r.buf) == 0 {
		r.buf = r.feed.takePending()
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, true
}

func (r *feedReader) Read(p []byte) (int, error) {
	n, ok := r.take(p, nil)
	switch {
	case !ok:
		return 0, io.EOF
	case n > 0:
		return n, nil
	}
	select {
	case b, open := <-r.feed.chunks:
		if !open {
			return 0, io.EOF
		}
		if n, ok := r.take(p, b); ok {
			return n, nil
		}
		return 0, io.EOF
	case <-r.done:
		return 0, io.EOF
	}
}

// Close ends this program's reading; what it had not read yet stays for
// the next program.
func (r *feedReader) Close() error {
	r.once.Do(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		close(r.done)
		r.feed.putBack(r.buf)
		r.buf = nil
	})
	return nil
}

// keyEvents turns one program's keyboard into events and hands them to the
// program with send, which gives up once the program has ended.
//
// Bubble Tea's own input loop cannot be used for this: it hands each event
// to the program on a channel without looking at whether the program still
// runs, so a key or a terminal's reply that arrives while a program quits
// (ctrl+c, then the terminal answers a query) blocks that loop forever, and
// with it the whole program and everything it holds. 15 of 70 visits left
// their program behind that way. Here they go through send, which returns
// at once once the program has ended, and the keyboard is read until the
// program's reader ends, so nothing waits on a program that is gone.
// Bubble Tea gets no input at all; the one question samla
// asks the terminal (its background colour) is asked by package paint, and
// the answer arrives here with the keys.
type keyEvents struct {
	done chan struct{} // closed when every event has been handed on or dropped
}

// startKeyEvents reads in until it ends (its Close makes Read return EOF).
func startKeyEvents(in io.Reader, send func(tea.Msg), batch bool) *keyEvents {
	k := &keyEvents{done: make(chan struct{})}
	go func() {
		defer close(k.done)
		scanKeys(in, uv.DefaultEscTimeout, send, batch)
	}()
	return k
}

// scanKeys reads in and hands on the events in it until it ends. Bytes
// that may begin a longer sequence wait up to escWait for the rest, then
// are read as they are: an esc alone is the esc key. The wait is a
// runtime timer, so one goroutine reads and decodes (a reader and a
// decoder with a channel between them were two goroutines a person).
//
// With batch, keys that arrive together go on as one paint.Keys, which
// the program takes one by one and draws once: a burst (a paste without
// brackets, keys a slow link bunched up) was drawn once a key, and a key
// into a note costs a drawing of the note.
func scanKeys(in io.Reader, escWait time.Duration, send func(tea.Msg), batch bool) {
	var (
		mu   sync.Mutex // the scanner, between the reader and the timer
		scan keyScanner
		wait *time.Timer
		read int // pieces read so far: a timer set before the last is stale
	)
	var hand func(expired bool)
	hand = func(expired bool) {
		evs := scan.scan(expired)
		if !batch {
			for _, ev := range evs {
				send(ev) // Bubble Tea turns terminal events into its messages
			}
		} else {
			sendBatched(evs, send)
		}
		if scan.waiting() {
			setAt := read
			wait = time.AfterFunc(escWait, func() {
				mu.Lock()
				defer mu.Unlock()
				if read == setAt { // nothing came since: what waits is all there is
					hand(true)
				}
			})
		}
	}
	buf := make([]byte, readSize)
	for {
		n, err := in.Read(buf)
		mu.Lock()
		if wait != nil {
			wait.Stop()
		}
		read++
		scan.add(buf[:n]) // copied: buf is read into again
		if err != nil {
			hand(true) // the end of the input, which is how this always ends
			mu.Unlock()
			return
		}
		hand(false)
		mu.Unlock()
	}
}

// sendBatched sends evs in order, each run of more than one key press as
// one paint.Keys.
func sendBatched(evs []uv.Event, send func(tea.Msg)) {
	var keys paint.Keys
	flush := func() {
		switch len(keys) {
		case 0:
		case 1:
			send(uv.KeyPressEvent(keys[0]))
		default:
			send(keys)
		}
		keys = nil
	}
	for _, ev := range evs {
		if k, ok := ev.(uv.KeyPressEvent); ok {
			keys = append(keys, tea.KeyPressMsg(k))
			continue
		}
		flush()
		send(ev)
	}
	flush()
}

// wait returns once the reader has ended, that is, after its input closed.
func (k *keyEvents) wait() { <-k.done }
