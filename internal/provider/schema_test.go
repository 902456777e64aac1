package provider

import (
	"strings"
	"testing"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

// The registry pages are generated from these descriptions, so every attribute, nested ones included, must
// have one, written as sentences.

func TestDataSourceSchemaDescriptions(t *testing.T) {
	for name, s := range map[string]dsschema.Schema{
		"launchdarkly_member":          memberSchema(),
		"launchdarkly_user":            userSchema(),
		"launchdarkly_members":         membersSchema(),
		"launchdarkly_caller_identity": callerIdentitySchema(),
	} {
		t.Run(name, func(t *testing.T) {
			checkDescription(t, name, s.MarkdownDescription)
			if len(s.Blocks) > 0 {
				t.Errorf("%s has blocks, which this test does not walk: use nested attributes or extend the test", name)
			}
			walkDescriptions(t, name, s.Attributes, dataSourceNested)
		})
	}
}

func TestProviderSchemaDescriptions(t *testing.T) {
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

// walkDescriptions checks the description of every attribute in attrs and, through nested, of every attribute
// nested in them, naming each by its dotted path under prefix.
func walkDescriptions[A describedAttribute](t *testing.T, prefix string, attrs map[string]A, nested func(A) map[string]A) {
	t.Helper()
	for name, attr := range attrs {
		path := prefix + "." + name
		checkDescription(t, path, attr.GetMarkdownDescription())
		walkDescriptions(t, path, nested(attr), nested)
	}
}

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
