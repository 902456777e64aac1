package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// Servers that are hostile or broken, each the test's own: a read is bounded in time and memory, and
// nothing such a server sends is taken on trust.

// ownServer is a test's own API server. It notes each request's path and query, and when the first
// request began and the last one ended, so that a test can bound a read's time from the server's side,
// where no Terraform start-up is counted.
type ownServer struct {
	url string

	mu       sync.Mutex
	requests []string
	first    time.Time
	lastEnd  time.Time
}

// startOwnServer serves h on a loopback address for the rest of t.
func startOwnServer(t *testing.T, h http.HandlerFunc) *ownServer {
	t.Helper()
	s := &ownServer{}
	s.url, _ = hostileServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if s.first.IsZero() {
			s.first = time.Now()
		}
		s.requests = append(s.requests, r.URL.RequestURI())
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.lastEnd = time.Now()
			s.mu.Unlock()
		}()
		w.Header().Set("Content-Type", "application/json")
		h(w, r)
	})
	return s
}

// span is the time from the first request's start to the last one's end.
func (s *ownServer) span() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastEnd.Sub(s.first)
}

// count is the number of requests whose path starts with prefix.
func (s *ownServer) count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// pause holds a request for d, or until its client gives up.
func pause(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	_, _ = w.Write(body)
}

// contextItem is one record of the user context key, as the Contexts API lists it.
func contextItem(key, applicationID, lastSeen string, attributes map[string]any) map[string]any {
	context := map[string]any{"kind": "user", "key": key}
	for name, value := range attributes {
		context[name] = value
	}
	return map[string]any{"context": context, "applicationId": applicationID, "lastSeen": lastSeen}
}

// ## 1. max_read_seconds bounds one read, all of it

