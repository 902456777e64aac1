package provider

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

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

// BenchmarkDecodeAndMapMember measures what Read does with the full seeded member's response: decode,
// map to the model, and build the Terraform state value.
func BenchmarkDecodeAndMapMember(b *testing.B) {
	body := mockBody(b, "/api/v2/members/"+mockapi.FullMemberID+"?expand=customRoles,roleAttributes", "20240415")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m launchdarkly.Member
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		_ = newMemberModel(&m).terraformValue(memberObjectType())
	}
}

// BenchmarkDecodeAndMapUser does the same for the full seeded user record, whose custom attributes
// become a dynamic value.
func BenchmarkDecodeAndMapUser(b *testing.B) {
	body := mockBody(b, "/api/v2/users/"+mockapi.UserProject+"/"+mockapi.UserEnvironment+"/"+mockapi.FullUserKey,
		mockapi.UsersAPIVersion)
	config := userModel{
		ProjectKey:     types.StringValue(mockapi.UserProject),
		EnvironmentKey: types.StringValue(mockapi.UserEnvironment),
		UserKey:        types.StringValue(mockapi.FullUserKey),
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var r launchdarkly.UserRecord
		if err := json.Unmarshal(body, &r); err != nil {
			b.Fatal(err)
		}
		model, err := newUserModel(config, &r)
		if err != nil {
			b.Fatal(err)
		}
		_ = model.terraformValue(userObjectType())
	}
}

// BenchmarkDecodeAndMapContext does the same for the seeded organization context, whose attributes
// nest objects and lists.
func BenchmarkDecodeAndMapContext(b *testing.B) {
	body := mockBody(b, "/api/v2/projects/"+mockapi.UserProject+"/environments/"+mockapi.UserEnvironment+
		"/contexts/organization/"+mockapi.OrganizationKey+"?limit=50&sort=-ts", mockapi.ContextsAPIVersion)
	config := contextModel{
		ProjectKey:     types.StringValue(mockapi.UserProject),
		EnvironmentKey: types.StringValue(mockapi.UserEnvironment),
		Kind:           types.StringValue("organization"),
		Key:            types.StringValue(mockapi.OrganizationKey),
		ApplicationID:  types.StringNull(),
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		versions, err := launchdarkly.DecodeContextsPage(body, "organization", mockapi.OrganizationKey)
		if err != nil {
			b.Fatal(err)
		}
		model, err := newContextModel(config, versions)
		if err != nil {
			b.Fatal(err)
		}
		_ = model.terraformValue(contextObjectType())
	}
}

// BenchmarkDecodeAndMapMembersPage measures what Read does with one full page of the members list (1,000
// generated members): decode, map, and build the state value of launchdarkly_members.
func BenchmarkDecodeAndMapMembersPage(b *testing.B) {
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
	b.ReportAllocs()
	for b.Loop() {
		model := membersModel{Emails: types.SetNull(types.StringType), IDs: types.SetNull(types.StringType),
			Roles: types.SetNull(types.StringType), TotalCount: types.Int64Value(int64(len(list.Members)))}
		model.Members = make([]memberModel, len(list.Members))
		for i := range list.Members {
			model.Members[i] = newMemberModel(&list.Members[i])
		}
		_ = model.terraformValue(membersObjectType())
	}
}
