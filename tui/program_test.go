package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/samla/samla/session"
)

// TestProgramDrawsTheBoard runs the App in a real Bubble Tea program
// (teatest, fixed 80x24, colours forced off) from joining to writing a
// note, so the message loop, commands and the room listener are the ones a
// person gets; the screen tests drive the same models without a program.
func TestProgramDrawsTheBoard(t *testing.T) {
	hub, ctx := newTestHub(t)
	info, err := hub.CreateRoom(ctx, session.RoomSpec{Title: "Programmet"})
	if err != nil {
		t.Fatal(err)
	}
	app := New(Deps{Ctx: ctx, Hub: hub, Identity: session.Identity{Key: []byte("teatest")}, Code: info.Code})
	tm := teatest.NewTestModel(t, app,
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))

	waitFor := func(want string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(want))
		}, teatest.WithDuration(10*time.Second))
	}
	waitFor("What should others call you?")
	tm.Type("Tea")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("dots left")
	tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
	waitFor("New note")
	tm.Type("Skrivet i ett riktigt program")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Saved.")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	screen := ansi.Strip(final.View().Content)
	for _, want := range []string{"Programmet", "you: Tea", "Skrivet i ett", "★ yours", "Saved."} {
		if !strings.Contains(screen, want) {
			t.Errorf("the final screen lacks %q:\n%s", want, screen)
		}
	}
}
