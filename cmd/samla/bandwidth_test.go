package main

// Bandwidth, measured as a participant's terminal receives it. These are
// benchmarks (go test -run XXX -bench . ./cmd/samla/) because they report
// numbers rather than check them; docs/ACCESS.md holds the results.
//
// Two numbers for every measurement: the SSH channel payload (the terminal
// bytes Bubble Tea writes, from termtest's Raw) and the TCP bytes on the
// wire (payload plus SSH packet framing, padding, MAC and the handshake),
// counted by a proxy between client and server. IP and TCP headers come on
// top of the TCP bytes and are not counted.

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// bwQuiet is how long a connection must stay silent before a measurement
// counts as complete: far longer than one Bubble Tea frame (~17 ms), so a
// frame still on its way is never cut off.
const bwQuiet = 250 * time.Millisecond

// bwServer is `samla serve` on a loopback port, plus its hub so a
// benchmark can play participants without a terminal.
type bwServer struct {
	addr string
	hub  *session.Hub
}

// bwStart starts serve with the rate limits raised: the scripts here act
// faster than people, and the rate limits are not what is measured.
func bwStart(tb testing.TB, extra ...string) *bwServer {
	tb.Helper()
	s := &bwServer{}
	args := append([]string{"--notes-per-minute", "1000000", "--actions-per-second", "1000000"}, extra...)
	srv := startServerWith(tb, tb.TempDir(), func(d *sshDeps) { s.hub = d.hub }, io.Discard, args...)
	s.addr = srv.addr
	return s
}

// room makes a named room with n notes written by a participant without a
// terminal, and returns its code and that author.
func (s *bwServer) room(tb testing.TB, n int) (string, *session.Member) {
	tb.Helper()
	ctx := context.Background()
	info, err := s.hub.CreateRoom(ctx, session.RoomSpec{Title: "Vägen till stöd"})
	if err != nil {
		tb.Fatal(err)
	}
	author := s.member(tb, info.Code, "author")
	texts := bwNoteTexts(n, 1)
	for _, t := range texts {
		if err := author.AddNote(ctx, t); err != nil {
			tb.Fatal(err)
		}
	}
	return info.Code, author
}

// member joins code as a participant without a terminal; who is stable for
// the same string, like an SSH key.
func (s *bwServer) member(tb testing.TB, code, who string) *session.Member {
	tb.Helper()
	m, err := s.hub.Join(context.Background(), code, session.Identity{Key: []byte("bench " + who)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Leave)
	return m
}

// known makes signer a returning participant of code with a name, so its
// next connection goes straight to the board: the first screen measured is
// the board itself, not the name question.
func (s *bwServer) known(tb testing.TB, code string, signer ssh.Signer, name string) {
	tb.Helper()
	m, err := s.hub.Join(context.Background(), code, session.Identity{Key: signer.PublicKey().Marshal()})
	if err != nil {
		tb.Fatal(err)
	}
	defer m.Leave()
	if err := m.Rename(context.Background(), name); err != nil {
		tb.Fatal(err)
	}
}

// bwNoteTexts are n deterministic notes of 4 to 20 words (about 25 to 150
// characters), Swedish and English as in a real room, so UTF-8 and
// wrapping cost what they cost.
func bwNoteTexts(n int, seed uint64) []string {
	words := strings.Fields(`väntetiden är för lång vi behöver mer stöd på kvällar och helger
		the phone line closes too early letters arrive after the meeting has
		happened nobody explains what happens next more time with the same
		person would help peer groups work better than forms ett enklare språk
		i breven kontakt med handläggare tar veckor`)
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]string, n)
	for i := range out {
		k := 4 + r.IntN(17)
		w := make([]string, k)
		for j := range w {
			w[j] = words[r.IntN(len(words))]
		}
		out[i] = fmt.Sprintf("%d %s", i+1, strings.Join(w, " "))
	}
	return out
}

// bwProxy relays TCP connections to target through pipe, once per
// direction, and counts the bytes it delivers each way.
type bwProxy struct {
	ln       net.Listener
	addr     string
	down, up bwFlow // server to client, client to server
	// pipe copies src to dst, adding to f what it delivered.
	pipe func(dst, src net.Conn, f *bwFlow)
	// delay holds back the upstream connection, standing in for TCP's own
	// handshake on a slow link.
	delay time.Duration

	mu     sync.Mutex
	conns  []net.Conn
	closed bool
	wg     sync.WaitGroup
}

