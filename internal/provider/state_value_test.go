package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// checkStateValue requires the state value a data source builds directly to be the value State.Set
// makes of the same model by reflection, the framework's own conversion.
func checkStateValue(t *testing.T, s schema.Schema, model any, direct tftypes.Value) {
	t.Helper()
	ctx := context.Background()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, model); d.HasError() {
		t.Fatalf("State.Set refused the model: %v", d)
	}
	if !state.Raw.Equal(direct) {
		diffs, err := state.Raw.Diff(direct)
		t.Errorf("the state built directly differs from State.Set's (%v):", err)
		for _, d := range diffs {
			t.Errorf("  at %s: State.Set %v, direct %v", d.Path, d.Value1, d.Value2)
		}
	}
}

// FuzzContextStateValue feeds arbitrary context records through what launchdarkly_context and
// launchdarkly_user (from the Contexts API) do with them, and requires the state built directly to be
// the one State.Set builds.
func FuzzContextStateValue(f *testing.F) {
	seedRecords(f, "../mockapi/seed/contexts.json", "record")
	f.Add([]byte(`{"context":{"kind":"user","key":"k","a":{"b":[1,"x",null,{"c":true}]},"_meta":{"privateAttributes":["/a/b"]}}}`))
	f.Add([]byte(`{"context":{"kind":"org","key":"k","n":1e300,"m":-0.000001,"e":[],"o":{}},"_access":{"allowed":[{}]}}`))
	f.Fuzz(func(t *testing.T, record []byte) {
		var probe struct {
			Context struct {
				Kind string `json:"kind"`
				Key  string `json:"key"`
			} `json:"context"`
		}
		if json.Unmarshal(record, &probe) != nil {
			return
		}
		page := append(append([]byte(`{"items":[`), record...), `],"totalCount":1}`...)
		versions, err := launchdarkly.DecodeContextsPage(page, probe.Context.Kind, probe.Context.Key)
		if err != nil {
			return
		}
		config := contextModel{ProjectKey: types.StringValue("p"), EnvironmentKey: types.StringValue("e"),
			Kind: types.StringValue(probe.Context.Kind), Key: types.StringValue(probe.Context.Key),
			ApplicationID: types.StringNull()}
		if model, err := newContextModel(config, versions); err == nil {
			checkStateValue(t, contextSchema(), model, model.terraformValue(contextObjectType()))
		}
		if probe.Context.Kind != "user" {
			return
		}
		user := userModel{ProjectKey: types.StringValue("p"), EnvironmentKey: types.StringValue("e"),
			UserKey: types.StringValue(probe.Context.Key)}
		if model, err := newUserModelFromContext(user, versions); err == nil {
			checkStateValue(t, userSchema(), model, model.terraformValue(userObjectType()))
		}
	})
}

// A state value that does not match its type is a bug in the provider; it must end in an error that
// says so, not in a panic that crashes Terraform's plan.
func TestSetStateReportsAMistakeAsAnError(t *testing.T) {
	var resp datasource.ReadResponse
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	setState(&resp, func() tftypes.Value {
		return tftypes.NewValue(object, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.Number, 1)})
	})
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "bug in the provider") {
		t.Errorf("diagnostics %v; want an error naming a bug", resp.Diagnostics)
	}
	setState(&resp, func() tftypes.Value { return tftypes.NewValue(typeAs[tftypes.List](object), nil) })
	if len(resp.Diagnostics.Errors()) != 2 {
		t.Errorf("a schema of the wrong kind: diagnostics %v; want a second error", resp.Diagnostics)
	}
}
