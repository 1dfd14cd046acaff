package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/samla/samla/session"
	"github.com/samla/samla/session/export"
	"github.com/samla/samla/store"
)

// The commands below run both locally (samla room new …) and over SSH
// (ssh HOST new …). Local runs open the database named by --db; SSH runs use
// the server's hub, so the same words do the same thing either way.

type newRoomArgs struct {
	spec session.RoomSpec
	db   string
}

// commandFlags is a command's flag set; --db only where the command runs
// locally (over SSH the server's database is the one).
func commandFlags(name string, withDB bool, db *string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	if withDB {
		fs.StringVar(db, "db", "samla.db", "SQLite database file")
	}
	return fs
}

// oneArgument parses flags around exactly one positional argument.
func oneArgument(fs *flag.FlagSet, args []string, env func(string) string, missing string) (string, error) {
	pos, err := parseFlags(fs, args, env)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", fmt.Errorf("%w: %s", errUsage, missing)
	}
	return pos[0], nil
}

func parseNewRoom(args []string, withDB bool, env func(string) string) (newRoomArgs, error) {
	var a newRoomArgs
	var anonymity string
	fs := commandFlags("room new", withDB, &a.db)
	fs.StringVar(&a.spec.Template, "template", "", "agenda to start with: "+strings.Join(session.TemplateNames(), ", ")+", or (locally) a JSON file")
	fs.StringVar(&anonymity, "anonymity", string(session.Named), "named, anonymous or peers")
	fs.StringVar(&a.spec.Lang, "lang", "en", "room language: sv, nb or en")
	fs.BoolVar(&a.spec.KeysRequired, "keys-required", false, "let in only people who connect with an SSH key, so each person counts once")
	fs.StringVar(&a.spec.After, "after", "", "the room this one is the next round of: its agenda is copied, and its language and anonymity unless given")
	// The title is every word that is not a flag: over SSH the command
	// arrives as one line split at spaces, so `ssh HOST new Vägen till
	// stöd` (or the same with quotes the local shell removes) must not
	// become three arguments and a refusal.
	words, err := parseFlags(fs, args, env)
	if err != nil {
		return a, err
	}
	if len(words) == 0 {
		return a, fmt.Errorf("%w: new needs a TITLE", errUsage)
	}
	a.spec.Title = strings.Join(words, " ")
	if a.spec.After != "" {
		return a, nextRoundFlags(fs, &a.spec, anonymity)
	}
	var ok bool
	if a.spec.Anonymity, ok = session.ParseAnonymity(anonymity); !ok {
		return a, fmt.Errorf("%w: --anonymity must be named, anonymous or peers, not %q", errUsage, anonymity)
	}
	switch a.spec.Lang {
	case "sv", "nb", "en":
	default:
		return a, fmt.Errorf("%w: --lang must be sv, nb or en, not %q", errUsage, a.spec.Lang)
	}
	if err := readTemplate(&a.spec, withDB); err != nil {
		return a, err
	}
	return a, nil
}

// readTemplate takes a built-in template's name as it is, and reads any
// other as a file, but only locally: over SSH a path would read the
// server's files for whoever asks.
func readTemplate(spec *session.RoomSpec, files bool) error {
	name := spec.Template
	if name == "" || slices.Contains(session.TemplateNames(), name) {
		return nil
	}
	builtin := strings.Join(session.TemplateNames(), ", ")
	if !files {
		return fmt.Errorf("%w: --template: no template %q; built in: %s", errUsage, name, builtin)
	}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: --template: %q is neither a built-in template (%s) nor a file", errUsage, name, builtin)
	}
	if err != nil {
		return fmt.Errorf("--template: %w", err)
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, session.MaxTemplateBytes+1))
	if err != nil {
		return fmt.Errorf("--template: %w", err)
	}
	t, err := session.ParseTemplate(data)
	if err != nil {
		return fmt.Errorf("%w: --template %s: %w", errUsage, name, err)
	}
	spec.Agenda = &t
	spec.Template = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	return nil
}

