package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestParsePlanEvents(t *testing.T) {
	out := `{"@level":"info","@message":"Terraform 1.11.4","type":"version","terraform":"1.11.4","ui":"1.2"}
{"@level":"info","@message":"data.launchdarkly_member.read[0]: Reading...","hook":{"resource":{"addr":"data.launchdarkly_member.read[0]"},"action":"read"},"type":"apply_start"}
{"@level":"info","@message":"data.launchdarkly_member.read[0]: Read complete after 0s [id=a]","hook":{"resource":{"addr":"data.launchdarkly_member.read[0]"},"action":"read","id_key":"id","id_value":"a","elapsed_seconds":0},"type":"apply_complete"}
{"@level":"info","@message":"data.launchdarkly_member.read[1]: Read complete after 0s [id=b]","hook":{"resource":{"addr":"data.launchdarkly_member.read[1]"},"action":"read"},"type":"apply_complete"}
not JSON at all
{"@level":"error","@message":"Error: Reading LaunchDarkly member \"65b0be0c0000000000000009\"","diagnostic":{"severity":"error","summary":"Reading LaunchDarkly member \"65b0be0c0000000000000009\"","detail":"LaunchDarkly answered HTTP 429 Too Many Requests:\nYou've exceeded the API rate limit.\n\nSecond paragraph."},"type":"diagnostic"}
{"@level":"warn","@message":"Warning: x","diagnostic":{"severity":"warning","summary":"x","detail":""},"type":"diagnostic"}
`
	got := parsePlanEvents([]byte(out))
	want := `Reading LaunchDarkly member "65b0be0c0000000000000009": LaunchDarkly answered HTTP 429 Too Many Requests: You've exceeded the API rate limit.`
	if got.reads != 2 || len(got.errors) != 1 || got.errors[0] != want {
		t.Errorf("parsePlanEvents = %d reads, errors %q; want 2 reads and\n%q", got.reads, got.errors, want)
	}
}

func TestSelectScenarios(t *testing.T) {
	all, err := selectScenarios("")
	if err != nil || len(all) != len(scenarios) {
		t.Fatalf("all: %d scenarios, %v", len(all), err)
	}
	some, err := selectScenarios("id-100-limit20, id-10")
	if err != nil || len(some) != 2 || some[0].name != "id-10" || some[1].name != "id-100-limit20" {
		t.Fatalf("subset: %+v, %v", some, err)
	}
	if _, err := selectScenarios("id-10,nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("unknown name: %v", err)
	}
}

func TestMedian(t *testing.T) {
	if got := median([]int{5, 1, 3}); got != 3 {
		t.Errorf("median = %d", got)
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 3 {
		t.Errorf("upper median = %d", got)
	}
}

func TestSeedMakesDistinctReadableKeys(t *testing.T) {
	for _, sc := range scenarios {
		api := mockapi.New()
		readKeys := seed(api, sc)
		switch sc.kind {
		case memberList:
			if total := memberCount(t, api); total != sc.reads || readKeys != nil {
				t.Errorf("%s: %d members and %d keys; want %d and none", sc.name, total, len(readKeys), sc.reads)
			}
			continue
		case teamList:
			if teams := len(api.TeamKeys()); teams != sc.reads || readKeys != nil {
				t.Errorf("%s: %d teams and %d keys; want %d and none", sc.name, teams, len(readKeys), sc.reads)
			}
			continue
		}
		distinct := map[string]bool{}
		for _, k := range readKeys {
			distinct[k] = true
		}
		want := sc.reads
		if sc.kind == sameMember {
			want = 1
		}
		if len(readKeys) != sc.reads || len(distinct) != want {
			t.Errorf("%s: %d keys, %d distinct; want %d and %d", sc.name, len(readKeys), len(distinct), sc.reads, want)
		}
	}
}

// memberCount is the totalCount the mock's members list reports.
func memberCount(t *testing.T, api *mockapi.API) int {
	t.Helper()
	srv := httptest.NewServer(api)
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/members?limit=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", mockapi.DefaultToken)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		TotalCount int `json:"totalCount"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	return list.TotalCount
}

func TestReadCPU(t *testing.T) {
	file := t.TempDir() + "/cpu"
	appendCPU(file, providerBinary, 30*time.Millisecond, 10*time.Millisecond, 50<<20)
	appendCPU(file, bareBinary, 5*time.Millisecond, time.Millisecond, 20<<20)
	appendCPU(file, providerBinary, 200*time.Millisecond, 40*time.Millisecond, 80<<20)
	got, err := readCPU(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]usage{providerBinary: {280 * time.Millisecond, 80 << 20}, bareBinary: {6 * time.Millisecond, 20 << 20}}
	if len(got) != 2 || got[providerBinary] != want[providerBinary] || got[bareBinary] != want[bareBinary] {
		t.Errorf("readCPU = %+v, want %+v", got, want)
	}
	if none, err := readCPU(file + ".missing"); err != nil || len(none) != 0 {
		t.Errorf("a missing file: %v, %v; want no usage", none, err)
	}
}
