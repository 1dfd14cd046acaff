package session

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/samla/samla/session/sanitize"
)

// Affinity mapping by keyboard: a cluster activity groups the notes of the
// brainstorm before it. Dropping a note on a note makes a cluster of the two;
// on a clustered note, moves it into that cluster. Clusters can be named,
// merged, and notes taken out or marked as duplicates. The room's owner
// orders every move, so two people moving one note at once end with the
// same board on every screen: the later move wins.

// groupTitleLen is how much of its first note a new group's title takes.
const groupTitleLen = 30

// Errors of clustering.
var (
	ErrNotClustering = errors.New("this activity is not for clustering")
	ErrNoSuchCluster = errors.New("that group is gone")
	ErrOnlyFacClust  = errors.New("only facilitators sort the notes in this room")
)

// Cluster is a group of notes with a title.
type Cluster struct {
	ID    string
	Title string
	Notes []string
}

// Events of clustering.
type (
	clusterCreated struct {
		Activity, ID, Title string
		Notes               []string
	}
	noteClustered  struct{ Activity, Note, Cluster string } // Cluster "" takes it out
	clusterRenamed struct{ Activity, ID, Title string }
	clusterMerged  struct{ Activity, From, Into string }
	noteDuplicate  struct {
		Activity, Note string
		Duplicate      bool
	}
	clusteringSet struct {
		ID               string
		FacilitatorsOnly bool
	}
)

// board is one cluster activity's groups. Slices are replaced, never
// changed in place, so snapshots can share them.
type board struct {
	clusters   []Cluster
	duplicates map[string]bool
}

func newBoard() *board { return &board{duplicates: map[string]bool{}} }

// boardOf is activity's groups (kinds.go: held); an empty board for an
// activity that sorts nothing.
func (s *state) boardOf(activity string) *board {
	if b, ok := held[board](s, activity); ok {
		return b
	}
	return newBoard()
}

func (b *board) clusterOf(note string) int {
	for i, c := range b.clusters {
		for _, n := range c.Notes {
			if n == note {
				return i
			}
		}
	}
	return -1
}

