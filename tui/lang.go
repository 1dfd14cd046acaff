package tui

import (
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// language returns the catalogue for a code samla speaks. Nynorsk and the
// macrolanguage "no" get Bokmål, the closest we have. ("se" is Northern
// Sami, not Swedish.) A switch, not a map, so there is no package state.
func language(code string) (Text, string, bool) {
	switch code {
	case "sv":
		return Swedish(), "sv", true
	case "nb", "no", "nn":
		return Norwegian(), "nb", true
	case "en":
		return English(), "en", true
	}
	return Text{}, "", false
}

// Codes lists the codes in the order a language-switch key cycles through
// them.
func Codes() []string { return []string{"sv", "nb", "en"} }

// ForCode returns the language with this code: "sv", "nb" or "en", also
// "no" and "nn" (Bokmål). Case does not matter, and a whole locale such as
// "sv_SE.UTF-8" or "nb-NO" names its language. ok is false for anything
// else, and t is then English.
func ForCode(code string) (t Text, ok bool) {
	t, _, ok = forCode(code)
	return t, ok
}

func forCode(code string) (Text, string, bool) {
	if t, lang, ok := language(localeLanguage(code)); ok {
		return t, lang, true
	}
	return English(), "en", false
}

// localeLanguage is the language part of a POSIX locale name
// (language[_territory][.codeset][@modifier]) or a BCP 47 tag, lower case:
// "sv_SE.UTF-8" → "sv", "nb-NO" → "nb", "C.UTF-8" → "c".
func localeLanguage(locale string) string {
	l := strings.TrimSpace(locale)
	if i := strings.IndexAny(l, "_-.@"); i >= 0 {
		l = l[:i]
	}
	return strings.ToLower(l)
}

// localeVars are the variables that choose the language of messages, the
// one that wins first (POSIX: LC_ALL overrides LC_MESSAGES overrides LANG).
func localeVars() []string { return []string{"LC_ALL", "LC_MESSAGES", "LANG"} }

// Choose picks a participant's language from the environment their SSH
// client sent (entries "KEY=VALUE"; when a key repeats, the last one
// counts, as in os/exec): the first of LC_ALL, LC_MESSAGES and LANG that
// names a language samla speaks; else the room's language roomLang; else
// English. It returns the language and its code ("sv", "nb" or "en").
//
// Empty values, "C" and "POSIX" (also "C.UTF-8") say nothing about the
// person's language, so they count as not set. A language samla does not
// speak ("de_DE.UTF-8") is passed over too, so the next variable or the
// room's language decides: a Danish participant in a Norwegian room reads
// Norwegian, not English.
//
// The consequence to know: the client's locale beats the room's language.
// Many SSH clients send LANG=en_US.UTF-8 whatever their person reads (macOS
// Terminal, most Linux desktops set up in English, and OpenSSH sends LANG by
// default), so such a participant sees English in a Swedish room. That is
// what CONTRACT.md asks ("the client's LANG/LC_ALL/LC_MESSAGES … are
// honoured"); a language-switch key (see Codes) is the way out.
func Choose(env []string, roomLang string) (Text, string) {
	vars := localeVars()
	vals := make(map[string]string, len(vars))
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		for _, name := range vars {
			if k == name {
				vals[k] = v
			}
		}
	}
	for _, name := range vars {
		// "", "C" and "POSIX" name no language, so they fall through here.
		if t, code, ok := forCode(vals[name]); ok {
			return t, code
		}
	}
	if t, code, ok := forCode(roomLang); ok {
		return t, code
	}
	return English(), "en"
}

// languageMsg changes one person's language.
type languageMsg struct{ text Text }

// nextLanguage cycles to the language after t's, so one key reaches all.
func nextLanguage(t Text) tea.Cmd {
	codes := Codes()
	next := codes[0]
	for i, c := range codes {
		if c == t.Code {
			next = codes[(i+1)%len(codes)]
		}
	}
	nt, _ := ForCode(next)
	return func() tea.Msg { return languageMsg{text: nt} }
}

// sharedTexts is one Text, and the KeyMap that names its keys, per
// language for every session: each screen of each session held its own
// copies, about 55 KB a person. Keyed by the whole Text, so a Text that
// differs (a test's) is never mistaken for another. Nothing writes to what
// it holds.
var sharedTexts struct {
	sync.Mutex
	byText map[Text]*textKeys
}

type textKeys struct {
	text Text
	keys KeyMap
}

// sharedText is t and its keys as every session shares them.
func sharedText(t Text) (*Text, *KeyMap) {
	sharedTexts.Lock()
	defer sharedTexts.Unlock()
	tk, ok := sharedTexts.byText[t]
	if !ok {
		if sharedTexts.byText == nil {
			sharedTexts.byText = map[Text]*textKeys{}
		}
		tk = &textKeys{text: t, keys: DefaultKeyMap(&t)}
		sharedTexts.byText[t] = tk
	}
	return &tk.text, &tk.keys
}
