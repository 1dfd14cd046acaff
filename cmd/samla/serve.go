package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	wishrecover "charm.land/wish/v2/recover"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/samla/samla/session"
	"github.com/samla/samla/store"
	"github.com/samla/samla/tui"
	"github.com/samla/samla/tui/paint"
)

type serveConfig struct {
	db           string
	listen       string
	hostKey      string
	facilitators string
	joinHost     string
	limits       session.Limits
	maxConns     int
	maxConnsHost int
	idle         time.Duration
	unread       time.Duration
	guessEvery   time.Duration
	guessBurst   int
	unloadAfter  time.Duration
	// adjust lets tests change the wiring (never set from flags).
	adjust func(*sshDeps)
}

func serveFlags(args []string) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.db, "db", "samla.db", "SQLite database file")
	fs.StringVar(&c.listen, "listen", ":2222", "address to listen on")
	fs.StringVar(&c.hostKey, "host-key", "", "SSH host key (default: samla_host_ed25519 beside the database)")
	fs.StringVar(&c.facilitators, "facilitators", "", "authorized_keys file of facilitator keys")
	fs.StringVar(&c.joinHost, "join-host", "", "host name or address people type to join, as shown at start and on the projector (default: this machine's address)")
	c.limits = session.DefaultLimits()
	fs.IntVar(&c.limits.NoteLen, "max-note-length", c.limits.NoteLen, "most characters in a note")
	fs.IntVar(&c.limits.NotesPerActivity, "notes-per-activity", c.limits.NotesPerActivity, "most notes one person writes in one activity")
	fs.Float64Var(&c.limits.NotesPerMinute, "notes-per-minute", c.limits.NotesPerMinute, "notes one connection may write per minute (after a burst of 5)")
	fs.Float64Var(&c.limits.ActionsPerSecond, "actions-per-second", c.limits.ActionsPerSecond, "dots and other actions per second per connection (after a burst of 20)")
	fs.IntVar(&c.limits.PeoplePerSource, "people-per-address", c.limits.PeoplePerSource, "notes and dots from one address (an IPv6 /64) may come as fast as from this many people together")
	fs.IntVar(&c.maxConns, "max-connections", 500, "most SSH connections at once")
	fs.IntVar(&c.maxConnsHost, "max-connections-per-address", 100, "most SSH connections at once from one address")
	fs.DurationVar(&c.idle, "idle-timeout", time.Hour, "disconnect people who press no key for this long (they are warned first)")
	fs.DurationVar(&c.unread, "unread-timeout", defaultUnread, "disconnect a client that reads nothing for this long (a frozen laptop, a paused terminal); someone idle but connected is never affected")
	fs.DurationVar(&c.guessEvery, "code-guess-interval", time.Minute, "after the first wrong room codes, one more guess per address per interval")
	fs.IntVar(&c.guessBurst, "code-guesses", 10, "wrong room codes an address may try before the interval applies")
	fs.DurationVar(&c.unloadAfter, "room-unload-after", session.DefaultUnloadAfter, "free a room's memory when nobody has been in it for this long (it loads again from the database on the next join)")
	pos, err := parseFlags(fs, args, os.Getenv)
	if err != nil {
		return c, err
	}
	if len(pos) > 0 {
		return c, fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, pos)
	}
	if err := c.limits.Validate(); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	if c.maxConns < 1 || c.maxConnsHost < 1 || c.guessBurst < 1 || c.guessEvery <= 0 || c.idle < time.Second || c.unloadAfter < time.Second || c.unread < time.Second {
		return c, fmt.Errorf("%w: connection limits and code guesses must be positive, the idle and unread timeouts and room unload time at least 1s", errUsage)
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
	return runServe(ctx, cfg, stdout, stderr)
}

