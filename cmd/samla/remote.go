package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
)

const remoteUsage = `usage: ssh -p PORT HOST new "TITLE" [--template NAME] [--anonymity named|anonymous|peers] [--lang sv|nb|en]
       ssh -p PORT HOST rooms
       ssh -p PORT HOST export CODE [--format json|md|csv] [--csv-separator ;] [--no-names]`

// runRemoteCommand serves CONTRACT.md's facilitator commands. Only keys in
// the facilitators file may run them; the room code, not the command, is
// what participants need, so refusing costs them nothing.
func runRemoteCommand(s ssh.Session, d sshDeps) {
	args := s.Command()
	known := map[string]bool{"new": true, "rooms": true, "export": true}
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
	switch {
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
		if len(args) > 1 {
			return fmt.Errorf("%w: rooms takes no arguments", errUsage)
		}
		return listRooms(ctx, d.hub, s)
	default:
		a, err := parseExport(args[1:], false, env)
		if err != nil {
			return err
		}
		return writeExport(ctx, d.hub, a, s)
	}
}

// isFacilitator reads the authorized_keys file on each call, so adding a
// facilitator needs no restart.
func isFacilitator(path string, key ssh.PublicKey) (bool, error) {
	if path == "" || key == nil {
		return false, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	want := key.Marshal()
	for len(bytes.TrimSpace(data)) > 0 {
		pk, _, _, rest, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			return false, fmt.Errorf("parse %s: %w", path, err)
		}
		if bytes.Equal(pk.Marshal(), want) {
			return true, nil
		}
		data = rest
	}
	return false, nil
}
