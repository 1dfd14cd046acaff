package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestOneTermPerThing: a thing has one name in each language, so a
// participant never wonders whether a "röst" is something else than a
// "prick". The words below are the ones a reading of a whole workshop
// found beside the chosen term.
func TestOneTermPerThing(t *testing.T) {
	banned := map[string][]string{
		"sv": {"röst", "aktivitet", "kolumn", "enkelt läge", "tryck enter", "tryck tab"},
		"nb": {"stemme", "stemt", "avstemning", "aktivitet", "kolonne", "enkel visning", "trykk enter", "trykk tab"},
	}
	for code, words := range banned {
		text, _ := ForCode(code)
		for path, s := range textFields(t, text) {
			for _, w := range words {
				if strings.Contains(strings.ToLower(s), w) {
					t.Errorf("%s: %s says %q: %q", code, path, w, s)
				}
			}
		}
	}
}

// TestWordingFromTheReading: the wording fluent readers asked for, where
// they gave it exactly.
func TestWordingFromTheReading(t *testing.T) {
	sv, nb := Swedish(), Norwegian()
	cases := []struct{ got, want string }{
		{sv.StillWorking, "Inte klara än: %s"},
		{sv.SecretVote, "Prickarna är dolda: du ser bara dina egna tills samtalsledaren visar alla."},
		{sv.VotesRevealed, "Alla prickar visas nu: %s"},
		{sv.PlainGroupWith, "Lägg den i samma grupp som lapp nummer (1–%d): "},
		{sv.KeyFocus, "be alla titta hit"},
		{sv.Paused, "Klockan är pausad: %s kvar"},
		{sv.TooSmall, "Fönstret är för litet (%d×%d behövs, nu %d×%d). Gör det större eller vrid telefonen."},
		{sv.NameDefault, "Skriver du inget kallas du %s."},
		{nb.Paused, "⏱ %s (satt på pause)"},
		{nb.StillWorking, "Ikke ferdige ennå: %s"},
		{nb.SecretVote, "Prikkene er skjult: du ser bare dine egne til møtelederen viser alle."},
		{nb.VotesRevealed, "Alle prikkene vises nå: %s"},
		{nb.KeyFocus, "be alle se hit"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	contains := []struct{ got, want string }{
		{sv.PlainColumn, "Var hör lappen hemma?"},
		{sv.PlainColumn, "Skriv en siffra"},
		{sv.Picked, "(esc: ångra)"},
		{sv.PlainIntro, "textläge för skärmläsare"},
		{sv.ErrClosed, "Lapparna kan inte ändras längre."},
		{sv.WallAsPart, "ctrl+c för att lämna"},
		{sv.WallAsPart, "Tryck på enter"},
		{nb.PlainColumn, "Hvor hører lappen hjemme?"},
		{nb.PlainColumn, "Skriv et tall"},
		{nb.Picked, "(esc: angre)"},
		{nb.PlainIntro, "tekstvisning for skjermleser"},
		{nb.WallAsPart, "ctrl+c for å gå ut"},
		{nb.ErrClosed, "lappene kan ikke endres lenger"},
	}
	for _, c := range contains {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%q does not say %q", c.got, c.want)
		}
	}
	// Being removed is said without blame: the person may not know why.
	for _, s := range []string{sv.Removed, sv.ErrRemoved, nb.Removed, nb.ErrRemoved} {
		if strings.Contains(s, "tagit bort dig") || strings.Contains(s, "fjernet deg") {
			t.Errorf("removal still says the person was taken away: %q", s)
		}
	}
}

// TestKeysOfOnePanelAreToldApart: two keys of one panel never share a
// description (the agenda had "prickar" for a dot vote and for the dots
// per person), so a screen-reader user can tell from the words which key
// does what.
func TestKeysOfOnePanelAreToldApart(t *testing.T) {
	for _, code := range Codes() {
		text, _ := ForCode(code)
		k := DefaultKeyMap(&text)
		for name, keys := range map[string][]key.Binding{"agenda": k.AgendaPanel.help(), "people": k.PeoplePanel.help(), "plain": k.PlainView.help(), "rooms": k.Rooms.help()} {
			seen := map[string]string{}
			for _, b := range keys {
				h := b.Help()
				if other, dup := seen[h.Desc]; dup && other != h.Key {
					t.Errorf("%s %s: %s and %s are both %q", code, name, other, h.Key, h.Desc)
				}
				seen[h.Desc] = h.Key
			}
		}
	}
}
