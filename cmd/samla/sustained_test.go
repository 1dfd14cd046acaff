//go:build linux || darwin

package main

// BenchmarkRoomSustained: a room under steady work rather than one event.
//
// N people are on the board of one room that already holds sustainSeed
// notes (a full first screen at 80x24). For a fixed period, new notes come
// at a fixed rate, each from the next of the authors in turn, each typed in
// the editor and saved with enter at its due time; voters give a dot and
// take it back, in turn, at a fixed total rate; and a few typists type in
// their open note editor, a key every sustainKeyGap, never saving. The
// issue's scenario, 1,000 people each writing three notes in five
// minutes, is 10 notes a second.
//
// The roles: typists are a tenth of the room (1 to 10), authors half of
// the rest, voters the others. What it reports:
//
//	currency-p50/p99/max-ms  from an author's enter until a voter's screen
//	                         shows the note, over every note and every
//	                         voter's screen (see sustainWatch for how)
//	echo-p50/p99/max-ms      from a typist's key until their own screen
//	                         shows the character (or its erasure)
//	notes/s, dots/s          the rates achieved; author-late-p99-ms, how
//	                         late the authors pressed enter (a load tool
//	                         that cannot keep up shows here)
//	server-cpu-ms/s          the server's CPU from the authors' first
//	                         editor until every screen had every note
//	client-cpu-ms/s          the same for this process (the clients),
//	                         which shares the machine's cores
//	other-cpu-ms/s           the same for everything else on the machine
//	                         (Linux only): a shared machine's other work
//	                         makes every time here longer
//
//	go test -run '^$' -bench RoomSustained -benchtime 1x -timeout 60m ./cmd/samla/
//	SAMLA_SUSTAIN_SIZES=1000 SAMLA_SUSTAIN_SECONDS=300 go test -run '^$' \
//	  -bench RoomSustained -benchtime 1x -timeout 60m ./cmd/samla/
//
// The defaults are 50 people for 20 s (5 s with -short), 10 notes and 10
// dots a second; SAMLA_SUSTAIN_NOTES_PER_S and SAMLA_SUSTAIN_DOTS_PER_S
// change the rates. With SAMLA_LOAD_PROFILE_DIR set, the server's CPU
// profile of the same span is written there (server-sustained-cpu-N*.prof).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/store"
)

const (
	sustainSizesEnv   = "SAMLA_SUSTAIN_SIZES"
	sustainSecondsEnv = "SAMLA_SUSTAIN_SECONDS"
	sustainNotesEnv   = "SAMLA_SUSTAIN_NOTES_PER_S"
	sustainDotsEnv    = "SAMLA_SUSTAIN_DOTS_PER_S"
	// sustainSeed fills the first screen at 80x24, so the new notes land
	// below it and voters' screens show them as the count of more below.
	sustainSeed = 9
	// sustainKeyGap is a typist's pause after seeing a key's echo: about
	// five keys a second, as people type.
	sustainKeyGap = 200 * time.Millisecond
	// sustainLead is the time the authors get to open their first editor
	// before the first note is due.
	sustainLead = 2 * time.Second
)

type sustainConfig struct {
	period          time.Duration
	notesPS, dotsPS float64
}

func BenchmarkRoomSustained(b *testing.B) {
	cfg := sustainConfigFrom(b, sustainNotesEnv, 10, sustainDotsEnv, 10)
	for _, n := range loadEnvInts(b, sustainSizesEnv, []int{50}, 4) {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			loadBench(b, n, func() map[string]float64 { return sustainRooms(b, 1, n, cfg, "server-sustained-cpu") })
		})
	}
}

