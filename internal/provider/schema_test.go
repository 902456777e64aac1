package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

// The registry pages are generated from these descriptions, so every attribute, nested ones included, must
// have one, written as sentences, in one paragraph: tfplugindocs renders each attribute as a bullet, and a
// second paragraph falls out of its bullet into loose text under the schema. A data source's own
// description may have several paragraphs; it is the page's introduction.

// TestDataSourceSchemaDescriptions checks every data source the provider serves, so a new one is checked
// without being listed here.
func TestDataSourceSchemaDescriptions(t *testing.T) {
	p := New("test")()
	for _, newDataSource := range p.DataSources(t.Context()) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(t.Context(), datasource.MetadataRequest{ProviderTypeName: "launchdarkly"}, &meta)
		var resp datasource.SchemaResponse
		d.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
		s := resp.Schema
		name := meta.TypeName
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
