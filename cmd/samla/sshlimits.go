package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Terminal sizes a client may claim. The renderer allocates a cell buffer of
// columns × rows before the app can check anything, so one pty request of
// 65535×65535 ran the whole server out of memory. Sizes are clamped where
// the request arrives, so nothing after it ever sees a bigger one.
const (
	maxColumns, maxRows         = 500, 200
	defaultColumns, defaultRows = 80, 24
)

// Environment a session may set before its shell starts: the library keeps
// every `env` request, and 50,000 of 32 KB each crashed the server.
const (
	maxEnvVars       = 64
	maxEnvValueBytes = 8 << 10
	maxEnvTotalBytes = 64 << 10
)

// maxSessionsPerConn: a person needs one session; two leave room for a
// client that opens the next before the last has closed. 300 sessions on one
// connection used 273 MiB.
const maxSessionsPerConn = 2

// clampSize keeps a size within the limits; 0 (a client that does not know
// its size) becomes the classic 80×24.
func clampSize(cols, rows uint32) (uint32, uint32) {
	if cols == 0 {
		cols = defaultColumns
	}
	if rows == 0 {
		rows = defaultRows
	}
	return min(cols, maxColumns), min(rows, maxRows)
}

// ptyRequest and windowChange are the wire forms of RFC 4254 §6.2 and §6.7.
type ptyRequest struct {
	Term              string
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
	Modes             string
}

type windowChange struct {
	Columns, Rows     uint32
	WidthPx, HeightPx uint32
}

// clampPtyRequest and clampWindowChange rewrite a pty-req or window-change
// payload to a clamped size; a payload that does not parse is left for the
// library to refuse.
func clampPtyRequest(payload []byte) []byte {
	return clampPayload(payload, func(p *ptyRequest) (*uint32, *uint32) { return &p.Columns, &p.Rows })
}

func clampWindowChange(payload []byte) []byte {
	return clampPayload(payload, func(w *windowChange) (*uint32, *uint32) { return &w.Columns, &w.Rows })
}

// clampPayload clamps the size that size points at in a payload of type T.
func clampPayload[T any](payload []byte, size func(*T) (*uint32, *uint32)) []byte {
	var v T
	if gossh.Unmarshal(payload, &v) != nil {
		return payload
	}
	cols, rows := size(&v)
	*cols, *rows = clampSize(*cols, *rows)
	return gossh.Marshal(&v)
}

// envBudget counts what one session's env requests have set.
type envBudget struct {
	vars, bytes int
}

// allow says if one more variable fits, and spends it if so.
func (b *envBudget) allow(payload []byte) bool {
	var kv struct{ Key, Value string }
	if gossh.Unmarshal(payload, &kv) != nil {
		return false
	}
	size := len(kv.Key) + len(kv.Value)
	if b.vars >= maxEnvVars || len(kv.Value) > maxEnvValueBytes || b.bytes+size > maxEnvTotalBytes {
		return false
	}
	b.vars++
	b.bytes += size
	return true
}

// filterRequests stands between a session channel and the library: sizes
// are clamped, and env requests past the budget are refused here, never
// stored. It never buffers: one request at a time passes on.
func filterRequests(in <-chan *gossh.Request) <-chan *gossh.Request {
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		var env envBudget
		for req := range in {
			switch req.Type {
			case "pty-req":
				req.Payload = clampPtyRequest(req.Payload)
			case "window-change":
				req.Payload = clampWindowChange(req.Payload)
			case "env":
				if !env.allow(req.Payload) {
					if req.WantReply {
						_ = req.Reply(false, nil)
					}
					continue
				}
			}
			out <- req
		}
	}()
	return out
}

// filteredChannel is a session channel whose requests pass filterRequests.
type filteredChannel struct {
	gossh.NewChannel
}

func (c filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return nil, nil, err //nolint:wrapcheck // the library's own error, passed through
	}
	return ch, filterRequests(reqs), nil
}

// sessionChannels is the handler for "session" channels: at most
// maxSessionsPerConn at once per connection, each filtered; the guard
// learns when a connection has sessions, so it can close those without.
func sessionChannels(g *connGuard) ssh.ChannelHandler {
	return func(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
		key := conn.RemoteAddr().String()
		if !g.sessionOpened(key) {
			_ = newChan.Reject(gossh.ResourceShortage, "samla allows two sessions per connection")
			return
		}
		defer g.sessionClosed(key)
		ssh.DefaultSessionHandler(srv, conn, filteredChannel{newChan}, ctx)
	}
}

// windowFeed reads a session's window changes for as long as the session
// lasts and keeps only the newest, so a resize storm costs one resize per
// frame the program can take, and the SSH request loop never waits on a
// program (between programs nobody else reads the changes).
//
// One goroutine a session reads; a size is handed to the program by a
// goroutine that lives only while there is one to hand on (the program
// may be busy drawing, and its Send waits): a goroutine forwarding for the
// program's whole life was one more per person, for every collection to
// scan.
type windowFeed struct {
	log *slog.Logger

	mu      sync.Mutex
	latest  ssh.Window
	pending bool          // latest is not handed on yet
	send    func(tea.Msg) // the program now taking sizes; nil between programs
	quit    func()        // ends that program, if handing on panics
	program int           // counts the programs that took sizes
	handing bool          // a goroutine is handing sizes on
	done    chan struct{} // closed when the session's changes end
}

func newWindowFeed(ctx context.Context, windows <-chan ssh.Window, log *slog.Logger) *windowFeed {
	f := &windowFeed{log: log, done: make(chan struct{})}
	go f.read(ctx, windows)
	return f
}

func (f *windowFeed) read(ctx context.Context, windows <-chan ssh.Window) {
	defer close(f.done)
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-windows:
			if !ok {
				return // closed: the session's requests ended; nothing to spin on
			}
			f.mu.Lock()
			f.latest, f.pending = w, true
			f.handOnLocked()
			f.mu.Unlock()
		}
	}
}

// handOnLocked starts handing sizes on, unless that runs already or no
// program takes them now.
func (f *windowFeed) handOnLocked() {
	if f.pending && f.send != nil && !f.handing {
		f.handing = true
		go f.hand()
	}
}

// hand gives the program the newest size until there is none newer. send
// may block (a program busy drawing); meanwhile newer sizes replace older
// ones instead of queueing.
func (f *windowFeed) hand() {
	var quit func() // the program being handed a size
	defer func() {
		if r := recover(); r != nil {
			f.log.Error("panic forwarding window changes", "panic", r, "stack", string(debug.Stack()))
			f.mu.Lock()
			f.handing = false
			f.handOnLocked() // a newer size, or the next program's
			f.mu.Unlock()
			if quit != nil {
				quit()
			}
		}
	}()
	for {
		f.mu.Lock()
		send := f.send
		quit = f.quit
		if !f.pending || send == nil {
			f.handing = false
			f.mu.Unlock()
			return
		}
		w := f.latest
		f.pending = false
		f.mu.Unlock()
		send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
	}
}

// forward hands the newest size to send until ctx ends, then calls quit;
// it returns at once. A size that came while no program took it goes to
// this one.
func (f *windowFeed) forward(ctx context.Context, send func(tea.Msg), quit func()) {
	f.mu.Lock()
	f.program++
	this := f.program
	f.send, f.quit = send, quit
	f.handOnLocked()
	f.mu.Unlock()
	context.AfterFunc(ctx, func() {
		f.mu.Lock()
		if f.program == this { // not the next program's, which may have begun
			f.send, f.quit = nil, nil
		}
		f.mu.Unlock()
		quit()
	})
}
