// Command bench times `terraform plan` of configurations with many
// launchdarkly data sources against the in-process mock API, with and
// without latency and a rate limit. `make bench` runs it; BENCHMARKS.md
// holds results.
//
// It treats the provider as a black box: it builds the binary, points
// Terraform at it with dev_overrides, and measures wall time and what the
// mock served, so it works for any version of the provider's client.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// options are the command-line flags.
type options struct {
	runs        int
	scenarios   string
	parallelism int
}

// result is what one scenario measured; failure is set when a plan failed.
type result struct {
	scenario
	walls    []time.Duration
	requests []int
	limited  []int
	failure  string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	flag.IntVar(&o.runs, "runs", 5, "timed runs per scenario (after one untimed warm-up run)")
	flag.StringVar(&o.scenarios, "scenarios", "", "comma-separated `names` of the scenarios to run (default all)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform plan -parallelism")
	flag.Parse()
	if o.runs < 1 || o.parallelism < 1 {
		return errors.New("-runs and -parallelism must be at least 1")
	}
	selected, err := selectScenarios(o.scenarios)
	if err != nil {
		return err
	}

	work, err := os.MkdirTemp("", "ld-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	logf("building the provider...")
	env, err := setup(work)
	if err != nil {
		return err
	}

	var results []result
	for _, sc := range selected {
		results = append(results, runScenario(sc, o, env, work))
	}
	printReport(results, o, env)

	if failed := countFailed(results); failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(results))
	}
	return nil
}

// runScenario serves a fresh mock, then runs one warm-up and o.runs timed
// plans. It stops at the first failed plan.
func runScenario(sc scenario, o options, env []string, work string) result {
	res := result{scenario: sc}
	api := mockapi.New()
	readKeys := seed(api, sc)
	api.SetLatency(sc.latency)
	api.RetireUsersAPI(sc.usersRetired)
	srv := httptest.NewServer(api)
	defer srv.Close()

	dir := filepath.Join(work, sc.name)
	if err := writeConfig(dir, configuration(sc, srv.URL, readKeys)); err != nil {
		res.failure = err.Error()
		return res
	}
	for i := 0; i <= o.runs; i++ {
		if sc.rateLimit > 0 {
			api.SetRateLimit(sc.rateLimit, time.Second) // each run starts a fresh window
		}
		before, start := api.Stats(), time.Now()
		out, err := plan(dir, env, o.parallelism)
		wall, after := time.Since(start), api.Stats()
		if err != nil {
			res.failure = firstError(out)
			if res.failure == "" {
				res.failure = err.Error()
			}
			logf("%s: plan FAILED (%v); its output:\n%s", sc.name, err, headLines(out, 60))
			return res
		}
		requests, limited := after.Requests-before.Requests, after.RateLimited-before.RateLimited
		if i == 0 {
			logf("%s: warm-up %.2f s, %d requests, %d 429s", sc.name, wall.Seconds(), requests, limited)
			continue
		}
		logf("%s: run %d/%d %.2f s, %d requests, %d 429s", sc.name, i, o.runs, wall.Seconds(), requests, limited)
		res.walls = append(res.walls, wall)
		res.requests = append(res.requests, requests)
		res.limited = append(res.limited, limited)
	}
	return res
}

func writeConfig(dir, config string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

func printReport(results []result, o options, env []string) {
	fmt.Printf("\nMachine: %d CPUs%s, %s/%s, %s, %s\n", runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH,
		terraformVersion(env), runtime.Version())
	fmt.Printf("Each row: median of %d timed `terraform plan` runs after 1 warm-up, -parallelism=%d.\n\n", o.runs, o.parallelism)
	fmt.Println("| scenario | N | latency | rate limit | median wall time | requests (median) | 429s (median) |")
	fmt.Println("|---|---:|---:|---|---:|---:|---:|")
	for _, r := range results {
		limit := "none"
		if r.rateLimit > 0 {
			limit = fmt.Sprintf("%d/s", r.rateLimit)
		}
		head := fmt.Sprintf("| %s | %d | %d ms | %s |", r.name, r.reads, r.latency.Milliseconds(), limit)
		if r.failure != "" {
			fmt.Printf("%s FAILED: %s | | |\n", head, strings.ReplaceAll(r.failure, "|", `\|`))
			continue
		}
		fmt.Printf("%s %.2f s | %d | %d |\n", head, median(r.walls).Seconds(), median(r.requests), median(r.limited))
	}
}

// median is the middle value (the upper one for an even count).
func median[T int | time.Duration](values []T) T {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func countFailed(results []result) int {
	n := 0
	for _, r := range results {
		if r.failure != "" {
			n++
		}
	}
	return n
}

// cpuModel is " (<model name>)" from /proc/cpuinfo where there is one.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return " (" + strings.TrimSpace(value) + ")"
		}
	}
	return ""
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}
