package main

import (
	"fmt"
	"io"
	"testing"

	"golang.org/x/crypto/ssh"
)

// BenchmarkSessionMemory reports the heap one lobby session costs at a
// given terminal size (run with -bench SessionMemory -benchtime 1x).
func BenchmarkSessionMemory(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {500, 200}, {65535, 65535}} {
		b.Run(sizeName(size), func(b *testing.B) {
			srv := startServer(b, b.TempDir())
			const n = 10
			before := loadHeap()
			for range n {
				c, err := ssh.Dial("tcp", srv.addr, &ssh.ClientConfig{User: "guest", HostKeyCallback: ssh.InsecureIgnoreHostKey(),
					Auth: []ssh.AuthMethod{ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}})
				if err != nil {
					b.Fatal(err)
				}
				defer func() { _ = c.Close() }()
				s, err := c.NewSession()
				if err != nil {
					b.Fatal(err)
				}
				out, _ := s.StdoutPipe()
				if err := s.RequestPty("xterm-256color", size[1], size[0], ssh.TerminalModes{}); err != nil {
					b.Fatal(err)
				}
				if err := s.Shell(); err != nil {
					b.Fatal(err)
				}
				buf := make([]byte, 1)
				if _, err := io.ReadFull(out, buf); err != nil {
					b.Fatal(err)
				}
				go func() { _, _ = io.Copy(io.Discard, out) }()
			}
			after := loadHeap()
			b.ReportMetric(float64(after-before)/n/(1<<20), "MiB/session")
		})
	}
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }
