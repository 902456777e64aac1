package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestRequireLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0":    true,
		"127.0.0.2:8080": true,
		"[::1]:0":        true,
		"localhost:0":    true,
		":8080":          false,
		"0.0.0.0:0":      false,
		"[::]:0":         false,
		"10.1.2.3:80":    false,
		"example.com:80": false,
		"127.0.0.1":      false,
	} {
		if err := requireLoopback(addr); (err == nil) != ok {
			t.Errorf("requireLoopback(%q) = %v", addr, err)
		}
	}
}

func TestWriteFileAtomicLeavesOnlyTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "url")
	for _, content := range []string{"http://127.0.0.1:1", "http://127.0.0.1:2"} {
		if err := writeFileAtomic(path, content); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	data, _ := os.ReadFile(path)
	if len(entries) != 1 || string(data) != "http://127.0.0.1:2" {
		t.Fatalf("entries %v, content %q", entries, data)
	}
}

// TestRunServesUntilSignalled runs the command in-process: it publishes the
// URL, accepts -token, and exits cleanly on SIGTERM, removing the URL file.
func TestRunServesUntilSignalled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	const token = "api-00000000-0000-4000-8000-0000000000cc"
	done := make(chan error, 1)
	go func() { done <- run([]string{"-url-file", urlFile, "-token", token}) }()

	baseURL := waitForFile(t, urlFile, done)
	req, _ := http.NewRequest(http.MethodGet, baseURL+"/api/v2/members/me", nil)
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop on SIGTERM")
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Fatalf("url file left behind: %v", err)
	}
}

func waitForFile(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("run exited early: %v", err)
		default:
		}
		if data, err := os.ReadFile(path); err == nil {
			return string(data)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("url file never appeared")
	return ""
}

func TestRunRefusesPublicAddress(t *testing.T) {
	if err := run([]string{"-addr", "0.0.0.0:0"}); err == nil {
		t.Fatal("run accepted a non-loopback address")
	}
}

// -retire-users-api answers every Users API request with the status given, and the Contexts API still
// serves the same user: what a configuration will meet after 2026-12-31.
func TestRetireUsersAPIFlag(t *testing.T) {
	read := func(t *testing.T, srv *httptest.Server, path, version string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", mockapi.DefaultToken)
		req.Header.Set("LD-API-Version", version)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return res.StatusCode, body
	}
	user := "/api/v2/users/" + mockapi.UserProject + "/" + mockapi.UserEnvironment + "/" + mockapi.FullUserKey
	context := "/api/v2/projects/" + mockapi.UserProject + "/environments/" + mockapi.UserEnvironment +
		"/contexts/user/" + mockapi.FullUserKey

	for _, tc := range []struct {
		args       []string
		userStatus int
		code       string
	}{
		{nil, http.StatusOK, ""},
		{[]string{"-retire-users-api", "410"}, http.StatusGone, "gone"},
		{[]string{"-retire-users-api=400"}, http.StatusBadRequest, "bad_request"},
		{[]string{"-retire-users-api", "0"}, http.StatusOK, ""},
	} {
		t.Run(strings.Join(append([]string{"mockapi"}, tc.args...), " "), func(t *testing.T) {
			o, err := parseFlags(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(newAPI(o))
			defer srv.Close()
			status, body := read(t, srv, user, mockapi.UsersAPIVersion)
			if status != tc.userStatus {
				t.Errorf("the Users API answered %d, want %d: %v", status, tc.userStatus, body)
			}
			if tc.code != "" && (body["code"] != tc.code || !strings.Contains(fmt.Sprint(body["message"]), "2026-12-31")) {
				t.Errorf("the retired Users API's body is %v, want code %q and a message naming the date", body, tc.code)
			}
			if status, body := read(t, srv, context, mockapi.ContextsAPIVersion); status != http.StatusOK {
				t.Errorf("the Contexts API answered %d: %v", status, body)
			}
		})
	}

	for _, value := range []string{"200", "302", "600", "-1", "gone"} {
		if _, err := parseFlags([]string{"-retire-users-api", value}); err == nil {
			t.Errorf("-retire-users-api %s was accepted", value)
		}
	}
}
