package paint

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Painters make frames for many screens on a few goroutines, one per core.
//
// Making a frame (the view, then its cells) is the deepest call a session
// makes. Done on each program's own goroutine, it grew that goroutine's
// stack again after every garbage collection had shrunk it while the
// program waited, which was a quarter to a third of a busy server's CPU,
// and it kept every program's stack at the size of the deepest view
// (docs/PERFORMANCE.md). On a painter only a few stacks grow, and the
// programs' stay small. Writing the frame stays on the program's
// goroutine: a painter must never wait on one person's slow connection.
type Painters struct {
	work    chan *job
	stopped chan struct{}
	once    sync.Once
	wg      sync.WaitGroup
	rows    *sharedRows // rows painted, for every screen the painters draw
}

type job struct {
	do   func()
	done chan any // the panic the work raised, or nil
}

// NewPainters starts n painters; n < 1 means one per core.
func NewPainters(n int) *Painters {
	if n < 1 {
		n = runtime.GOMAXPROCS(0)
	}
	p := &Painters{work: make(chan *job), stopped: make(chan struct{}), rows: newSharedRows()}
	p.wg.Add(n)
	for range n {
		go p.paint()
	}
	return p
}

// Close stops the painters once the work handed to them is done. A
// program that draws after it (a server stopping does not wait for every
// last screen) makes its frames itself.
func (p *Painters) Close() {
	p.once.Do(func() { close(p.stopped) })
	p.wg.Wait()
}

func (p *Painters) paint() {
	defer p.wg.Done()
	for {
		select {
		case j := <-p.work:
			j.done <- run(j.do)
		case <-p.stopped:
			return
		}
	}
}

// run does work and returns what it panicked with, so that a panic in one
// person's view ends that person's program as it would have without
// painters, not the whole server.
func run(work func()) (raised any) {
	defer func() {
		if r := recover(); r != nil {
			raised = fmt.Sprintf("%v\n%s", r, debug.Stack())
		}
	}()
	work()
	return nil
}

// do runs work on a painter and waits for it; with no painters, here.
func (p *Painters) do(j *job) {
	if p == nil {
		j.do()
		return
	}
	select {
	case p.work <- j:
	case <-p.stopped:
		j.do()
		return
	}
	if r := <-j.done; r != nil {
		panic(fmt.Sprintf("paint: %v", r)) // with the painter's stack
	}
}
