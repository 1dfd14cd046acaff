package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
	"github.com/samla/samla/tui"
)

type serveConfig struct {
	db           string
	listen       string
	hostKey      string
	facilitators string
}

func serveFlags(args []string) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.db, "db", "samla.db", "SQLite database file")
	fs.StringVar(&c.listen, "listen", ":2222", "address to listen on")
	fs.StringVar(&c.hostKey, "host-key", "", "SSH host key (default: samla_host_ed25519 beside the database)")
	fs.StringVar(&c.facilitators, "facilitators", "", "authorized_keys file of facilitator keys")
	pos, err := parseFlags(fs, args, os.Getenv)
	if err != nil {
		return c, err
	}
	if len(pos) > 0 {
		return c, fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, pos)
	}
	if c.hostKey == "" {
		c.hostKey = filepath.Join(filepath.Dir(c.db), "samla_host_ed25519")
	}
	return c, nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := serveFlags(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	st, err := store.Open(cfg.db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	hub, err := session.NewHub(st, session.WithLogger(log))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		hub.Close()
		return fmt.Errorf("listen on %s: %w", cfg.listen, err)
	}
	if cfg.facilitators != "" {
		if _, err := os.Stat(cfg.facilitators); err != nil {
			hub.Close()
			_ = ln.Close()
			return fmt.Errorf("--facilitators: %w", err)
		}
	}
	srv, err := newSSHServer(sshDeps{hub: hub, log: log, hostKey: cfg.hostKey, facilitators: cfg.facilitators})
	if err != nil {
		hub.Close()
		_ = ln.Close()
		return err
	}
	fmt.Fprintf(stdout, "samla is running. Database: %s\n", cfg.db)
	fmt.Fprintf(stdout, "Participants join with:  ssh -p %s %s\n", port(ln.Addr()), hostHint(ln.Addr()))
	fmt.Fprintf(stdout, "Make a room with:        samla room new \"Title\" --db %s\n", cfg.db)
	return runServer(ctx, srv, ln, hub, log)
}

// runServer serves until ctx ends, then stops rooms first (so screens say
// the room closed, and nothing half-done is lost) and connections last.
func runServer(ctx context.Context, srv *ssh.Server, ln net.Listener, hub *session.Hub, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		hub.Close()
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("stopping")
	hub.Close()
	// Give screens a moment to draw "the room was closed".
	shutdown, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("shutdown", "err", err)
	}
	_ = srv.Close()
	return nil
}

func port(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return fmt.Sprint(tcp.Port)
	}
	return "2222"
}

func hostHint(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && !tcp.IP.IsUnspecified() {
		return tcp.IP.String()
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "<host>"
}

type sshDeps struct {
	hub          *session.Hub
	log          *slog.Logger
	hostKey      string
	facilitators string
}

// newSSHServer wires the SSH surface. Middlewares run last-listed first.
func newSSHServer(d sshDeps) (*ssh.Server, error) {
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(d.hostKey),
		// Everyone gets in: a key makes you the same participant next time;
		// without one (keyboard-interactive with no questions) you are new.
		// A password is never asked.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		func(s *ssh.Server) error {
			// wish sets no timeouts; a client that never finishes the
			// handshake must not hold a connection forever.
			s.HandshakeTimeout = 30 * time.Second
			return nil
		},
		wish.WithMiddleware(
			// 3. the terminal app, for what is left: sessions with a PTY
			bubbletea.MiddlewareWithProgramHandler(programHandler(d)),
			// 2. exec commands, and a word for sessions without a terminal
			commandMiddleware(d),
			// 1. a panic ends one session, never the server
			recover.Middleware(),
			// 0. session log without names, keys or addresses
			logSessions(d.log),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return srv, nil
}

// programHandler makes one Bubble Tea program per interactive session.
// It returns nil for sessions the next middleware handles.
func programHandler(d sshDeps) bubbletea.ProgramHandler {
	return func(s ssh.Session) *tea.Program {
		if _, _, ok := s.Pty(); !ok || len(s.Command()) > 0 {
			return nil
		}
		app := tui.New(tui.Deps{
			Ctx:      s.Context(),
			Hub:      d.hub,
			Identity: identity(s),
			Code:     roomFromUser(s.User()),
		})
		// The middleware quits the program when the session ends.
		return tea.NewProgram(app, bubbletea.MakeOptions(s)...)
	}
}

// identity is the key that finished authentication (never one merely
// offered), in wire form.
func identity(s ssh.Session) session.Identity {
	if k := s.PublicKey(); k != nil {
		return session.Identity{Key: k.Marshal()}
	}
	return session.Identity{}
}

// roomFromUser reads the room code from the SSH user name; "plain+" and
// "screen+" select a view mode in front of the code.
func roomFromUser(user string) string {
	for _, prefix := range []string{"plain+", "screen+"} {
		if rest, ok := strings.CutPrefix(strings.ToLower(user), prefix); ok {
			user = rest
		}
	}
	if session.ValidCode(session.NormalizeCode(user)) {
		return user
	}
	return ""
}

func commandMiddleware(d sshDeps) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			_, _, pty := s.Pty()
			switch {
			case len(s.Command()) > 0:
				runRemoteCommand(s, d)
			case !pty:
				wish.Fatalln(s, "samla needs a terminal. Connect with: ssh -t -p PORT HOST")
			default:
				next(s)
			}
		}
	}
}

// logSessions logs that sessions start and end, and nothing that could say
// who someone is: SSH user names are often people's login names, and
// addresses are personal data.
func logSessions(log *slog.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			start := time.Now()
			_, _, pty := s.Pty()
			log.Info("session start", "pty", pty, "command", len(s.Command()) > 0)
			next(s)
			log.Info("session end", "duration", time.Since(start).Round(time.Second))
		}
	}
}
