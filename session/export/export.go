// Package export writes a room's report in the formats people take home:
// JSON for tools (the shape CONTRACT.md fixes), Markdown for a readable
// record, CSV for spreadsheets. It only formats; session decides what a
// report may contain (no names from anonymous rooms).
package export

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/samla/samla/session"
)

// ErrFormat is returned for a format samla does not write.
var ErrFormat = errors.New("unknown format (use json, md or csv)")

// Write writes rep to w in format: "json", "md" or "csv".
func Write(w io.Writer, rep session.Report, format string) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "md", "markdown", "":
		return writeMarkdown(w, rep)
	case "csv":
		return writeCSV(w, rep)
	}
	return fmt.Errorf("%w: %q", ErrFormat, format)
}

func writeJSON(w io.Writer, rep session.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// ranked returns an activity's notes, most dots first; ties keep the order
// they were written in, and share a rank.
func ranked(rep session.Report, activity string) []session.ReportNote {
	var out []session.ReportNote
	for _, n := range rep.Notes {
		if n.ActivityID == activity {
			out = append(out, n)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Votes > out[j].Votes })
	return out
}

func writeMarkdown(w io.Writer, rep session.Report) error {
	var b strings.Builder
	l := labelsFor(rep.Room.Lang)
	fmt.Fprintf(&b, "# %s\n\n", mdInline(rep.Room.Title))
	fmt.Fprintf(&b, "%s %s · %s %s · %s: %d · %s\n", l.room, rep.Room.Code, l.created, rep.Room.CreatedAt, l.participants, rep.Participants, l.modes[rep.Room.Anonymity])
	named := rep.Room.Anonymity != string(session.Anonymous)
	for _, a := range rep.Activities {
		fmt.Fprintf(&b, "\n## %s\n\n", mdInline(a.Title))
		if a.Prompt != "" {
			fmt.Fprintf(&b, "> %s\n\n", mdInline(a.Prompt))
		}
		notes := ranked(rep, a.ID)
		if len(notes) == 0 {
			b.WriteString(l.noNotes + "\n")
			continue
		}
		header, rule := fmt.Sprintf("| %s | %s | %s |", l.rank, l.note, l.dots), "|---:|---|---:|"
		if named {
			header, rule = header+" "+l.author+" |", rule+"---|"
		}
		b.WriteString(header + "\n" + rule + "\n")
		rank := 0
		for i, n := range notes {
			if i == 0 || n.Votes != notes[i-1].Votes {
				rank = i + 1
			}
			fmt.Fprintf(&b, "| %d | %s | %d |", rank, mdCell(n.Text), n.Votes)
			if named {
				author := ""
				if n.Author != nil {
					author = *n.Author
				}
				fmt.Fprintf(&b, " %s |", mdCell(author))
			}
			b.WriteString("\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

// mdInline keeps participant text from turning into Markdown structure.
func mdInline(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

func mdCell(s string) string { return strings.ReplaceAll(mdInline(s), "|", `\|`) }

func writeCSV(w io.Writer, rep session.Report) error {
	titles := map[string]string{}
	for _, a := range rep.Activities {
		titles[a.ID] = a.Title
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"activity_id", "activity", "note_id", "text", "author", "cluster", "votes", "rating_mean", "created_at"})
	for _, n := range rep.Notes {
		_ = cw.Write([]string{
			n.ActivityID, csvSafe(titles[n.ActivityID]), n.ID, csvSafe(n.Text), csvSafe(deref(n.Author)), csvSafe(deref(n.Cluster)),
			strconv.Itoa(n.Votes), mean(n.RatingMean), n.CreatedAt,
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// csvSafe stops spreadsheet formula injection: a note that starts with = + -
// or @ would otherwise run as a formula when the facilitator opens the file.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func mean(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 2, 64)
}