func runServe(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	setMemoryLimit(log)
	st, err := store.Open(cfg.db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	if err := st.CheckWritable(ctx); errors.Is(err, store.ErrReadOnly) {
		return fmt.Errorf("samla cannot write to its database %s, so it could not save a single note: "+
			"check that the file and its folder belong to the user running samla and are writable, and that the disk is not full or mounted read-only (%w)", cfg.db, err)
	} else if err != nil {
		return err
	}
	secret, err := participantSecret(ctx, cfg.db, st, log)
	if err != nil {
		return err
	}
	hub, err := session.NewHub(st, session.WithLogger(log), session.WithLimits(cfg.limits), session.WithSecret(secret), session.WithUnloadAfter(cfg.unloadAfter))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		hub.Close()
		return fmt.Errorf("listen on %s: %w", cfg.listen, err)
	}
	if cfg.facilitators != "" {
		if _, err := isFacilitator(cfg.facilitators, nil); err != nil {
			hub.Close()
			_ = ln.Close()
			return fmt.Errorf("--facilitators: %w", err)
		}
	}
	codes, err := newCodeGuard(cfg.guessEvery, cfg.guessBurst)
	if err != nil {
		hub.Close()
		_ = ln.Close()
		return err
	}
	deps := sshDeps{
		hub: hub, log: log, hostKey: cfg.hostKey, facilitators: cfg.facilitators,
		conns: newConnGuard(cfg.maxConns, cfg.maxConnsHost, log), codes: codes, idle: cfg.idle, unread: cfg.unread,
		listen: ln.Addr(), joinHost: cfg.joinHost, renders: tui.NewRenders(),
		painters: paint.NewPainters(0),
	}
	defer deps.painters.Close()
	if cfg.adjust != nil {
		cfg.adjust(&deps)
	}
	srv, err := newSSHServer(deps)
	if err != nil {
		hub.Close()
		_ = ln.Close()
		return err
	}
	fmt.Fprintf(stdout, "samla is running. Database: %s\n", cfg.db)
	fmt.Fprintf(stdout, "Participants join with:  ssh -p %s %s\n", port(ln.Addr()), joinHost(cfg.joinHost, ln.Addr(), nil))
	fmt.Fprintf(stdout, "Make a room with:        samla room new \"Title\" --db %s\n", cfg.db)
	return runServer(ctx, srv, ln, hub, deps.conns, log)
}

// runServer serves until ctx ends, then stops rooms first (so screens say
// the room closed, and nothing half-done is lost) and connections last.
func runServer(ctx context.Context, srv *ssh.Server, ln net.Listener, hub *session.Hub, conns *connGuard, log *slog.Logger) error {
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
	// No one new while the rooms close; Serve returns on its own.
	_ = ln.Close()
	hub.Close()
	// Give screens a moment to draw "the room was closed".
	drain, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	conns.drain(drain)
	_ = srv.Close()
	<-errc
	return nil
}

func port(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return fmt.Sprint(tcp.Port)
	}
	return "2222"
}

// joinHost is what people should type to reach this server: the name the
// facilitator gave, else the one address the server listens on, else the
// address this connection came in on, unless that is loopback (a
// facilitator on the server's own laptop), then the machine's LAN address,
// which works in a meeting room where laptop names often do not resolve.
func joinHost(configured string, listen, local net.Addr) string {
	if configured != "" {
		return configured
	}
	if ip := ipOf(listen); ip != nil && !ip.IsUnspecified() {
		return ip.String()
	}
	if ip := ipOf(local); ip != nil && !ip.IsLoopback() && !ip.IsUnspecified() {
		return ip.String()
	}
	if ip := lanAddress(); ip != nil {
		return ip.String()
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "<host>"
}

func ipOf(a net.Addr) net.IP {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP
	}
	return nil
}

// lanAddress is the machine's first private IPv4 address, else its first
// global one; nil if it has neither.
func lanAddress() net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var global net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.To4() == nil || !n.IP.IsGlobalUnicast() {
			continue
		}
		if n.IP.IsPrivate() {
			return n.IP
		}
		if global == nil {
			global = n.IP
		}
	}
	return global
}