// Each case would run far past max_read_seconds if the deadline were per request: every page or API
// gets its own, and 1,000 pages are allowed. One deadline for the whole read ends each within
// max_read_seconds + 1 s, with an error that says how far it got and what to raise.
func TestAccOneDeadlineBoundsTheWholeRead(t *testing.T) {
	t.Parallel()
	const maxRead = 3 * time.Second
	cases := []struct {
		name    string
		handler http.HandlerFunc
		config  string
		want    string
		check   func(t *testing.T, s *ownServer)
	}{
		{
			name: "a contexts listing with a new continuation token on every page, 0.3 s a page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, 300*time.Millisecond)
				page, _ := strconv.Atoi(r.URL.Query().Get("continuationToken"))
				writeJSON(w, map[string]any{
					"items":             []any{contextItem("u", fmt.Sprintf("App/%d", page), "2026-11-30T09:14:02Z", nil)},
					"continuationToken": strconv.Itoa(page + 1),
				})
			},
			config: contextBlock("user", "u", ""),
			want: words(`Reading LaunchDarkly context user "u"`, "the read ran out of time: max_read_seconds (3 s) bounds "+
				"one read in all, every page, retry and wait included. By then it had read", "pages in",
				"raise max_read_seconds (or LAUNCHDARKLY_MAX_READ_SECONDS)"),
			check: func(t *testing.T, s *ownServer) {
				if n := s.count("/api/v2/projects/"); n < 2 {
					t.Errorf("%d requests; want several pages read before the deadline", n)
				}
			},
		},
		{
			name: "a members listing, 0.4 s a page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, 400*time.Millisecond)
				offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
				writeJSON(w, map[string]any{
					"items":      []any{map[string]any{"_id": fmt.Sprintf("%024x", offset), "email": fmt.Sprintf("m%d@acme.example", offset)}},
					"totalCount": 1000000,
				})
			},
			config: membersBlock("all", ""),
			want: words("Reading LaunchDarkly members", "the read ran out of time: max_read_seconds (3 s)",
				"By then it had read", "pages in", "the last answer:", "raise max_read_seconds"),
		},
		{
			name: "launchdarkly_user in auto with both APIs hanging",
			handler: func(w http.ResponseWriter, r *http.Request) {
				pause(r, time.Minute)
			},
			config: userBlock("p", "e", "u"),
			want: words(`Reading LaunchDarkly user "u"`, "GET /api/v2/users/p/e/u: the read ran out of time",
				"read 0 pages in 1 attempt, which had no answer yet", "The Contexts API was not tried: the read had no time left"),
			check: func(t *testing.T, s *ownServer) {
				if n := s.count("/api/v2/projects/"); n != 0 {
					t.Errorf("%d Contexts API requests after the read ran out of time; want none", n)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startOwnServer(t, tc.handler)
			config := providerAt(s.url, mockapi.DefaultToken, "max_read_seconds = 3") + tc.config
			expectError(t, config, regexp.MustCompile(tc.want))
			if span := s.span(); span > maxRead+time.Second {
				t.Errorf("the read took %s from its first request to its last answer; want at most %s", span, maxRead+time.Second)
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}

// ## 2. A context read holds one version's attributes, not all of them

// serial makes t's acceptance test run on its own, as setenv does, so that what it measures of the
// process is its own.
func serial(t *testing.T) {
	serialTests.Store(t, true)
	t.Cleanup(func() { serialTests.Delete(t) })
}

// heapPeak samples the heap until the returned function is called, which returns the most it held above
// what it held when heapPeak was called.
func heapPeak(t *testing.T) func() uint64 {
	t.Helper()
	var stats runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&stats)
	base, peak := stats.HeapAlloc, stats.HeapAlloc
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ticker.C:
				runtime.ReadMemStats(&stats)
				peak = max(peak, stats.HeapAlloc)
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak - base
	}
}

// Twenty pages of one 1 MiB version each: a read that kept every version's attributes (and every page in
// the read cache) held them all at once; one that keeps the chosen version's only holds about a page and
// a version at a time.
func TestAccContextReadHoldsOneVersionsAttributes(t *testing.T) {
	serial(t)
	const pages, size = 20, 1 << 20
	big := `"` + strings.Repeat("x", size) + `"` // written as it is: encoding it on each page is slow under -race
	s := startOwnServer(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("continuationToken"))
		blob := big
		if page == 0 {
			blob = `"small"` // the newest, which is stored
		}
		next := ""
		if page+1 < pages {
			next = fmt.Sprintf(`,"continuationToken":"%d"`, page+1)
		}
		seen := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).Add(-time.Duration(page) * time.Minute)
		_, _ = fmt.Fprintf(w, `{"items":[{"context":{"kind":"user","key":"u","blob":%s},"applicationId":"App/%d","lastSeen":%q}]%s}`,
			blob, page, seen.Format(time.RFC3339), next)
	})
	peak := heapPeak(t)
	expectState(t, providerAt(s.url, mockapi.DefaultToken)+contextBlock("user", "u", ""),
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("application_id"), knownvalue.StringExact("App/0")),
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("attributes"),
			knownvalue.ObjectExact(map[string]knownvalue.Check{"blob": knownvalue.StringExact("small")})),
		statecheck.ExpectKnownOutputValueAtPath("context", tfjsonpath.New("versions"), knownvalue.ListSizeExact(pages)))
	held := peak()
	t.Logf("held up to %d MiB more while reading", held>>20)
	if held > 45<<20 {
		t.Errorf("the test process held up to %d MiB more while Terraform read %d pages of a %d MiB version each; "+
			"want about a page and a version (a few MiB)", held>>20, pages, size>>20)
	}
}

// ## 3. Multi-kind contexts are one level deep