// bwCountingProxy passes bytes through unchanged, counting them.
func bwCountingProxy(tb testing.TB, target string) *bwProxy {
	return bwStartProxy(tb, target, &bwProxy{pipe: bwCopy})
}

func bwStartProxy(tb testing.TB, target string, p *bwProxy) *bwProxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p.ln, p.addr = ln, ln.Addr().String()
	p.wg.Add(1)
	go p.serve(target)
	tb.Cleanup(p.close)
	return p
}

func (p *bwProxy) serve(target string) {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.relay(c, target)
	}
}

func (p *bwProxy) relay(c net.Conn, target string) {
	defer p.wg.Done()
	time.Sleep(p.delay)
	s, err := net.Dial("tcp", target)
	if err != nil {
		_ = c.Close()
		return
	}
	if !p.track(c, s) {
		return
	}
	var both sync.WaitGroup
	both.Add(2)
	// When either side ends, both connections close, so the other
	// direction ends too.
	go func() { defer both.Done(); p.pipe(c, s, &p.down); _ = c.Close(); _ = s.Close() }()
	go func() { defer both.Done(); p.pipe(s, c, &p.up); _ = c.Close(); _ = s.Close() }()
	both.Wait()
}

// track remembers conns for close; false if the proxy is already closed.
func (p *bwProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			_ = c.Close()
		}
		return false
	}
	p.conns = append(p.conns, conns...)
	return true
}

func (p *bwProxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns, p.closed = nil, true
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *bwProxy) counts() (down, up int64) { return p.down.bytes.Load(), p.up.bytes.Load() }

// bwFlow counts one direction: bytes, and an estimate of the TCP segments a
// real link would carry them in (each read as the sender wrote it, split at
// a 1448-byte MSS). Reads can merge writes, so it is a lower bound; IP and
// TCP headers (52 bytes or more) come once per segment.
type bwFlow struct{ bytes, segs atomic.Int64 }

const bwMSS = 1448

func (f *bwFlow) add(n int) {
	f.bytes.Add(int64(n))
	f.segs.Add(int64((n + bwMSS - 1) / bwMSS))
}

func bwCopy(dst, src net.Conn, f *bwFlow) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
			f.add(n)
		}
		if err != nil {
			return
		}
	}
}

// bwTraffic is what one participant's connection has carried so far.
type bwTraffic struct{ payload, down, up, segs int64 }

func (a bwTraffic) minus(b bwTraffic) bwTraffic {
	return bwTraffic{a.payload - b.payload, a.down - b.down, a.up - b.up, a.segs - b.segs}
}

func (a bwTraffic) plus(b bwTraffic) bwTraffic {
	return bwTraffic{a.payload + b.payload, a.down + b.down, a.up + b.up, a.segs + b.segs}
}

// bwTerm is a participant's terminal behind a counting proxy.
type bwTerm struct {
	*termtest.Client
	p *bwProxy
}

func bwDial(tb testing.TB, addr string, o termtest.Options) *bwTerm {
	tb.Helper()
	p := bwCountingProxy(tb, addr)
	return &bwTerm{termtest.Dial(tb, p.addr, o), p}
}

func (w *bwTerm) now() bwTraffic {
	down, up := w.p.counts()
	return bwTraffic{int64(len(w.Raw())), down, up, w.p.down.segs.Load()}
}

// settle waits until the connection has been silent both ways for bwQuiet
// and returns its traffic: every frame caused so far has then arrived.
func (w *bwTerm) settle(tb testing.TB) bwTraffic {
	tb.Helper()
	deadline := time.Now().Add(termtest.DefaultTimeout)
	last := w.now()
	for {
		time.Sleep(bwQuiet)
		cur := w.now()
		if cur == last {
			return cur
		}
		if time.Now().After(deadline) {
			tb.Fatalf("still receiving after %v: %+v", termtest.DefaultTimeout, cur)
		}
		last = cur
	}
}

// bwReport puts a traffic total, divided by per, in the benchmark's line.
// Time per operation is not the point here, so ns/op is hidden.
func bwReport(b *testing.B, t bwTraffic, per float64, unit string) {
	b.ReportMetric(float64(t.payload)/per, "payload-B/"+unit)
	b.ReportMetric(float64(t.down)/per, "tcp-down-B/"+unit)
	b.ReportMetric(float64(t.up)/per, "tcp-up-B/"+unit)
	b.ReportMetric(float64(t.segs)/per, "tcp-down-segs/"+unit)
	b.ReportMetric(0, "ns/op")
}

