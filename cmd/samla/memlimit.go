package main

import (
	"bufio"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Why serve sets a memory limit of its own.
//
// The garbage collector lets the heap grow to twice what is live before it
// collects (GOGC=100). In a room of 1,000 people the live heap is about a
// hundred megabytes, and the garbage of a burst of redraws comes on top;
// on a small machine, twice that plus SQLite's cache can reach the memory
// the machine has, and the kernel then ends samla in the middle of a
// workshop. A soft limit makes the collector work harder as the heap nears
// it, instead. Three quarters of the memory samla may use leaves room for
// what the limit does not count: SQLite's own memory, goroutine stacks
// outside the heap, and the rest of the machine. GOMEMLIMIT, when set, is
// the operator's choice and is kept.

// memoryShare is the part of the machine's (or the container's) memory
// the heap may use before the collector works harder.
const memoryShare = 0.75

// setMemoryLimit applies the default limit unless GOMEMLIMIT is set, and
// logs which limit holds.
func setMemoryLimit(log *slog.Logger) {
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		log.Info("memory limit", "limit", v, "from", "GOMEMLIMIT")
		return
	}
	limit, from, err := defaultMemoryLimit(readOptional("/sys/fs/cgroup/memory.max"), readOptional("/proc/meminfo"))
	if err != nil {
		log.Warn("no memory limit set: the memory available could not be read; set GOMEMLIMIT to have one", "err", err)
		return
	}
	debug.SetMemoryLimit(limit)
	log.Info("memory limit", "limit", fmt.Sprintf("%dMiB", limit>>20), "from", from)
}

// defaultMemoryLimit is memoryShare of the container's limit (cgroup v2
// memory.max) if there is one below the machine's memory, else of the
// machine's memory (MemTotal in /proc/meminfo).
func defaultMemoryLimit(cgroupMax, meminfo string) (int64, string, error) {
	total, err := memTotal(meminfo)
	if err != nil {
		return 0, "", err
	}
	from := "75% of the machine's memory"
	if v := strings.TrimSpace(cgroupMax); v != "" && v != "max" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, "", fmt.Errorf("cgroup memory.max %q: %w", v, err)
		}
		if n < total {
			total, from = n, "75% of the container's memory limit"
		}
	}
	return int64(float64(total) * memoryShare), from, nil
}

// memTotal reads MemTotal, in bytes, from the text of /proc/meminfo.
func memTotal(meminfo string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(meminfo))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("MemTotal %q: %w", fields[1], err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no MemTotal in /proc/meminfo")
}

// readOptional is a file's text, or "" when it cannot be read (not Linux,
// no cgroup v2).
func readOptional(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
