package main

import "testing"

func TestDefaultMemoryLimit(t *testing.T) {
	const meminfo = "MemTotal:        4000000 kB\nMemFree:  100 kB\n"
	const machine = int64(4000000) << 10
	tests := []struct {
		name      string
		cgroup    string
		meminfo   string
		want      int64
		wantError bool
	}{
		{"no cgroup file", "", meminfo, machine * 3 / 4, false},
		{"cgroup without limit", "max\n", meminfo, machine * 3 / 4, false},
		{"container below the machine", "1073741824\n", meminfo, 805306368, false},
		{"container above the machine", "99999999999999\n", meminfo, machine * 3 / 4, false},
		{"no meminfo", "", "", 0, true},
		{"cgroup garbage", "lots\n", meminfo, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from, err := defaultMemoryLimit(tt.cgroup, tt.meminfo)
			if (err != nil) != tt.wantError {
				t.Fatalf("err = %v, want error %v", err, tt.wantError)
			}
			if got != tt.want {
				t.Fatalf("limit = %d, want %d (%s)", got, tt.want, from)
			}
		})
	}
}
