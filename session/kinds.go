package session

import "fmt"

// The activity kinds samla runs. The names are on disk (activity.added),
// in template files and in the JSON export, so they never change.
const (
	KindBrainstorm = "brainstorm"
	KindCluster    = "cluster"
	KindVote       = "vote"
	KindResults    = "results"
)

// kindSpec is what one activity kind owns: which earlier activity a new
// one draws its items from, and its outcome as a typed result. Every
// export reads the result through this registry, so a kind added here
// cannot be forgotten by any format.
type kindSpec struct {
	name string
	// sources are the kinds whose latest activity before this one it works
	// on (a vote dots the latest brainstorm or groups); none: itself.
	sources []string
	// secretByDefault: a new activity of this kind hides its dots until
	// the reveal.
	secretByDefault bool
	result          func(s *state, a Activity) Results
}

func kindSpecs() []kindSpec {
	return []kindSpec{
		{name: KindBrainstorm, result: brainstormResult},
		{name: KindCluster, sources: []string{KindBrainstorm}, result: clusterResult},
		{name: KindVote, sources: []string{KindBrainstorm, KindCluster}, secretByDefault: true, result: voteResult},
		{name: KindResults, sources: []string{KindVote}, result: resultsResult},
	}
}

func specOf(kind string) (kindSpec, error) {
	for _, k := range kindSpecs() {
		if k.name == kind {
			return k, nil
		}
	}
	return kindSpec{}, fmt.Errorf("%w: unknown kind %q", ErrNoSuchActivity, kind)
}

// ActivityKinds are the activities samla runs, in the order the agenda
// editor offers them.
func ActivityKinds() []string {
	specs := kindSpecs()
	out := make([]string, len(specs))
	for i, k := range specs {
		out[i] = k.name
	}
	return out
}
