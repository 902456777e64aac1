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
	baseline    bool
}

// sample is what one timed plan of one provider measured.
type sample struct {
	wall     time.Duration
	cpu      time.Duration // the provider processes' user + system CPU time
	planCPU  time.Duration // the whole plan's: terraform's and the providers'
	peakRSS  int64         // the largest resident set of any provider process, bytes
	requests int
	limited  int
}

// side is one provider's part of a scenario: its samples, or why it failed.
type side struct {
	samples []sample
	failure string
}

// Baselines: the bare provider, the least a framework provider does per read, for scenarios of many
// reads of one object; the floor provider, the provider's schema answering with a precomputed state, for
// a list (what Terraform alone costs).
const (
	bareBaseline  = "bare"
	floorBaseline = "floor"
)

// result is what one scenario measured, for this provider and, where the
// scenario has one, its baseline.
type result struct {
	scenario
	provider     side
	baseline     *side
	baselineKind string
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
	flag.BoolVar(&o.baseline, "baseline", true, "also run the scenario's baseline provider (bare or floor), interleaved, where it has one")
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
	logf("building the provider and the bare and floor baselines...")
	envs, err := setup(work)
	if err != nil {
		return err
	}

	startLoad := loadAverage()
	var results []result
	for _, sc := range selected {
		results = append(results, runScenario(sc, o, envs, work))
	}
	printReport(results, o, envs.provider, startLoad)

	if failed := countFailed(results); failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(results))
	}
	return nil
}

// contender is one provider's configuration of a scenario.
type contender struct {
	label, dir, binary string
	env                []string
	side               *side
}

// runScenario serves a fresh mock, then runs one warm-up and o.runs timed
// plans of each provider, alternating which goes first so that both see the
// same conditions. A provider stops at its first failed plan.
func runScenario(sc scenario, o options, envs environments, work string) result {
	res := result{scenario: sc}
	api := mockapi.New()
	readKeys := seed(api, sc)
	api.SetLatency(sc.latency)
	api.RetireUsersAPI(sc.usersRetired)
	srv := httptest.NewServer(api)
	defer srv.Close()

	config := configuration(sc, srv.URL, readKeys)
	contenders := []contender{{label: "provider", dir: filepath.Join(work, sc.name, "provider"), binary: providerBinary,
		env: envs.provider, side: &res.provider}}
	if o.baseline {
		baseline := contender{label: "baseline", dir: filepath.Join(work, sc.name, "baseline"), side: &side{}}
		switch {
		case barePath(sc) != "":
			res.baselineKind, baseline.binary, baseline.env = bareBaseline, bareBinary, envs.provider
			config := bareConfiguration(sc, srv.URL, readKeys)
			if err := writeConfig(baseline.dir, config); err != nil {
				baseline.side.failure = err.Error()
			}
			res.baseline, contenders = baseline.side, append(contenders, baseline)
		case isList(sc):
			stateFile := filepath.Join(work, sc.name, "floor-state")
			res.baselineKind, baseline.binary = floorBaseline, providerBinary
			baseline.env = append(slices.Clip(envs.floor), "LD_BENCH_FLOOR_STATE="+stateFile)
			if err := os.MkdirAll(filepath.Dir(stateFile), 0o700); err != nil {
				baseline.side.failure = err.Error()
			} else if err := floorState(sc, srv.URL, stateFile); err != nil {
				baseline.side.failure = "computing the floor's state: " + err.Error()
			} else if err := writeConfig(baseline.dir, config); err != nil {
				baseline.side.failure = err.Error()
			}
			res.baseline, contenders = baseline.side, append(contenders, baseline)
		}
	}
	if err := writeConfig(contenders[0].dir, config); err != nil {
		res.provider.failure = err.Error()
		return res
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
			s, err := measure(api, c, sc, o, cpuFile)
			if err != nil {
				c.side.failure = err.Error()
				logf("%s (%s): FAILED: %v", sc.name, c.label, err)
				continue
			}
			if i == 0 {
				logf("%s (%s): warm-up %.2f s, %d requests", sc.name, c.label, s.wall.Seconds(), s.requests)
				continue
			}
			logf("%s (%s): run %d/%d %.2f s, provider CPU %.2f s, plan CPU %.2f s, %d requests, %d 429s", sc.name,
				c.label, i, o.runs, s.wall.Seconds(), s.cpu.Seconds(), s.planCPU.Seconds(), s.requests, s.limited)
			c.side.samples = append(c.side.samples, s)
		}
	}
	return res
}