type sshDeps struct {
	hub          *session.Hub
	log          *slog.Logger
	hostKey      string
	facilitators string
	conns        *connGuard
	codes        *codeGuard
	idle         time.Duration
	// unread: a client that reads nothing for this long is hung up on.
	unread time.Duration
	// listen and joinHost say where people join, for the projector.
	listen   net.Addr
	joinHost string
	// renders is what the sessions draw alike, drawn once for all.
	renders *tui.Renders
	// painters make every session's frames; nil makes them on the
	// session's own goroutine.
	painters *paint.Painters
	// newModel makes the program's model; tests replace it.
	newModel func(tui.Deps) tea.Model
	// output, if set, stands between a session and what is written to it,
	// so tests can count what the server tried to send.
	output func(io.Writer) io.Writer
}

// newSSHServer wires the SSH surface. Middlewares run last-listed first.
func newSSHServer(d sshDeps) (*ssh.Server, error) {
	defer keepDirMode(filepath.Dir(d.hostKey))()
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(d.hostKey),
		// Everyone gets in: a key makes you the same participant next time;
		// without one (keyboard-interactive with no questions) you are new.
		// A password is never asked.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		func(s *ssh.Server) error {
			// wish sets no timeouts; a client that never finishes the
			// handshake must not hold a connection forever. Idle people are
			// handled by the app, which can warn them first; the SSH idle
			// and maximum timeouts are a backstop above the app's limit, for
			// connections the app never sees (no session, a stuck program).
			s.HandshakeTimeout = 30 * time.Second
			s.IdleTimeout, s.MaxTimeout = sshTimeouts(d.idle)
			// Only session channels, each with bounded sizes and
			// environment, at most two per connection.
			s.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannels(d.conns)}
			s.ConnCallback = d.conns.admit
			s.ConnectionCloseCallback = d.conns.release
			return nil
		},
		wish.WithMiddleware(
			// 3. the terminal app, for what is left: sessions with a PTY
			programs(d),
			// 2. exec commands, and a word for sessions without a terminal
			commandMiddleware(d),
			// 1. a panic ends one session, never the server
			wishrecover.Middleware(),
			// 0. session log without names, keys or addresses
			logSessions(d.log),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return srv, nil
}

// programs runs one Bubble Tea program per interactive session. It does
// what wish's bubbletea middleware does (PTY I/O through MakeOptions, window
// changes), and one more thing samla needs: the context given to the app
// ends when the program ends, so a person who leaves (ctrl+c, idle, a
// panic) stops being present at once, not when their client hangs up.
func programs(d sshDeps) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			_, changes, ok := s.Pty()
			if !ok || len(s.Command()) > 0 {
				next(s)
				return
			}
			view := tui.Switch{Plain: wantsPlain(s), Code: roomFromUser(s.User())}
			if code, ok := projectorCode(s.User()); ok {
				view = tui.Switch{Projector: true, Code: code}
			}
			if !view.Plain && !view.Projector && view.Code != "" {
				view.Plain = d.hub.RemembersPlain(s.Context(), view.Code, identity(s))
			}
			keys := newInputFeed(s)
			windows := newWindowFeed(s.Context(), changes, d.log)
			visit := newVisit()
			out, stop := watchReading(s, d)
			defer stop()
			// A person may switch between full screen and plain mode; each
			// switch is a new program for the same person in the same room.
			for {
				to, switched := runProgram(s, d, visit, windows, keys, out, view)
				if !switched {
					break
				}
				view = to
			}
			keys.Close()
			next(s)
		}
	}
}