func (b *board) index(id string) int {
	for i, c := range b.clusters {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// without returns the clusters with note taken out, dropping emptied ones.
func (b *board) without(note string) []Cluster {
	out := make([]Cluster, 0, len(b.clusters))
	for _, c := range b.clusters {
		notes := make([]string, 0, len(c.Notes))
		for _, n := range c.Notes {
			if n != note {
				notes = append(notes, n)
			}
		}
		if len(notes) > 0 {
			out = append(out, Cluster{ID: c.ID, Title: c.Title, Notes: notes})
		}
	}
	return out
}

func (s *state) applyCluster(e event) bool {
	switch b := e.body.(type) {
	case clusterCreated:
		bd := s.boardOf(b.Activity)
		for _, n := range b.Notes {
			bd.clusters = bd.without(n)
		}
		bd.clusters = append(bd.clusters, Cluster{ID: b.ID, Title: b.Title, Notes: b.Notes})
	case noteClustered:
		bd := s.boardOf(b.Activity)
		bd.clusters = bd.without(b.Note)
		if i := bd.index(b.Cluster); i >= 0 {
			c := bd.clusters[i]
			bd.clusters[i] = Cluster{ID: c.ID, Title: c.Title, Notes: append(append([]string(nil), c.Notes...), b.Note)}
		}
	case clusterRenamed:
		bd := s.boardOf(b.Activity)
		if i := bd.index(b.ID); i >= 0 {
			c := bd.clusters[i]
			bd.clusters = append([]Cluster(nil), bd.clusters...)
			bd.clusters[i] = Cluster{ID: c.ID, Title: b.Title, Notes: c.Notes}
		}
	case clusterMerged:
		s.merge(s.boardOf(b.Activity), b.From, b.Into)
	case noteDuplicate:
		bd := s.boardOf(b.Activity)
		dup := make(map[string]bool, len(bd.duplicates)+1)
		for k, v := range bd.duplicates {
			dup[k] = v
		}
		if b.Duplicate {
			dup[b.Note] = true
		} else {
			delete(dup, b.Note)
		}
		bd.duplicates = dup
	case clusteringSet:
		if i := s.activityIndex(b.ID); i >= 0 {
			s.activities[i].FacilitatorsCluster = b.FacilitatorsOnly
		}
	default:
		return false
	}
	return true
}

func (s *state) merge(bd *board, from, into string) {
	f, t := bd.index(from), bd.index(into)
	if f < 0 || t < 0 || f == t {
		return
	}
	merged := Cluster{ID: bd.clusters[t].ID, Title: bd.clusters[t].Title,
		Notes: append(append([]string(nil), bd.clusters[t].Notes...), bd.clusters[f].Notes...)}
	out := make([]Cluster, 0, len(bd.clusters)-1)
	for i, c := range bd.clusters {
		switch i {
		case f:
		case t:
			out = append(out, merged)
		default:
			out = append(out, c)
		}
	}
	bd.clusters = out
}

// clustering checks that pid may sort the current activity's notes, and
// returns that activity.
func (s *state) clustering(pid string) (Activity, error) {
	a := s.currentActivity()
	switch {
	case s.people[pid] == nil || s.fac.removed[pid]:
		return a, ErrNotJoined
	case !a.Sorts():
		return a, ErrNotClustering
	case a.FacilitatorsCluster && !s.isFacilitator(pid):
		return a, ErrOnlyFacClust
	}
	return a, nil
}

func (s *state) sortable(a Activity, note string) bool {
	n, ok := s.noteByID[note]
	return ok && n.ActivityID == a.Source
}

// decideDrop puts note onto target: into target's cluster, or a new
// cluster of the two.
func (s *state) decideDrop(pid, note, target string) ([]any, error) {
	a, err := s.clustering(pid)
	if err != nil {
		return nil, err
	}
	if !s.sortable(a, note) || !s.sortable(a, target) {
		return nil, ErrNoSuchNote
	}
	if note == target {
		return nil, nil // put back where it was
	}
	bd := s.boardOf(a.ID)
	if i := bd.clusterOf(target); i >= 0 {
		if bd.clusterOf(note) == i {
			return nil, nil
		}
		return []any{noteClustered{Activity: a.ID, Note: note, Cluster: bd.clusters[i].ID}}, nil
	}
	id := fmt.Sprintf("c%d", s.seq+1)
	// A new group is named after its first note, cut by what people see as
	// characters, so a flag or an emoji family is never left in halves.
	title := s.noteByID[target].Text
	if sanitize.Len(title) > groupTitleLen {
		title = strings.TrimSpace(sanitize.Truncate(title, groupTitleLen)) + "…"
	}
	return []any{clusterCreated{Activity: a.ID, ID: id, Title: title, Notes: []string{target, note}}}, nil
}

func (s *state) decideTakeOut(pid, note string) ([]any, error) {
	a, err := s.clustering(pid)
	if err != nil {
		return nil, err
	}
	if s.boardOf(a.ID).clusterOf(note) < 0 {
		return nil, nil
	}
	return []any{noteClustered{Activity: a.ID, Note: note}}, nil
}

func (s *state) decideRenameCluster(pid, note, raw string) ([]any, error) {
	a, err := s.clustering(pid)
	if err != nil {
		return nil, err
	}
	bd := s.boardOf(a.ID)
	i := bd.clusterOf(note)
	if i < 0 {
		return nil, ErrNoSuchCluster
	}
	title, err := cleanTitle(raw, MaxTitleLen)
	if err != nil || title == "" {
		return nil, ErrTitle
	}
	return []any{clusterRenamed{Activity: a.ID, ID: bd.clusters[i].ID, Title: title}}, nil
}

// decideMerge merges the cluster of note into the cluster of target.
func (s *state) decideMerge(pid, note, target string) ([]any, error) {
	a, err := s.clustering(pid)
	if err != nil {
		return nil, err
	}
	bd := s.boardOf(a.ID)
	f, t := bd.clusterOf(note), bd.clusterOf(target)
	if f < 0 || t < 0 {
		return nil, ErrNoSuchCluster
	}
	if f == t {
		return nil, nil
	}
	return []any{clusterMerged{Activity: a.ID, From: bd.clusters[f].ID, Into: bd.clusters[t].ID}}, nil
}

func (s *state) decideDuplicate(pid, note string) ([]any, error) {
	a, err := s.clustering(pid)
	if err != nil {
		return nil, err
	}
	if !s.sortable(a, note) {
		return nil, ErrNoSuchNote
	}
	return []any{noteDuplicate{Activity: a.ID, Note: note, Duplicate: !s.boardOf(a.ID).duplicates[note]}}, nil
}

func (s *state) decideClustering(by, id string, facilitatorsOnly bool) ([]any, error) {
	return s.asFacilitator(by, func() ([]any, error) {
		if s.activityIndex(id) < 0 {
			return nil, ErrNoSuchActivity
		}
		return []any{clusteringSet{ID: id, FacilitatorsOnly: facilitatorsOnly}}, nil
	})
}

// Drop puts note onto target (into its group, or a new group of the two).
func (m *Member) Drop(ctx context.Context, note, target string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideDrop(m.id, note, target) })
}

// TakeOut takes note out of its group.
func (m *Member) TakeOut(ctx context.Context, note string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideTakeOut(m.id, note) })
}

// RenameCluster names the group note is in.
func (m *Member) RenameCluster(ctx context.Context, note, title string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideRenameCluster(m.id, note, title) })
}

// Merge puts note's group into target's group.
func (m *Member) Merge(ctx context.Context, note, target string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideMerge(m.id, note, target) })
}

// MarkDuplicate marks note as a duplicate (or not any more).
func (m *Member) MarkDuplicate(ctx context.Context, note string) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideDuplicate(m.id, note) })
}

// SetClustering lets only facilitators sort (or everyone).
func (m *Member) SetClustering(ctx context.Context, id string, facilitatorsOnly bool) error {
	return m.act(ctx, func(s *state) ([]any, error) { return s.decideClustering(m.id, id, facilitatorsOnly) })
}

// clusterSnapshot: in a cluster activity, the brainstorm's notes grouped,
// groups in order, then the notes in no group.
func (s *state) clusterSnapshot(snap *Snapshot, a Activity) {
	bd := s.boardOf(a.ID)
	snap.Clusters = bd.clusters
	snap.duplicates = bd.duplicates
	placed := map[string]bool{}
	byID := map[string]Note{}
	for _, n := range snap.notes {
		byID[n.ID] = n
	}
	var ordered []Note
	for _, c := range bd.clusters {
		for _, id := range c.Notes {
			if n, ok := byID[id]; ok {
				ordered = append(ordered, n)
				placed[id] = true
			}
		}
	}
	for _, n := range snap.notes {
		if !placed[n.ID] {
			ordered = append(ordered, n)
		}
	}
	snap.notes = ordered
}