// A multi-kind context nested inside a multi-kind context 9,000 deep (210 KB) was accepted as the user
// after 22.7 s of parsing. Its parts must be single-kind contexts: it is refused, at once.
func TestAccNestedMultiKindContextsAreRefused(t *testing.T) {
	t.Parallel()
	nested := strings.Repeat(`{"kind":"multi","user":`, 9000) + `{"key":"u"}` + strings.Repeat("}", 9000)
	for _, tc := range []struct {
		name, config, want string
	}{
		{"launchdarkly_context", contextBlock("user", "u", ""), `Reading LaunchDarkly context user "u"`},
		{"launchdarkly_user", userBlock("p", "e", "u"), `Reading LaunchDarkly user "u"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startOwnServer(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/api/v2/users/") {
					w.WriteHeader(http.StatusNotFound)
					return
				}
				_, _ = fmt.Fprintf(w, `{"items":[{"context":%s,"applicationId":"App"}]}`, nested)
			})
			expectError(t, providerAt(s.url, mockapi.DefaultToken)+tc.config, regexp.MustCompile(words(tc.want,
				`with a record that nests a multi-kind context in the part "user" of a multi-kind context. A multi-kind `+
					`context's parts are single-kind contexts (LaunchDarkly's own rule), so the record was refused`)))
		})
	}
}

// ## 4. A listing never stops on one signal from the server alone

// membersServer lists n members, honouring limit and offset; total gives each page's totalCount from
// the page's length.
func membersServer(t *testing.T, n int, total func(page int) int) *ownServer {
	return startOwnServer(t, func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		items := []any{}
		for i := offset; i < min(offset+limit, n); i++ {
			items = append(items, map[string]any{"_id": fmt.Sprintf("%024x", i), "email": fmt.Sprintf("m%05d@acme.example", i)})
		}
		writeJSON(w, map[string]any{"items": items, "totalCount": total(len(items))})
	})
}

func fixedCount(n int) func(int) int { return func(int) int { return n } }

// 2,500 members came back as 1,000 when totalCount meant the page's count, or 2,000 when it was 1,500,
// without a word. Every member is read whatever totalCount says, and a count that disagrees is a warning.
// Two pages show it (1,100 members: a full page of 1,000, then 100); a count between the pages, as in
// the 1,500, and pages shorter than the limit are the client's tests (TestOffsetPagerStopConditions).
func TestAccListingsReadEveryPageWhateverTotalCountSays(t *testing.T) {
	t.Parallel()
	const n = 1100
	for _, tc := range []struct {
		name    string
		total   func(page int) int
		warning string
	}{
		{"totalCount is the page's count, as the spec words it", func(page int) int { return page },
			"GET /api/v2/members listed 1100 members, more than the 100 its totalCount gave"},
		{"totalCount is more than the server serves", fixedCount(3000),
			"listed 1100 members, fewer than the 3000 its totalCount gave, although it had no more to serve. The list may be incomplete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := membersServer(t, n, tc.total)
			factories, reads := recordingFactories(t, beforeRetirement)
			accTest(t, resource.TestCase{ProtoV6ProviderFactories: factories, Steps: []resource.TestStep{{
				Config: providerAt(s.url, mockapi.DefaultToken) + membersBlock("all", ""),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.launchdarkly_members.all",
					tfjsonpath.New("total_count"), knownvalue.Int64Exact(n))},
			}}})
			for i, diags := range reads.all() {
				if len(diags) != 1 || !strings.Contains(diags[0].Detail, tc.warning) {
					t.Errorf("read %d: diagnostics %v; want one warning that says %q", i, diags, tc.warning)
				}
			}
		})
	}
}

// ## 5. Next-page links stay on the resource asked for

// A next link to the same host but another project was followed, and that project's record stored beside
// page 1's environment_id.
func TestAccNextLinksToAnotherResourceAreNotFollowed(t *testing.T) {
	const other = "/api/v2/projects/OTHER/environments/production/contexts/user/u"
	s := startOwnServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := map[string]any{"_environmentId": "env-of-" + strings.Split(r.URL.Path, "/")[4],
			"items": []any{contextItem("u", "App/"+r.URL.Path, "2026-11-30T12:00:00Z", nil)}}
		if !strings.HasPrefix(r.URL.Path, other) {
			body["_links"] = map[string]any{"next": map[string]any{"href": other + "?continuationToken=x"}}
		}
		writeJSON(w, body)
	})
	expectError(t, providerAt(s.url, mockapi.DefaultToken)+contextBlock("user", "u", ""), regexp.MustCompile(words(
		`Reading LaunchDarkly context user "u"`, "GET /api/v2/projects/web-app/environments/production/contexts/user/u: "+
			"the server's next-page link leads to "+other+", another resource than the list asked for")))
	if n := s.count("/api/v2/projects/OTHER"); n != 0 {
		t.Errorf("%d requests to the other project; want none", n)
	}
}

// ## 6. Email matching folds ASCII case only

// An address that starts with U+212A KELVIN SIGN folds to "kelvin@..." in Unicode, not in email: a server
// that lists such a member for emails = ["kelvin@..."] is not taken at its word.
func TestAccLookAlikeEmailsDoNotMatch(t *testing.T) {
	t.Parallel()
	const kelvin = "\u212Aelvin@acme.example"
	for _, tc := range []struct {
		name, config, want string
	}{
		{"launchdarkly_member", memberBlock(`email = "kelvin@acme.example"`),
			words(`Reading LaunchDarkly member with email "kelvin@acme.example": not found`)},
		{"launchdarkly_members", membersBlock("kelvin", `emails = ["kelvin@acme.example"]`),
			words("Reading LaunchDarkly members: 1 of `emails` not found", `"kelvin@acme.example"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startOwnServer(t, func(w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, map[string]any{"items": []any{map[string]any{"_id": "aaaaaaaaaaaaaaaaaaaaaaaa", "email": kelvin}},
					"totalCount": 1})
			})
			expectError(t, providerAt(s.url, mockapi.DefaultToken)+tc.config, regexp.MustCompile(tc.want))
		})
	}
}