// watchReading gives the session's output, bounded by d.unread, and keeps
// asking the client for signs of life until stop: a client that reads
// nothing for that long is hung up on, its program ends and it is no
// longer counted online. Its key brings it back as the same person.
func watchReading(s ssh.Session, d sshDeps) (io.Writer, func()) {
	conn, _ := s.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	var once sync.Once
	hangUp := func(why string) func() {
		return func() {
			once.Do(func() {
				d.log.Info("connection closed", "reason", why, "after", d.unread)
				if conn != nil {
					_ = conn.Close()
				}
			})
		}
	}
	ctx, stop := context.WithCancel(s.Context())
	if conn != nil {
		keepAlive(ctx, conn, d.unread, hangUp("no answer to keepalive"))
	}
	var w io.Writer = s
	if d.output != nil {
		w = d.output(w)
	}
	return newStallWriter(w, d.unread, hangUp("output not read")), stop
}

// runProgram runs one view until it ends, and says if it ended to switch.
func runProgram(s ssh.Session, d sshDeps, visit string, windows *windowFeed, keys *inputFeed, out io.Writer, view tui.Switch) (tui.Switch, bool) {
	ctx, cancel := context.WithCancel(s.Context())
	defer cancel()
	in := keys.reader()
	defer func() { _ = in.Close() }()
	deps := appDeps(ctx, s, d, visit)
	var program atomic.Pointer[tea.Program]
	deps.Send = func(msg tea.Msg) {
		if p := program.Load(); p != nil {
			p.Send(msg) // returns at once once the program has ended
		}
	}
	deps.Code = view.Code
	deps.Lang = view.Lang
	g := &guarded{log: d.log}
	pty, _, _ := s.Pty()
	var top tea.Model = g
	var scr *paint.Screen
	// samla draws the screen itself (package paint): Bubble Tea's renderer
	// would wake every program 20 times a second for its whole life and
	// hold two cell buffers of the screen, which in a full room of 1,000
	// was all of its idle CPU and a third of its memory
	// (docs/PERFORMANCE.md). With no renderer and no input of its own,
	// Bubble Tea's frame ticker has nothing to do, so it ticks once a
	// second. The server owns SIGINT and SIGTERM: Bubble Tea's own handler
	// would quit every program at once, before the room could tell its
	// screen the server is stopping.
	opts := append(bubbletea.MakeOptions(s), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithFPS(1), tea.WithoutSignalHandler())
	switch {
	case view.Projector:
		g.inner = tui.NewProjector(deps)
	case view.Plain:
		lines := tui.NewLines(out)
		defer lines.Close()
		g.inner = tui.NewPlain(deps, lines)
		// Plain mode writes lines, never draws, and asks the terminal
		// nothing: a screen reader must hear only words.
		opts = []tea.ProgramOption{tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithEnvironment(s.Environ()), tea.WithoutSignalHandler()}
	default:
		g.inner = d.model(deps)
	}
	if !view.Plain {
		profile := colorprofile.Env(append(s.Environ(), "TERM="+pty.Term))
		scr = paint.New(out, profile, pty.Window.Width, pty.Window.Height)
		top = paint.Wrap(g, scr, d.painters)
		opts = append(opts, tea.WithColorProfile(profile))
	}
	p := tea.NewProgram(top, opts...)
	program.Store(p)
	events := startKeyEvents(in, p.Send, scr != nil)
	windows.forward(ctx, p.Send, p.Quit)
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		d.log.Warn("program ended", "err", err)
	}
	p.Kill()
	if scr != nil {
		if err := scr.Close(); err != nil {
			d.log.Debug("screen not given back", "err", err)
		}
	}
	_ = in.Close() // before the next program reads: the keyboard is theirs now
	events.wait()
	return g.switched()
}

// sshTimeouts: the connection idle timeout (no byte either way) is twice
// the app's own, which warns people first; twice, so a projector showing a
// quiet room through a long lunch stays up (the projector has no key idle
// limit). No connection lasts more than a day, or four idle limits if that
// is longer.
func sshTimeouts(appIdle time.Duration) (idle, most time.Duration) {
	return 2 * appIdle, max(24*time.Hour, 4*appIdle)
}

