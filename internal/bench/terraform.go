package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// planTimeout bounds one terraform plan, so a client that never gives up
// fails the scenario instead of stalling the benchmark.
const planTimeout = 5 * time.Minute

// Source addresses of this provider and the bare one (internal/bench/bare), for dev_overrides.
const (
	providerAddress = "registry.terraform.io/tf-launchdarkly/launchdarkly"
	bareAddress     = "registry.terraform.io/tf-launchdarkly/bare"
)

// Binary names of the providers, as Terraform looks them up in a dev_overrides directory. The floor
// provider (internal/bench/floor) stands in for this provider, under its name and address.
const (
	providerBinary = "terraform-provider-launchdarkly"
	bareBinary     = "terraform-provider-bare"
)

// environments are terraform's environments: one for this provider and the bare baseline, one for the
// floor provider in this provider's place.
type environments struct {
	provider, floor []string
}

// setup builds this provider and the bare baseline into work/bin and the floor provider into
// work/floor/bin, puts a CPU-measuring wrapper of each beside them and writes a CLI configuration per
// environment that points Terraform at the wrappers.
func setup(work string) (environments, error) {
	root, err := moduleRoot()
	if err != nil {
		return environments{}, err
	}
	var envs environments
	for _, e := range []struct {
		dir      string
		packages map[string]string
		env      *[]string
	}{
		{work, map[string]string{providerBinary: ".", bareBinary: "./internal/bench/bare"}, &envs.provider},
		{filepath.Join(work, "floor"), map[string]string{providerBinary: "./internal/bench/floor"}, &envs.floor},
	} {
		bin, wrap := filepath.Join(e.dir, "bin"), filepath.Join(e.dir, "wrap")
		var names []string
		for name, pkg := range e.packages {
			build := exec.Command("go", "build", "-o", filepath.Join(bin, name), pkg)
			build.Dir = root
			if out, err := build.CombinedOutput(); err != nil {
				return environments{}, fmt.Errorf("building %s: %v\n%s", pkg, err, out)
			}
			names = append(names, name)
		}
		if err := installWrappers(wrap, names...); err != nil {
			return environments{}, fmt.Errorf("installing the CPU wrappers: %w", err)
		}
		rc := filepath.Join(e.dir, "terraformrc")
		cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
			providerAddress, wrap, bareAddress, wrap)
		if err := os.WriteFile(rc, []byte(cliConfig), 0o600); err != nil {
			return environments{}, err
		}
		*e.env = append(terraformEnv(rc), wrapBinEnv+"="+bin)
	}
	return envs, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the benchmark inside the provider's module (go run ./internal/bench)")
	}
	return filepath.Dir(gomod), nil
}

// terraformEnv is this process's environment without anything that could
// change how terraform or the provider behave, plus the CLI configuration.
func terraformEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "LAUNCHDARKLY_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// planResult is what one terraform plan reported in its machine-readable output, and the CPU time of
// the whole plan: terraform's rusage, which holds the providers it started and waited for.
type planResult struct {
	reads  int      // data source reads that completed
	errors []string // error diagnostics, "summary: detail"
	cpu    time.Duration
}

// plan runs terraform plan -json in dir; cpuFile is where the providers' wrappers report their CPU time.
// It returns the parsed events and the raw output, for a failure's report.
func plan(dir string, env []string, parallelism int, cpuFile string) (planResult, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), planTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", "plan", "-json", "-input=false", "-refresh=true",
		fmt.Sprintf("-parallelism=%d", parallelism))
	cmd.Dir = dir
	cmd.Env = append(slices.Clip(env), cpuFileEnv+"="+cpuFile)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // lets terraform stop the provider
	cmd.WaitDelay = 10 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	result := parsePlanEvents(out)
	if state := cmd.ProcessState; state != nil {
		result.cpu = state.UserTime() + state.SystemTime()
	}
	if ctx.Err() != nil {
		return result, out, fmt.Errorf("terraform plan did not finish within %v", planTimeout)
	}
	if err != nil && len(result.errors) == 0 {
		result.errors = append(result.errors, firstLine(stderr.String(), err.Error()))
	}
	return result, append(out, stderr.Bytes()...), err
}

// planEvent is the part of a line of `terraform plan -json` the benchmark reads.
type planEvent struct {
	Type string `json:"type"`
	Hook struct {
		Action string `json:"action"`
	} `json:"hook"`
	Diagnostic struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostic"`
}

// parsePlanEvents counts the completed data source reads and collects the error diagnostics of a
// plan's JSON lines; lines that are not JSON are skipped.
func parsePlanEvents(out []byte) planResult {
	var result planResult
	for _, line := range bytes.Split(out, []byte("\n")) {
		var e planEvent
		if json.Unmarshal(line, &e) != nil {
			continue
		}
		switch {
		case e.Type == "apply_complete" && e.Hook.Action == "read":
			result.reads++
		case e.Type == "diagnostic" && e.Diagnostic.Severity == "error":
			message := e.Diagnostic.Summary
			if detail, _, _ := strings.Cut(strings.TrimSpace(e.Diagnostic.Detail), "\n\n"); detail != "" {
				message += ": " + strings.Join(strings.Fields(detail), " ")
			}
			result.errors = append(result.errors, message)
		}
	}
	return result
}

// firstLine is the first non-empty line of s, or fallback.
func firstLine(s, fallback string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return fallback
}

// terraformVersion is the first line of `terraform version`.
func terraformVersion(env []string) string {
	cmd := exec.Command("terraform", "version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "terraform version: " + err.Error()
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// headLines returns at most n lines of out, saying how many it left off.
func headLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-n)
}
