// Command testprogress shows `go test -json` as it runs: a line per package as it finishes, a line of
// progress while tests run (so that minutes of acceptance tests are not minutes of silence), the output
// of each failed test as go test would print it, and a summary. It exits 1 if anything failed.
//
//	go test -json ./... | go run ./internal/testprogress
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json), or of the build output it interleaves.
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output and build-fail events
}

// every is how often a progress line is printed while tests run.
const every = 20 * time.Second

func main() {
	lines := make(chan string)
	go func() {
		scanner := bufio.NewScanner(os.Stdin)
		scanner.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
		close(lines)
	}()
	r := newReport(os.Stdout, time.Now)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				os.Exit(r.finish())
			}
			r.line(line)
		case <-ticker.C:
			r.progress()
		}
	}
}

// testKey names a test within its package.
type testKey struct{ pkg, test string }

type report struct {
	out   io.Writer
	now   func() time.Time
	start time.Time

	output  map[testKey]*strings.Builder // output of each test (and package, with test "") so far
	running map[testKey]bool             // tests started and not finished: true while running, false paused
	started map[string]bool              // packages whose test binary started and has not finished

	passed, failed, skipped int
	failures                []string // failed tests and packages, in the order they failed
	packages                int      // packages finished
	events                  int
}

func newReport(out io.Writer, now func() time.Time) *report {
	return &report{out: out, now: now, start: now(), output: map[testKey]*strings.Builder{},
		running: map[testKey]bool{}, started: map[string]bool{}}
}

// line takes one line of input: an event, or text that is not one, which is printed as it is.
func (r *report) line(line string) {
	var e event
	if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &e) != nil {
		fmt.Fprintln(r.out, line)
		return
	}
	r.events++
	key := testKey{e.Package, e.Test}
	switch e.Action {
	case "build-output":
		fmt.Fprint(r.out, e.Output)
	case "build-fail":
		r.failures = append(r.failures, e.ImportPath+" (build)")
	case "start":
		r.started[e.Package] = true
	case "run", "cont":
		r.running[key] = true
	case "pause":
		r.running[key] = false
	case "output":
		b := r.output[key]
		if b == nil {
			b = &strings.Builder{}
			r.output[key] = b
		}
		b.WriteString(e.Output)
	case "pass", "fail", "skip":
		if e.Test == "" {
			r.packageDone(e)
		} else {
			r.testDone(e)
		}
	}
}

func (r *report) testDone(e event) {
	key := testKey{e.Package, e.Test}
	delete(r.running, key)
	switch e.Action {
	case "pass":
		r.passed++
	case "skip":
		r.skipped++
	case "fail":
		r.failed++
		r.failures = append(r.failures, e.Test+" ("+e.Package+")")
		// A failed subtest fails its parents too: its output, printed with its own failure, is enough.
		if b := r.output[key]; b != nil && !r.hasFailedSubtest(key) {
			fmt.Fprint(r.out, b.String())
		}
	}
	if e.Action != "fail" {
		delete(r.output, key)
	}
}

// hasFailedSubtest reports whether a subtest of key failed already (its output went out with it).
func (r *report) hasFailedSubtest(key testKey) bool {
	prefix := key.test + "/"
	for _, f := range r.failures {
		if strings.HasPrefix(f, prefix) && strings.HasSuffix(f, "("+key.pkg+")") {
			return true
		}
	}
	return false
}

func (r *report) packageDone(e event) {
	delete(r.started, e.Package)
	r.packages++
	key := testKey{e.Package, ""}
	output := ""
	if b := r.output[key]; b != nil {
		output = b.String()
	}
	delete(r.output, key)
	switch {
	case e.Action == "fail":
		r.failures = append(r.failures, e.Package)
		// The package's own output holds what no test owns: a panic, a timeout, a failed TestMain.
		fmt.Fprint(r.out, output)
		fmt.Fprintf(r.out, "FAIL  %s  %s\n", e.Package, seconds(e.Elapsed))
	case strings.Contains(output, "[no test files]"):
		fmt.Fprintf(r.out, "      %s  (no tests)\n", e.Package)
	default:
		fmt.Fprintf(r.out, "ok    %s  %s\n", e.Package, seconds(e.Elapsed))
	}
}

// progress prints what is done and what is still running.
func (r *report) progress() {
	if len(r.started) == 0 && len(r.running) == 0 {
		fmt.Fprintf(r.out, "  ... %s: building\n", r.elapsed())
		return
	}
	packages := make([]string, 0, len(r.started))
	for pkg := range r.started {
		packages = append(packages, shortPackage(pkg))
	}
	slices.Sort(packages)
	// A test whose subtests have started only waits for them: count the tests doing their own work.
	parents := map[testKey]bool{}
	for key := range r.running {
		for i := strings.LastIndexByte(key.test, '/'); i > 0; i = strings.LastIndexByte(key.test[:i], '/') {
			parents[testKey{key.pkg, key.test[:i]}] = true
		}
	}
	running, waiting := 0, 0
	for key, on := range r.running {
		switch {
		case parents[key]:
		case on:
			running++
		default:
			waiting++
		}
	}
	fmt.Fprintf(r.out, "  ... %s: %d tests passed, %d failed; %d running, %d waiting to run in parallel, in %s\n",
		r.elapsed(), r.passed, r.failed, running, waiting, strings.Join(packages, ", "))
}

// finish prints the summary and returns the exit code.
func (r *report) finish() int {
	if r.events == 0 {
		fmt.Fprintln(r.out, "testprogress: no test events on standard input (pipe `go test -json` into it)")
		return 1
	}
	if len(r.failures) > 0 || r.failed > 0 {
		fmt.Fprintf(r.out, "\nFAILED after %s: %d tests passed, %d failed, %d skipped. Failures:\n",
			r.elapsed(), r.passed, r.failed, r.skipped)
		for _, f := range r.failures {
			fmt.Fprintln(r.out, "  "+f)
		}
		return 1
	}
	fmt.Fprintf(r.out, "\nAll %d tests of %d packages passed in %s (%d skipped).\n",
		r.passed, r.packages, r.elapsed(), r.skipped)
	return 0
}

func (r *report) elapsed() string {
	return r.now().Sub(r.start).Round(time.Second).String()
}

func seconds(s float64) string {
	return fmt.Sprintf("%.1fs", s)
}

// shortPackage drops the module path, which every package here shares.
func shortPackage(pkg string) string {
	const module = "github.com/tf-launchdarkly/terraform-provider-launchdarkly"
	if pkg == module {
		return "."
	}
	return strings.TrimPrefix(pkg, module+"/")
}
