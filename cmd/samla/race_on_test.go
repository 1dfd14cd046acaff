//go:build race

package main

// raceBuild: this test binary has the race detector, so binaries it builds
// get it too, which reuses every package already compiled for the test.
const raceBuild = true
