package mockapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
)

// ContextsAPIVersion is the API version the mock serves contexts at.
const ContextsAPIVersion = "20240415"

const (
	contextsDefaultLimit = 20
	contextsMaxLimit     = 50
)

// ContextPaging is how the contexts list tells a client where the next page is. The API documents both a
// _links.next link and a continuationToken without saying which a client must follow, so the mock can
// serve each shape, and a broken server.
type ContextPaging int

const (
	// PagingLinksAndToken sends _links.next when another page exists, and a continuationToken (a
	// reference to the page's last item) on every page that has items, the last one included.
	PagingLinksAndToken ContextPaging = iota
	// PagingTokenOnly sends no _links at all, only the continuationToken on every page that has items.
	PagingTokenOnly
	// PagingLinksOnly sends only _links.next, in the form of the spec's example, with a stray host in its
	// path ("/app.launchdarkly.com/api/v2/…").
	PagingLinksOnly
	// PagingRepeat is a broken server: every page points to the second page again.
	PagingRepeat
)

// Seeded contexts.
const (
	// EnvironmentID is the _environmentId of the seeded environment (UserProject, UserEnvironment).
	EnvironmentID = "6511d0c3a8e4f20013b7e001"
	// ContextOnlyUserKey is a user context with no Users API record.
	ContextOnlyUserKey = "context-only-user"
	// OrganizationKey is a context of kind "organization" with nested attribute values.
	OrganizationKey = "acme-corp"
	// PreReleaseUserKey is a user context in the pre-release format, with _meta.secondary.
	PreReleaseUserKey = "pre-release-user"
	// BareDeviceKey is a context of kind "device" that carries only its kind and key.
	BareDeviceKey = "bare-device"
	// ManyVersionsKey is a user context sent by ManyVersionsCount applications, "App/01" (oldest) to
	// "App/60" (newest); version i has the name "version i" and last_seen 2026-11-01 plus i minutes.
	ManyVersionsKey   = "many-versions-user"
	ManyVersionsCount = 60
)

// contextID locates a context's versions; keys are compared exactly, after unescaping.
type contextID struct {
	project, environment, kind, key string
}

// contextRecord is one stored version: its raw JSON, kept byte for byte so that hostile values reach the
// client as sent, and the fields the mock sorts and filters on.
type contextRecord struct {
	raw           json.RawMessage
	lastSeen      string
	applicationID string
}

// PutContext adds a version of a context: a ContextRecord object whose "context" has a string kind and
// key. It panics on a record without them, since that is a bug in the calling test.
func (a *API) PutContext(projectKey, environmentKey string, record map[string]any) {
	data, err := json.Marshal(record)
	if err != nil {
		panic("mockapi: PutContext record is not JSON: " + err.Error())
	}
	a.PutContextJSON(projectKey, environmentKey, "", "", data)
}

// PutContextJSON adds a version of a context from raw JSON, which is served exactly as given: it may
// hold values no Go map can (a number like 1e100000000). kind and key locate it; when empty they are read
// from the record's context.
func (a *API) PutContextJSON(projectKey, environmentKey, kind, key string, record []byte) {
	var head struct {
		Context struct {
			Kind string `json:"kind"`
			Key  string `json:"key"`
		} `json:"context"`
		LastSeen      string `json:"lastSeen"`
		ApplicationID string `json:"applicationId"`
	}
	_ = json.Unmarshal(record, &head)
	if kind == "" {
		kind = head.Context.Kind
	}
	if key == "" {
		key = head.Context.Key
	}
	if kind == "" || key == "" {
		panic("mockapi: PutContextJSON needs a kind and key, given or in the record's context")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.environments[environmentRef{projectKey, environmentKey}] = true
	id := contextID{projectKey, environmentKey, kind, key}
	a.contexts[id] = append(a.contexts[id], contextRecord{
		raw: append(json.RawMessage(nil), record...), lastSeen: head.LastSeen, applicationID: head.ApplicationID,
	})
}

// SetContextPaging chooses how the contexts list points to its next page.
func (a *API) SetContextPaging(p ContextPaging) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.contextPaging = p
}

// environmentRef is a project's environment the mock knows: contexts of an unknown one get 404.
type environmentRef struct {
	project, environment string
}

// applicationFilter is the one filter the route accepts: applicationId equals "<id>".
var applicationFilter = regexp.MustCompile(`^applicationId equals "([^"]*)"$`)