// measure runs one plan of c and checks that it read every data source.
func measure(api *mockapi.API, c contender, sc scenario, o options, cpuFile string) (sample, error) {
	before, start := api.Stats(), time.Now()
	planned, out, err := plan(c.dir, c.env, o.parallelism, cpuFile)
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
	return sample{wall: wall, cpu: cpu[c.binary].cpu, planCPU: planned.cpu, peakRSS: cpu[c.binary].peakRSS,
		requests: after.Requests - before.Requests, limited: after.RateLimited - before.RateLimited}, nil
}

// dataSources is how many data source instances a scenario's plan reads.
func dataSources(sc scenario) int {
	if isList(sc) {
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
		"and the baseline interleaved. Provider CPU: the provider processes' user + system time, in all and per "+
		"data source read. Plan CPU: terraform's and its providers' together. Peak RSS: this provider's "+
		"largest process, over all runs.\n\n", o.runs, o.parallelism)
	fmt.Println("| scenario | N | latency | rate limit | baseline | wall | baseline wall | ratio | provider CPU | CPU per read | " +
		"baseline CPU per read | CPU ratio | plan CPU | baseline plan CPU | plan CPU ratio | requests | 429s | peak RSS |")
	fmt.Println("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		limit := "none"
		if r.rateLimit > 0 {
			limit = fmt.Sprintf("%d/s", r.rateLimit)
		}
		kind := r.baselineKind
		if kind == "" {
			kind = "—"
		}
		head := fmt.Sprintf("| %s | %d | %d ms | %s | %s |", r.name, r.reads, r.latency.Milliseconds(), limit, kind)
		if r.provider.failure != "" {
			fmt.Printf("%s FAILED: %s |%s\n", head, strings.ReplaceAll(r.provider.failure, "|", `\|`), strings.Repeat(" |", 12))
			continue
		}
		p, b := summarize(r.provider, dataSources(r.scenario)), baselineSummary(r)
		fmt.Printf("%s %.2f s | %s | %s | %.2f s | %s | %s | %s | %.2f s | %s | %s | %d | %d | %d MiB |\n", head,
			p.wall.Seconds(), b.wall, ratio(p.wall, b.wallValue), p.cpu.Seconds(), msPerRead(p.cpuPerRead), b.cpu,
			ratio(p.cpuPerRead, b.cpuValue), p.planCPU.Seconds(), b.planCPU, ratio(p.planCPU, b.planCPUValue),
			p.requests, p.limited, p.peakRSS>>20)
	}
}

// summary is the medians of one provider's samples, and the largest peak RSS of any.
type summary struct {
	wall, cpu, cpuPerRead, planCPU time.Duration
	requests, limited              int
	peakRSS                        int64
}

func summarize(s side, reads int) summary {
	var walls, cpus, cpusPerRead, planCPUs []time.Duration
	var requests, limited []int
	var rss int64
	for _, x := range s.samples {
		rss = max(rss, x.peakRSS)
		walls = append(walls, x.wall)
		cpus = append(cpus, x.cpu)
		cpusPerRead = append(cpusPerRead, x.cpu/time.Duration(reads))
		planCPUs = append(planCPUs, x.planCPU)
		requests = append(requests, x.requests)
		limited = append(limited, x.limited)
	}
	return summary{wall: median(walls), cpu: median(cpus), cpuPerRead: median(cpusPerRead), planCPU: median(planCPUs),
		requests: median(requests), limited: median(limited), peakRSS: rss}
}

// baselineCells are the baseline's cells of a row, "—" where it did not run.
type baselineCells struct {
	wall, cpu, planCPU                string
	wallValue, cpuValue, planCPUValue time.Duration
}

func baselineSummary(r result) baselineCells {
	switch {
	case r.baseline == nil:
		return baselineCells{wall: "—", cpu: "—", planCPU: "—"}
	case r.baseline.failure != "":
		failed := "FAILED: " + strings.ReplaceAll(r.baseline.failure, "|", `\|`)
		return baselineCells{wall: failed, cpu: "—", planCPU: "—"}
	}
	b := summarize(*r.baseline, dataSources(r.scenario))
	return baselineCells{wall: fmt.Sprintf("%.2f s", b.wall.Seconds()), cpu: msPerRead(b.cpuPerRead),
		planCPU: fmt.Sprintf("%.2f s", b.planCPU.Seconds()), wallValue: b.wall, cpuValue: b.cpuPerRead,
		planCPUValue: b.planCPU}
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
		if r.provider.failure != "" || (r.baseline != nil && r.baseline.failure != "") {
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
