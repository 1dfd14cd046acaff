package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// md is one Markdown report being written.
type md struct {
	b     strings.Builder
	rep   session.Report
	l     labels
	notes map[string]session.ReportNote
	named bool
}

func writeMarkdown(w io.Writer, rep session.Report) error {
	m := &md{rep: rep, l: labelsFor(rep.Room.Lang), notes: map[string]session.ReportNote{}}
	for _, n := range rep.Notes {
		m.notes[n.ID] = n
		m.named = m.named || n.Author != nil
	}
	m.header()
	for i, a := range rep.Activities {
		if err := m.activity(i, a); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, m.b.String()); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

func (m *md) header() {
	r := m.rep.Room
	fmt.Fprintf(&m.b, "# %s\n\n", mdInline(r.Title))
	mode := m.l.modes[r.Anonymity]
	if r.NamesLeftOut {
		mode = m.l.namesLeftOut
	}
	fmt.Fprintf(&m.b, "%s %s · %s %s · %s · %s\n", m.l.room, r.Code, m.l.date, r.Date, count(m.rep.Participants, m.l.participant, m.l.participants), mode)
	if len(m.rep.Activities) == 0 {
		return
	}
	fmt.Fprintf(&m.b, "\n## %s\n\n", m.l.agenda)
	for i, a := range m.rep.Activities {
		fmt.Fprintf(&m.b, "%d. %s (%s)\n", i+1, mdInline(a.Title), m.l.kinds[a.Kind])
	}
}

func (m *md) activity(i int, a session.ReportActivity) error {
	fmt.Fprintf(&m.b, "\n## %d. %s\n\n", i+1, mdInline(a.Title))
	if a.Prompt != "" {
		fmt.Fprintf(&m.b, "> %s\n\n", mdInline(a.Prompt))
	}
	return m.outcome(a, a.Results)
}

// outcome writes one activity's results by their type; a results
// activity writes the outcome of the activity it showed.
func (m *md) outcome(a session.ReportActivity, res session.Results) error {
	switch res := res.(type) {
	case session.BrainstormResults:
		m.brainstorm(a, res)
	case session.ClusterResults:
		m.groups(a, res)
	case session.VoteResults:
		m.vote(a, res)
	case session.RateResults:
		m.rate(a, res)
	case session.MatrixResults:
		m.matrix(a, res)
	case session.RankResults:
		m.rank(a, res)
	case session.PollResults:
		m.poll(a, res)
	case session.ShownResults:
		return m.shown(a)
	default:
		return fmt.Errorf("write markdown: activity %s: no report for kind %q", a.ID, a.Kind)
	}
	return nil
}

// brainstorm lists the notes phase by phase (a journey map's columns as
// sections), each with its dots and, where names may be shown, its author.
func (m *md) brainstorm(a session.ReportActivity, res session.BrainstormResults) {
	if len(res) == 0 {
		m.b.WriteString(m.l.noNotes + "\n")
		return
	}
	phase := "\x00"
	for _, n := range res {
		if len(a.Columns) > 0 && n.Phase != phase {
			phase = n.Phase
			title := n.Phase
			if title == "" {
				title = m.l.noPhase
			}
			if !strings.HasSuffix(m.b.String(), "\n\n") {
				m.b.WriteString("\n")
			}
			fmt.Fprintf(&m.b, "### %s\n\n", mdInline(title))
		}
		m.b.WriteString("- " + m.noteLine(n.NoteID, n.Text, n.Votes) + "\n")
	}
}

func (m *md) noteLine(id, text string, dots int) string {
	line := mdInline(text)
	if dots > 0 {
		line += " " + bar(dots)
	}
	if author := deref(m.notes[id].Author); author != "" {
		line += " — " + m.l.author + " " + mdInline(author)
	}
	return line
}

// groups lists each theme with its notes, then the notes nobody sorted.
func (m *md) groups(a session.ReportActivity, res session.ClusterResults) {
	placed := map[string]bool{}
	for _, g := range res {
		fmt.Fprintf(&m.b, "### %s (%s)\n\n", mdInline(g.Title), count(len(g.NoteIDs), m.l.note, m.l.notes))
		for _, id := range g.NoteIDs {
			placed[id] = true
			m.b.WriteString("- " + mdInline(m.notes[id].Text) + "\n")
		}
		m.b.WriteString("\n")
	}
	var loose []string
	for _, n := range m.rep.Notes {
		if n.ActivityID == a.Source && !placed[n.ID] {
			loose = append(loose, n.Text)
		}
	}
	if len(res) == 0 {
		m.b.WriteString(m.l.noGroups + "\n\n")
	}
	if len(loose) > 0 {
		fmt.Fprintf(&m.b, "### %s\n\n", m.l.notGrouped)
		for _, t := range loose {
			m.b.WriteString("- " + mdInline(t) + "\n")
		}
	}
}

// vote is the ranking: most dots first, ties sharing a place, items
// nobody dotted without a place, and a small bar to read at a glance.
func (m *md) vote(a session.ReportActivity, res session.VoteResults) {
	if len(res) == 0 {
		m.b.WriteString(m.l.noItems + "\n")
		return
	}
	if a.Secret && !a.Revealed {
		m.b.WriteString("_" + m.l.secretNotShown + "_\n\n")
	}
	fmt.Fprintf(&m.b, "| %s | %s | %s | |\n|---:|---|---:|---|\n", m.l.rank, m.l.item, m.l.dots)
	for _, it := range res {
		rank := "–"
		if it.Rank != nil {
			rank = strconv.Itoa(*it.Rank)
		}
		text := mdCell(it.Text)
		if it.ItemKind == session.ItemGroup {
			texts := make([]string, 0, len(it.NoteIDs))
			for _, id := range it.NoteIDs {
				texts = append(texts, m.notes[id].Text)
			}
			text = "**" + text + "** (" + m.l.group + ": " + mdCell(strings.Join(texts, "; ")) + ")"
		}
		fmt.Fprintf(&m.b, "| %s | %s | %d | %s |\n", rank, text, it.Votes, bar(it.Votes))
	}
}

// shown: a results activity repeats the outcome of the activity it
// showed, so the section the room saw last reads on its own.
func (m *md) shown(a session.ReportActivity) error {
	for i, src := range m.rep.Activities {
		if src.ID != a.Source {
			continue
		}
		fmt.Fprintf(&m.b, "%s %d. %s\n\n", m.l.shows, i+1, sentence(mdInline(src.Title)))
		if _, loop := src.Results.(session.ShownResults); loop {
			return nil
		}
		return m.outcome(src, src.Results)
	}
	m.b.WriteString(m.l.noItems + "\n")
	return nil
}

// sentence ends s with a full stop unless it already ends a sentence, so
// a question as a title does not read "?.".
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// bar draws dots as a small text bar; past 20 the number says the rest.
func bar(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("●", min(n, 20))
}

// mdInline keeps participant text from turning into Markdown structure.
func mdInline(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

func mdCell(s string) string { return strings.ReplaceAll(mdInline(s), "|", `\|`) }
