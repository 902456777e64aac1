package launchdarkly

import (
	"errors"
	"strings"
	"testing"
)

func TestGetContextEscapesEverySegment(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"_environmentId":"e1","items":[{"context":{"kind":"org.v2","key":".."}}]}`)
	if _, err := client.GetContext(t.Context(), "my proj", "env/1", "org.v2", ".."); err != nil {
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
	var names []string
	for _, v := range got.Versions {
		names = append(names, *v.Context.Name)
	}
	if strings.Join(names, ",") != "newest,old,unknown time" {
		t.Errorf("order = %v, want newest first, unreadable time last", names)
	}
	if a := got.Versions[0].Context.Attributes; len(a) != 1 || a[0].Name != "x" || string(a[0].Value) != "[1]" {
		t.Errorf("the multi-kind context's user part has attributes %v, want x=[1]", a)
	}
}

func TestDecodeContextsPageRefusesWhatWasNotAsked(t *testing.T) {
	cases := map[string]string{
		`{"items":[]}`: "no context of this kind and key",
		`{"items":[{"context":{"kind":"user","key":"other"}}]}`:            `asked for context user "k", but the API answered with context user "other"`,
		`{"items":[{"context":{"kind":"org","key":"k"}}]}`:                 `asked for context user "k", but the API answered with context org "k"`,
		`{"items":[{"context":null}]}`:                                     "has a context without a kind or key",
		`{"items":[{"context":{}}]}`:                                       "has a context without a kind or key",
		`{"items":[{"context":{"kind":"user","key":"k","key":"k"}}]}`:      `the key "key" appears twice`,
		`{"items":[{"context":{"kind":"user","key":"k","name":7}}]}`:       `built-in attribute "name" is a number`,
		`{"items":[{"context":{"kind":"multi","org":{"key":"o"}}}]}`:       `multi-kind context without a "user" part`,
		`{"items":[{"context":{"kind":"user","key":"k","_meta":"oops"}}]}`: `built-in attribute "_meta" is a string`,
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
		`{"items":[{"context":{"kind":"multi","user":{"key":"k"}}}]}`, `{"items":[{"context":null}]}`, `{}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := DecodeContextsPage(body, "user", "k")
		if err != nil {
			return
		}
		for _, v := range got.Versions {
			if v.Context.Kind != "user" || v.Context.Key != "k" {
				t.Errorf("decoded %s %q, not the context asked for", v.Context.Kind, v.Context.Key)
			}
		}
	})
}
