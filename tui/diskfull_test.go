package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/samla/samla/session"
)

// TestFullDiskSaysSoAndKeepsTheNote: when the room answers a note with a
// full disk, the writer reads that in words in their language, and the note
// is still in their editor to save again once there is space.
func TestFullDiskSaysSoAndKeepsTheNote(t *testing.T) {
	for _, lang := range []string{"en", "sv", "nb"} {
		t.Run(lang, func(t *testing.T) {
			s := newScreenTest(t, 160, 48, session.RoomSpec{Lang: lang})
			s.named("Åse")
			s.keys("n", "Telefonkön är lång")
			s.send(noteSavedMsg{err: fmt.Errorf("could not save: %w", session.ErrDiskFull)})
			text, _ := ForCode(lang)
			screen := strings.Join(strings.Fields(s.screen()), " ")
			if want := strings.Join(strings.Fields(text.ErrDiskFull), " "); !strings.Contains(screen, want) {
				t.Errorf("the screen does not say %q:\n%s", want, s.screen())
			}
			if got := s.app.board.editor.value(); got != "Telefonkön är lång" {
				t.Errorf("editor holds %q after a full disk, want the note", got)
			}
		})
	}
}

// TestPlainFullDiskSaysSoAndAsksAgain: in plain mode the refusal is a
// line, and the prompt comes back with the note, so a screen-reader user
// presses enter again once there is space.
func TestPlainFullDiskSaysSoAndAsksAgain(t *testing.T) {
	var w lockedBuffer
	out := NewLines(&w)
	p := NewPlain(Deps{}, out)
	p.asked = asked{text: "Telefonkön är lång"}
	p.Update(noteSavedMsg{err: fmt.Errorf("could not save: %w", session.ErrDiskFull)})
	out.Close()
	said := w.String()
	want := English().ErrDiskFull + "\n" + English().PlainWrite + "Telefonkön är lång"
	if !strings.Contains(said, want) {
		t.Fatalf("plain mode said %q, want it to contain %q", said, want)
	}
}
