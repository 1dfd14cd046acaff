package tui

import (
	"strings"
	"testing"
)

// TestSpokenNotes: a note is said as whole sentences, a group's notes
// with a word between them rather than "·", never "?." or "..".
func TestSpokenNotes(t *testing.T) {
	sv := Swedish()
	for _, c := range []struct{ in, want string }{
		{"Lång väntan", "Lång väntan."},
		{"Varför ringer ingen?", "Varför ringer ingen?"},
		{"Bra!", "Bra!"},
		{"Väntan: Lång kö · Ingen ringer tillbaka?", "Väntan: Lång kö. Nästa lapp: Ingen ringer tillbaka?"},
		{"Brev: ", "Brev:"},
	} {
		if got := sv.spoken(c.in); got != c.want {
			t.Errorf("spoken(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := sentences("Hinder?", "Vad gör det svårt att få hjälp?"); got != "Hinder? Vad gör det svårt att få hjälp?" {
		t.Errorf("sentences = %q", got)
	}
	if got := sentences("Idéstorm", ""); got != "Idéstorm." {
		t.Errorf("sentences without a question = %q", got)
	}
}

// TestCountsHaveTheirSingular: every count plain mode and the messages
// say reads "1 lapp", "1 prick", never "1 lappar".
func TestCountsHaveTheirSingular(t *testing.T) {
	for _, code := range Codes() {
		text, _ := ForCode(code)
		said := []string{
			text.notesCount(1), text.allNotes(1), text.missedLines(1),
			plural(1, text.ErrItemFullOne, text.ErrItemFull),
			plural(1, text.ErrTooManyNotesOne, text.ErrTooManyNotes),
			plural(1, text.EditorTooLongOne, text.EditorTooLong),
			spokenDuration(&text, 61e9),
		}
		for _, s := range said {
			for _, wrong := range []string{"1 lappar", "1 lapper", "1 notes", "1 prickar", "1 prikker", "1 dots", "1 uppdateringar",
				"1 oppdateringer", "1 updates", "1 minuter", "1 minutter", "1 minutes", "1 sekunder", "1 seconds", "1 characters", "Alla 1", "Alle 1", "All 1"} {
				if strings.Contains(s, wrong) {
					t.Errorf("%s: %q says %q", code, s, wrong)
				}
			}
		}
		if got := text.notesCount(3); !strings.HasPrefix(got, "3 ") || got == text.NoteOne {
			t.Errorf("%s: 3 notes said %q", code, got)
		}
	}
}
