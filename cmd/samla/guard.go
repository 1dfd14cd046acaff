package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// hostOf is the address a limit counts against: the IP, without the port;
// for IPv6 its /64, since one machine or home is routinely given a whole
// /64 and could otherwise take a fresh address for every connection.
func hostOf(a net.Addr) string {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// defaultNoSession is how long an authenticated connection may stay
// without a session: a real client opens one at once, and one that does not
// only holds a slot (100 of them lock out everyone behind a NAT).
const defaultNoSession = 10 * time.Second

// openConn is one admitted connection: its sessions, and the timer that
// closes it while it has none.
type openConn struct {
	c        net.Conn
	sessions int
	timer    *time.Timer
}

// connGuard limits connections before the SSH handshake, where refusing
// costs the server nothing: in total, and per source address. The per-address
// default is high because a whole workshop may sit behind one NAT.
//
// It also knows every open connection, so that stopping the server can wait
// for screens to close and then close the rest itself: ssh.Server.Shutdown
// races (a WaitGroup Add against its Wait) with a handshake in flight.
type connGuard struct {
	maxTotal, maxPerHost int
	log                  *slog.Logger
	// noSession: a connection without a session is closed after this long
	// (set before serving; tests shorten it).
	noSession time.Duration

	mu     sync.Mutex
	byHost map[string]int
	// open is keyed by remote address, the one thing both callbacks see
	// alike (release gets the server's wrapper, not the conn admit returned).
	open map[string]*openConn
	// idle is closed when open becomes empty, and replaced by an open one
	// when the first connection arrives.
	idle chan struct{}
	// closing: the server is stopping; a connection accepted just before
	// the listener closed is turned away rather than left open.
	closing bool
}

func newConnGuard(maxTotal, maxPerHost int, log *slog.Logger) *connGuard {
	idle := make(chan struct{})
	close(idle)
	return &connGuard{maxTotal: maxTotal, maxPerHost: maxPerHost, log: log, noSession: defaultNoSession,
		byHost: map[string]int{}, open: map[string]*openConn{}, idle: idle}
}

// admit is the server's ConnCallback: nil closes the connection.
func (g *connGuard) admit(_ ssh.Context, c net.Conn) net.Conn {
	host := hostOf(c.RemoteAddr())
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		return nil
	}
	full, hostFull := len(g.open) >= g.maxTotal, g.byHost[host] >= g.maxPerHost
	if !full && !hostFull {
		if len(g.open) == 0 {
			g.idle = make(chan struct{})
		}
		// The clock starts before the handshake, which has its own limit.
		g.open[c.RemoteAddr().String()] = &openConn{c: c, timer: time.AfterFunc(g.noSession, func() { g.closeIfNoSession(c) })}
		g.byHost[host]++
	}
	g.mu.Unlock()
	if !full && !hostFull {
		return c
	}
	// Before the handshake there is no channel to speak on; RFC 4253 lets a
	// server send text lines before its version, which netcat and ssh -v show.
	why := "the server is full"
	if hostFull {
		why = "too many connections from your address"
	}
	g.log.Warn("connection refused", "reason", why)
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = io.WriteString(c, "samla: "+why+"; please try again later.\r\n")
	return nil
}

// release is the server's ConnectionCloseCallback, called only for
// connections admit let in.
func (g *connGuard) release(c net.Conn) {
	host := hostOf(c.RemoteAddr())
	g.mu.Lock()
	defer g.mu.Unlock()
	o, ok := g.open[c.RemoteAddr().String()]
	if !ok {
		return
	}
	o.timer.Stop()
	delete(g.open, c.RemoteAddr().String())
	if len(g.open) == 0 {
		close(g.idle)
	}
	if g.byHost[host]--; g.byHost[host] <= 0 {
		delete(g.byHost, host)
	}
}

// drain waits until every connection has closed or ctx ends, then closes
// the ones still open, including any still in their handshake.
func (g *connGuard) drain(ctx context.Context) {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closing = true
	for _, o := range g.open {
		_ = o.c.Close()
	}
}

// closeIfNoSession runs when a connection's no-session time is up.
func (g *connGuard) closeIfNoSession(c net.Conn) {
	g.mu.Lock()
	o, ok := g.open[c.RemoteAddr().String()]
	idle := ok && o.c == c && o.sessions == 0
	g.mu.Unlock()
	if idle {
		g.log.Info("connection closed", "reason", "no session")
		_ = c.Close()
	}
}

// sessionOpened counts a new session on the connection from remote, and
// says false (counting nothing) if it already has its most.
func (g *connGuard) sessionOpened(remote string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	o, ok := g.open[remote]
	if !ok || o.sessions >= maxSessionsPerConn {
		return false
	}
	o.sessions++
	o.timer.Stop()
	return true
}

// sessionClosed: when the last session ends, the no-session clock starts
// again.
func (g *connGuard) sessionClosed(remote string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	o, ok := g.open[remote]
	if !ok {
		return
	}
	if o.sessions--; o.sessions == 0 {
		o.timer.Reset(g.noSession)
	}
}

// codeGuard rate-limits wrong room codes per source address, so codes
// cannot be enumerated: a burst for honest typos, then one guess per
// interval. Addresses are kept in a bounded LRU, so a flood of addresses
// costs bounded memory (and an evicted address only gets a fresh burst).
type codeGuard struct {
	every time.Duration
	burst int
	now   func() time.Time

	mu    sync.Mutex
	hosts *lru.Cache[string, *rate.Limiter]
	// all is every address's wrong codes together: a botnet of many
	// addresses, each within its own burst, must not enumerate codes.
	all *rate.Limiter
}

// wrongCodesPerMinute is the budget of wrong codes across all addresses:
// far above what a room of typing people makes, far below enumeration of
// the code space.
const wrongCodesPerMinute = 600

func newCodeGuard(every time.Duration, burst int) (*codeGuard, error) {
	hosts, err := lru.New[string, *rate.Limiter](65536)
	if err != nil {
		return nil, fmt.Errorf("code guard: %w", err)
	}
	all := rate.NewLimiter(rate.Every(time.Minute/wrongCodesPerMinute), wrongCodesPerMinute)
	return &codeGuard{every: every, burst: burst, now: time.Now, hosts: hosts, all: all}, nil
}

func (g *codeGuard) limiter(host string) *rate.Limiter {
	lim, ok := g.hosts.Get(host)
	if !ok {
		lim = rate.NewLimiter(rate.Every(g.every), g.burst)
		g.hosts.Add(host, lim)
	}
	return lim
}

// wait is how long host must wait before its next guess; zero if it may.
func (g *codeGuard) wait(host string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	return max(delay(g.limiter(host), now), delay(g.all, now))
}

// delay is how long lim makes the next guess wait; zero if it may go now.
func delay(lim *rate.Limiter, now time.Time) time.Duration {
	if lim.TokensAt(now) >= 1 {
		return 0
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return d
}

// failed spends one of host's guesses.
func (g *codeGuard) failed(host string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.limiter(host).AllowN(now, 1)
	g.all.AllowN(now, 1)
}
