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
	bare        bool
}

// sample is what one timed plan of one provider measured.
type sample struct {
	wall     time.Duration
	cpu      time.Duration // the provider processes' user + system CPU time
	peakRSS  int64         // the largest resident set of any of them, bytes
	requests int
	limited  int
}

// side is one provider's part of a scenario: its samples, or why it failed.
type side struct {
	samples []sample
	failure string
}

// result is what one scenario measured, for this provider and, where the
// scenario has a counterpart, the bare one.
type result struct {
	scenario
	provider side
	bare     *side
}

func main() {
	if bin := os.Getenv(wrapBinEnv); bin != "" {
		os.Exit(runWrapper(bin))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	flag.IntVar(&o.runs, "runs", 5, "timed runs per scenario and provider (after one untimed warm-up run each)")
	flag.StringVar(&o.scenarios, "scenarios", "", "comma-separated `names` of the scenarios to run (default all)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform plan -parallelism")
	flag.BoolVar(&o.bare, "bare", true, "also run the bare baseline provider, interleaved, where a scenario has a counterpart")
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
	logf("building the provider and the bare baseline...")
	env, err := setup(work)
	if err != nil {
		return err
	}

	startLoad := loadAverage()
	var results []result
	for _, sc := range selected {
		results = append(results, runScenario(sc, o, env, work))
	}
	printReport(results, o, env, startLoad)

	if failed := countFailed(results); failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(results))
	}
	return nil
}

// contender is one provider's configuration of a scenario.
type contender struct {
	label, dir, binary string
	side               *side
}

// runScenario serves a fresh mock, then runs one warm-up and o.runs timed
// plans of each provider, alternating which goes first so that both see the
// same conditions. A provider stops at its first failed plan.
func runScenario(sc scenario, o options, env []string, work string) result {
	res := result{scenario: sc}
	api := mockapi.New()
	readKeys := seed(api, sc)
	api.SetLatency(sc.latency)
	api.RetireUsersAPI(sc.usersRetired)
	srv := httptest.NewServer(api)
	defer srv.Close()

	contenders := []contender{{label: "provider", dir: filepath.Join(work, sc.name, "provider"), binary: providerBinary, side: &res.provider}}
	if o.bare && barePath(sc) != "" {
		res.bare = &side{}
		contenders = append(contenders, contender{label: "bare", dir: filepath.Join(work, sc.name, "bare"), binary: bareBinary, side: res.bare})
	}
	for _, c := range contenders {
		config := configuration(sc, srv.URL, readKeys)
		if c.side == res.bare {
			config = bareConfiguration(sc, srv.URL, readKeys)
		}
		if err := writeConfig(c.dir, config); err != nil {
			c.side.failure = err.Error()
			return res
		}
	}
	cpuFile := filepath.Join(work, sc.name, "cpu")
	for i := 0; i <= o.runs; i++ {
		order := slices.Clone(contenders)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, c := range order {
			if c.side.failure != "" {
				continue
			}
			if sc.rateLimit > 0 {
				api.SetRateLimit(sc.rateLimit, time.Second) // each run starts a fresh window
			}
			_ = os.Remove(cpuFile)
			s, err := measure(api, c, sc, o, env, cpuFile)
			if err != nil {
				c.side.failure = err.Error()
				logf("%s (%s): FAILED: %v", sc.name, c.label, err)
				continue
			}
			if i == 0 {
				logf("%s (%s): warm-up %.2f s, %d requests", sc.name, c.label, s.wall.Seconds(), s.requests)
				continue
			}
			logf("%s (%s): run %d/%d %.2f s, CPU %.2f s, %d requests, %d 429s", sc.name, c.label, i, o.runs,
				s.wall.Seconds(), s.cpu.Seconds(), s.requests, s.limited)
			c.side.samples = append(c.side.samples, s)
		}
	}
	return res
}

// measure runs one plan of c and checks that it read every data source.
func measure(api *mockapi.API, c contender, sc scenario, o options, env []string, cpuFile string) (sample, error) {
	before, start := api.Stats(), time.Now()
	planned, out, err := plan(c.dir, env, o.parallelism, cpuFile)
	wall, after := time.Since(start), api.Stats()
	if err != nil || len(planned.errors) > 0 {
		logf("%s (%s): plan output:\n%s", sc.name, c.label, headLines(out, 60))
		if len(planned.errors) > 0 {
			return sample{}, errors.New(planned.errors[0])
		}
		return sample{}, err
	}
	if want := dataSources(sc); planned.reads != want {
		return sample{}, fmt.Errorf("the plan read %d data sources, want %d", planned.reads, want)
	}
	cpu, err := readCPU(cpuFile)
	if err != nil {
		return sample{}, err
	}
	return sample{wall: wall, cpu: cpu[c.binary].cpu, peakRSS: cpu[c.binary].peakRSS, requests: after.Requests - before.Requests,
		limited: after.RateLimited - before.RateLimited}, nil
}

