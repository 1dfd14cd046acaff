package session

import (
	"fmt"
	"math"
)

// A target is what a project plan promises about a rating: "at least 75 %
// rate 4 or more". Results say per item how many answered, the share at
// or above the value, and whether the target was met, so a report can say
// "met" or "not met" in words, not in colour alone.

// Target of a rate activity: Share (0–1] of the answers at AtLeast or
// above. Template files write it {"at_least": 4, "share": 0.75}.
type Target struct {
	AtLeast int     `json:"at_least"`
	Share   float64 `json:"share"`
}

// cleanTarget checks a target against the scale it is on (zero: 1–6).
func cleanTarget(fields scoreFields, t *Target, scale Scale) (*Target, error) {
	if t == nil {
		return nil, nil
	}
	if !fields.scale {
		return nil, fmt.Errorf("%w: a target is for rate activities", ErrScoring)
	}
	sc := Activity{Scoring: Scoring{Scale: scale}}.RateScale()
	if t.AtLeast < sc.Min || t.AtLeast > sc.Max {
		return nil, fmt.Errorf("%w: a target's \"at_least\" must be on the scale %d–%d, not %d", ErrScoring, sc.Min, sc.Max, t.AtLeast)
	}
	if !(t.Share > 0 && t.Share <= 1) {
		return nil, fmt.Errorf("%w: a target's \"share\" is more than 0 and at most 1 (0.75 is 75 %%), not %v", ErrScoring, t.Share)
	}
	out := *t
	return &out, nil
}

// TargetOutcome is one item's standing against its activity's target.
// Nil fields where nobody answered: no answers neither meet nor miss.
type TargetOutcome struct {
	// AtLeast is how many answers were at or above the value.
	AtLeast *int
	// Share is AtLeast of all answers, to two decimals.
	Share *float64
	Met   *bool
}

// Outcome measures vals against t. Met is decided on the exact counts,
// not the rounded share, so 3 of 4 meets 75 % and 2 of 3 misses 67 %.
func (t Target) Outcome(vals []int) TargetOutcome {
	if len(vals) == 0 {
		return TargetOutcome{}
	}
	count := 0
	for _, v := range vals {
		if v >= t.AtLeast {
			count++
		}
	}
	// A share such as 0.7 is not exact in binary: allow for that much.
	met := float64(count) >= t.Share*float64(len(vals))-1e-9
	return TargetOutcome{AtLeast: &count, Share: shareOf(count, len(vals)), Met: &met}
}

// SharePercent is a share as whole per cent, as people say targets.
func SharePercent(share float64) int { return int(math.Round(share * 100)) }
