package launchdarkly

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGetContextEscapesEverySegment(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"_environmentId":"e1","items":[{"context":{"kind":"org.v2","key":".."}}]}`)
	if _, err := client.GetContext(t.Context(), ContextQuery{ProjectKey: "my proj", EnvironmentKey: "env/1", Kind: "org.v2", Key: ".."}); err != nil {
		t.Fatal(err)
	}
	req := rec.only(t)
	if got, want := req.URL.EscapedPath(), "/api/v2/projects/my%20proj/environments/env%2F1/contexts/org.v2/%2E%2E"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if got := req.URL.RawQuery; got != "limit=50&sort=-ts" {
		t.Errorf("query = %q, want limit=50&sort=-ts", got)
	}
	if got := req.Header.Values("LD-API-Version"); len(got) != 1 || got[0] != "20240415" {
		t.Errorf("LD-API-Version = %q, want exactly [20240415]", got)
	}
}

func TestDecodeContextsPage(t *testing.T) {
	body := `{"_environmentId":"e1","items":[
		{"context":{"kind":"user","key":"k","name":"old"},"lastSeen":"2026-01-01T00:00:00Z","applicationId":"a"},
		{"context":{"kind":"user","key":"k","name":"unknown time"},"applicationId":"b"},
		{"context":{"kind":"multi","org":{"kind":"org","key":"o"},"user":{"key":"k","name":"newest","x":[1]}},
		 "lastSeen":"2026-01-01T00:00:00.5Z","applicationId":"c"}]}`
	got, err := DecodeContextsPage([]byte(body), "user", "k")
	if err != nil {
		t.Fatal(err)
	}
	var apps []string
	for _, v := range got.Versions {
		apps = append(apps, *v.ApplicationID)
	}
	if strings.Join(apps, ",") != "c,a,b" {
		t.Errorf("order = %v, want newest first, unreadable time last", apps)
	}
	if name := got.Chosen.Context.Name; name == nil || *name != "newest" {
		t.Errorf("chosen %v, want the newest", got.Chosen.Context)
	}
	if a := got.Chosen.Context.Attributes; len(a) != 1 || a[0].Name != "x" || string(a[0].Value) != "[1]" {
		t.Errorf("the multi-kind context's user part has attributes %v, want x=[1]", a)
	}
}

func TestDecodeContextsPageRefusesWhatWasNotAsked(t *testing.T) {
	cases := map[string]string{
		`{"items":[]}`: "no context of this kind and key",
		`{"items":[{"context":{"kind":"user","key":"other"}}]}`:                               `asked for context user "k", but the API answered with context user "other"`,
		`{"items":[{"context":{"kind":"org","key":"k"}}]}`:                                    `asked for context user "k", but the API answered with context org "k"`,
		`{"items":[{"context":null}]}`:                                                        "has a context without a kind or key",
		`{"items":[{"context":{}}]}`:                                                          "has a context without a kind or key",
		`{"items":[{"context":{"kind":"user","key":"k","key":"k"}}]}`:                         `the key "key" appears twice`,
		`{"items":[{"context":{"kind":"user","key":"k","name":7}}]}`:                          `built-in attribute "name" is a number`,
		`{"items":[{"context":{"kind":"multi","org":{"key":"o"}}}]}`:                          `multi-kind context without a "user" part`,
		`{"items":[{"context":{"kind":"multi","user":{"kind":"multi","user":{"key":"k"}}}}]}`: `nests a multi-kind context in the part "user" of a multi-kind context`,
		`{"items":[{"context":{"kind":"multi","org":{"kind":"multi"},"user":{"key":"k"}}}]}`:  `nests a multi-kind context in the part "org"`,
		`{"items":[{"context":{"kind":"multi","org":"o","user":{"key":"k"}}}]}`:               `whose part "org" is a string, not a context`,
		`{"items":[{"context":{"kind":"user","key":"k","_meta":"oops"}}]}`:                    `built-in attribute "_meta" is a string`,
	}
	for body, want := range cases {
		_, err := DecodeContextsPage([]byte(body), "user", "k")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one containing %q", body, err, want)
		}
	}
	var mismatch *MismatchError
	if _, err := DecodeContextsPage([]byte(`{"items":[{"context":{"kind":"user","key":"x"}}]}`), "user", "k"); !errors.As(err, &mismatch) {
		t.Errorf("err = %v, want a *MismatchError", err)
	}
}

// FuzzDecodeContextsPage: any body decodes to versions of the context asked for, or to an error.
func FuzzDecodeContextsPage(f *testing.F) {
	for _, s := range []string{`{"items":[{"context":{"kind":"user","key":"k","a":{"b":[1,null]}},"lastSeen":"2026-01-01T00:00:00Z"}]}`,
		`{"items":[{"context":{"kind":"multi","user":{"key":"k"}}}]}`, `{"items":[{"context":null}]}`, `{}`, `null`,
		`{"items":[{"context":{"kind":"multi","user":{"kind":"multi","user":{"key":"k"}}}}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := DecodeContextsPage(body, "user", "k")
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Errorf("decoded a page that is not JSON: %q", body)
		}
		if c := got.Chosen.Context; c.Kind != "user" || c.Key != "k" {
			t.Errorf("decoded %s %q, not the context asked for", c.Kind, c.Key)
		}
		if len(got.Versions) == 0 {
			t.Error("a context without versions")
		}
	})
}