// sustainConfigFrom reads the period (SAMLA_SUSTAIN_SECONDS; 20 s, 5 s with
// -short) and the rates of notes and dots from the environment.
func sustainConfigFrom(b *testing.B, notesEnv string, notes float64, dotsEnv string, dots float64) sustainConfig {
	secs := 20.0
	if testing.Short() {
		secs = 5
	}
	return sustainConfig{
		period:  time.Duration(loadEnvFloat(b, sustainSecondsEnv, secs) * float64(time.Second)),
		notesPS: loadEnvFloat(b, notesEnv, notes),
		dotsPS:  loadEnvFloat(b, dotsEnv, dots),
	}
}

// sustainRoles splits the room: typists, authors, voters.
func sustainRoles(clients []*termtest.Client) (typists, authors, voters []*termtest.Client) {
	n := len(clients)
	t := max(1, min(10, n/10))
	a := max(1, (n-t)/2)
	return clients[:t], clients[t : t+a], clients[t+a:]
}

// sustainRooms is one complete run: rooms rooms of people each, every room
// at work as cfg says, the rooms' notes spread evenly over each interval
// so the server sees a steady stream from all of them. The server's CPU
// profile of the period, with SAMLA_LOAD_PROFILE_DIR, is named profile.
func sustainRooms(tb testing.TB, rooms, people int, cfg sustainConfig, profile string) map[string]float64 {
	tb.Helper()
	notes := int(cfg.notesPS * cfg.period.Seconds())
	if notes < 2 {
		tb.Fatalf("%v at %g notes a second is %d notes a room; want at least 2", cfg.period, cfg.notesPS, notes)
	}
	n := rooms * people
	dir := tb.TempDir()
	db := filepath.Join(dir, "samla.db")
	codes := loadSeed(tb, db, rooms, sustainSeed, 1)
	run := &loadGroup{}
	defer run.cleanup()
	srv := loadStartServer(tb, dir, n)
	defer srv.stop()
	clients := loadFillEach(tb, run, srv.addr, func(i int) string { return codes[i%rooms] }, loadSigners(tb, n))
	online := fmt.Sprintf(" %d online", people)
	run.waitAll(tb, clients, "everyone online", func(_ int, s string) bool { return strings.Contains(s, online) })
	time.Sleep(loadSettle)

	byRoom := make([][]*termtest.Client, rooms)
	for i, c := range clients {
		byRoom[i%rooms] = append(byRoom[i%rooms], c)
	}
	r := sustainPeriod(tb, run, srv, codes, byRoom, notes, cfg, profile)
	out := r.metrics(tb, db, codes, cfg)
	typists, authors, voters := sustainRoles(byRoom[0])
	tb.Logf("%d rooms of %d (%d typists, %d authors, %d voters each): %d notes, %d dots in %v; server log: %s",
		rooms, people, len(typists), len(authors), len(voters), rooms*notes, r.dots, cfg.period, srv.logTail())
	return out
}

// sustainResult is what a sustained period leaves to be reckoned, per room
// where it is a room's.
type sustainResult struct {
	t0                time.Time // the first note's due time
	starts            []time.Time
	span              time.Duration
	serverCPU, client time.Duration
	others            time.Duration // -1 where it cannot be known
	texts             [][]string
	entered           [][]time.Time
	seen              [][][]sustainSeen
	echoes            []time.Duration
	dots              int64
}

