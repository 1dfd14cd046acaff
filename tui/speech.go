package tui

import (
	"fmt"
	"strings"
	"unicode"
)

// Plain mode is read aloud by screen readers and shown on braille lines,
// so what it says is built for the ear: counts with their singular,
// sentences that end once ("Vad hände?" and not "Vad hände?."), and words
// where the screen has symbols.

// plural picks the form for n: one says "1 …" as a whole word group,
// because languages do not make a singular by dropping a letter ("1 lapp",
// "2 lappar"; "1 prikk", "2 prikker"), and many has a %d.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}

// notesCount says a number of notes: "1 lapp", "3 lappar".
func (t *Text) notesCount(n int) string { return plural(n, t.NoteOne, t.NotesMany) }

// allNotes introduces reading every note: "Alla 3 lappar:", and for one
// note "Den enda lappen:" rather than "Alla 1 lapp:".
func (t *Text) allNotes(n int) string {
	if n == 1 {
		return t.PlainAllOne
	}
	return fmt.Sprintf(t.PlainAll, t.notesCount(n))
}

// groupSeparator is what the screen puts between a group's notes when the
// group is one item (session joins them so in a vote on groups).
const groupSeparator = " · "

// spoken is a note's text as one or more whole sentences: a group's notes
// come one by one after GroupNext instead of "·", and each ends with its
// own punctuation, or a full stop where it has none.
func (t *Text) spoken(text string) string {
	parts := strings.Split(text, groupSeparator)
	for i, part := range parts {
		parts[i] = endSentence(part)
	}
	return strings.Join(parts, " "+t.GroupNext+" ")
}

// sentences joins a title and a question as they are said: "Hinder. Vad
// gör det svårt?" and never "Hinder?. …"; empty parts are left out.
func sentences(parts ...string) string {
	said := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			said = append(said, endSentence(p))
		}
	}
	return strings.Join(said, " ")
}

// endSentence ends s with a full stop unless it already ends a sentence
// (. ? ! …) or leads on (:), so a format that adds a stop never doubles one.
func endSentence(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return s
	}
	switch r := []rune(s)[len([]rune(s))-1]; r {
	case '.', '?', '!', '…', ':':
		return s
	}
	return s + "."
}
