package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
)

const remoteUsage = `usage: ssh -p PORT HOST new TITLE [--template NAME | --after CODE] [--anonymity named|anonymous|peers] [--lang sv|nb|en] [--keys-required]
       ssh -p PORT HOST rooms
       ssh -p PORT HOST export CODE [--format json|md|csv] [--csv-separator ;] [--no-names] [--min-group N]
       ssh -p PORT HOST compare CODE_BEFORE CODE_AFTER [CODE …] [--format json|md|csv] [--csv-separator ;] [--min-group N]`

// runRemoteCommand serves CONTRACT.md's facilitator commands. Only keys in
// the facilitators file may run them; the room code, not the command, is
// what participants need, so refusing costs them nothing.
func runRemoteCommand(s ssh.Session, d sshDeps) {
	args := s.Command()
	known := map[string]bool{"new": true, "rooms": true, "export": true, "compare": true}
	if !known[args[0]] {
		wish.Errorln(s, fmt.Sprintf("samla: unknown command %q\n%s", args[0], remoteUsage))
		_ = s.Exit(2)
		return
	}
	ok, err := isFacilitator(d.facilitators, s.PublicKey())
	if err != nil {
		d.log.Error("facilitators file", "err", err)
	}
	if !ok {
		wish.Fatalln(s, "samla: only facilitators can run "+args[0]+"; ask the person running the server to add your key")
		return
	}
	noEnv := func(string) string { return "" }
	ctx := s.Context()
	err = runFacilitatorCommand(ctx, d, args, s, noEnv)
	var help *helpRequest
	switch {
	case errors.As(err, &help):
		// Asking for help is not a mistake: the flags go to stdout, status 0.
		wish.Printf(s, "%s\n\n%s", remoteUsage, help.text)
		_ = s.Exit(0)
	case errors.Is(err, errUsage):
		wish.Errorln(s, fmt.Sprintf("samla: %v\n%s", err, remoteUsage))
		_ = s.Exit(2)
	case err != nil:
		wish.Fatalln(s, "samla: "+err.Error())
	default:
		_ = s.Exit(0)
	}
}

func runFacilitatorCommand(ctx context.Context, d sshDeps, args []string, s ssh.Session, env func(string) string) error {
	switch args[0] {
	case "new":
		a, err := parseNewRoom(args[1:], false, env)
		if err != nil {
			return err
		}
		// The key that made the room facilitates it, wherever it joins from.
		a.spec.Creator = identity(s)
		return createRoom(ctx, d.hub, a.spec, s)
	case "rooms":
		// Parsed like the others, so `rooms --help` answers too.
		var none string
		pos, err := parseFlags(commandFlags("rooms", false, &none), args[1:], env)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return fmt.Errorf("%w: rooms takes no arguments", errUsage)
		}
		return listRooms(ctx, d.hub, s)
	case "compare":
		a, err := parseCompare(args[1:], false, env)
		if err != nil {
			return err
		}
		return writeComparison(ctx, d.hub, a, s)
	default:
		a, err := parseExport(args[1:], false, env)
		if err != nil {
			return err
		}
		return writeExport(ctx, d.hub, a, s)
	}
}

// isFacilitator reads the authorized_keys file on each call, so adding a
// facilitator needs no restart. A nil key only checks the file, at startup.
// A line with options (from=, expiry-time=, …) is refused, naming the line:
// samla does not enforce them, and a key its owner meant to restrict must
// not quietly get full facilitator rights.
func isFacilitator(path string, key ssh.PublicKey) (bool, error) {
	if path == "" {
		return false, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	var want []byte
	if key != nil {
		want = key.Marshal()
	}
	found := false
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, _, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return false, fmt.Errorf("parse %s line %d: %w", path, i+1, err)
		}
		if len(options) > 0 {
			return false, fmt.Errorf("%s line %d has options (%s) that samla does not enforce: remove them or the line", path, i+1, strings.Join(options, ","))
		}
		found = found || (want != nil && bytes.Equal(pk.Marshal(), want))
	}
	return found, nil
}