// ids_by_email keys lower-case ASCII letters only: the Kelvin-sign address keeps its sign, and is not
// merged with the ASCII address of another member. (Terraform stores strings in Unicode NFC, in which
// KELVIN SIGN is "K": the state shows the sign's key as "Kelvin@...".)
func TestAccIDsByEmailLowerCasesASCIIOnly(t *testing.T) {
	s := startOwnServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"items": []any{
			map[string]any{"_id": "aaaaaaaaaaaaaaaaaaaaaaaa", "email": "\u212AELVIN@acme.example"},
			map[string]any{"_id": "bbbbbbbbbbbbbbbbbbbbbbbb", "email": "Kelvin@Acme.Example"},
		}, "totalCount": 2})
	})
	expectState(t, providerAt(s.url, mockapi.DefaultToken)+membersBlock("all", ""),
		statecheck.ExpectKnownValue("data.launchdarkly_members.all", tfjsonpath.New("ids_by_email"),
			knownvalue.MapExact(map[string]knownvalue.Check{
				"Kelvin@acme.example": knownvalue.StringExact("aaaaaaaaaaaaaaaaaaaaaaaa"),
				"kelvin@acme.example": knownvalue.StringExact("bbbbbbbbbbbbbbbbbbbbbbbb"),
			})))
}

// ## 7. Caller identity must identify someone

// A proxy's or a captive portal's empty 200 passed as an identity with every attribute null.
func TestAccCallerIdentityThatIdentifiesNoOneIsAnError(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `null`, `{"accountId":null,"tokenKind":null,"tokenName":null,"scopes":null}`} {
		t.Run(body, func(t *testing.T) {
			s := startOwnServer(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, body) })
			expectError(t, providerAt(s.url, mockapi.DefaultToken)+readCallerIdentity, regexp.MustCompile(words(
				"Reading the LaunchDarkly caller identity", "GET /api/v2/caller-identity answered HTTP 200 with neither a "+
					"tokenKind nor an accountId, so it identifies no one", "It sent: "+body)))
		})
	}
}

