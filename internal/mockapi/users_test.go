package mockapi

import (
	"net/http"
	"reflect"
	"testing"
)

func usersHeader() http.Header {
	return authed("LD-API-Version", UsersAPIVersion)
}

func TestGetFullUser(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, userPath(UserProject, UserEnvironment, FullUserKey), usersHeader())
	wantStatus(t, res, http.StatusOK)
	if res.body["lastPing"] != "2022-06-28T23:21:29.176609596Z" {
		t.Errorf("lastPing = %v", res.body["lastPing"])
	}
	for _, field := range []string{"environmentId", "ownerId", "user", "_links", "_access"} {
		if _, ok := res.body[field]; !ok {
			t.Errorf("field %q missing", field)
		}
	}
	user := object(t, res.body["user"], "user")
	for _, field := range []string{"key", "secondary", "ip", "country", "email", "firstName", "lastName", "avatar", "name", "anonymous", "custom", "privateAttrs"} {
		if _, ok := user[field]; !ok {
			t.Errorf("user field %q missing", field)
		}
	}
	wantCustom := map[string]any{
		"plan": "enterprise", "seats": float64(42), "beta": true, "groups": []any{"admins", "ops"},
		"address": map[string]any{"city": "Oakland", "zip": "94612", "floor": float64(3)},
	}
	if !reflect.DeepEqual(user["custom"], wantCustom) {
		t.Errorf("custom = %v", user["custom"])
	}
}

func TestGetAnonymousUserHasNoOptionalFields(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, userPath(UserProject, UserEnvironment, AnonymousUserKey), usersHeader())
	wantStatus(t, res, http.StatusOK)
	want := map[string]any{"key": AnonymousUserKey, "anonymous": true}
	if !reflect.DeepEqual(res.body["user"], want) {
		t.Errorf("user = %v", res.body["user"])
	}
	for _, field := range []string{"lastPing", "environmentId", "ownerId", "_access"} {
		if _, ok := res.body[field]; ok {
			t.Errorf("anonymous record has %q", field)
		}
	}
}

func TestGetUserWithOddKeys(t *testing.T) {
	api, srv := newServer(t)
	for _, key := range OddUserKeys {
		path := userPath(UserProject, UserEnvironment, key)
		res := get(t, srv, path, usersHeader())
		wantStatus(t, res, http.StatusOK)
		user := object(t, res.body["user"], "user")
		if user["key"] != key || user["name"] != "odd key "+key {
			t.Errorf("key %q (path %s) reached %v", key, path, user)
		}
	}
	if u := api.Unexpected(); len(u) != 0 {
		t.Fatalf("unexpected requests: %+v", u)
	}
}

func TestRawDotSegmentsAreNotKeys(t *testing.T) {
	api, srv := newServer(t)
	for _, key := range []string{".", ".."} {
		res := get(t, srv, "/api/v2/users/"+UserProject+"/"+UserEnvironment+"/"+key, usersHeader())
		wantError(t, res, http.StatusNotFound, "not_found", "Invalid resource identifier")
	}
	if n := len(api.Unexpected()); n != 2 {
		t.Fatalf("recorded %d unexpected requests, want 2", n)
	}
}

func TestUnescapedSlashMissesKey(t *testing.T) {
	_, srv := newServer(t)
	res := get(t, srv, "/api/v2/users/"+UserProject+"/"+UserEnvironment+"/a/b", usersHeader())
	wantStatus(t, res, http.StatusNotFound)
}

func TestGetUnknownUser(t *testing.T) {
	_, srv := newServer(t)
	for _, path := range []string{
		userPath(UserProject, UserEnvironment, "no-such-user"),
		userPath(UserProject, "staging", FullUserKey),
		userPath("mobile", UserEnvironment, FullUserKey),
		userPath(UserProject, UserEnvironment, "USER-KEY-123ABC"),
	} {
		wantError(t, get(t, srv, path, usersHeader()), http.StatusNotFound, "not_found", "Invalid resource identifier")
	}
}

func TestUsersRequireVersion20220603(t *testing.T) {
	_, srv := newServer(t)
	path := userPath(UserProject, UserEnvironment, FullUserKey)
	for name, header := range map[string]http.Header{
		"absent":  authed(),
		"current": authed("LD-API-Version", currentVersion),
		"padded":  authed("LD-API-Version", " "+UsersAPIVersion+"x"),
		"empty":   authed("LD-API-Version", ""),
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, get(t, srv, path, header), http.StatusNotFound, "not_found", "Invalid resource identifier")
		})
	}
}

func TestDuplicateVersionHeaderIsRejected(t *testing.T) {
	api, srv := newServer(t)
	for _, path := range []string{"/api/v2/members/me", userPath(UserProject, UserEnvironment, FullUserKey), "/api/v2/nowhere"} {
		for _, header := range []http.Header{
			authed("LD-API-Version", UsersAPIVersion, "LD-API-Version", UsersAPIVersion),
			authed("LD-API-Version", UsersAPIVersion+", "+currentVersion),
		} {
			res := get(t, srv, path, header)
			wantError(t, res, http.StatusBadRequest, "invalid_request", "Too many values for parameter LD-API-Version")
		}
	}
	if n := len(api.Unexpected()); n != 0 {
		t.Fatalf("version check should run before routing; %d unexpected", n)
	}
}

func TestRetiredUsersAPI(t *testing.T) {
	api, srv := newServer(t)
	api.RetireUsersAPI(true)
	for _, header := range []http.Header{usersHeader(), authed()} {
		res := get(t, srv, userPath(UserProject, UserEnvironment, FullUserKey), header)
		wantError(t, res, http.StatusBadRequest, "invalid_request",
			"API version 20220603 is no longer supported; the Users API was removed")
	}
	wantStatus(t, get(t, srv, "/api/v2/members/me", authed()), http.StatusOK)
	api.RetireUsersAPI(false)
	wantStatus(t, get(t, srv, userPath(UserProject, UserEnvironment, FullUserKey), usersHeader()), http.StatusOK)
}

func TestPutUser(t *testing.T) {
	api, srv := newServer(t)
	api.PutUser("mobile", "staging", map[string]any{"user": map[string]any{"key": "a/b", "name": "added"}, "lastPing": "2026-01-02T03:04:05Z"})
	res := get(t, srv, userPath("mobile", "staging", "a/b"), usersHeader())
	wantStatus(t, res, http.StatusOK)
	if res.body["lastPing"] != "2026-01-02T03:04:05Z" {
		t.Fatalf("got %v", res.body)
	}
}
