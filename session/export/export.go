// Package export writes a room's report in the formats people take home:
// JSON for tools (the shape CONTRACT.md fixes), Markdown for a report a
// facilitator forwards the same day, CSV for spreadsheets. It only formats;
// session decides what a report may contain (no names from anonymous
// rooms) and what each activity's outcome is.
package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/samla/samla/session"
)

// ErrFormat is returned for a format samla does not write.
var ErrFormat = errors.New("unknown format (use json, md or csv)")

// ErrSeparator is a CSV separator a spreadsheet could not read back.
var ErrSeparator = errors.New("the CSV separator must be one character such as , or ;")

// Options are how a report is written.
type Options struct {
	// Format is "json", "md" or "csv" ("" is md).
	Format string
	// Separator is the CSV field separator (0: a comma).
	Separator rune
}

// Write writes rep to w as opt says.
func Write(w io.Writer, rep session.Report, opt Options) error {
	switch opt.Format {
	case "json":
		return writeJSON(w, rep)
	case "md", "markdown", "":
		return writeMarkdown(w, rep)
	case "csv":
		return writeCSV(w, rep, opt.Separator)
	}
	return fmt.Errorf("%w: %q", ErrFormat, opt.Format)
}

// ParseSeparator reads --csv-separator: one character that is not a
// quote, a line end or a letter people write in notes.
func ParseSeparator(s string) (rune, error) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case s == "":
		return ',', nil
	case size != len(s), r == '"', r == '\r', r == '\n', r == utf8.RuneError:
		return 0, fmt.Errorf("%w, not %q", ErrSeparator, s)
	}
	return r, nil
}

func writeJSON(w io.Writer, rep session.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