// getContexts serves GET /api/v2/projects/{projectKey}/environments/{environmentKey}/contexts/{kind}/{key}:
// every version of one context, paged by limit (at most 50) and an opaque continuationToken.
func (a *API) getContexts(r *http.Request, c call) (any, *apiError) {
	if !hasOnlyVersion(r.Header, ContextsAPIVersion) {
		return nil, invalidRequest("the mock serves contexts at " + apiVersionHeader + " " + ContextsAPIVersion + " only")
	}
	project, environment := c.params[0], c.params[1]
	if !a.environments[environmentRef{project, environment}] {
		return nil, errNotFound
	}
	query := r.URL.Query()
	limit, ok := intParam(query, "limit", contextsDefaultLimit)
	if !ok || limit < 1 || limit > contextsMaxLimit {
		return nil, invalidRequest("limit must be an integer between 1 and 50")
	}
	offset := 0
	if token := query.Get("continuationToken"); token != "" {
		if offset, ok = decodeContinuationToken(token); !ok {
			return nil, invalidRequest("invalid continuationToken")
		}
	}
	records := append([]contextRecord(nil), a.contexts[contextID{project, environment, c.params[2], c.params[3]}]...)
	switch query.Get("sort") {
	case "":
	case "ts":
		sort.SliceStable(records, func(i, j int) bool { return records[i].lastSeen < records[j].lastSeen })
	case "-ts":
		sort.SliceStable(records, func(i, j int) bool { return records[i].lastSeen > records[j].lastSeen })
	default:
		return nil, invalidRequest("sort must be ts or -ts")
	}
	if filter := query.Get("filter"); filter != "" {
		m := applicationFilter.FindStringSubmatch(filter)
		if m == nil {
			return nil, invalidRequest("this route accepts only an applicationId filter")
		}
		var kept []contextRecord
		for _, rec := range records {
			if rec.applicationID == m[1] {
				kept = append(kept, rec)
			}
		}
		records = kept
	}

	end := min(offset+limit, len(records))
	items := make([]json.RawMessage, 0, limit)
	for _, rec := range records[min(offset, len(records)):end] {
		items = append(items, rec.raw)
	}
	body := map[string]any{"_environmentId": EnvironmentID, "items": items}
	if query.Get("includeTotalCount") != "false" {
		body["totalCount"] = len(records)
	}
	more := end < len(records)
	next := encodeContinuationToken(end)
	if a.contextPaging == PagingRepeat {
		more, next = true, encodeContinuationToken(limit)
	}
	if len(items) > 0 && a.contextPaging != PagingLinksOnly {
		body["continuationToken"] = next
	}
	if a.contextPaging != PagingTokenOnly {
		links := map[string]any{"self": link(selfHref(r.URL))}
		if more {
			href := nextContextsHref(r.URL, next)
			if a.contextPaging == PagingLinksOnly {
				href = "/app.launchdarkly.com" + href
			}
			links["next"] = link(href)
		}
		body["_links"] = links
	}
	return body, nil
}

func nextContextsHref(u *url.URL, token string) string {
	query := u.Query()
	query.Set("continuationToken", token)
	return u.EscapedPath() + "?" + query.Encode()
}

// Continuation tokens are opaque to clients; here they are an offset in disguise.
func encodeContinuationToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("offset:%d", offset)))
}

func decodeContinuationToken(token string) (int, bool) {
	data, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	var offset int
	if _, err := fmt.Sscanf(string(data), "offset:%d", &offset); err != nil || offset < 0 {
		return 0, false
	}
	return offset, true
}

// seedGeneratedContexts adds the contexts that are easier to describe as code than as JSON: a user
// context for every odd key, and a context with ManyVersionsCount versions.
func (a *API) seedGeneratedContexts() {
	for _, key := range OddUserKeys {
		a.PutContext(UserProject, UserEnvironment, map[string]any{
			"context":       map[string]any{"kind": "user", "key": key, "name": "odd key " + key},
			"lastSeen":      "2026-11-20T10:00:00Z",
			"applicationId": "GoSDK/6.1.0",
		})
	}
	for i := 1; i <= ManyVersionsCount; i++ {
		a.PutContext(UserProject, UserEnvironment, map[string]any{
			"context":            map[string]any{"kind": "user", "key": ManyVersionsKey, "name": "version " + strconv.Itoa(i)},
			"lastSeen":           fmt.Sprintf("2026-11-01T%02d:%02d:00Z", i/60, i%60),
			"applicationId":      fmt.Sprintf("App/%02d", i),
			"associatedContexts": i,
		})
	}
}
