package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The GNUmakefile is what a newcomer runs first; these tests read it through make itself, with -n where a
// target would do real work.

func runMake(t *testing.T, env []string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatalf("make is not on PATH: %v", err)
	}
	cmd := exec.Command("make", args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// make test runs the race detector only where it can run: it needs cgo and a C compiler.
func TestMakeTestUsesTheRaceDetectorOnlyWhenItCanRun(t *testing.T) {
	cases := map[string]struct {
		env  []string
		race bool
	}{
		"no C compiler": {[]string{"CC=/nonexistent/cc"}, false},
		"cgo disabled":  {[]string{"CGO_ENABLED=0"}, false},
	}
	if path, err := exec.LookPath("gcc"); err == nil {
		cases["gcc"] = struct {
			env  []string
			race bool
		}{[]string{"CC=" + path, "CGO_ENABLED=1"}, true}
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out := runMake(t, tc.env, "-n", "test")
			command := regexp.MustCompile(`(?m)^TF_ACC=1 go test .*$`).FindString(out)
			if command == "" {
				t.Fatalf("make -n test runs no go test:\n%s", out)
			}
			if strings.Contains(command, "-race") != tc.race {
				t.Errorf("%s: %q; want -race only when cgo and a C compiler are available", name, command)
			}
		})
	}
}

// make help lists every target a user can run, one line each.
func TestMakeHelpListsEveryTarget(t *testing.T) {
	makefile, err := os.ReadFile("GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	help := runMake(t, nil, "--no-print-directory", "help")
	for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z-]*):`).FindAllStringSubmatch(string(makefile), -1) {
		target := m[1]
		if target == "require-terraform" {
			continue // a prerequisite, not something to run
		}
		if !regexp.MustCompile(`(?m)^  make ` + regexp.QuoteMeta(target) + ` +\S`).MatchString(help) {
			t.Errorf("make help has no line for %q:\n%s", target, help)
		}
	}
	if n := strings.Count(strings.TrimSpace(help), "\n") + 1; n < 10 {
		t.Errorf("make help printed %d lines", n)
	}
}

// make demo is checked by make examples-check (examples/validate.sh), with the other examples, rather than
// by a go test that runs make, which builds the provider once more.