// sustainPeriod runs the period in every room: notes, dots and typing,
// until every voter's screen has every note of its room.
func sustainPeriod(tb testing.TB, run *loadGroup, srv *loadServer, codes []string, byRoom [][]*termtest.Client, notes int, cfg sustainConfig, profile string) sustainResult {
	tb.Helper()
	watchers := make([]*sustainWatchers, len(byRoom))
	for i, in := range byRoom {
		_, _, voters := sustainRoles(in)
		watchers[i] = sustainWatchAll(tb, run, voters, sustainSeed+notes, cfg.period)
	}
	profiles := os.Getenv(loadProfileEnv)
	if profiles != "" {
		srv.command(tb, "profile start "+loadProfilePath(tb, profiles, profile, len(byRoom)*len(byRoom[0])))
	}
	srv0, cpu0, from := srv.stats(tb, false), loadCPU(), time.Now()
	all0, allOK := loadMachineCPU()
	r := sustainResult{t0: from.Add(sustainLead)}
	end := r.t0.Add(cfg.period)
	gap := time.Duration(float64(time.Second) / cfg.notesPS / float64(len(byRoom)))
	var work sync.WaitGroup
	entered := make([]*sustainTimes, len(byRoom))
	var echoes []*sustainTimes
	var dots []*atomic.Int64
	for i, in := range byRoom {
		typists, authors, voters := sustainRoles(in)
		start := r.t0.Add(time.Duration(i) * gap)
		var texts []string
		texts, entered[i] = sustainWrite(tb, run, &work, authors, codes[i], notes, cfg.notesPS, start)
		r.starts, r.texts = append(r.starts, start), append(r.texts, texts)
		echoes = append(echoes, sustainType(tb, run, &work, typists, end))
		dots = append(dots, sustainVote(run, &work, voters, cfg.dotsPS, start, end))
	}
	work.Wait()
	for _, w := range watchers {
		w.wait()
	}
	srv1, cpu1 := srv.stats(tb, false), loadCPU()
	all1, allOK1 := loadMachineCPU()
	r.span = time.Since(from)
	if profiles != "" {
		srv.command(tb, "profile stop")
	}
	run.check(tb, "the sustained period")
	r.serverCPU, r.client = srv1.cpu-srv0.cpu, cpu1-cpu0
	if allOK && allOK1 {
		r.others = max(0, all1-all0-r.serverCPU-r.client)
	} else {
		r.others = -1
	}
	for i := range byRoom {
		r.entered = append(r.entered, entered[i].at)
		r.seen = append(r.seen, watchers[i].seen)
		r.echoes = append(r.echoes, echoes[i].took()...)
		r.dots += dots[i].Load()
	}
	return r
}

func (r sustainResult) metrics(tb testing.TB, db string, codes []string, cfg sustainConfig) map[string]float64 {
	tb.Helper()
	out := map[string]float64{}
	out["server-cpu-ms/s"] = loadMS(r.serverCPU) / r.span.Seconds()
	out["client-cpu-ms/s"] = loadMS(r.client) / r.span.Seconds()
	if r.others >= 0 {
		out["other-cpu-ms/s"] = loadMS(r.others) / r.span.Seconds()
	}
	var currency, late []time.Duration
	var written int
	var lastEnter time.Time
	for i, code := range codes {
		currency = append(currency, sustainCurrency(tb, db, code, r.texts[i], r.entered[i], r.seen[i])...)
		for j, at := range r.entered[i] {
			late = append(late, max(0, at.Sub(r.starts[i].Add(sustainDue(j, cfg.notesPS)))))
			if at.After(lastEnter) {
				lastEnter = at
			}
		}
		written += len(r.entered[i])
	}
	sustainReport(out, "currency", currency)
	sustainReport(out, "echo", r.echoes)
	out["author-late-p99-ms"] = loadMS(loadPercentile(late, 99))
	// From the first note's due time, so authors who start late do not
	// seem to write faster than asked.
	out["notes/s"] = float64(written-1) / lastEnter.Sub(r.t0).Seconds()
	out["dots/s"] = float64(r.dots) / cfg.period.Seconds()
	return out
}

func sustainDue(j int, perS float64) time.Duration {
	return time.Duration(float64(j) / perS * float64(time.Second))
}

func sustainReport(out map[string]float64, name string, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	out[name+"-p50-ms"] = loadMS(loadPercentile(took, 50))
	out[name+"-p99-ms"] = loadMS(loadPercentile(took, 99))
	out[name+"-max-ms"] = loadMS(loadPercentile(took, 100))
}

// sustainTimes are times recorded from many goroutines.
type sustainTimes struct {
	mu sync.Mutex
	at []time.Time
	d  []time.Duration
}

func (s *sustainTimes) add(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
}

func (s *sustainTimes) took() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

