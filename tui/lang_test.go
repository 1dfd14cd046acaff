package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// translations are the languages checked against English.
var translations = map[string]func() Text{
	"sv": Swedish,
	"nb": Norwegian,
}

// sameAsEnglish lists fields (by path) whose translation may legitimately
// equal the English text even though it is longer than three words.
var sameAsEnglish = map[string]bool{}

// maxKeyHelp is the widest a key's help may be: it shares one line of
// short help with the other keys at 40 columns.
const maxKeyHelp = 22

// textFields flattens t into its strings by field path ("LobbyTitle", or
// "Foo[2]" for a list), so new fields of any of these shapes are checked
// without touching this test.
func textFields(t *testing.T, text Text) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out[path] = v.String()
		case reflect.Slice, reflect.Array:
			out[path+".len"] = fmt.Sprint(v.Len()) // lists must be as long as English's
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				p := f.Name
				if path != "" {
					p = path + "." + f.Name
				}
				walk(p, v.Field(i))
			}
		default:
			t.Errorf("Text.%s is a %s; teach textFields about it", path, v.Kind())
		}
	}
	walk("", reflect.ValueOf(text))
	return out
}

// verbs lists the fmt verbs in s, in order, with their flags, width,
// precision and argument index ("%02d", "%[2]s"); "%%" is no verb.
func verbs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte("+-# 0", s[j]) >= 0 {
			j++
		}
		for j < len(s) && strings.IndexByte("0123456789.*[]", s[j]) >= 0 {
			j++
		}
		if j < len(s) && s[j] == '%' && j == i+1 {
			i = j // "%%"
			continue
		}
		if j < len(s) {
			j++ // the verb letter (or whatever stands there: it must match too)
		}
		out = append(out, s[i:j])
		i = j - 1
	}
	return out
}

