package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The GNUmakefile is what a newcomer runs first; these tests read it through make itself, with -n where a
// target would do real work.

// makefileVariable is a variable the GNUmakefile sets.
var makefileVariable = regexp.MustCompile(`(?m)^(?:export\s+)?([A-Z][A-Z0-9_]*)\s*[?:+]?=`)

func runMake(t *testing.T, env []string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatalf("make is not on PATH: %v", err)
	}
	makefile, err := os.ReadFile("GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	// Not the variables of a make that runs these tests: make test RACE=, as CI runs it, puts RACE= in the
	// environment of its recipes, and the make here must see only what the test gives it.
	own := map[string]bool{"MAKEFLAGS": true, "MFLAGS": true, "MAKELEVEL": true, "MAKEOVERRIDES": true}
	for _, m := range makefileVariable.FindAllStringSubmatch(string(makefile), -1) {
		own[m[1]] = true
	}
	cmd := exec.Command("make", args...)
	for _, variable := range os.Environ() {
		if name, _, _ := strings.Cut(variable, "="); !own[name] {
			cmd.Env = append(cmd.Env, variable)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// make test runs the race detector only where it can run (it needs cgo and a C compiler), and there on
// RACE_PACKAGES; every other package runs without it.
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
	goTest := regexp.MustCompile(`TF_ACC=1 go test (-race )?-count=1 -parallel \S+ -timeout \S+ -json (\S+)`)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out := runMake(t, tc.env, "-n", "test")
			runs := goTest.FindAllStringSubmatch(out, -1)
			switch {
			case !tc.race && (len(runs) != 1 || runs[0][1] != "" || runs[0][2] != "./..."):
				t.Errorf("without the race detector, want one go test of ./..., not -race: %q\n%s", runs, out)
			case tc.race && (len(runs) != 2 || runs[0][1] == "" || runs[0][2] != "./internal/launchdarkly/..." ||
				runs[1][1] != "" || runs[1][2] != "$other" || !strings.Contains(out, `other=$(go list ./...`)):
				t.Errorf("with the race detector, want go test -race of RACE_PACKAGES, then of the others: %q\n%s", runs, out)
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

// make fuzz runs every fuzz target the tree has: a target renamed or added is not silently left out.
func TestMakeFuzzRunsEveryFuzzTarget(t *testing.T) {
	makefile, err := os.ReadFile("GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	target := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		source, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range target.FindAllStringSubmatch(string(source), -1) {
			if !strings.Contains(string(makefile), "'^"+m[1]+"$$'") {
				t.Errorf("%s (%s) is not in make fuzz", m[1], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
