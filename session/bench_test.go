package session

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkVotes measures dots per second into one room, from one voter at
// a time (a transaction each) and from many at once (group commit shares
// transactions). Compare the two within one run; absolute numbers depend on
// the disk.
func BenchmarkVotes(b *testing.B) {
	for _, voters := range []int{1, 64} {
		b.Run(fmt.Sprintf("voters=%d", voters), func(b *testing.B) {
			f := newFixture(b)
			code := f.room(b, RoomSpec{})
			ctx := context.Background()
			author := f.join(b, code, "author")
			if err := author.AddNote(ctx, "the note"); err != nil {
				b.Fatal(err)
			}
			note := author.Latest().NotesFor(author.ID())[0].ID
			members := make([]*Member, voters)
			for i := range members {
				members[i] = f.join(b, code, fmt.Sprint("v", i))
			}
			var next atomic.Int64
			b.SetParallelism(voters)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				m := members[int(next.Add(1)-1)%voters]
				for pb.Next() {
					// Alternate give and take so the budget never runs out.
					if err := m.Vote(ctx, note); err != nil {
						b.Error(err)
						return
					}
					if err := m.Unvote(ctx, note); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(2*b.N)/b.Elapsed().Seconds(), "dots/s")
		})
	}
}

// BenchmarkRateRoom500: a room of 500 where everyone rates 10 items at
// once (5,000 ratings per op), each rating persisted, applied and
// published with the live outcome (n, mean, median, distribution of every
// item) recomputed for the snapshot.
func BenchmarkRateRoom500(b *testing.B) {
	const people, items = 500, 10
	f := newFixture(b)
	code := f.room(b, RoomSpec{Creator: Identity{Key: []byte("fac")}})
	ctx := context.Background()
	fac := f.join(b, code, "fac")
	for i := range items {
		if err := fac.AddNote(ctx, fmt.Sprint("utmaning ", i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := fac.AddActivity(ctx, KindRate, "Hur viktig?", ""); err != nil {
		b.Fatal(err)
	}
	if err := fac.Go(ctx, +1); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, it := range fac.Latest().Items() {
		ids = append(ids, it.ID)
	}
	members := make([]*Member, people)
	for i := range members {
		members[i] = f.join(b, code, fmt.Sprint("p", i))
	}
	b.ResetTimer()
	for n := range b.N {
		var wg sync.WaitGroup
		for i, m := range members {
			wg.Go(func() {
				for j, id := range ids {
					// A new value each round, so every rating is a change.
					if err := m.Rate(ctx, id, 1+(n+i+j)%6); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(people*items*b.N)/b.Elapsed().Seconds(), "ratings/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/room")
	if got := fac.Latest().Answered; got != people {
		b.Fatalf("%d answered, want %d", got, people)
	}
}

// BenchmarkVoteSnapshotAfterGroups: the snapshot a room publishes after
// every dot in a vote on a groups activity's items (200 notes, 20 groups
// of 5, 100 loose notes, 50 voters with dots given): cards built from the
// items, totals and each voter's dots shared.
func BenchmarkVoteSnapshotAfterGroups(b *testing.B) {
	s := newState(RoomInfo{Code: "BENCH"})
	bodies := []any{
		activityAdded{ID: "a1", Kind: KindBrainstorm},
		activityAdded{ID: "a2", Kind: KindCluster, Source: "a1"},
		activityAdded{ID: "a3", Kind: KindVote, Source: "a2"},
	}
	for i := range 200 {
		bodies = append(bodies, noteAdded{ID: fmt.Sprint("n", i), Activity: "a1", Author: "p", Text: fmt.Sprint("note number ", i)})
	}
	for g := range 20 {
		notes := make([]string, 5)
		for j := range notes {
			notes[j] = fmt.Sprint("n", g*5+j)
		}
		bodies = append(bodies, clusterCreated{Activity: "a2", ID: fmt.Sprint("c", g), Title: fmt.Sprint("group ", g), Notes: notes})
	}
	bodies = append(bodies, activityStarted{ID: "a3"})
	for v := range 50 {
		bodies = append(bodies, voteChanged{PID: fmt.Sprint("v", v), Note: fmt.Sprint("c", v%20), Activity: "a3"},
			voteChanged{PID: fmt.Sprint("v", v), Note: fmt.Sprint("n", 100+v), Activity: "a3"})
	}
	for i, body := range bodies {
		if err := s.apply(event{Seq: int64(i) + 1, body: body}); err != nil {
			b.Fatal(err)
		}
	}
	if n := len(s.snapshot().notes); n != 120 {
		b.Fatalf("%d cards, want 120", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.snapshot()
	}
}
