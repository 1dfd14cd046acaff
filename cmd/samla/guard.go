package main

import (
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

// hostOf is the address a limit counts against: the IP, without the port.
func hostOf(a net.Addr) string {
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}

// connGuard limits connections before the SSH handshake, where refusing
// costs the server nothing: in total, and per source address. The per-address
// default is high because a whole workshop may sit behind one NAT.
type connGuard struct {
	maxTotal, maxPerHost int
	log                  *slog.Logger

	mu     sync.Mutex
	total  int
	byHost map[string]int
}

func newConnGuard(maxTotal, maxPerHost int, log *slog.Logger) *connGuard {
	return &connGuard{maxTotal: maxTotal, maxPerHost: maxPerHost, log: log, byHost: map[string]int{}}
}

// admit is the server's ConnCallback: nil closes the connection.
func (g *connGuard) admit(_ ssh.Context, c net.Conn) net.Conn {
	host := hostOf(c.RemoteAddr())
	g.mu.Lock()
	full, hostFull := g.total >= g.maxTotal, g.byHost[host] >= g.maxPerHost
	if !full && !hostFull {
		g.total++
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
	g.total--
	if g.byHost[host]--; g.byHost[host] <= 0 {
		delete(g.byHost, host)
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
}

func newCodeGuard(every time.Duration, burst int) (*codeGuard, error) {
	hosts, err := lru.New[string, *rate.Limiter](65536)
	if err != nil {
		return nil, fmt.Errorf("code guard: %w", err)
	}
	return &codeGuard{every: every, burst: burst, now: time.Now, hosts: hosts}, nil
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
	lim := g.limiter(host)
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
	g.limiter(host).AllowN(g.now(), 1)
}
