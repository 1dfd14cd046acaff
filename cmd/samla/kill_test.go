package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/ssh"

	"github.com/samla/samla/cmd/samla/internal/termtest"
)

// Sizes of the kill -9 test: enough kills that each lands at a different
// point of a write (reading the command, the commit, the reply), few writers
// so that two shared cores restart the server quickly.
const (
	killTimes   = 20
	killWriters = 3
	// killWait bounds each wait for the server; passing runs never reach it,
	// it only turns a hang into a failure that says where.
	killWait = 60 * time.Second
)

// TestKill9LosesNoAcknowledgedNote is issue 14's durability promise, from the
// outside: a real samla binary on a real database, writers at real SSH
// screens (plain mode, where "Saved: TEXT" is said only after the commit),
// and SIGKILL at random moments, 20 times, each followed by a restart on the
// same files. Afterwards every note a writer was told was saved is in
// `samla export`, the log of every room has no gap in its sequence numbers,
// and SQLite's integrity check is ok.
func TestKill9LosesNoAcknowledgedNote(t *testing.T) {
	dir := t.TempDir()
	bin := buildSamla(t, dir)
	db := filepath.Join(dir, "samla.db")
	code := samlaOut(t, bin, "room", "new", "Kill nine", "--db", db)
	code = string(bytes.TrimSpace([]byte(code)))
	if len(code) != 6 {
		t.Fatalf("room new printed %q", code)
	}

	var serverLog lockedBuffer
	srv := &killedServer{bin: bin, db: db, log: &serverLog}
	srv.start(t)
	defer srv.kill(t)

	ctx, cancel := context.WithCancel(context.Background())
	acks := &ackLog{changed: make(chan struct{})}
	var wg sync.WaitGroup
	writers := make([]*killWriter, killWriters)
	for i := range writers {
		w := &killWriter{id: i + 1, code: code, signer: termtest.NewSigner(t), addr: srv.address, acks: acks}
		writers[i] = w
		wg.Go(func() { w.run(ctx) })
	}
	stuck := func(format string, args ...any) {
		t.Helper()
		t.Logf("server log, last 3000 bytes: %s", tail(strings.Join(slices.DeleteFunc(strings.Split(serverLog.String(), "\n"), func(l string) bool { return strings.Contains(l, "session start") }), "\n"), 3000))
		for _, w := range writers {
			t.Logf("writer %d: %s", w.id, w.last())
		}
		t.Fatalf(format, args...)
	}
	stopWriters := func() { cancel(); wg.Wait() }
	defer stopWriters()

	began := time.Now()
	for k := range killTimes {
		// Kill only once this server has acknowledged something, so that
		// every kill lands among writes, then at a random moment after.
		if !acks.waitBeyond(acks.count(), killWait) {
			stuck("no note acknowledged within %v of start %d", killWait, k+1)
		}
		time.Sleep(time.Duration(mrand.IntN(250)) * time.Millisecond)
		srv.kill(t)
		srv.start(t)
	}
	if !acks.waitBeyond(acks.count(), killWait) {
		stuck("no note acknowledged within %v of the last restart", killWait)
	}
	stopWriters()
	srv.kill(t)
	elapsed := time.Since(began)

	acked := acks.all()
	exported := exportedNotes(t, bin, db, code)
	var lost []string
	for _, text := range acked {
		if !exported[text] {
			lost = append(lost, text)
		}
	}
	if len(lost) > 0 {
		t.Errorf("%d of %d acknowledged notes are not in the export after %d kills: %v", len(lost), len(acked), killTimes, lost)
	}
	checkLog(t, db)
	if log := serverLog.String(); strings.Contains(log, "WARNING: DATA RACE") {
		t.Errorf("the server (built with -race) reported a data race:\n%s", tail(log, 6000))
	}
	t.Logf("%d kills in %v; %d notes acknowledged, %d in the export, 0 lost; restart to listening: median %v, slowest %v",
		killTimes, elapsed.Round(time.Millisecond), len(acked), len(exported), srv.median(), srv.slowest())
}

