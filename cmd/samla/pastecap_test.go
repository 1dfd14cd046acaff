package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// TestPasteCap: a bracketed paste keeps at most its cap, however it is
// split into reads; keys outside a paste and the markers always pass.
func TestPasteCap(t *testing.T) {
	big := strings.Repeat("å", 40) // 80 bytes
	for _, tc := range []struct {
		name, in, want string
	}{
		{"keys pass", "hej\r", "hej\r"},
		{"a short paste passes", pasteStart + "abc" + pasteEnd + "x", pasteStart + "abc" + pasteEnd + "x"},
		{"a long paste is cut", pasteStart + big + pasteEnd + "x", pasteStart + big[:16] + pasteEnd + "x"},
		{"an escape inside a paste is content", pasteStart + "a\x1b[2b" + pasteEnd, pasteStart + "a\x1b[2b" + pasteEnd},
		{"two pastes each get the cap", pasteStart + big + pasteEnd + pasteStart + big + pasteEnd,
			pasteStart + big[:16] + pasteEnd + pasteStart + big[:16] + pasteEnd},
	} {
		for _, size := range []int{1, 2, 5, 7, 1000} {
			p := newPasteCap(16)
			var got bytes.Buffer
			for b := []byte(tc.in); len(b) > 0; {
				n := min(size, len(b))
				got.Write(p.filter(b[:n]))
				b = b[n:]
			}
			if got.String() != tc.want {
				t.Errorf("%s, reads of %d: got %q, want %q", tc.name, size, got.String(), tc.want)
			}
		}
	}
}

// TestHugePasteOverSSH: a 24 MiB paste into plain mode's prompt is cut as
// it arrives: the person is told the text was too long, the session goes
// on, and the server never holds the paste (its heap grows by far less
// than the paste while it streams in).
func TestHugePasteOverSSH(t *testing.T) {
	srv, info, _ := roomWithFacilitator(t, "Klistra")
	reader := termtest.Dial(t, srv.addr, termtest.Options{User: "plain+" + info.Code, Signer: termtest.NewSigner(t), Width: 200})
	reader.Answer(t, "Your name", "")
	reader.WaitFor(t, "Keys: n new note.")
	reader.Press("n")
	reader.WaitFor(t, "New note, enter saves")

	// The client shares this process: it sends the paste in pieces, so what
	// the heap holds is the server's.
	chunk := strings.Repeat("x", 64<<10)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := make(chan uint64)
	stop := make(chan struct{})
	go func() {
		var most uint64
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				peak <- most
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				most = max(most, m.HeapAlloc)
			}
		}
	}()
	const size = 24 << 20
	reader.Type(pasteStart)
	for range size / len(chunk) {
		reader.Type(chunk)
	}
	reader.Type(pasteEnd)
	// The line said after the cut is followed by the kept text again, so
	// it may scroll off the screen: look for it in what was sent.
	reader.WaitForFunc(t, "the cut said", func(string) bool { return strings.Contains(string(reader.Raw()), "too long") })
	close(stop)
	grew := int64(<-peak) - int64(before.HeapAlloc)
	// Without the cap the server held the paste several times over (337 MiB
	// for 24 MiB here); with it what remains is the pieces' garbage.
	if grew > 4*size {
		t.Errorf("the heap grew by %d MiB during a %d MiB paste", grew>>20, size>>20)
	}
	reader.Press("esc")
	reader.WaitFor(t, "Closed.")
}