// ## 8. Configuration mistakes: no echo, no retry

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	_ = listener.Close()
	return addr
}

// ## 9. The Users API fallback: no wasted requests

// usersAndContexts answers the Users API with status and body, and the Contexts API with a user context
// of the key asked for.
func usersAndContexts(t *testing.T, status int, body string) *ownServer {
	return startOwnServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v2/users/") {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
		segments := strings.Split(r.URL.Path, "/")
		writeJSON(w, map[string]any{"items": []any{contextItem(segments[len(segments)-1], "App",
			"2026-11-30T12:00:00Z", nil)}})
	})
}

// A 401 from the Users API is the token's fault: the rejected token is not sent to the Contexts API too.
// A 403 may still fall back: a role may allow contexts but not users.
func TestAccUsersAPI401IsReportedWithoutAContextsRequest(t *testing.T) {
	t.Parallel()
	t.Run("401", func(t *testing.T) {
		s := usersAndContexts(t, http.StatusUnauthorized, `{"code":"unauthorized","message":"Invalid access token"}`)
		expectError(t, providerAt(s.url, mockapi.DefaultToken)+userBlock("p", "e", "u"), regexp.MustCompile(words(
			`Reading LaunchDarkly user "u" in project "p", environment "e": token rejected`, "Invalid access token")))
		if n := s.count("/api/v2/projects/"); n != 0 {
			t.Errorf("%d Contexts API requests with the rejected token; want none", n)
		}
	})
	t.Run("403", func(t *testing.T) {
		s := usersAndContexts(t, http.StatusForbidden, `{"code":"forbidden","message":"no access to users"}`)
		expectState(t, providerAt(s.url, mockapi.DefaultToken)+userBlock("p", "e", "u"),
			statecheck.ExpectKnownOutputValueAtPath("user", tfjsonpath.New("source"), knownvalue.StringExact("contexts_api")))
	})
}

// Once the Users API said it is retired, later reads in auto go straight to the Contexts API, one request
// each, with the same warning: 20 users cost 21 requests a Terraform command, not 40.
func TestAccRetiredUsersAPIIsAskedOncePerRun(t *testing.T) {
	t.Parallel()
	const users = 20
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"400 naming API version 20220603", `{"code":"invalid_request","message":"API version 20220603 is no longer supported"}`, 400},
		{"410 Gone", `{"code":"gone","message":"The Users API was removed"}`, 410},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := usersAndContexts(t, tc.status, tc.body)
			factories, reads := recordingFactories(t, beforeRetirement)
			accTest(t, resource.TestCase{ProtoV6ProviderFactories: factories, Steps: []resource.TestStep{{
				Config: providerAt(s.url, mockapi.DefaultToken) + fmt.Sprintf(`
data "launchdarkly_user" "many" {
  count           = %d
  project_key     = "p"
  environment_key = "e"
  user_key        = "user-${count.index}"
}
`, users),
			}}})
			usersRequests, contextsRequests := s.count("/api/v2/users/"), s.count("/api/v2/projects/")
			if usersRequests == 0 || contextsRequests != users*usersRequests {
				t.Errorf("%d Users API and %d Contexts API requests; want one Users API request and %d Contexts API "+
					"requests for each Terraform command", usersRequests, contextsRequests, users)
			}
			var first string
			for i, diags := range reads.all() {
				if len(diags) != 1 || !strings.Contains(diags[0].Detail, "The Users API did not return the user") {
					t.Fatalf("read %d: diagnostics %v; want the fallback warning", i, diags)
				}
				if first == "" {
					first = diags[0].Detail
				} else if diags[0].Detail != first {
					t.Errorf("read %d warned:\n%s\nread 0 warned:\n%s", i, diags[0].Detail, first)
				}
			}
		})
	}
}
