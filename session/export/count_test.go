package export

import "testing"

// TestCountSaysTheRightNumber: "1 lapp", never "1 lappar", in the report.
func TestCountSaysTheRightNumber(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 lappar"}, {1, "1 lapp"}, {2, "2 lappar"}} {
		if got := count(tc.n, "lapp", "lappar"); got != tc.want {
			t.Errorf("count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
