package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/export"
)

// samla compare CODE_BEFORE CODE_AFTER [CODE …]: rounds of a measurement
// side by side (CONTRACT.md). One code compares a room made with
// `room new --after` with the rounds before it. Locally and over SSH.

type compareArgs struct {
	codes                 []string
	format, db, separator string
	minGroup              int
}

func parseCompare(args []string, withDB bool, env func(string) string) (compareArgs, error) {
	var a compareArgs
	fs := commandFlags("compare", withDB, &a.db)
	reportFlags(fs, &a.format, &a.separator, &a.minGroup)
	var err error
	if a.codes, err = parseFlags(fs, args, env); err != nil {
		return a, err
	}
	switch {
	case len(a.codes) == 0:
		return a, fmt.Errorf("%w: compare needs the room codes of the rounds, earliest first (or one room made with --after)", errUsage)
	case len(a.codes) > session.MaxSeries:
		return a, fmt.Errorf("%w: compare takes at most %d rooms", errUsage, session.MaxSeries)
	case a.format != "json" && a.format != "md" && a.format != "csv":
		return a, fmt.Errorf("%w: --format must be json, md or csv, not %q", errUsage, a.format)
	case a.minGroup < 1:
		return a, fmt.Errorf("%w: --min-group must be 1 or more, not %d", errUsage, a.minGroup)
	}
	if _, err := export.ParseSeparator(a.separator); err != nil {
		return a, fmt.Errorf("%w: --csv-separator: %w", errUsage, err)
	}
	return a, nil
}

// writeComparison compares and writes. Every way the rooms cannot be
// compared is the caller's to fix, so each is a usage error (exit 2).
func writeComparison(ctx context.Context, hub *session.Hub, a compareArgs, stdout io.Writer) error {
	c, err := hub.Compare(ctx, a.codes, session.ReportOptions{MinGroup: a.minGroup})
	switch {
	case errors.Is(err, session.ErrNoSuchRoom):
		return fmt.Errorf("%w: %w", errUsage, err)
	case errors.Is(err, session.ErrSameRoom), errors.Is(err, session.ErrNothingInCommon), errors.Is(err, session.ErrTooFewRounds):
		return fmt.Errorf("%w: %w", errUsage, err)
	case err != nil:
		return err
	}
	sep, err := export.ParseSeparator(a.separator)
	if err != nil {
		return err
	}
	return export.WriteComparison(stdout, c, export.Options{Format: a.format, Separator: sep})
}

func compareCmd(ctx context.Context, args []string, stdout io.Writer) error {
	a, err := parseCompare(args, true, os.Getenv)
	if err != nil {
		return err
	}
	return withHub(a.db, func(h *session.Hub) error { return writeComparison(ctx, h, a, stdout) })
}

// nextRoundFlags checks `room new --after`: a copied agenda takes no
// template, and the language and anonymity not given on the command line
// are the earlier room's (session fills in what stays empty).
func nextRoundFlags(fs *flag.FlagSet, spec *session.RoomSpec, anonymity string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["template"] {
		return fmt.Errorf("%w: --after copies the earlier room's agenda, so it takes no --template", errUsage)
	}
	spec.Lang, spec.Anonymity = "", ""
	if given["lang"] {
		lang := fs.Lookup("lang").Value.String()
		if lang != "sv" && lang != "nb" && lang != "en" {
			return fmt.Errorf("%w: --lang must be sv, nb or en, not %q", errUsage, lang)
		}
		spec.Lang = lang
	}
	if given["anonymity"] {
		a, ok := session.ParseAnonymity(anonymity)
		if !ok {
			return fmt.Errorf("%w: --anonymity must be named, anonymous or peers, not %q", errUsage, anonymity)
		}
		spec.Anonymity = a
	}
	return nil
}
