package main

import (
	"io"
	"testing"
	"time"
)

// TestInputFeedHandsTheKeyboardOn: a key typed after one program ended
// reaches the next program, even though the first was still reading.
func TestInputFeedHandsTheKeyboardOn(t *testing.T) {
	pr, pw := io.Pipe()
	feed := newInputFeed(pr)

	first := feed.reader()
	got := make(chan error, 1)
	go func() {
		_, err := first.Read(make([]byte, 8)) // blocked, as Bubble Tea's reader is
		got <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it block in Read
	_ = first.Close()
	if err := <-got; err != io.EOF {
		t.Fatalf("a closed reader read: %v", err)
	}

	second := feed.reader()
	go func() { _, _ = pw.Write([]byte("f")) }()
	buf := make([]byte, 8)
	n, err := second.Read(buf)
	if err != nil || string(buf[:n]) != "f" {
		t.Fatalf("the next program got %q, %v; want the key", buf[:n], err)
	}

	// What a program had buffered but not read goes to the next one too.
	go func() { _, _ = pw.Write([]byte("abc")) }()
	one := make([]byte, 1)
	if n, _ := second.Read(one); n != 1 || one[0] != 'a' {
		t.Fatalf("read %q", one[:n])
	}
	_ = second.Close()
	third := feed.reader()
	if n, err := third.Read(buf); err != nil || string(buf[:n]) != "bc" {
		t.Fatalf("the rest: %q, %v", buf[:n], err)
	}
	_ = pw.Close()
	if _, err := third.Read(buf); err != io.EOF {
		t.Fatalf("after the session ends: %v", err)
	}
}

// TestInputFeedDropsKeysAfterTheLastProgram: a key that arrives after the
// last program ended must not keep the reading goroutine blocked (with the
// session) forever. Without the fix, the goroutine waits to hand the first
// key on and never reads the second, so the second Write never returns.
func TestInputFeedDropsKeysAfterTheLastProgram(t *testing.T) {
	pr, pw := io.Pipe()
	feed := newInputFeed(pr)
	_ = feed.reader().Close()
	feed.Close()
	if _, err := pw.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := pw.Write([]byte("y")); err != nil {
		t.Fatal(err)
	}
	_ = pw.Close()
	for range feed.chunks { // ends only when the reading goroutine has
	}
}
