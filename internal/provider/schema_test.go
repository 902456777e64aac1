package provider

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// These tests walk every schema the provider serves, nested attributes included, so a new data source or
// attribute is checked without being listed here.
//
// Descriptions: the registry pages are generated from them, so every attribute must have one, written as
// sentences, in one paragraph: tfplugindocs renders each attribute as a bullet, and a second paragraph
// falls out of its bullet into loose text under the schema. A data source's own description may have
// several paragraphs; it is the page's introduction.
//
// Names: the snake_case of the API's JSON field with any leading underscore dropped (`_pendingInvite` is
// `pending_invite`), so lower-case words of letters and digits joined by single underscores.

// snakeCase is the form of every attribute and data source name.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestDataSourceSchemas(t *testing.T) {
	p := New("test")()
	if n := len(p.DataSources(t.Context())); n != len(dataSources) {
		t.Errorf("the framework serves %d data sources, the provider lists %d", n, len(dataSources))
	}
	for _, newDataSource := range p.DataSources(t.Context()) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(t.Context(), datasource.MetadataRequest{ProviderTypeName: "launchdarkly"}, &meta)
		var resp datasource.SchemaResponse
		d.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
		s := resp.Schema
		name := meta.TypeName
		t.Run(name, func(t *testing.T) {
			if !strings.HasPrefix(name, "launchdarkly_") || !snakeCase.MatchString(name) {
				t.Errorf("data source type name %q is not launchdarkly_ followed by snake_case", name)
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("schema: %v", resp.Diagnostics)
			}
			if len(s.Attributes) == 0 {
				t.Fatal("the schema has no attributes")
			}
			checkDescription(t, name, s.MarkdownDescription)
			if len(s.Blocks) > 0 {
				t.Errorf("%s has blocks, which this test does not walk: use nested attributes or extend the test", name)
			}
			walkDescriptions(t, name, s.Attributes, dataSourceNested)
		})
	}
}

