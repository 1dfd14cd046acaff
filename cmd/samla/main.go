// Command samla runs workshops in a terminal: `samla serve` is the SSH
// server people join with plain ssh; the other commands make rooms and
// export results. This package is the composition root: it parses flags and
// environment, opens the store, and wires session, tui and the SSH server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `usage:
  samla serve [--db PATH] [--listen ADDR] [--host-key PATH] [--facilitators PATH]
  samla room new TITLE [--template NAME | --after CODE] [--anonymity named|anonymous|peers] [--lang sv|nb|en] [--keys-required] [--db PATH]
  samla room list [--db PATH]
  samla export CODE [--format json|md|csv] [--csv-separator ;] [--no-names] [--min-group N] [--db PATH]
  samla compare CODE_BEFORE CODE_AFTER [CODE …] [--format json|md|csv] [--csv-separator ;] [--min-group N] [--db PATH]
  samla compare CODE (a room made with --after: compared with the rounds before it)
  samla backup PATH [--db PATH]
  samla version
Every flag can also be set as SAMLA_<FLAG> (for example SAMLA_DB); a flag beats its variable.`

// errUsage marks mistakes in how samla was called: exit status 2.
var errUsage = errors.New("usage")

// helpRequest is what --help (or -h) after a command returns: not a
// mistake, so it is printed to stdout and samla exits 0. It carries the
// command's flags, drawn from its flag set so no flag can be left out.
type helpRequest struct{ text string }

func (h *helpRequest) Error() string { return h.text }

// flagHelp lists every flag of fs with its default and meaning.
func flagHelp(fs *flag.FlagSet) *helpRequest {
	var b strings.Builder
	fmt.Fprintf(&b, "flags of %s:\n", fs.Name())
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return &helpRequest{text: b.String()}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	var help *helpRequest
	switch {
	case errors.As(err, &help):
		fmt.Fprintf(os.Stdout, "%s\n\n%s", usage, help.text)
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "samla:", err)
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "samla:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "room":
		if len(rest) == 0 {
			return fmt.Errorf("%w: room needs new or list", errUsage)
		}
		switch rest[0] {
		case "help", "-h", "--help":
			fmt.Fprintln(stdout, usage)
			return nil
		case "new":
			return roomNew(ctx, rest[1:], stdout)
		case "list":
			return roomList(ctx, rest[1:], stdout)
		}
		return fmt.Errorf("%w: unknown room command %q", errUsage, rest[0])
	case "export":
		return exportCmd(ctx, rest, stdout)
	case "compare":
		return compareCmd(ctx, rest, stdout)
	case "backup":
		return backupCmd(ctx, rest, stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, "samla", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// parseFlags parses flags wherever they stand among the positional
// arguments, then fills every flag not given from its SAMLA_ variable.
func parseFlags(fs *flag.FlagSet, args []string, env func(string) string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, flagHelp(fs)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := "SAMLA_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := env(name); v != "" && !given[f.Name] && err == nil {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("%w: %s=%q: %w", errUsage, name, v, serr)
			}
		}
	})
	return positional, err
}
