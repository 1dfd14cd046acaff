package export

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
)

// surveyRound is one scripted round: the survey agenda, people rating
// the statements (0 skips) and answering the poll (option numbers).
type surveyRound struct {
	title   string
	ratings map[string][]int
	poll    [][]int
}

// surveyRounds runs rounds in one hub, each room after the one before, in
// a room language and anonymity; their codes, earliest first.
func surveyRounds(t *testing.T, lang string, anonymity session.Anonymity, rounds ...surveyRound) (*session.Hub, []string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	hub, err := session.NewHub(st, session.WithSecret(make([]byte, session.SecretSize)), session.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Close)
	var codes []string
	for i, r := range rounds {
		spec := session.RoomSpec{Title: r.title, Lang: lang, Anonymity: anonymity, Creator: session.Identity{Key: []byte("fac")}, Template: "survey"}
		if i > 0 {
			spec = session.RoomSpec{Title: r.title, Creator: spec.Creator, After: codes[i-1]}
		}
		info, err := hub.CreateRoom(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, info.Code)
		answerSurvey(t, hub, info.Code, r)
	}
	return hub, codes
}

func answerSurvey(t *testing.T, hub *session.Hub, code string, r surveyRound) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	join := func(key string) *session.Member {
		m, err := hub.Join(ctx, code, session.Identity{Key: []byte(key)})
		must(err)
		t.Cleanup(m.Leave)
		return m
	}
	fac := join("fac")
	people := make([]*session.Member, 5)
	for i := range people {
		people[i] = join(fmt.Sprint("p", i))
	}
	for step := range 3 {
		items := map[string]string{}
		for _, it := range fac.Latest().Items() {
			items[it.Text] = it.ID
		}
		for text, vals := range r.ratings {
			for i, v := range vals {
				if id, ok := items[text]; ok && v > 0 {
					must(people[i].Rate(ctx, id, v))
				}
			}
		}
		if step == 2 {
			opts := fac.Latest().Items()
			for i, picks := range r.poll {
				var ids []string
				for _, o := range picks {
					ids = append(ids, opts[o-1].ID)
				}
				must(people[i].Answer(ctx, ids))
			}
			break
		}
		must(fac.Go(ctx, +1))
	}
}

// twoRounds: the target statement is met before (3 of 4 at 4 or more)
// and missed after (2 of 4); one statement is answered by two people only.
func twoRounds(t *testing.T, lang string, anonymity session.Anonymity) session.Comparison {
	t.Helper()
	influence := map[string]string{"sv": "Jag kan påverka hur tjänsten utformas.", "en": "I can influence how the service is designed."}[lang]
	together := map[string]string{"sv": "Vi samarbetar väl över myndighetsgränserna.", "en": "We work well together across agencies."}[lang]
	change := map[string]string{"sv": "Det vi säger här leder till förändring.", "en": "What we say here leads to change."}[lang]
	hub, codes := surveyRounds(t, lang, anonymity,
		surveyRound{title: "Start", ratings: map[string][]int{influence: {4, 5, 6, 2}, together: {3, 3, 4, 2}, change: {5, 6}}, poll: [][]int{{1}, {1}, {2}, {4}}},
		surveyRound{title: "Slut", ratings: map[string][]int{influence: {3, 3, 4, 6}, together: {5, 5, 4, 6}, change: {2, 2, 3}}, poll: [][]int{{1}, {2}, {2}}})
	c, err := hub.Compare(context.Background(), codes, session.ReportOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Rounds {
		c.Rounds[i].Code = []string{"K7QX2M", "M2XQ7K"}[i] // codes are random; goldens keep two
		for j := range c.Items {
			if cell := c.Items[j].Rounds[i]; cell != nil {
				cell.Code = c.Rounds[i].Code
			}
		}
	}
	return c
}

func writeComparison(t *testing.T, c session.Comparison, opt Options) string {
	t.Helper()
	var b strings.Builder
	if err := WriteComparison(&b, c, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGoldenComparisons(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		anonymity session.Anonymity
	}{{"sv", session.Named}, {"en", session.Anonymous}} {
		c := twoRounds(t, tc.lang, tc.anonymity)
		for _, format := range []string{"md", "csv", "json"} {
			t.Run(tc.lang+"."+format, func(t *testing.T) {
				golden(t, "compare-"+tc.lang+"-"+string(tc.anonymity)+"."+format, writeComparison(t, c, Options{Format: format}))
			})
		}
	}
}

// TestComparisonSaysMetInWords: the target's standing per round, the
// changes signed in words, and the anonymous room's small group withheld
// where the named room shows it.
func TestComparisonSaysMetInWords(t *testing.T) {
	cases := []struct {
		lang      string
		anonymity session.Anonymity
		want      []string
		not       []string
	}{
		{"sv", session.Named, []string{
			"| 1 · K7QX2M | 4 | 4,25 | `▁█▁███` 0 · 1 · 0 · 1 · 1 · 1 | 75 % | målet nått |",
			"| 2 · M2XQ7K | 4 | 4 |", "50 % | målet inte nått |",
			"Förändring: medel −0,25; andel 4 eller högre −25 procentenheter.",
			"| 1 · K7QX2M | 2 | 5,5 |",
		}, nil},
		{"en", session.Anonymous, []string{
			"| 1 · K7QX2M | – | _too few answers to show in an anonymous room_ |",
			"Target: at least 75% answer 4 or more.", "target not met",
		}, []string{"| 1 · K7QX2M | 2 |"}},
	}
	for _, c := range cases {
		md := writeComparison(t, twoRounds(t, c.lang, c.anonymity), Options{Format: "md"})
		for _, w := range c.want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: missing %q in:\n%s", c.lang, w, md)
			}
		}
		for _, w := range c.not {
			if strings.Contains(md, w) {
				t.Errorf("%s: %q should be withheld in:\n%s", c.lang, w, md)
			}
		}
	}
}