func TestProviderSchema(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(t.Context(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("provider schema: %v", resp.Diagnostics)
	}
	checkDescription(t, "provider", resp.Schema.MarkdownDescription)
	if len(resp.Schema.Blocks) > 0 {
		t.Errorf("the provider has blocks, which this test does not walk: use nested attributes or extend the test")
	}
	walkDescriptions(t, "provider", resp.Schema.Attributes, providerNested)
}

type describedAttribute interface {
	GetMarkdownDescription() string
}

// walkDescriptions checks the name and description of every attribute in attrs and, through nested, of
// every attribute nested in them, naming each by its dotted path under prefix.
func walkDescriptions[A describedAttribute](t *testing.T, prefix string, attrs map[string]A, nested func(A) map[string]A) {
	t.Helper()
	for name, attr := range attrs {
		path := prefix + "." + name
		if !snakeCase.MatchString(name) {
			t.Errorf("%s: the attribute name is not snake_case (lower-case words joined by single underscores)", path)
		}
		checkDescription(t, path, attr.GetMarkdownDescription())
		if blankLine.MatchString(attr.GetMarkdownDescription()) {
			t.Errorf("%s: MarkdownDescription has a blank line, which breaks the bullet list on the registry "+
				"page: write it as one paragraph", path)
		}
		walkDescriptions(t, path, nested(attr), nested)
	}
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

func checkDescription(t *testing.T, path, description string) {
	t.Helper()
	description = strings.TrimSpace(description)
	switch {
	case description == "":
		t.Errorf("%s: MarkdownDescription is empty", path)
	case !strings.HasSuffix(description, "."):
		t.Errorf("%s: MarkdownDescription does not end with a period: %q", path, description)
	}
}

func dataSourceNested(attr dsschema.Attribute) map[string]dsschema.Attribute {
	switch a := attr.(type) {
	case dsschema.SingleNestedAttribute:
		return a.Attributes
	case dsschema.ListNestedAttribute:
		return a.NestedObject.Attributes
	case dsschema.MapNestedAttribute:
		return a.NestedObject.Attributes
	case dsschema.SetNestedAttribute:
		return a.NestedObject.Attributes
	}
	return nil
}

func providerNested(attr providerschema.Attribute) map[string]providerschema.Attribute {
	switch a := attr.(type) {
	case providerschema.SingleNestedAttribute:
		return a.Attributes
	case providerschema.ListNestedAttribute:
		return a.NestedObject.Attributes
	case providerschema.MapNestedAttribute:
		return a.NestedObject.Attributes
	case providerschema.SetNestedAttribute:
		return a.NestedObject.Attributes
	}
	return nil
}

// attributeName is the attribute a JSON field of the API maps to.
func attributeName(field string) string {
	field = strings.TrimPrefix(field, "_")
	var b strings.Builder
	for i, r := range field {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestAttributeName(t *testing.T) {
	for field, want := range map[string]string{"_pendingInvite": "pending_invite", "_links": "links", "_id": "id",
		"mfaGracePeriodExpiresAt": "mfa_grace_period_expires_at", "role_name": "role_name", "key": "key"} {
		if got := attributeName(field); got != want {
			t.Errorf("attributeName(%q) = %q, want %q", field, got, want)
		}
	}
}

// Every field the mock serves for the seeded objects that carry every documented field has an attribute
// of the name the convention gives it, at every level the schema models as attributes (a map's keys and a
// dynamic attribute's contents are data, not names). Every data source must have a case.
func TestSchemasMirrorEveryAPIField(t *testing.T) {
	items := func(body map[string]any) []any { list, _ := body["items"].([]any); return list }
	cases := map[string]struct {
		path, version string
		// under is the attribute that holds the response's items, for a list endpoint.
		under string
		// objects picks what to compare from the response; nil means the response itself.
		objects func(body map[string]any) []any
	}{
		"launchdarkly_member":  {path: "/api/v2/members/" + mockapi.FullMemberID + "?expand=customRoles,roleAttributes", version: "20240415"},
		"launchdarkly_members": {path: "/api/v2/members?expand=customRoles,roleAttributes", version: "20240415", under: "members", objects: items},
		"launchdarkly_user":    {path: "/api/v2/users/web-app/production/" + mockapi.FullUserKey, version: mockapi.UsersAPIVersion},
		"launchdarkly_context": {
			path:    "/api/v2/projects/web-app/environments/production/contexts/organization/" + mockapi.OrganizationKey,
			version: "20240415",
			// The data source is one version of the context, flattened: the collection's environment, the
			// record's fields, and the context's built-ins (its other attributes are the dynamic
			// `attributes`, its _meta `private_attributes`). items, totalCount, continuationToken and the
			// collection's _links are paging.
			objects: func(body map[string]any) []any {
				var out []any
				for _, item := range items(body) {
					record, _ := item.(map[string]any)
					object := map[string]any{"_environmentId": body["_environmentId"]}
					for field, value := range record {
						if field != "context" {
							object[field] = value
						}
					}
					context, _ := record["context"].(map[string]any)
					for _, builtIn := range []string{"kind", "key", "name", "anonymous"} {
						if value, ok := context[builtIn]; ok {
							object[builtIn] = value
						}
					}
					out = append(out, object)
				}
				return out
			},
		},
		"launchdarkly_caller_identity": {path: "/api/v2/caller-identity", version: "20240415"},
		"launchdarkly_team": {
			path:    "/api/v2/teams/" + mockapi.PlatformTeamKey + "?expand=members,roles,roleAttributes,projects,maintainers",
			version: "20240415",
			objects: func(body map[string]any) []any { return []any{teamFields(body)} },
		},
		"launchdarkly_teams": {
			path: "/api/v2/teams?expand=members,maintainers,roleAttributes", version: "20240415", under: "teams",
			objects: func(body map[string]any) []any {
				var out []any
				for _, item := range items(body) {
					team, _ := item.(map[string]any)
					out = append(out, teamFields(team))
				}
				return out
			},
		},
		"launchdarkly_context_kinds": {path: "/api/v2/projects/web-app/context-kinds", version: "20240415",
			under: "context_kinds", objects: items},
	}
	api := mockapi.New()
	for _, d := range dataSources {
		name := providerTypeName + "_" + d.name()
		t.Run(name, func(t *testing.T) {
			tc, ok := cases[name]
			if !ok {
				t.Fatalf("no case for %s: add the API call whose answer it mirrors", name)
			}
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.Header.Set("Authorization", mockapi.DefaultToken)
			req.Header.Set("LD-API-Version", tc.version)
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, req)
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != http.StatusOK || err != nil {
				t.Fatalf("GET %s: %d %v", tc.path, rec.Code, err)
			}
			attrs := d.schema().Attributes
			if tc.under != "" {
				attrs = dataSourceNested(attrs[tc.under])
			}
			objects := []any{body}
			if tc.objects != nil {
				objects = tc.objects(body)
			}
			if len(objects) == 0 {
				t.Fatalf("GET %s returned nothing to compare", tc.path)
			}
			for _, object := range objects {
				mirrors(t, name, object, attrs)
			}
		})
	}
}

// teamFields is a team as the data sources hold it: the expanded members, roles and maintainers (a
// count and first pages) are read to the end into member_ids, custom_role_keys and maintainer_ids, and
// projects are their items.
func teamFields(team map[string]any) map[string]any {
	out := map[string]any{}
	for field, value := range team {
		switch field {
		case "members":
			out["memberIds"] = nil
		case "roles":
			out["customRoleKeys"] = nil
		case "maintainers":
			out["maintainerIds"] = nil
		case "projects":
			projects, _ := value.(map[string]any)
			out["projects"] = projects["items"]
		default:
			out[field] = value
		}
	}
	return out
}

// mirrors checks that every field of value, a JSON object or a list of them, has its attribute in attrs.
func mirrors(t *testing.T, path string, value any, attrs map[string]dsschema.Attribute) {
	t.Helper()
	switch v := value.(type) {
	case []any:
		for _, item := range v {
			mirrors(t, path+"[]", item, attrs)
		}
	case map[string]any:
		for field, fieldValue := range v {
			name := attributeName(field)
			attr, ok := attrs[name]
			if !ok {
				t.Errorf("%s: the API's %q has no attribute %q", path, field, name)
				continue
			}
			switch a := attr.(type) {
			case dsschema.MapNestedAttribute:
				if entries, ok := fieldValue.(map[string]any); ok {
					for key, entry := range entries {
						mirrors(t, path+"."+name+"["+key+"]", entry, a.NestedObject.Attributes)
					}
				}
			default:
				if nested := dataSourceNested(attr); nested != nil {
					mirrors(t, path+"."+name, fieldValue, nested)
				}
			}
		}
	}
}
