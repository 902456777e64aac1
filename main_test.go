package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestLogsWanted(t *testing.T) {
	cases := map[string]struct {
		environ []string
		want    bool
	}{
		"nothing set":                {[]string{"HOME=/root", "PATH=/bin", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/x"}, false},
		"TF_LOG":                     {[]string{"TF_LOG=TRACE"}, true},
		"TF_LOG=off is still a wish": {[]string{"TF_LOG=off"}, true},
		"TF_LOG empty":               {[]string{"TF_LOG="}, false},
		"TF_LOG_PROVIDER":            {[]string{"TF_LOG_PROVIDER=DEBUG"}, true},
		"TF_LOG_PROVIDER_<NAME>":     {[]string{"TF_LOG_PROVIDER_LAUNCHDARKLY=TRACE"}, true},
		"TF_LOG_SDK":                 {[]string{"TF_LOG_SDK=TRACE"}, true},
		"TF_LOG_SDK_FRAMEWORK":       {[]string{"TF_LOG_SDK_FRAMEWORK=DEBUG"}, true},
		"TF_LOG_SDK_PROTO_DATA_DIR":  {[]string{"TF_LOG_SDK_PROTO_DATA_DIR=/tmp/x"}, true},
		"TF_LOG_CORE":                {[]string{"TF_LOG_CORE=TRACE"}, true},
		"TF_LOG_PATH":                {[]string{"TF_LOG_PATH=/tmp/tf.log"}, true},
		"TF_ACC_LOG_PATH":            {[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, true},
		"TF_ACC alone":               {[]string{"TF_ACC=1"}, false},
		"a value that mentions it":   {[]string{"NOTE=TF_LOG=TRACE"}, false},
	}
	for name, tc := range cases {
		if got := logsWanted(tc.environ); got != tc.want {
			t.Errorf("%s: logsWanted(%q) = %t, want %t", name, tc.environ, got, tc.want)
		}
	}
}

// The binary Terraform runs decides about logging in main, which the in-process acceptance tests never
// reach: this builds it and runs terraform plan through dev_overrides with TF_LOG=TRACE, reading a member
// and a user. Every API call's lines are in the log, with both API versions; the token, which the mock
// echoes in the member's first name (so in the logged response body), is masked in every one of them. It
// is the only test of the TRACE log: the same check in-process proved nothing more.
func TestTraceLogOfTheBuiltProvider(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs terraform: set TF_ACC=1, as make test does")
	}
	const token = "api-5a1c9e7d-main-trace-4b2f-8e0a-1f2e3d4c5b6a"
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-launchdarkly"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	api := mockapi.New()
	const memberID = "65b0be0c00000000000000aa"
	api.PutMember(map[string]any{"_id": memberID, "email": "echo@acme.example", "role": "reader",
		"firstName": "echo " + token, "_links": map[string]any{}})
	api.AddToken(token, memberID)
	srv := httptest.NewServer(api)
	defer srv.Close()

	rc := filepath.Join(dir, "terraformrc")
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/tf-launchdarkly/launchdarkly", bin)
	config := fmt.Sprintf(`terraform {
  required_providers {
    launchdarkly = {
      source = "tf-launchdarkly/launchdarkly"
    }
  }
}

provider "launchdarkly" {
  api_host    = %q
  user_source = "users_api" # the Users API whatever today's date
}

data "launchdarkly_member" "me" {
  id = "me"
}

data "launchdarkly_user" "contact" {
  project_key     = %q
  environment_key = %q
  user_key        = %q
}
`, srv.URL, mockapi.UserProject, mockapi.UserEnvironment, mockapi.FullUserKey)
	for name, content := range map[string]string{rc: cliConfig, filepath.Join(dir, "main.tf"): config} {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	logFile := filepath.Join(dir, "trace.log")
	plan := exec.Command("terraform", "plan", "-input=false", "-no-color")
	plan.Dir = dir
	for _, variable := range os.Environ() {
		if name, _, _ := strings.Cut(variable, "="); !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "LAUNCHDARKLY_") {
			plan.Env = append(plan.Env, variable)
		}
	}
	plan.Env = append(plan.Env, "TF_CLI_CONFIG_FILE="+rc, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile,
		"LAUNCHDARKLY_ACCESS_TOKEN="+token, "CHECKPOINT_DISABLE=1")
	if out, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}

	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(data)
	for _, want := range []string{
		"provider.terraform-provider-launchdarkly: LaunchDarkly API request:", "ld_api_version=20240415",
		"provider.terraform-provider-launchdarkly: LaunchDarkly API call:", "path=/api/v2/members/me", "status=200",
		"provider.terraform-provider-launchdarkly: LaunchDarkly API response:", `"firstName":"echo ***"`,
		"duration_ms=", "attempt=1", "ld_api_version=20220603", "path=/api/v2/users/" + mockapi.UserProject,
		// The SDK's and the framework's own lines are there too (the framework's for what it serves: reads
		// are the provider's own, internal/provider/server.go).
		"provider.terraform-provider-launchdarkly: Calling provider defined Provider Configure:", "@module=sdk.proto",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the TRACE log has no %q", want)
		}
	}
	if i := strings.Index(logs, token); i >= 0 {
		t.Errorf("the token appears in the TRACE log: %s", logs[max(0, i-300):min(len(logs), i+100)])
	}
}
