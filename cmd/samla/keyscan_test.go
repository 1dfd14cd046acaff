package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/samla/samla/tui/paint"
)

// scanned runs chunks through scanKeys, one read each, as a session's
// keyboard gives them, and describes the events that come out.
func scanned(chunks ...string) string {
	var got []string
	scanKeys(&pieces{chunks: chunks}, time.Hour, func(m tea.Msg) { got = append(got, describe(m)) }, false)
	return strings.Join(got, " ")
}

// pieces reads as a keyboard does: each chunk in one read, then the end.
type pieces struct{ chunks []string }

func (p *pieces) Read(b []byte) (int, error) {
	if len(p.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.chunks[0])
	if p.chunks[0] = p.chunks[0][n:]; p.chunks[0] == "" {
		p.chunks = p.chunks[1:]
	}
	return n, nil
}

func describe(m tea.Msg) string {
	switch e := m.(type) {
	case uv.KeyPressEvent:
		return e.String()
	case uv.PasteEvent:
		return fmt.Sprintf("paste%q", e.Content)
	default:
		return fmt.Sprintf("%T", m)
	}
}

func TestKeyScannerReadsKeysAsTheirSender(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"letters", []string{"hej"}, "h e j"},
		{"åäö", []string{"åäö"}, "å ä ö"},
		{"enter and tab", []string{"\r\t"}, "enter tab"},
		{"arrow", []string{"\x1b[A"}, "up"},
		{"arrow cut in two", []string{"\x1b[", "B"}, "down"},
		{"esc alone", []string{"\x1b"}, "esc"},
		{"alt+key", []string{"\x1bx"}, "alt+x"},
		{"ctrl+c", []string{"\x03"}, "ctrl+c"},
		{"shift+tab", []string{"\x1b[Z"}, "shift+tab"},
		{"paste", []string{"\x1b[200~a\rb å\x1b[201~"}, "uv.PasteStartEvent paste\"a\\rb å\" uv.PasteEndEvent"},
		{"paste in pieces", []string{"\x1b[200~ab", "c\x1b[2", "01~x"}, "uv.PasteStartEvent paste\"abc\" uv.PasteEndEvent x"},
		{"background answer", []string{"\x1b]11;rgb:0000/0000/0000\x07"}, "uv.BackgroundColorEvent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanned(tt.chunks...); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// What a session's keys were read as before, by ultraviolet's own
// TerminalReader, is what they are read as now.
func TestKeyScannerReadsAsTerminalReader(t *testing.T) {
	inputs := []string{
		"abc\x1b[A\x1b[1;5C\x1bOP\x1b[3~\x1b[5~\x7f\x08",
		"\x1b[200~two\nlines\x1b[201~\r",
		"\x1b[1;3D\x1b[H\x1b[F\x1b[2~\x1b[15~\x1b[24;5~",
		"\x1b]11;rgb:ffff/ffff/ffff\x1b\\q",
		"\x1b[I\x1b[O\x1b[<0;3;4M",
		"\x1bb\x1bf\x1b\x7f",
	}
	for _, in := range inputs {
		var want []string
		events := make(chan uv.Event)
		done := make(chan error, 1)
		go func() {
			done <- uv.NewTerminalReader(bytes.NewReader([]byte(in)), "xterm-256color").StreamEvents(context.Background(), events)
			close(events)
		}()
		for ev := range events {
			want = append(want, describe(ev))
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := scanned(in); got != strings.Join(want, " ") {
			t.Errorf("%q:\n got %q\nwant %q", in, got, strings.Join(want, " "))
		}
	}
}

// An esc with nothing after it is the esc key once the wait is over, while
// the session's input stays open.
func TestAnEscAloneIsEscAfterTheWait(t *testing.T) {
	r, w := io.Pipe()
	got := make(chan string, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		scanKeys(r, 200*time.Millisecond, func(m tea.Msg) { got <- describe(m) }, false)
	}()
	next := func() string {
		t.Helper()
		select {
		case k := <-got:
			return k
		case <-time.After(10 * time.Second):
			t.Fatal("an esc alone was never handed on")
			return ""
		}
	}
	if _, err := w.Write([]byte("\x1b")); err != nil {
		t.Fatal(err)
	}
	if k := next(); k != "esc" {
		t.Fatalf("got %q, want esc", k)
	}
	// The rest of a sequence in time is one key, not an esc and more.
	if _, err := w.Write([]byte("\x1b[")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("A")); err != nil {
		t.Fatal(err)
	}
	if k := next(); k != "up" {
		t.Fatalf("got %q, want up", k)
	}
	_ = w.Close()
	<-done
	if len(got) != 0 {
		t.Fatalf("more came: %q", <-got)
	}
}

// Whatever bytes arrive, in whatever pieces, scanning ends and every byte
// is read once the input ends: a terminal or an attacker sending garbage
// cannot make a session's key reader spin or hold bytes back for good.
func TestKeyScannerEndsOnAnyBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 7))
	alphabet := []byte("\x1b[]O;0123456789~PM<>?\x07\\\r\n\x7fabcåä\xff\xfe")
	for range 500 {
		var chunks []string
		for range 1 + rng.IntN(4) {
			b := make([]byte, rng.IntN(12))
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			chunks = append(chunks, string(b))
		}
		var scan keyScanner
		for _, c := range chunks {
			scan.add([]byte(c))
			scan.scan(false)
		}
		scan.scan(true)
		if scan.waiting() {
			t.Fatalf("%q: %q held after the input ended", chunks, scan.buf)
		}
	}
}

// Keys that came together go on as one paint.Keys, in order; a key alone
// and every other event go on as they came, in their place.
func TestKeysThatCameTogetherGoAsOne(t *testing.T) {
	key := func(r rune) uv.Event { return uv.KeyPressEvent{Code: r, Text: string(r)} }
	paste := uv.PasteEvent{Content: "klistrat"}
	cases := []struct {
		name string
		in   []uv.Event
		want []string
	}{
		{"one key", []uv.Event{key('a')}, []string{"key a"}},
		{"a burst", []uv.Event{key('a'), key('b'), key('c')}, []string{"keys abc"}},
		{"a paste between", []uv.Event{key('a'), key('b'), paste, key('c')}, []string{"keys ab", "paste", "key c"}},
		{"nothing", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			sendBatched(c.in, func(m tea.Msg) {
				switch m := m.(type) {
				case paint.Keys:
					var s strings.Builder
					for _, k := range m {
						s.WriteString(k.Text)
					}
					got = append(got, "keys "+s.String())
				case uv.KeyPressEvent:
					got = append(got, "key "+m.Text)
				case uv.PasteEvent:
					got = append(got, "paste")
				default:
					got = append(got, fmt.Sprintf("%T", m))
				}
			})
			if !slices.Equal(got, c.want) {
				t.Errorf("sent %q, want %q", got, c.want)
			}
		})
	}
}
