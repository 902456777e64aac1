package provider

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// mockBody GETs path from a fresh mock with the token and API version a read sends, and returns the
// body: exactly what the provider decodes for that read.
func mockBody(b *testing.B, path, apiVersion string) []byte {
	b.Helper()
	srv := httptest.NewServer(mockapi.New())
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", mockapi.DefaultToken)
	req.Header.Set("LD-API-Version", apiVersion)
	res, err := srv.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: status %d, %v\n%s", path, res.StatusCode, err, body)
	}
	return body
}

// BenchmarkDecodeAndEncodeMember measures what Read does with the full seeded member's response: decode,
// and encode the Terraform state value.
func BenchmarkDecodeAndEncodeMember(b *testing.B) {
	body := mockBody(b, "/api/v2/members/"+mockapi.FullMemberID+"?expand=customRoles,roleAttributes", "20240415")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m launchdarkly.Member
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		_ = encodeMember(memberDataSource.objectType(), &m)
	}
}

// BenchmarkDecodeAndEncodeUser does the same for the full seeded user record, whose custom attributes
// become a dynamic value.
func BenchmarkDecodeAndEncodeUser(b *testing.B) {
	body := mockBody(b, "/api/v2/users/"+mockapi.UserProject+"/"+mockapi.UserEnvironment+"/"+mockapi.FullUserKey,
		mockapi.UsersAPIVersion)
	args := userArgs{projectKey: mockapi.UserProject, environmentKey: mockapi.UserEnvironment, userKey: mockapi.FullUserKey}
	typ := userDataSource.objectType()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var r launchdarkly.UserRecord
		if err := json.Unmarshal(body, &r); err != nil {
			b.Fatal(err)
		}
		read, err := withCustom(&r, userSourceUsers)
		if err != nil {
			b.Fatal(err)
		}
		_ = encodeUserRecord(typ, args, read)
	}
}

// BenchmarkDecodeAndEncodeContext does the same for a seeded organization context, whose attributes are
// nested objects.
func BenchmarkDecodeAndEncodeContext(b *testing.B) {
	body := mockBody(b, "/api/v2/projects/"+mockapi.UserProject+"/environments/"+mockapi.UserEnvironment+
		"/contexts/organization/"+mockapi.OrganizationKey, mockapi.ContextsAPIVersion)
	args := contextArgs{projectKey: mockapi.UserProject, environmentKey: mockapi.UserEnvironment,
		kind: "organization", key: mockapi.OrganizationKey}
	typ := contextDataSource.objectType()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		versions, err := launchdarkly.DecodeContextsPage(body, args.kind, args.key)
		if err != nil {
			b.Fatal(err)
		}
		read := contextRead{versions: versions}
		if read.attributes, err = dynamicFromAttributes(versions.Chosen.Context.Attributes); err != nil {
			b.Fatal(err)
		}
		_ = encodeContext(typ, args, read)
	}
}

// BenchmarkEncodeMembersPage measures the encoding of one full page of the members list (1,000
// generated members) into the state value of launchdarkly_members.
func BenchmarkEncodeMembersPage(b *testing.B) {
	api := mockapi.New()
	api.AddGeneratedMembers(1000)
	srv := httptest.NewServer(api)
	defer srv.Close()
	client, err := launchdarkly.New(launchdarkly.Config{BaseURL: srv.URL, Token: mockapi.DefaultToken})
	if err != nil {
		b.Fatal(err)
	}
	list, err := client.ListMembers(context.Background(), launchdarkly.MemberFilter{})
	if err != nil {
		b.Fatal(err)
	}
	typ := membersDataSource.objectType()
	args := membersArgs{configured: nullArguments(typ)}
	read := membersRead{members: list.Members, idsByEmail: map[string]string{}, emailsByID: map[string]string{}}
	b.ReportAllocs()
	for b.Loop() {
		_ = membersDataSource.encode(typ, args, read)
	}
}