func createRoom(ctx context.Context, hub *session.Hub, spec session.RoomSpec, stdout io.Writer) error {
	info, err := hub.CreateRoom(ctx, spec)
	if errors.Is(err, session.ErrNoSuchRoom) {
		return fmt.Errorf("%w: --after: %w", errUsage, err)
	}
	if errors.Is(err, session.ErrTitle) || errors.Is(err, session.ErrNoSuchActivity) || errors.Is(err, session.ErrBudget) {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if err != nil {
		return err
	}
	// The code alone on the first line: scripts read it.
	fmt.Fprintln(stdout, info.Code)
	return nil
}

func listRooms(ctx context.Context, hub *session.Hub, stdout io.Writer) error {
	rooms, err := hub.Rooms(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tTITLE\tCREATED\tPARTICIPANTS")
	for _, r := range rooms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", r.Code, r.Title, r.CreatedAt.Local().Format(time.DateTime), r.Participants)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	return nil
}

type exportArgs struct {
	code, format, db, separator string
	noNames                     bool
	// minGroup: fewer answers than this to an item are withheld in
	// anonymous rooms' ratings, matrices and rankings.
	minGroup int
}

func parseExport(args []string, withDB bool, env func(string) string) (exportArgs, error) {
	var a exportArgs
	fs := commandFlags("export", withDB, &a.db)
	reportFlags(fs, &a.format, &a.separator, &a.minGroup)
	fs.BoolVar(&a.noNames, "no-names", false, "leave authors out, also where the room shows names")
	var err error
	if a.code, err = oneArgument(fs, args, env, "export needs exactly one room CODE"); err != nil {
		return a, err
	}
	switch a.format {
	case "json", "md", "csv":
	default:
		return a, fmt.Errorf("%w: --format must be json, md or csv, not %q", errUsage, a.format)
	}
	if _, err := export.ParseSeparator(a.separator); err != nil {
		return a, fmt.Errorf("%w: --csv-separator: %w", errUsage, err)
	}
	if a.minGroup < 1 {
		return a, fmt.Errorf("%w: --min-group must be 1 or more, not %d", errUsage, a.minGroup)
	}
	return a, nil
}

func writeExport(ctx context.Context, hub *session.Hub, a exportArgs, stdout io.Writer) error {
	rep, err := hub.Report(ctx, a.code, session.ReportOptions{NoNames: a.noNames, MinGroup: a.minGroup})
	if errors.Is(err, session.ErrNoSuchRoom) {
		return fmt.Errorf("no room with the code %q", session.NormalizeCode(a.code))
	}
	if err != nil {
		return err
	}
	sep, err := export.ParseSeparator(a.separator)
	if err != nil {
		return err
	}
	return export.Write(stdout, rep, export.Options{Format: a.format, Separator: sep})
}

// withHub opens the database for one local command.
func withHub(path string, fn func(*session.Hub) error) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no database at %s (start `samla serve` there, or pass --db)", path)
	}
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	hub, err := session.NewHub(st)
	if err != nil {
		return err
	}
	defer hub.Close()
	return fn(hub)
}

func roomNew(ctx context.Context, args []string, stdout io.Writer) error {
	a, err := parseNewRoom(args, true, os.Getenv)
	if err != nil {
		return err
	}
	// Making a room is how a facilitator starts, so it may create the
	// database; the other commands only read an existing one.
	st, err := store.Open(a.db)
	if err != nil {
		return err
	}
	_ = st.Close()
	return withHub(a.db, func(h *session.Hub) error { return createRoom(ctx, h, a.spec, stdout) })
}

func roomList(ctx context.Context, args []string, stdout io.Writer) error {
	var db string
	pos, err := parseFlags(commandFlags("room list", true, &db), args, os.Getenv)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: room list takes no arguments", errUsage)
	}
	return withHub(db, func(h *session.Hub) error { return listRooms(ctx, h, stdout) })
}

func exportCmd(ctx context.Context, args []string, stdout io.Writer) error {
	a, err := parseExport(args, true, os.Getenv)
	if err != nil {
		return err
	}
	return withHub(a.db, func(h *session.Hub) error { return writeExport(ctx, h, a, stdout) })
}

// reportFlags are the flags a report and a comparison share: the format,
// the CSV separator and the smallest group whose numbers are shown.
func reportFlags(fs *flag.FlagSet, format, separator *string, minGroup *int) {
	fs.StringVar(format, "format", "md", "json, md or csv")
	fs.StringVar(separator, "csv-separator", ",", "the CSV field separator, e.g. ';' for spreadsheets that expect it")
	fs.IntVar(minGroup, "min-group", session.DefaultMinGroup, "in anonymous rooms, withhold the numbers of items fewer than this many answered")
}
