package main

import (
	"strings"
	"testing"
	"time"
)

const pkg = "github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/x"

func feed(t *testing.T, lines ...string) (string, int) {
	t.Helper()
	var out strings.Builder
	clock := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	r := newReport(&out, func() time.Time { clock = clock.Add(time.Second); return clock })
	for _, line := range lines {
		r.line(line)
	}
	code := r.finish()
	return out.String(), code
}

func TestAPassingRunSaysSoAndExitsZero(t *testing.T) {
	out, code := feed(t,
		`{"Action":"start","Package":"`+pkg+`"}`,
		`{"Action":"run","Package":"`+pkg+`","Test":"TestA"}`,
		`{"Action":"output","Package":"`+pkg+`","Test":"TestA","Output":"=== RUN   TestA\n"}`,
		`{"Action":"pass","Package":"`+pkg+`","Test":"TestA","Elapsed":0.5}`,
		`{"Action":"run","Package":"`+pkg+`","Test":"TestB"}`,
		`{"Action":"skip","Package":"`+pkg+`","Test":"TestB"}`,
		`{"Action":"pass","Package":"`+pkg+`","Elapsed":1.25}`,
		`{"Action":"output","Package":"example.com/none","Output":"?   \texample.com/none\t[no test files]\n"}`,
		`{"Action":"skip","Package":"example.com/none"}`,
	)
	for _, want := range []string{"ok    " + pkg + "  1.2s\n", "example.com/none  (no tests)", "All 1 tests of 2 packages passed", "(1 skipped)"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "=== RUN") || code != 0 {
		t.Errorf("exit %d, output of a passing test shown:\n%s", code, out)
	}
}

func TestAFailureShowsItsOutputOnceAndExitsOne(t *testing.T) {
	out, code := feed(t,
		`{"Action":"start","Package":"`+pkg+`"}`,
		`{"Action":"run","Package":"`+pkg+`","Test":"TestA"}`,
		`{"Action":"run","Package":"`+pkg+`","Test":"TestA/sub"}`,
		`{"Action":"output","Package":"`+pkg+`","Test":"TestA/sub","Output":"    a_test.go:9: wrong answer\n"}`,
		`{"Action":"fail","Package":"`+pkg+`","Test":"TestA/sub","Elapsed":0.1}`,
		`{"Action":"output","Package":"`+pkg+`","Test":"TestA","Output":"--- FAIL: TestA (0.10s)\n"}`,
		`{"Action":"fail","Package":"`+pkg+`","Test":"TestA","Elapsed":0.1}`,
		`{"Action":"output","Package":"`+pkg+`","Output":"FAIL\n"}`,
		`{"Action":"fail","Package":"`+pkg+`","Elapsed":0.2}`,
	)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if strings.Count(out, "wrong answer") != 1 || strings.Contains(out, "--- FAIL: TestA (0.10s)") {
		t.Errorf("the subtest's output once and not its parent's:\n%s", out)
	}
	for _, want := range []string{"FAIL  " + pkg, "FAILED after", "TestA/sub (" + pkg + ")"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func TestABuildFailureIsShownAndFails(t *testing.T) {
	out, code := feed(t,
		`{"ImportPath":"`+pkg+` [`+pkg+`.test]","Action":"build-output","Output":"x.go:3:1: syntax error\n"}`,
		`{"ImportPath":"`+pkg+` [`+pkg+`.test]","Action":"build-fail"}`,
		`{"Action":"start","Package":"`+pkg+`"}`,
		`{"Action":"output","Package":"`+pkg+`","Output":"FAIL\t`+pkg+` [build failed]\n"}`,
		`{"Action":"fail","Package":"`+pkg+`","Elapsed":0,"FailedBuild":"`+pkg+` [`+pkg+`.test]"}`,
	)
	if code != 1 || !strings.Contains(out, "syntax error") || !strings.Contains(out, "[build failed]") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestNoInputFails(t *testing.T) {
	if _, code := feed(t); code != 1 {
		t.Errorf("exit %d with no events", code)
	}
	if out, code := feed(t, "go: cannot find main module"); code != 1 || !strings.Contains(out, "cannot find main module") {
		t.Errorf("exit %d, text lines are printed as they are:\n%s", code, out)
	}
}

func TestProgressNamesWhatRuns(t *testing.T) {
	var out strings.Builder
	r := newReport(&out, time.Now)
	r.progress()
	r.line(`{"Action":"start","Package":"` + pkg + `"}`)
	r.line(`{"Action":"run","Package":"` + pkg + `","Test":"TestA"}`)
	r.line(`{"Action":"run","Package":"` + pkg + `","Test":"TestB"}`)
	r.line(`{"Action":"pause","Package":"` + pkg + `","Test":"TestB"}`)
	r.line(`{"Action":"run","Package":"` + pkg + `","Test":"TestC"}`)
	r.line(`{"Action":"run","Package":"` + pkg + `","Test":"TestC/sub"}`)
	r.line(`{"Action":"pause","Package":"` + pkg + `","Test":"TestC/sub"}`)
	r.progress()
	if !strings.Contains(out.String(), "building") ||
		!strings.Contains(out.String(), "0 tests passed, 0 failed; 1 running, 2 waiting to run in parallel, in internal/x") {
		t.Errorf("progress:\n%s", out.String())
	}
}