// sustainWrite has the authors write notes notes, note j due at t0 plus
// j/perS, by author j mod len(authors). It returns at once with the notes'
// texts and, once work is done, when each was entered.
func sustainWrite(tb testing.TB, g *loadGroup, work *sync.WaitGroup, authors []*termtest.Client, code string, notes int, perS float64, t0 time.Time) ([]string, *sustainTimes) {
	texts := make([]string, notes)
	for j := range texts {
		texts[j] = fmt.Sprintf("sustained %05d %s", j, code)
	}
	entered := &sustainTimes{at: make([]time.Time, notes)}
	for a, c := range authors {
		work.Go(func() {
			gtb := g.tb(tb)
			for j := a; j < notes && !g.failed(); j += len(authors) {
				c.Press("n")
				c.WaitFor(gtb, "New note")
				c.Type(texts[j])
				c.WaitFor(gtb, texts[j])
				time.Sleep(time.Until(t0.Add(sustainDue(j, perS))))
				entered.mu.Lock()
				entered.at[j] = time.Now()
				entered.mu.Unlock()
				c.Press("enter")
				c.WaitGone(gtb, "New note")
			}
		})
	}
	return texts, entered
}

// sustainType has each typist open the editor and type until end, timing
// each key from sending it until their own screen shows it: letters one by
// one, then erasing them one by one, so the text stays short.
func sustainType(tb testing.TB, g *loadGroup, work *sync.WaitGroup, typists []*termtest.Client, end time.Time) *sustainTimes {
	echoes := &sustainTimes{}
	for i, c := range typists {
		work.Go(func() {
			gtb := g.tb(tb)
			mark := fmt.Sprintf("T%02d:", i)
			c.Press("n")
			c.WaitFor(gtb, "New note")
			c.Type(mark)
			c.WaitFor(gtb, mark)
			const letters = "abcdefghijklmnopqrst"
			for k := 0; time.Now().Before(end) && !g.failed(); k++ {
				n := k % (2 * len(letters)) // how many letters are typed now
				shown := func(s string) bool { return strings.Contains(s, mark+letters[:n+1]) }
				key := func() { c.Type(letters[n : n+1]) }
				if n >= len(letters) { // erasing: one letter fewer than before
					left := 2*len(letters) - n - 1
					shown = func(s string) bool {
						return strings.Contains(s, mark+letters[:left]) && !strings.Contains(s, mark+letters[:left+1])
					}
					key = func() { c.Press("backspace") }
				}
				echoes.add(sustainKey(gtb, c, key, shown))
				time.Sleep(sustainKeyGap)
			}
		})
	}
	return echoes
}

// sustainKey sends one key and returns how long until shown accepts the
// screen.
func sustainKey(tb testing.TB, c *termtest.Client, key func(), shown func(string) bool) time.Duration {
	var seen time.Time
	sent := time.Now()
	key()
	c.WaitForFunc(tb, "a key's echo", func(s string) bool {
		if shown(s) {
			seen = time.Now()
			return true
		}
		return false
	})
	return seen.Sub(sent)
}

// sustainVote has the voters give a dot to the card they are on and take
// it back, in turn, perS a second in all, from t0 until end. It returns
// the count of dot keys, complete once work is done.
func sustainVote(g *loadGroup, work *sync.WaitGroup, voters []*termtest.Client, perS float64, t0, end time.Time) *atomic.Int64 {
	var count atomic.Int64
	every := time.Duration(float64(len(voters)) / perS * float64(time.Second))
	for i, c := range voters {
		work.Go(func() {
			at := t0.Add(time.Duration(i) * every / time.Duration(len(voters)))
			for give := true; at.Before(end) && !g.failed(); give = !give {
				time.Sleep(time.Until(at))
				if give {
					c.Press("space")
				} else {
					c.Press("-")
				}
				count.Add(1)
				at = at.Add(every)
			}
		})
	}
	return &count
}

// sustainMore is the count of cards below the screen.
var sustainMore = regexp.MustCompile(`↓ (\d+) more below`)