// bwBoardDrawn is the board's last two lines, the status and the start of
// the key help: with them on screen the whole first frame has arrived.
const bwBoardDrawn = "dots left: 5 of 5\nn new note"

// bwView is how a participant watches: the full screen, or plain mode (a
// line per change, for screen readers), which costs bytes differently.
type bwView struct{ name, prefix, ready string }

var (
	bwFull  = bwView{"full", "", bwBoardDrawn}
	bwPlain = bwView{"plain", "plain+", "dots left."}
)

// BenchmarkFirstScreen: what a returning participant receives from
// connecting until the board (12 notes, some dots) is drawn and quiet.
// The TCP bytes include the SSH handshake.
func BenchmarkFirstScreen(b *testing.B) {
	srv := bwStart(b)
	code, author := srv.room(b, 12)
	bwVoteSome(b, srv, code, author.Latest().NotesFor(author.ID()))
	key := termtest.NewSigner(b)
	srv.known(b, code, key, "Observer")
	for _, tc := range []struct {
		view bwView
		w, h int
	}{{bwFull, 80, 24}, {bwFull, 40, 12}, {bwFull, 160, 48}, {bwPlain, 80, 24}} {
		b.Run(fmt.Sprintf("%s/%dx%d", tc.view.name, tc.w, tc.h), func(b *testing.B) {
			var sum bwTraffic
			for b.Loop() {
				c := bwDial(b, srv.addr, termtest.Options{User: tc.view.prefix + code, Signer: key, Width: tc.w, Height: tc.h})
				c.WaitFor(b, tc.view.ready)
				sum = sum.plus(c.settle(b))
				c.Close()
			}
			bwReport(b, sum, float64(b.N), "screen")
		})
	}
}