func (d sshDeps) model(deps tui.Deps) tea.Model {
	if d.newModel != nil {
		return d.newModel(deps)
	}
	return tui.New(deps)
}

func appDeps(ctx context.Context, s ssh.Session, d sshDeps, visit string) tui.Deps {
	id, host := identity(s), hostOf(s.RemoteAddr())
	if len(id.Key) == 0 {
		id.Visit = visit
	}
	// Limits and dot budgets hold per address too: without a key, each
	// connection is someone new.
	id.Source = host
	fac, err := isFacilitator(d.facilitators, s.PublicKey())
	if err != nil {
		d.log.Error("facilitators file", "err", err)
	}
	id.Facilitator = fac
	joinPort, _ := strconv.Atoi(port(d.listen))
	return tui.Deps{
		Ctx:         ctx,
		Hub:         d.hub,
		Identity:    id,
		Code:        roomFromUser(s.User()),
		IdleTimeout: d.idle,
		Dumb:        isDumb(s),
		Env:         s.Environ(),
		Join: func(ctx context.Context, code string) (*session.Member, error) {
			return withCodeGuard(d, host, func() (*session.Member, error) { return d.hub.Join(ctx, code, id) })
		},
		Watch: func(ctx context.Context, code string) (*session.Watcher, error) {
			return withCodeGuard(d, host, func() (*session.Watcher, error) { return d.hub.Watch(ctx, code, id) })
		},
		Host:    joinHost(d.joinHost, d.listen, s.LocalAddr()),
		Port:    joinPort,
		Renders: d.renders,
	}
}

// wantsPlain: the user name asks for plain mode, or the terminal cannot do
// more (TERM=dumb still gets cursor movement from the full-screen renderer).
func wantsPlain(s ssh.Session) bool {
	user := strings.ToLower(s.User())
	return user == "plain" || strings.HasPrefix(user, "plain+") || isDumb(s)
}

func isDumb(s ssh.Session) bool {
	pty, _, _ := s.Pty()
	return pty.Term == "dumb"
}

// withCodeGuard opens a room with a code, counting wrong codes against the
// address they came from.
func withCodeGuard[T any](d sshDeps, host string, open func() (T, error)) (T, error) {
	if wait := d.codes.wait(host); wait > 0 {
		var none T
		return none, &tui.TooManyGuesses{Wait: wait}
	}
	v, err := open()
	if errors.Is(err, session.ErrNoSuchRoom) {
		d.codes.failed(host)
	}
	return v, err
}

// newVisit is what makes one connection without a key one person across
// the views it switches between (session.Identity.Visit).
func newVisit() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand's Read never fails (Go 1.24 and later)
	return hex.EncodeToString(b)
}

// identity is the key that finished authentication (never one merely
// offered), in wire form.
func identity(s ssh.Session) session.Identity {
	if k := s.PublicKey(); k != nil {
		return session.Identity{Key: k.Marshal()}
	}
	return session.Identity{}
}

// projectorCode reads "screen+CODE", keeping what follows the prefix as
// typed, so a mistyped code is explained in the person's own words.
func projectorCode(user string) (string, bool) {
	if len(user) < len("screen+") || !strings.EqualFold(user[:len("screen+")], "screen+") {
		return "", false
	}
	return user[len("screen+"):], true
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

// keepDirMode returns a function that puts back the mode dir has now.
// Writing a new host key chmods the key's directory to 0700, and that
// directory is often the working directory or a shared one that samla did
// not create and must not change. A directory that does not exist yet is
// samla's own, and keeps the 0700 it is created with.
func keepDirMode(dir string) func() {
	before, err := os.Stat(dir)
	if err != nil {
		return func() {}
	}
	return func() {
		after, err := os.Stat(dir)
		if err == nil && after.Mode().Perm() != before.Mode().Perm() {
			_ = os.Chmod(dir, before.Mode().Perm()) // best effort: the server runs either way
		}
	}
}