// dataSources is how many data source instances a scenario's plan reads.
func dataSources(sc scenario) int {
	if sc.kind == memberList {
		return 1
	}
	return sc.reads
}

func writeConfig(dir, config string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

func printReport(results []result, o options, env []string, startLoad string) {
	fmt.Printf("\nMachine: %d CPUs%s, %s/%s, %s, %s; load average (1, 5, 15 min) %s at the start, %s at the end\n",
		runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH, terraformVersion(env), runtime.Version(),
		startLoad, loadAverage())
	fmt.Printf("Each cell: median of %d timed `terraform plan` runs after 1 warm-up, -parallelism=%d; this provider "+
		"and the bare one interleaved. CPU: the provider processes' user + system time, per data source read. "+
		"Peak RSS: this provider's largest process, over all runs.\n\n", o.runs, o.parallelism)
	fmt.Println("| scenario | N | latency | rate limit | wall | bare wall | ratio | CPU per read | bare CPU per read | CPU ratio | requests | bare requests | 429s | peak RSS |")
	fmt.Println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		limit := "none"
		if r.rateLimit > 0 {
			limit = fmt.Sprintf("%d/s", r.rateLimit)
		}
		head := fmt.Sprintf("| %s | %d | %d ms | %s |", r.name, r.reads, r.latency.Milliseconds(), limit)
		if r.provider.failure != "" {
			fmt.Printf("%s FAILED: %s | | | | | | | | | |\n", head, strings.ReplaceAll(r.provider.failure, "|", `\|`))
			continue
		}
		p, b := summarize(r.provider, dataSources(r.scenario)), bareSummary(r)
		fmt.Printf("%s %.2f s | %s | %s | %s | %s | %s | %d | %s | %d | %d MiB |\n", head, p.wall.Seconds(), b.wall,
			ratio(p.wall, b.wallValue), msPerRead(p.cpuPerRead), b.cpu, ratio(p.cpuPerRead, b.cpuValue), p.requests,
			b.requests, p.limited, p.peakRSS>>20)
	}
}

// summary is the medians of one provider's samples, and the largest peak RSS of any.
type summary struct {
	wall, cpuPerRead  time.Duration
	requests, limited int
	peakRSS           int64
}

func summarize(s side, reads int) summary {
	var walls, cpus []time.Duration
	var requests, limited []int
	var rss int64
	for _, x := range s.samples {
		rss = max(rss, x.peakRSS)
		walls = append(walls, x.wall)
		cpus = append(cpus, x.cpu/time.Duration(reads))
		requests = append(requests, x.requests)
		limited = append(limited, x.limited)
	}
	return summary{wall: median(walls), cpuPerRead: median(cpus), requests: median(requests), limited: median(limited),
		peakRSS: rss}
}

// bareCells are the bare provider's cells of a row, "—" where it did not run.
type bareCells struct {
	wall, cpu, requests string
	wallValue, cpuValue time.Duration
}

func bareSummary(r result) bareCells {
	switch {
	case r.bare == nil:
		return bareCells{wall: "—", cpu: "—", requests: "—"}
	case r.bare.failure != "":
		failed := "FAILED: " + strings.ReplaceAll(r.bare.failure, "|", `\|`)
		return bareCells{wall: failed, cpu: "—", requests: "—"}
	}
	b := summarize(*r.bare, dataSources(r.scenario))
	return bareCells{wall: fmt.Sprintf("%.2f s", b.wall.Seconds()), cpu: msPerRead(b.cpuPerRead),
		requests: fmt.Sprint(b.requests), wallValue: b.wall, cpuValue: b.cpuPerRead}
}

func msPerRead(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// ratio is a / b to two decimals, "—" without a b.
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

// loadAverage is the 1, 5 and 15 minute load averages, where /proc has them.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
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
		if r.provider.failure != "" || (r.bare != nil && r.bare.failure != "") {
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