// buildSamla builds the binary under test, as people run it. It is built
// the way the test binary was (with or without -race), so the build only
// links: a build in the other mode would compile SQLite's C again, which
// takes minutes on a cold CI machine.
func buildSamla(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to build samla: %v", err)
	}
	bin := filepath.Join(dir, "samla")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	out, err := exec.Command(goBin, append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// samlaOut runs one samla command to its end and returns its stdout.
func samlaOut(t *testing.T, bin string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("samla %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

// exportedNotes is the set of note texts `samla export --format json` gives.
func exportedNotes(t *testing.T, bin, db, code string) map[string]bool {
	t.Helper()
	var export struct {
		Notes []struct {
			Text string `json:"text"`
		} `json:"notes"`
	}
	if err := json.Unmarshal([]byte(samlaOut(t, bin, "export", code, "--format", "json", "--db", db)), &export); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	out := map[string]bool{}
	for _, n := range export.Notes {
		out[n.Text] = true
	}
	return out
}

// checkLog reads the database file as SQLite sees it: every room's events
// numbered 1, 2, 3, … with none missing, and the file intact.
func checkLog(t *testing.T, db string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	var ok string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check after the kills: %q, %v", ok, err)
	}
	rows, err := conn.Query(`SELECT room, seq FROM events ORDER BY room, seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	next := map[string]int64{}
	for rows.Next() {
		var room string
		var seq int64
		if err := rows.Scan(&room, &seq); err != nil {
			t.Fatal(err)
		}
		if want := next[room] + 1; seq != want {
			t.Errorf("room %s: event #%d follows #%d", room, seq, next[room])
		}
		next[room] = seq
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(next) == 0 {
		t.Error("the database has no events at all")
	}
}

// killedServer is `samla serve` as a child process that the test kills
// with SIGKILL and starts again on the same files.
type killedServer struct {
	bin, db  string
	log      io.Writer // every run's stderr, in order
	cmd      *exec.Cmd
	addr     atomic.Value // string: where the current process listens
	restarts []time.Duration
}

func (s *killedServer) address() string {
	a, _ := s.addr.Load().(string)
	return a
}

// start runs the server and waits until it says where to connect: it is
// listening, having opened (and so recovered) the database.
func (s *killedServer) start(t *testing.T) {
	t.Helper()
	began := time.Now()
	cmd := exec.Command(s.bin, "serve", "--db", s.db, "--listen", "127.0.0.1:0")
	cmd.Stderr = s.log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start samla serve: %v", err)
	}
	s.cmd = cmd
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := portLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case port <- m[1]:
				default:
				}
			}
		}
		close(port)
	}()
	select {
	case p, ok := <-port:
		if !ok {
			t.Fatalf("samla serve stopped before listening (start %d)", len(s.restarts)+1)
		}
		s.addr.Store("127.0.0.1:" + p)
	case <-time.After(killWait):
		t.Fatalf("samla serve did not listen within %v (start %d)", killWait, len(s.restarts)+1)
	}
	s.restarts = append(s.restarts, time.Since(began))
}

// kill is kill -9: no shutdown code of the server runs.
func (s *killedServer) kill(t *testing.T) {
	t.Helper()
	if s.cmd == nil {
		return
	}
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("kill: %v", err)
	}
	_ = s.cmd.Wait() // "signal: killed" is the expected exit
	s.cmd = nil
}

func (s *killedServer) median() time.Duration {
	d := slices.Clone(s.restarts)
	slices.Sort(d)
	return d[len(d)/2].Round(time.Millisecond)
}

func (s *killedServer) slowest() time.Duration {
	return slices.Max(s.restarts).Round(time.Millisecond)
}

// ackLog collects the notes screens said were saved.
type ackLog struct {
	mu      sync.Mutex
	texts   []string
	changed chan struct{} // closed and replaced on every acknowledgement
}

func (a *ackLog) add(text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.texts = append(a.texts, text)
	close(a.changed)
	a.changed = make(chan struct{})
}

func (a *ackLog) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.texts)
}

func (a *ackLog) all() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.texts)
}

// waitBeyond waits until more than n notes were acknowledged.
func (a *ackLog) waitBeyond(n int, limit time.Duration) bool {
	deadline := time.After(limit)
	for {
		a.mu.Lock()
		got, changed := len(a.texts), a.changed
		a.mu.Unlock()
		if got > n {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

// killWriter is one person writing note after note in plain mode, coming
// back with the same key whenever the server goes away.
type killWriter struct {
	id     int
	code   string
	signer ssh.Signer
	addr   func() string
	acks   *ackLog
	next   int // notes typed so far, so every text is new

	mu      sync.Mutex
	lastErr error  // why the last connection ended, for a failure's report
	lastOut []byte // the end of what that connection showed
}

// last says how the writer's latest connection ended, for a failure.
func (w *killWriter) last() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("%v; screen ended with %q", w.lastErr, w.lastOut)
}

func (w *killWriter) ended(err error, c *plainConn) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastErr, w.lastOut = err, nil
	if c != nil {
		c.mu.Lock()
		w.lastOut = bytes.Clone(c.out[max(0, len(c.out)-300):])
		c.mu.Unlock()
	}
}

func (w *killWriter) run(ctx context.Context) {
	for ctx.Err() == nil {
		c, err := dialPlain(w.addr(), "plain+"+w.code, w.signer)
		if err != nil {
			w.ended(err, nil)
			select { // the server is restarting
			case <-ctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		w.ended(w.write(ctx, c), c)
		c.close()
	}
}

// write answers the name question if asked, then writes notes until the
// connection fails; a note counts only once the screen says it was saved.
func (w *killWriter) write(ctx context.Context, c *plainConn) error {
	asked, err := c.waitFor(ctx, 0, "Your name (", "Keys: n new note.")
	if err != nil {
		return fmt.Errorf("arrive: %w", err)
	}
	if asked == 0 {
		if _, err := c.step(ctx, fmt.Sprintf("Writer %d\r", w.id), "Keys: n new note."); err != nil {
			return fmt.Errorf("name: %w", err)
		}
	}
	for ctx.Err() == nil {
		w.next++
		// Zero-padded, so that no text is the start of another.
		text := fmt.Sprintf("w%d-%05d", w.id, w.next)
		if _, err := c.step(ctx, "n", "New note, enter saves"); err != nil {
			return fmt.Errorf("open %s: %w", text, err)
		}
		said, err := c.step(ctx, text+"\r", "Saved: "+text, "the most one person can", "Slow down a little")
		if err != nil {
			return fmt.Errorf("save %s: %w", text, err)
		}
		if said == 2 {
			// The pace limit is per connection: a slow machine that leaves
			// long gaps between kills must not stall the writers for it.
			return errors.New("asked to slow down")
		}
		if said == 1 {
			// The room's cap on notes per person: carry on as someone new.
			if w.signer, err = newKillSigner(); err != nil {
				return err
			}
			return errors.New("wrote as many notes as one person may")
		}
		w.acks.add(text)
	}
	return ctx.Err()
}

// plainConn is an SSH session in plain mode, read as text: plain mode
// writes lines, so no terminal emulator is needed, and unlike termtest a
// connection that dies is an expected event here, not a test failure.
type plainConn struct {
	client *ssh.Client
	stdin  io.WriteCloser

	mu      sync.Mutex
	out     []byte
	changed chan struct{}
	done    chan struct{}
}

func dialPlain(addr, user string, signer ssh.Signer) (*plainConn, error) {
	if addr == "" {
		return nil, errors.New("no server yet")
	}
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second)) // handshake and session set-up only
	cc, chans, reqs, err := ssh.NewClientConn(nc, addr, &ssh.ClientConfig{
		User: user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		_ = nc.Close()
		return nil, fmt.Errorf("handshake: %w", err)
	}
	c := &plainConn{client: ssh.NewClient(cc, chans, reqs), changed: make(chan struct{}), done: make(chan struct{})}
	if err := c.open(); err != nil {
		c.close()
		return nil, err
	}
	_ = nc.SetDeadline(time.Time{})
	return c, nil
}

func (c *plainConn) open() error {
	sess, err := c.client.NewSession()
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	if err := sess.RequestPty("xterm-256color", 50, 200, ssh.TerminalModes{}); err != nil {
		return fmt.Errorf("pty: %w", err)
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return fmt.Errorf("stdout: %w", err)
	}
	if err := sess.Shell(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	go c.read(stdout)
	return nil
}

func (c *plainConn) read(r io.Reader) {
	defer close(c.done)
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		c.mu.Lock()
		c.out = append(c.out, buf[:n]...)
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// text is everything the connection showed so far.
func (c *plainConn) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.out)
}

func (c *plainConn) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.out)
}

// step types keys and waits for the screen to answer with one of wants.
func (c *plainConn) step(ctx context.Context, keys string, wants ...string) (int, error) {
	from := c.len()
	if _, err := io.WriteString(c.stdin, keys); err != nil {
		return 0, fmt.Errorf("type: %w", err)
	}
	return c.waitFor(ctx, from, wants...)
}

// newKillSigner is a new person's key; termtest's needs the test's T,
// which a writer's goroutine must not fail.
func newKillSigner() (ssh.Signer, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("new key: %w", err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		return nil, fmt.Errorf("new key: %w", err)
	}
	return signer, nil
}

// waitFor returns which of wants appeared first in the output after from,
// or an error once the connection ended or the server fell silent.
func (c *plainConn) waitFor(ctx context.Context, from int, wants ...string) (int, error) {
	silent := time.After(killWait)
	ended := false
	for {
		c.mu.Lock()
		seen, changed := c.out[from:], c.changed
		for i, w := range wants {
			if bytes.Contains(seen, []byte(w)) {
				c.mu.Unlock()
				return i, nil
			}
		}
		c.mu.Unlock()
		if ended {
			return 0, io.EOF
		}
		select {
		case <-changed:
		case <-c.done:
			ended = true // look once more: the last bytes came with the end
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-silent:
			return 0, fmt.Errorf("none of %q within %v", wants, killWait)
		}
	}
}

func (c *plainConn) close() { _ = c.client.Close() }

// lockedBuffer is a log written by one child process after another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }
