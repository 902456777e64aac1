//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS is the process's largest resident set in bytes, from its rusage; 0 where unknown.
func peakRSS(state *os.ProcessState) int64 {
	ru, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return ru.Maxrss // bytes there, kilobytes elsewhere
	}
	return ru.Maxrss * 1024
}