// bwVoteSome puts a few dots on the first notes, so cards show counts.
func bwVoteSome(tb testing.TB, srv *bwServer, code string, notes []session.Note) {
	tb.Helper()
	for i := range 3 {
		v := srv.member(tb, code, fmt.Sprint("voter ", i))
		for _, n := range notes[:min(len(notes), 3)] {
			if err := v.Vote(context.Background(), n.ID); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// BenchmarkBytesPerNote: what an observer receives when someone else adds
// a note to a board that already has some. New notes append at the end of
// the grid, so past what the screen shows they change nothing there; plain
// mode announces every note wherever it lands.
func BenchmarkBytesPerNote(b *testing.B) {
	srv := bwStart(b)
	key := termtest.NewSigner(b)
	text := "Ring tillbaka samma dag, även när svaret är att vi inte vet än"
	for _, tc := range []struct {
		view        bwView
		w, h, notes int
	}{{bwFull, 80, 24, 0}, {bwFull, 80, 24, 10}, {bwFull, 80, 24, 30}, {bwFull, 160, 48, 30}, {bwPlain, 80, 24, 30}} {
		b.Run(fmt.Sprintf("%s/%dx%d/notes=%d", tc.view.name, tc.w, tc.h, tc.notes), func(b *testing.B) {
			var sum bwTraffic
			for b.Loop() {
				// A fresh room each time, so every note lands on the same board.
				code, author := srv.room(b, tc.notes)
				srv.known(b, code, key, "Observer")
				c := bwDial(b, srv.addr, termtest.Options{User: tc.view.prefix + code, Signer: key, Width: tc.w, Height: tc.h})
				c.WaitFor(b, tc.view.ready)
				before := c.settle(b)
				if err := author.AddNote(context.Background(), text); err != nil {
					b.Fatal(err)
				}
				sum = sum.plus(c.settle(b).minus(before))
				c.Close()
			}
			bwReport(b, sum, float64(b.N), "note")
		})
	}
}

// BenchmarkBytesPerVote: what an observer receives when someone else gives
// or takes back a dot, on a card the observer sees and on one scrolled out
// of view (plain mode tells both). Give and take alternate so the budget
// never runs out; both change one count, so they cost the same.
func BenchmarkBytesPerVote(b *testing.B) {
	srv := bwStart(b)
	code, _ := srv.room(b, 12)
	key := termtest.NewSigner(b)
	srv.known(b, code, key, "Observer")
	voter := srv.member(b, code, "voter")
	all := voter.Latest().NotesFor(voter.ID())
	for _, tc := range []struct {
		view bwView
		name string
		note int
	}{{bwFull, "visible", 4}, {bwFull, "offscreen", 11}, {bwPlain, "any", 4}} {
		b.Run(tc.view.name+"/"+tc.name, func(b *testing.B) {
			c := bwDial(b, srv.addr, termtest.Options{User: tc.view.prefix + code, Signer: key})
			c.WaitFor(b, tc.view.ready)
			before := c.settle(b)
			give := true
			for b.Loop() {
				var err error
				if give {
					err = voter.Vote(context.Background(), all[tc.note].ID)
				} else {
					err = voter.Unvote(context.Background(), all[tc.note].ID)
				}
				if err != nil {
					b.Fatal(err)
				}
				give = !give
				c.settle(b)
			}
			bwReport(b, c.now().minus(before), float64(b.N), "dot")
			c.Close()
		})
	}
}

// BenchmarkBytesPerKey: what a participant receives for their own key
// presses on a board of 30 notes at 80x24. Each case is a key and the key
// that undoes it, pressed in turn; the metric is per key press.
func BenchmarkBytesPerKey(b *testing.B) {
	srv := bwStart(b)
	code, _ := srv.room(b, 30)
	key := termtest.NewSigner(b)
	srv.known(b, code, key, "Observer")
	for _, tc := range []struct {
		name       string
		setup      []string
		do, undo   []string
		doneMarker string
	}{
		{name: "move", do: []string{"right"}, undo: []string{"left"}},
		// All 30 cards and back: moves, and a scroll every third one.
		{name: "read-all", do: repeat("right", 29), undo: repeat("left", 29)},
		{name: "dot", do: []string{"space"}, undo: []string{"-"}},
		{name: "open-note", do: []string{"enter"}, undo: []string{"esc"}},
		{name: "help", do: []string{"?"}, undo: []string{"esc"}},
		{name: "editor", do: []string{"n"}, undo: []string{"esc"}},
		{name: "type", setup: []string{"n"}, do: []string{"a"}, undo: []string{"backspace"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := bwDial(b, srv.addr, termtest.Options{User: code, Signer: key})
			c.WaitFor(b, bwBoardDrawn)
			c.Press(tc.setup...)
			before := c.settle(b)
			for b.Loop() {
				for _, keys := range [][]string{tc.do, tc.undo} {
					for _, k := range keys {
						c.Press(k)
						time.Sleep(bwGap) // a frame per key, as people type
					}
					c.settle(b)
				}
			}
			bwReport(b, c.now().minus(before), float64(b.N*(len(tc.do)+len(tc.undo))), "key")
			c.Close()
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// BenchmarkWorkshopHour plays an hour-long workshop compressed in time and
// reports what each real terminal received over the whole of it. Twenty
// participants: six at real terminals, fourteen played through the hub.
// Four terminals only watch: a phone (40x12), a laptop (80x24), a wide
// screen (160x48) and a laptop in plain mode. Two take part, one on the
// full screen and one in plain mode (80x24): each types a name and five
// notes key by key, reads every card and gives five dots.
//
// The script: everyone arrives; 100 notes; reading and 200 dot actions
// (gives, and take-backs to move a dot); eight people drop off and come
// back, as on bad mobile links; everyone leaves. Each event is followed by
// a pause long enough for every screen to draw it on its own, as when
// events are seconds apart, rather than several merging into one frame,
// which would flatter the numbers.
func BenchmarkWorkshopHour(b *testing.B) {
	for b.Loop() {
		h := bwNewHour(b)
		h.run()
		h.report()
	}
}

// bwGap separates events: several Bubble Tea frames (~17 ms each).
const bwGap = 60 * time.Millisecond

type bwHour struct {
	b     *testing.B
	srv   *bwServer
	code  string
	rng   *rand.Rand
	terms map[string]*bwTerm
	sims  []*session.Member
	marks []bwPhase
}

// bwSeat is one real terminal of the hour.
type bwSeat struct {
	name   string
	view   bwView
	w, h   int
	active bool
}

var bwSeats = []bwSeat{
	{"phone", bwFull, 40, 12, false},
	{"laptop", bwFull, 80, 24, false},
	{"wide", bwFull, 160, 48, false},
	{"plain", bwPlain, 80, 24, false},
	{"active", bwFull, 80, 24, true},
	{"active-plain", bwPlain, 80, 24, true},
}

// bwPhase is every terminal's traffic at the end of a phase.
type bwPhase struct {
	name string
	at   map[string]bwTraffic
}

func bwNewHour(b *testing.B) *bwHour {
	srv := bwStart(b)
	info, err := srv.hub.CreateRoom(context.Background(), session.RoomSpec{Title: "Vägen till stöd"})
	if err != nil {
		b.Fatal(err)
	}
	return &bwHour{b: b, srv: srv, code: info.Code, rng: rand.New(rand.NewPCG(2026, 1)), terms: map[string]*bwTerm{}}
}

func (h *bwHour) run() {
	h.arrive()
	h.phase("arrive")
	h.write()
	h.phase("notes")
	h.readAndDot()
	h.phase("read+dots")
	h.dropAndReturn()
	h.phase("drop+return")
	h.leave()
	h.phase("leave")
}

// phase waits for every terminal to go quiet and records the traffic.
func (h *bwHour) phase(name string) {
	m := bwPhase{name: name, at: map[string]bwTraffic{}}
	for _, s := range bwSeats {
		m.at[s.name] = h.terms[s.name].settle(h.b)
	}
	h.marks = append(h.marks, m)
}

// arrive: twenty people come in, the terminals among the others.
func (h *bwHour) arrive() {
	for i := range 20 {
		if i%3 == 0 && i/3 < len(bwSeats) {
			h.seat(bwSeats[i/3])
			continue
		}
		m := h.srv.member(h.b, h.code, fmt.Sprint("sim ", i))
		h.sims = append(h.sims, m)
		time.Sleep(bwGap)
		h.must(m.Rename(context.Background(), fmt.Sprint("Person ", i)))
		time.Sleep(bwGap)
	}
}

func (h *bwHour) seat(s bwSeat) {
	c := bwDial(h.b, h.srv.addr, termtest.Options{User: s.view.prefix + h.code, Signer: termtest.NewSigner(h.b), Width: s.w, Height: s.h})
	if s.view == bwPlain {
		c.WaitFor(h.b, "Your name")
	} else {
		c.WaitFor(h.b, "What should others call you?")
	}
	bwType(c, "Deltagare "+s.name)
	c.Press("enter")
	c.WaitFor(h.b, "dots left")
	h.terms[s.name] = c
}

// bwType types like a person, a frame or more per key, so each key costs
// its own echo as it does for people.
func bwType(c *bwTerm, text string) {
	for _, r := range text {
		c.Type(string(r))
		time.Sleep(bwGap / 2)
	}
}

func (h *bwHour) must(err error) {
	h.b.Helper()
	if err != nil {
		h.b.Fatal(err)
	}
}

// write adds 100 notes: 5 typed at each active terminal, 90 by the others.
func (h *bwHour) write() {
	for i, text := range bwNoteTexts(100, 2026) {
		switch i % 20 {
		case 10:
			c := h.terms["active"]
			c.Press("n")
			c.WaitFor(h.b, "New note")
			bwType(c, text)
			c.Press("enter")
			c.WaitFor(h.b, "Saved.")
		case 15:
			c := h.terms["active-plain"]
			c.Press("n")
			c.WaitFor(h.b, "New note, enter saves")
			bwType(c, text)
			c.Press("enter")
			c.WaitFor(h.b, fmt.Sprintf("Saved: %d ", i+1))
		default:
			h.must(h.sims[i%len(h.sims)].AddNote(context.Background(), text))
		}
		time.Sleep(bwGap)
	}
}

// readAndDot: each active terminal moves through all 100 notes and gives
// 5 dots on the way; meanwhile the others make 190 dot actions, spread
// evenly, so 200 in all.
func (h *bwHour) readAndDot() {
	const simDots = 190
	full, plain := h.terms["active"], h.terms["active-plain"]
	for i := range 100 {
		if i%20 == 5 {
			left := 4 - i/20
			full.Press("space")
			full.WaitFor(h.b, fmt.Sprintf("dots left: %d of 5", left))
			plain.Press("space")
			plain.WaitFor(h.b, fmt.Sprintf("you have %d left.", left))
		}
		if i < 99 {
			full.Press("right")
			plain.Press("j")
			time.Sleep(bwGap)
		}
		for range simDots*(i+1)/100 - simDots*i/100 {
			h.simDot(h.sims[h.rng.IntN(len(h.sims))])
			time.Sleep(bwGap)
		}
	}
}

// simDot gives a dot to a random note, or, with none left, takes one back
// to move it, as people do once they have spent their dots.
func (h *bwHour) simDot(m *session.Member) {
	snap, ctx := m.Latest(), context.Background()
	notes := snap.NotesFor(m.ID())
	start := h.rng.IntN(len(notes))
	for k := range notes {
		n := notes[(start+k)%len(notes)]
		mine := snap.MyVotes(m.ID(), n.ID)
		switch {
		case snap.DotsLeft(m.ID()) > 0 && mine < snap.MaxPerItem:
			h.must(m.Vote(ctx, n.ID))
			return
		case snap.DotsLeft(m.ID()) == 0 && mine > 0:
			h.must(m.Unvote(ctx, n.ID))
			return
		}
	}
	h.b.Fatal("no dot to give or take")
}

// dropAndReturn: eight people lose their connection and come back, each a
// leave and a join on everyone's screen.
func (h *bwHour) dropAndReturn() {
	for i := range 8 {
		h.sims[i].Leave()
		time.Sleep(bwGap)
		h.sims[i] = h.srv.member(h.b, h.code, fmt.Sprint("sim ", i))
		time.Sleep(bwGap)
	}
}

// leave: the others go, then the active terminals; the watchers stay to
// the end, so they see every departure.
func (h *bwHour) leave() {
	for _, m := range h.sims {
		m.Leave()
		time.Sleep(bwGap)
	}
	for _, name := range []string{"active", "active-plain"} {
		c := h.terms[name]
		c.Press("ctrl+c")
		if err := c.Wait(); err != nil {
			h.b.Fatal(err)
		}
		time.Sleep(bwGap)
	}
}

// report puts each terminal's totals in the benchmark line, and logs each
// phase's share so the costly parts show.
func (h *bwHour) report() {
	last := h.marks[len(h.marks)-1].at
	for _, s := range bwSeats {
		t := last[s.name]
		h.b.ReportMetric(float64(t.payload), s.name+"-payload-B")
		h.b.ReportMetric(float64(t.down), s.name+"-tcp-down-B")
		// The script stands for 60 minutes.
		h.b.ReportMetric(float64(t.down)*8/3600, s.name+"-tcp-down-bit/s")
	}
	h.b.ReportMetric(0, "ns/op")
	var sb strings.Builder
	fmt.Fprintf(&sb, "payload B / tcp-down B / tcp-down segments, per phase\n%-12s", "phase")
	for _, s := range bwSeats {
		fmt.Fprintf(&sb, " %24s", s.name)
	}
	prev := map[string]bwTraffic{}
	for _, m := range append(h.marks, bwPhase{name: "total", at: last}) {
		if m.name == "total" {
			prev = map[string]bwTraffic{}
		}
		fmt.Fprintf(&sb, "\n%-12s", m.name)
		for _, s := range bwSeats {
			d := m.at[s.name].minus(prev[s.name])
			fmt.Fprintf(&sb, " %8d / %7d / %5d", d.payload, d.down, d.segs)
		}
		prev = m.at
	}
	fmt.Fprintf(&sb, "\n%-12s", "tcp-up")
	for _, s := range bwSeats {
		fmt.Fprintf(&sb, " %24d", last[s.name].up)
	}
	h.b.Log(sb.String())
}

// TestScreenBytesWithinBounds holds the byte budgets, which are
// counts, not times: a newcomer's first screen at 80x24 (the name
// question, their name typed, then a board of 12 notes with dots) is at
// most 8 KB, and a dot someone else gives to a card on that screen costs
// it at most 32 bytes. The first screen's count moves by a few dozen
// bytes from run to run (when the terminal's answers to the server's
// questions arrive), far inside the budget; a slow machine can otherwise
// only make a count smaller (a frame still on its way when the line went
// quiet), never larger.
func TestScreenBytesWithinBounds(t *testing.T) {
	const firstMost, dotMost = 8 << 10, 32
	srv := bwStart(t)
	code, _ := srv.room(t, 12)
	voter := srv.member(t, code, "voter")
	notes := voter.Latest().NotesFor(voter.ID())
	c := bwDial(t, srv.addr, termtest.Options{User: code, Signer: termtest.NewSigner(t)})
	c.Answer(t, "What should others call you?", "Newcomer")
	c.WaitFor(t, bwBoardDrawn)
	first := c.settle(t)
	if err := voter.Vote(context.Background(), notes[4].ID); err != nil {
		t.Fatal(err)
	}
	c.WaitFor(t, "● 1")
	dot := c.settle(t).minus(first)
	t.Logf("first screen %d bytes (TCP %d with the SSH handshake); a dot %d bytes", first.payload, first.down, dot.payload)
	if first.payload > firstMost {
		t.Errorf("the first screen cost %d bytes, want at most %d", first.payload, firstMost)
	}
	if dot.payload > dotMost || dot.payload == 0 {
		t.Errorf("a dot on a card in view cost %d bytes, want 1 to %d", dot.payload, dotMost)
	}
}
