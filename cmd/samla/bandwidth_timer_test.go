package main

import (
	"context"

	"testing"
	"time"

	"github.com/samla/samla/cmd/samla/internal/termtest"
	"github.com/samla/samla/session"
)

// bwTimerRoom is a room of 12 notes with a facilitator who drives the
// timer without a terminal, and an observer key that knows the room.
func bwTimerRoom(b *testing.B, srv *bwServer) (code string, fac *session.Member) {
	b.Helper()
	ctx := context.Background()
	creator := session.Identity{Key: []byte("bench facilitator")}
	info, err := srv.hub.CreateRoom(ctx, session.RoomSpec{Title: "Vägen till stöd", Creator: creator})
	if err != nil {
		b.Fatal(err)
	}
	fac, err = srv.hub.Join(ctx, info.Code, creator)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(fac.Leave)
	for _, t := range bwNoteTexts(12, 1) {
		if err := fac.AddNote(ctx, t); err != nil {
			b.Fatal(err)
		}
	}
	return info.Code, fac
}

// idleHourFrames is how often a watching screen redraws in an hour with a
// one-hour timer running: 59 minute changes, then 60 seconds, then time's
// up (tui's TestCountdownWakesOnlyWhenTheTextChanges counts them).
const idleHourFrames = 59 + 60 + 1

// BenchmarkIdleHourWithTimer: what a participant who only watches receives
// while the facilitator's timer runs. It measures one countdown frame (two
// seconds of a short timer, divided by two: a minute's change redraws the
// same few cells) and the frame that starts the timer, and reports an hour
// from them: idleHourFrames frames, against 3,600 when the clock showed
// seconds all the time. Plain mode says the timer three times (started,
// two minutes left, time's up): its hour is three times the start line.
func BenchmarkIdleHourWithTimer(b *testing.B) {
	srv := bwStart(b)
	code, fac := bwTimerRoom(b, srv)
	key := termtest.NewSigner(b)
	srv.known(b, code, key, "Observer")
	ctx := context.Background()
	for _, view := range []bwView{bwFull, bwPlain} {
		b.Run(view.name, func(b *testing.B) {
			var start, frames bwTraffic
			for b.Loop() {
				c := bwDial(b, srv.addr, termtest.Options{User: view.prefix + code, Signer: key})
				c.WaitFor(b, view.ready)
				before := c.settle(b)
				if err := fac.Timer(ctx, "start", time.Hour); err != nil {
					b.Fatal(err)
				}
				started := c.settle(b)
				start = start.plus(started.minus(before))
				if err := fac.Timer(ctx, "stop", 0); err != nil {
					b.Fatal(err)
				}
				if view == bwFull {
					c.settle(b)
					if err := fac.Timer(ctx, "start", 6*time.Second); err != nil {
						b.Fatal(err)
					}
					c.WaitFor(b, "⏱ 0:04")
					first := c.settle(b)
					c.WaitFor(b, "⏱ 0:02")
					frames = frames.plus(c.settle(b).minus(first))
				}
				c.Close()
			}
			n := float64(b.N)
			if view == bwFull {
				frame := float64(frames.down) / n / 2
				b.ReportMetric(float64(frames.payload)/n/2, "payload-B/frame")
				b.ReportMetric(frame, "tcp-down-B/frame")
				b.ReportMetric(float64(start.down)/n+idleHourFrames*frame, "tcp-down-B/idle-hour")
				b.ReportMetric(float64(start.down)/n+3600*frame, "tcp-down-B/idle-hour-per-second-clock")
			} else {
				b.ReportMetric(float64(start.payload)/n, "payload-B/line")
				b.ReportMetric(3*float64(start.down)/n, "tcp-down-B/idle-hour")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}