func TestVerbs(t *testing.T) {
	for s, want := range map[string][]string{
		"":                          nil,
		"100%% sure":                nil,
		"%d of %d":                  {"%d", "%d"},
		"%q is %s":                  {"%q", "%s"},
		"%02d:%-5s %v %[2]d %.1f%%": {"%02d", "%-5s", "%v", "%[2]d", "%.1f"},
		"%d×%d, %d×%d":              {"%d", "%d", "%d", "%d"},
		"50 % off":                  {"% o"},
		"ends with %":               {"%"},
	} {
		if got := verbs(s); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestEveryLanguageHasEveryString(t *testing.T) {
	for _, code := range Codes() {
		text, ok := ForCode(code)
		if !ok {
			t.Fatalf("ForCode(%q) not ok", code)
		}
		for path, s := range textFields(t, text) {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", code, path)
			}
		}
	}
}

func TestTranslationsKeepTheVerbs(t *testing.T) {
	en := textFields(t, English())
	for code, lang := range translations {
		tr := textFields(t, lang())
		for path, e := range en {
			s, ok := tr[path]
			if !ok {
				t.Errorf("%s: %s is missing", code, path)
				continue
			}
			if got, want := verbs(s), verbs(e); !slices.Equal(got, want) {
				t.Errorf("%s: %s has verbs %q, English has %q\n\t%s: %q\n\ten: %q", code, path, got, want, code, s, e)
			}
		}
	}
}

func TestTranslationsAreTranslated(t *testing.T) {
	en := textFields(t, English())
	for code, lang := range translations {
		for path, s := range textFields(t, lang()) {
			if s == en[path] && len(strings.Fields(s)) > 3 && !sameAsEnglish[path] {
				t.Errorf("%s: %s is the English text %q", code, path, s)
			}
		}
	}
}

func TestKeyHelpIsShort(t *testing.T) {
	for _, code := range Codes() {
		text, _ := ForCode(code)
		for path, s := range textFields(t, text) {
			if strings.HasPrefix(path, "Key") && ansi.StringWidth(s) > maxKeyHelp {
				t.Errorf("%s: %s is %d columns, at most %d: %q", code, path, ansi.StringWidth(s), maxKeyHelp, s)
			}
		}
	}
}

func TestKeyMapHelpInEveryLanguage(t *testing.T) {
	for _, code := range Codes() {
		text, _ := ForCode(code)
		k := DefaultKeyMap(&text)
		if got := k.Vote.Help().Desc; got != text.KeyVote {
			t.Errorf("%s: vote help %q, want %q", code, got, text.KeyVote)
		}
	}
}

func TestForCode(t *testing.T) {
	for _, c := range []struct {
		code string
		want string // the LobbyTitle of the language, "" for not ok
	}{
		{"sv", Swedish().LobbyTitle},
		{"SV", Swedish().LobbyTitle},
		{"sv_SE.UTF-8", Swedish().LobbyTitle},
		{"sv_FI", Swedish().LobbyTitle},
		{"nb", Norwegian().LobbyTitle},
		{"no", Norwegian().LobbyTitle},
		{"nn", Norwegian().LobbyTitle},
		{"nb-NO", Norwegian().LobbyTitle},
		{"en", English().LobbyTitle},
		{"en_GB.UTF-8", English().LobbyTitle},
		{"se", ""}, // Northern Sami, not Swedish
		{"da", ""},
		{"de_DE.UTF-8", ""},
		{"C", ""},
		{"POSIX", ""},
		{"", ""},
	} {
		text, ok := ForCode(c.code)
		if ok != (c.want != "") {
			t.Errorf("ForCode(%q) ok = %v", c.code, ok)
			continue
		}
		if want := cmpOr(c.want, English().LobbyTitle); text.LobbyTitle != want {
			t.Errorf("ForCode(%q) = %q, want %q", c.code, text.LobbyTitle, want)
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestCodes(t *testing.T) {
	codes := Codes()
	if want := []string{"sv", "nb", "en"}; !slices.Equal(codes, want) {
		t.Fatalf("Codes() = %q, want %q", codes, want)
	}
	codes[0] = "xx"
	if Codes()[0] != "sv" {
		t.Error("Codes() shares its slice with callers")
	}
	for _, code := range Codes() {
		if _, got := Choose(nil, code); got != code {
			t.Errorf("Choose(nil, %q) chose %q", code, got)
		}
	}
}

func TestChoose(t *testing.T) {
	for _, c := range []struct {
		name string
		env  []string
		room string
		want string
	}{
		{"nothing sent, no room", nil, "", "en"},
		{"nothing sent, Swedish room", nil, "sv", "sv"},
		{"nothing sent, Norwegian room", nil, "nb", "nb"},
		{"nothing sent, English room", nil, "en", "en"},
		{"unknown room language", nil, "fi", "en"},
		{"room code in upper case", nil, "SV", "sv"},
		{"LANG alone", []string{"LANG=sv_SE.UTF-8"}, "en", "sv"},
		{"LANG beats the room", []string{"LANG=en_US.UTF-8"}, "sv", "en"},
		{"LANG nb", []string{"LANG=nb_NO.utf8"}, "sv", "nb"},
		{"LANG no is Bokmål", []string{"LANG=no_NO"}, "sv", "nb"},
		{"LANG nn is Bokmål", []string{"LANG=nn_NO"}, "sv", "nb"},
		{"LANG with modifier", []string{"LANG=sv_SE.UTF-8@euro"}, "en", "sv"},
		{"LANG language only", []string{"LANG=sv"}, "en", "sv"},
		{"LC_MESSAGES beats LANG", []string{"LANG=en_GB.UTF-8", "LC_MESSAGES=sv_SE.UTF-8"}, "en", "sv"},
		{"LC_ALL beats LC_MESSAGES and LANG", []string{"LC_ALL=nb_NO.UTF-8", "LC_MESSAGES=sv_SE.UTF-8", "LANG=en_GB.UTF-8"}, "sv", "nb"},
		{"LC_ALL beats LANG, either order", []string{"LANG=sv_SE.UTF-8", "LC_ALL=en_GB.UTF-8"}, "sv", "en"},
		{"LC_ALL empty falls through", []string{"LC_ALL=", "LANG=sv_SE.UTF-8"}, "en", "sv"},
		{"LC_ALL C falls through", []string{"LC_ALL=C", "LC_MESSAGES=nb_NO.UTF-8"}, "en", "nb"},
		{"LC_ALL POSIX falls through", []string{"LC_ALL=POSIX", "LANG=sv_SE.UTF-8"}, "en", "sv"},
		{"LANG C.UTF-8 is the room's", []string{"LANG=C.UTF-8"}, "nb", "nb"},
		{"all C is the room's", []string{"LC_ALL=C", "LC_MESSAGES=POSIX", "LANG=C.UTF-8"}, "sv", "sv"},
		{"all C, no room", []string{"LC_ALL=C", "LANG=C"}, "", "en"},
		{"unspoken language falls through to LANG", []string{"LC_ALL=de_DE.UTF-8", "LANG=sv_SE.UTF-8"}, "en", "sv"},
		{"unspoken language is the room's", []string{"LANG=da_DK.UTF-8"}, "nb", "nb"},
		{"Sami is not Swedish", []string{"LANG=se_NO.UTF-8"}, "nb", "nb"},
		{"other variables do not count", []string{"LC_CTYPE=sv_SE.UTF-8", "LANGUAGE=sv", "TERM=xterm"}, "en", "en"},
		{"names are case-sensitive", []string{"lang=sv_SE.UTF-8"}, "en", "en"},
		{"entry without =", []string{"LANG", "LC_ALL"}, "sv", "sv"},
		{"the last of a repeated key counts", []string{"LANG=sv_SE.UTF-8", "LANG=nb_NO.UTF-8"}, "en", "nb"},
		{"a value with =", []string{"LANG=sv_SE=x"}, "en", "sv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, code := Choose(c.env, c.room)
			if code != c.want {
				t.Fatalf("Choose(%q, %q) chose %q, want %q", c.env, c.room, code, c.want)
			}
			want, _ := ForCode(c.want)
			if !reflect.DeepEqual(text, want) {
				t.Errorf("Choose(%q, %q) returned the wrong Text for %q", c.env, c.room, code)
			}
		})
	}
}