// contextPages serves pages versions of user "k", one a page, each with a continuation token to the next
// and a big attribute of size bytes, except the newest (page 0); version i was seen i minutes before the
// newest and sent by application "App/i".
func contextPages(t *testing.T, pages, size int) *scriptedServer {
	t.Helper()
	big := strings.Repeat("x", size)
	return newScriptedServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("continuationToken"))
		attribute := big
		if page == 0 {
			attribute = "small"
		}
		seen := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).Add(-time.Duration(page) * time.Minute)
		next := ""
		if page+1 < pages {
			next = fmt.Sprintf(`,"continuationToken":"%d"`, page+1)
		}
		_, _ = fmt.Fprintf(w, `{"items":[{"context":{"kind":"user","key":"k","blob":%q},"applicationId":"App/%d","lastSeen":%q}]%s}`,
			attribute, page, seen.Format(time.RFC3339), next)
	})
}

// A read keeps what choosing needs of every version, and the attributes of one: however many pages, it
// holds one version's attributes once it is done (and about one page more while it reads).
func TestGetContextHoldsOneVersionsAttributes(t *testing.T) {
	const pages, size = 20, 512 << 10
	server := contextPages(t, pages, size)
	client, err := New(Config{BaseURL: server.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, err := client.GetContext(t.Context(), ContextQuery{ProjectKey: "p", EnvironmentKey: "e", Kind: "user", Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if held := int64(after.HeapAlloc) - int64(before.HeapAlloc); held > 4*size {
		t.Errorf("the read holds %d KiB after %d pages of a %d KiB version each; want about one version's", held>>10, pages, size>>10)
	}
	if len(got.Versions) != pages || *got.Chosen.ApplicationID != "App/0" {
		t.Errorf("%d versions, chose %s; want %d, the newest", len(got.Versions), *got.Chosen.ApplicationID, pages)
	}
	runtime.KeepAlive(got)
}

// The version of the wanted application is chosen wherever it comes in the pages, with its attributes;
// one that no version has is an error naming the applications that sent one.
func TestGetContextChoosesTheWantedApplicationsVersion(t *testing.T) {
	server := contextPages(t, 5, 10)
	client, err := New(Config{BaseURL: server.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	q := ContextQuery{ProjectKey: "p", EnvironmentKey: "e", Kind: "user", Key: "k", ApplicationID: "App/3"}
	got, err := client.GetContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Chosen.Context.Attributes; *got.Chosen.ApplicationID != "App/3" || len(a) != 1 || string(a[0].Value) != `"xxxxxxxxxx"` {
		t.Errorf("chose %s with %v; want App/3 and its attributes", *got.Chosen.ApplicationID, a)
	}
	if len(got.Versions) != 5 || *got.Versions[0].ApplicationID != "App/0" {
		t.Errorf("versions %+v; want all five, newest first", got.Versions)
	}
	q.ApplicationID = "App/9"
	var notFound *ApplicationNotFoundError
	if _, err := client.GetContext(t.Context(), q); !errors.As(err, &notFound) ||
		!strings.Contains(err.Error(), `no version of the context was sent by application "App/9". The applications that sent it: "App/0", "App/1", "App/2", "App/3", "App/4"`) {
		t.Errorf("err = %v", err)
	}
}

// Parsing is linear in the record and checks the read between records: a read interrupted while it
// decodes a page of large records ends within a second. The page is what took 15 CPU-minutes to parse
// when each level of a multi-kind context was decoded again: 40 records of multi-kind contexts nested
// 9,000 deep, behind records with deeply nested attributes that are valid. The interrupt comes a moment
// after the page was served, while it is parsed.
func TestInterruptedContextParseStopsWithinASecond(t *testing.T) {
	valid := `{"kind":"user","key":"k","deep":` + strings.Repeat(`{"a":`, 9000) + "1" + strings.Repeat("}", 9000) + "}"
	nested := strings.Repeat(`{"kind":"multi","user":`, 9000) + `{"key":"k"}` + strings.Repeat("}", 9000)
	items := make([]string, 60)
	for i := range items {
		record := valid
		if i >= 20 {
			record = nested
		}
		items[i] = fmt.Sprintf(`{"context":%s,"applicationId":"App/%d"}`, record, i)
	}
	body := `{"items":[` + strings.Join(items, ",") + `]}`
	served := make(chan struct{})
	server := newScriptedServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, body)
		close(served)
	})
	client, err := New(Config{BaseURL: server.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := client.GetContext(ctx, ContextQuery{ProjectKey: "p", EnvironmentKey: "e", Kind: "user", Key: "k"})
		done <- err
	}()
	<-served
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) && (err == nil || !strings.Contains(err.Error(), "nests a multi-kind context")) {
			t.Errorf("err = %v, want the cancellation, or the nested multi-kind context refused", err)
		}
	case <-time.After(time.Second):
		t.Fatal("the read went on for more than a second after it was interrupted")
	}
}

// objectMembers finds each member's value by its brackets and strings: what encoding/json makes of the
// same object, in the order sent, with the values as sent.
func TestObjectMembers(t *testing.T) {
	cases := map[string][]Attribute{
		` { "a" : 1 , "b":"x\"}]{" ,"c":{"d":[1,{"e":"]"}]},"\u006e":null, "f":[ ] } `: {
			{"a", json.RawMessage(`1`)}, {"b", json.RawMessage(`"x\"}]{"`)},
			{"c", json.RawMessage(`{"d":[1,{"e":"]"}]}`)}, {"n", json.RawMessage(`null`)}, {"f", json.RawMessage(`[ ]`)},
		},
		`{}`:   nil,
		`null`: nil,
		`{"deep":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `,"t":true,"x":-1.5e3}`: {
			{"deep", json.RawMessage(strings.Repeat("[", 5000) + strings.Repeat("]", 5000))},
			{"t", json.RawMessage(`true`)}, {"x", json.RawMessage(`-1.5e3`)},
		},
	}
	for in, want := range cases {
		got, err := objectMembers(json.RawMessage(in))
		if err != nil || len(got) != len(want) {
			t.Errorf("objectMembers(%.60s) = %v, %v; want %v", in, got, err, want)
			continue
		}
		for i := range want {
			if got[i].Name != want[i].Name || string(got[i].Value) != string(want[i].Value) {
				t.Errorf("objectMembers(%.60s)[%d] = %s: %s; want %s: %s", in, i, got[i].Name, got[i].Value, want[i].Name, want[i].Value)
			}
		}
	}
	for in, want := range map[string]string{
		`{"k":1,"\u006b":2}`: `the key "k" appears twice`,
		`[1]`:                "expected a JSON object, got a list",
		`{"a":1 "b":2}`:      "not a well-formed object",
		`{"a":[1}`:           "not a well-formed object",
		`{"a":"x}`:           `invalid JSON in "a"`,
		`{"a":1}x`:           "not a well-formed object",
		`{"a":}`:             `invalid JSON in "a"`,
		`{a:1}`:              "not a well-formed object",
	} {
		if _, err := objectMembers(json.RawMessage(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("objectMembers(%s) error = %v, want %q", in, err, want)
		}
	}
}

// FuzzObjectMembers holds objectMembers equal to encoding/json on every object encoding/json accepts
// without a repeated key.
func FuzzObjectMembers(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":"x\"}","c":{"d":[1,{"e":"]"}]}}`, `{}`, `{"\u00e9":[true,false,null]}`, ` {"a" : "\\"} `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]json.RawMessage
		if json.Unmarshal(data, &want) != nil || want == nil || bytes.HasPrefix(bytes.TrimSpace(data), []byte("null")) {
			return
		}
		got, err := objectMembers(data)
		if err != nil {
			if strings.Contains(err.Error(), "appears twice") {
				return // encoding/json keeps the last; objectMembers refuses
			}
			t.Fatalf("objectMembers(%q): %v; encoding/json read it", data, err)
		}
		if len(got) != len(want) {
			t.Fatalf("objectMembers(%q) found %d members, encoding/json %d", data, len(got), len(want))
		}
		for _, m := range got {
			var a, b bytes.Buffer
			if json.Compact(&a, m.Value) != nil || json.Compact(&b, want[m.Name]) != nil || a.String() != b.String() {
				t.Fatalf("objectMembers(%q): %q is %s, encoding/json says %s", data, m.Name, m.Value, want[m.Name])
			}
		}
	})
}
