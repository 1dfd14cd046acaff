package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestLobbyFieldStartsEmpty: the code field shows nothing until someone
// types; a grey example code in it looked like a code already filled in,
// and people pressed enter on it. The intro says what a code looks like.
func TestLobbyFieldStartsEmpty(t *testing.T) {
	for _, code := range Codes() {
		text, _ := ForCode(code)
		m := newLobby(&text, sharedStyles(), "")
		m.focus()
		var field string
		for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.HasPrefix(line, text.LobbyPrompt) {
				field = strings.TrimSpace(strings.TrimPrefix(line, text.LobbyPrompt))
			}
		}
		if field != "" {
			t.Errorf("%s: the empty code field shows %q", code, field)
		}
		if !strings.Contains(text.LobbyIntro, "K7QX2M") {
			t.Errorf("%s: the intro gives no example code: %q", code, text.LobbyIntro)
		}
	}
}
