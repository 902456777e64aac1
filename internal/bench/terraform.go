package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// planTimeout bounds one terraform plan, so a client that never gives up
// fails the scenario instead of stalling the benchmark.
const planTimeout = 5 * time.Minute

// providerAddress is the provider's source address in dev_overrides.
const providerAddress = "registry.terraform.io/tf-launchdarkly/launchdarkly"

// setup builds the provider into work/bin and writes a CLI configuration
// that points Terraform at it; it returns the environment for terraform.
func setup(work string) ([]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-launchdarkly"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(work, "terraformrc")
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress, bin)
	if err := os.WriteFile(rc, []byte(cliConfig), 0o600); err != nil {
		return nil, err
	}
	return terraformEnv(rc), nil
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

// plan runs terraform plan in dir and returns its combined output.
func plan(dir string, env []string, parallelism int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), planTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", "plan", "-input=false", "-no-color", "-refresh=true",
		fmt.Sprintf("-parallelism=%d", parallelism))
	cmd.Dir = dir
	cmd.Env = env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // lets terraform stop the provider
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return out, fmt.Errorf("terraform plan did not finish within %v", planTimeout)
	}
	return out, err
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

// firstError is the first "Error: ..." line of terraform's output followed
// by the first paragraph of its detail (which names the cause), or the
// output's last non-empty line when there is no error line.
func firstError(out []byte) string {
	var lines []string
	for _, line := range strings.Split(string(out), "\n") {
		lines = append(lines, strings.TrimSpace(strings.TrimLeft(line, "│╷╵ ")))
	}
	for i, line := range lines {
		if strings.HasPrefix(line, "Error: ") {
			if detail := errorDetail(lines[i+1:]); detail != "" {
				return line + ": " + detail
			}
			return line
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i] != "" {
			return lines[i]
		}
	}
	return ""
}

// errorDetail skips the blank lines and the "with ...", "on ..." and
// source-line context of a diagnostic and joins the paragraph after them.
func errorDetail(lines []string) string {
	var paragraph []string
	for _, line := range lines {
		context := line == "" || strings.HasPrefix(line, "with ") || strings.HasPrefix(line, "on ") || sourceLine.MatchString(line)
		switch {
		case len(paragraph) == 0 && context:
			continue
		case line == "" || strings.HasPrefix(line, "Error: "):
			return strings.Join(paragraph, " ")
		default:
			paragraph = append(paragraph, line)
		}
	}
	return strings.Join(paragraph, " ")
}

// sourceLine matches the quoted configuration line of a diagnostic ("18: data ...").
var sourceLine = regexp.MustCompile(`^\d+: `)

// headLines returns at most n lines of out, saying how many it left off.
func headLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-n)
}
