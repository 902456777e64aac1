package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The provider's CPU time is measured from its rusage. Terraform starts the provider, so the benchmark
// cannot wait for it itself: instead dev_overrides points Terraform at a copy of this program, which
// runs the real provider as its child with the same arguments, environment and standard streams, and
// when the provider exits appends its user and system CPU time to the file named by cpuFileEnv. A plan
// starts the provider more than once (schema, validation, plan); the benchmark sums the lines.
const (
	// wrapBinEnv names the directory of the real provider binaries; its presence makes this program
	// the wrapper.
	wrapBinEnv = "LD_BENCH_PROVIDER_BIN"
	// cpuFileEnv names the file the wrapper appends "<provider> <user ns> <system ns> <peak RSS bytes>" to.
	cpuFileEnv = "LD_BENCH_CPU_FILE"
)

// runWrapper is main when this program runs as a provider's wrapper: it runs the provider binary of the
// same name and exits as it did.
func runWrapper(binDir string) int {
	name := filepath.Base(os.Args[0])
	cmd := exec.Command(filepath.Join(binDir, name), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return 1
	}
	// Terraform stops a provider through its RPC connection; a signal sent to the wrapper is passed on.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	if state := cmd.ProcessState; state != nil {
		if file := os.Getenv(cpuFileEnv); file != "" {
			appendCPU(file, name, state.UserTime(), state.SystemTime(), peakRSS(state))
		}
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return 1
	}
	return 0
}

func appendCPU(file, name string, user, system time.Duration, rss int64) {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return
	}
	defer f.Close()
	// One short write with O_APPEND: lines of providers exiting together do not interleave.
	_, _ = fmt.Fprintf(f, "%s %d %d %d\n", name, user.Nanoseconds(), system.Nanoseconds(), rss)
}

// installWrappers copies this program into dir under each provider binary's name.
func installWrappers(dir string, names ...string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, name := range names {
		if err := copyExecutable(self, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyExecutable(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o700)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// usage is what a provider's processes reported over one plan: their CPU time, summed, and the largest
// peak resident set of any one of them.
type usage struct {
	cpu     time.Duration
	peakRSS int64
}

// readCPU reads the usage each provider's processes reported in file, by binary name.
func readCPU(file string) (map[string]usage, error) {
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]usage{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]usage{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 4 {
			return nil, fmt.Errorf("%s: malformed line %q", file, scanner.Text())
		}
		var n [3]int64
		for i, field := range fields[1:] {
			if n[i], err = strconv.ParseInt(field, 10, 64); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
		}
		u := out[fields[0]]
		u.cpu += time.Duration(n[0] + n[1])
		u.peakRSS = max(u.peakRSS, n[2])
		out[fields[0]] = u
	}
	return out, scanner.Err()
}
