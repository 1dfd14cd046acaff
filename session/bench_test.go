package session

import (
	"context"
	"fmt"
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
