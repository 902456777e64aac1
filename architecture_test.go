package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The layers the folder tree shows, checked on every import of every Go file (tests included), so that CI
// keeps them without a linter: the client knows nothing of Terraform or of the layers above it, the mock
// knows nothing of the client or the provider, and nothing uses the old plugin SDK.
func TestImportsKeepTheLayers(t *testing.T) {
	const module = "github.com/tf-launchdarkly/terraform-provider-launchdarkly/"
	rules := []struct {
		dir       string // files under this folder
		forbidden []string
		why       string
	}{
		{"internal/launchdarkly", []string{"github.com/hashicorp/terraform-plugin-", module + "internal/provider"},
			"the REST client takes and returns plain Go structs, usable and testable without Terraform"},
		{"internal/mockapi", []string{"github.com/hashicorp/terraform-plugin-", module + "internal/provider",
			module + "internal/launchdarkly"}, "the mock is the API, not a client of it"},
		{".", []string{"github.com/hashicorp/terraform-plugin-sdk"}, "the provider is built on terraform-plugin-framework only"},
	}
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range file.Imports {
			pkg, _ := strconv.Unquote(imp.Path.Value)
			for _, rule := range rules {
				if rule.dir != "." && !strings.HasPrefix(path, rule.dir+"/") {
					continue
				}
				for _, prefix := range rule.forbidden {
					if strings.HasPrefix(pkg, prefix) {
						t.Errorf("%s imports %s: %s", path, pkg, rule.why)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d Go files checked: is the test running at the module's root?", checked)
	}
}