// sustainCards is how many notes a board scrolled to its top shows: the
// cards drawn (each has one top left corner) and those below.
func sustainCards(screen string) int {
	n := strings.Count(screen, "╭")
	if m := sustainMore.FindStringSubmatch(screen); m != nil {
		below, _ := strconv.Atoi(m[1])
		n += below
	}
	return n
}

// sustainSeen is when a screen first showed at least cards notes.
type sustainSeen struct {
	cards int
	at    time.Time
}

// sustainWatchers follow the voters' screens.
type sustainWatchers struct {
	seen [][]sustainSeen // per voter, in order
	done sync.WaitGroup
}

func (w *sustainWatchers) wait() { w.done.Wait() }

// sustainWatchAll watches each voter's screen until it shows want notes,
// noting each time the count grows. A voter never leaves the top of the
// board, so every note a screen has is counted, and a snapshot holds
// every note the room took before it: a screen showing k notes shows the
// room's first k. Every watcher has looked once when this returns.
func sustainWatchAll(tb testing.TB, g *loadGroup, voters []*termtest.Client, want int, period time.Duration) *sustainWatchers {
	w := &sustainWatchers{seen: make([][]sustainSeen, len(voters))}
	var ready sync.WaitGroup
	ready.Add(len(voters))
	for i, c := range voters {
		c.Timeout = sustainLead + period + loadWait
		w.done.Go(func() {
			first := true
			defer func() {
				if first {
					ready.Done()
				}
			}()
			c.WaitForFunc(g.tb(tb), fmt.Sprintf("all %d notes", want), func(s string) bool {
				k := sustainCards(s)
				if last := len(w.seen[i]); last == 0 || k > w.seen[i][last-1].cards {
					w.seen[i] = append(w.seen[i], sustainSeen{k, time.Now()})
				}
				if first {
					first = false
					ready.Done()
				}
				return k >= want
			})
		})
	}
	ready.Wait()
	return w
}

// sustainCurrency reads from the room's log where each note landed, and
// for each note and voter's screen the time from its enter until that
// screen first showed that many notes.
func sustainCurrency(tb testing.TB, db, code string, texts []string, entered []time.Time, seen [][]sustainSeen) []time.Duration {
	tb.Helper()
	place := sustainPlaces(tb, db, code)
	for _, s := range seen {
		// More cards than notes would mean something else on the screen
		// was counted as a card, and every time here would be too early.
		if got := s[len(s)-1].cards; got != len(place) {
			tb.Fatalf("a voter's screen counted %d notes at the end; the room has %d", got, len(place))
		}
	}
	var took []time.Duration
	for j, text := range texts {
		p, ok := place[text]
		if !ok {
			tb.Fatalf("note %q is not in the room's log", text)
		}
		for _, s := range seen {
			i, _ := slices.BinarySearchFunc(s, p, func(e sustainSeen, p int) int { return e.cards - p })
			if i == len(s) {
				tb.Fatalf("a screen never showed note %d of the room", p)
			}
			took = append(took, max(0, s[i].at.Sub(entered[j])))
		}
	}
	return took
}

// sustainPlaces: each note's text, and its place (from 1) among the room's
// notes in the order the room took them.
func sustainPlaces(tb testing.TB, db, code string) map[string]int {
	tb.Helper()
	st, err := store.Open(db)
	if err != nil {
		tb.Fatalf("open the store: %v", err)
	}
	defer func() { _ = st.Close() }()
	events, err := st.Events(tb.Context(), code)
	if err != nil {
		tb.Fatalf("read the room's log: %v", err)
	}
	place := map[string]int{}
	for _, e := range events {
		if e.Type != "note.added" {
			continue
		}
		var n struct{ Text string }
		if err := json.Unmarshal(e.Data, &n); err != nil {
			tb.Fatalf("a note in the log: %v", err)
		}
		place[n.Text] = len(place) + 1
	}
	return place
}
