package provider

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// The fuzz tests feed arbitrary bodies through what a read does with a response: decode, convert and
// encode the state. A body that does not decode, or whose arbitrary JSON the converter refuses, is an
// error, fine; a panic, or a decoded answer the encoder cannot turn into a state Terraform accepts, is a bug.

// seedRecords adds each record of a mock seed file to the fuzz corpus, with a few broken variants.
func seedRecords(f *testing.F, file, field string) {
	f.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	var records []map[string]json.RawMessage
	if err := json.Unmarshal(data, &records); err != nil {
		f.Fatal(err)
	}
	for _, r := range records {
		body := []byte(r[field])
		if field == "" {
			body, _ = json.Marshal(r)
		}
		f.Add(body)
		f.Add(body[:len(body)/2])
	}
	for _, s := range []string{`null`, `{}`, `[]`, `{"user":{"custom":{"a":[1,{"b":null}]}}}`, `{"_lastSeen":1e400}`} {
		f.Add([]byte(s))
	}
}

// checkEncodes requires the encoder to build a state of the data source's type that the protocol can
// carry to Terraform.
func checkEncodes(t *testing.T, typ tftypes.Object, build func() tftypes.Value) {
	t.Helper()
	state, err := encode(build)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tfprotov6.NewDynamicValue(typ, state); err != nil {
		t.Fatalf("the state cannot be sent to Terraform: %v", err)
	}
	checkDynamicValue(t, typ, state)
}

// checkDynamicValue requires dynamicValue's MessagePack to decode to the value it was written from, as
// terraform-plugin-go's does, and to be its very bytes where no map has two keys to order.
func checkDynamicValue(t *testing.T, typ tftypes.Type, v tftypes.Value) {
	t.Helper()
	ours, err := dynamicValue(typ, v)
	if err != nil {
		t.Fatalf("dynamicValue: %v", err)
	}
	decoded, err := ours.Unmarshal(typ)
	if err != nil {
		t.Fatalf("dynamicValue wrote what does not decode: %v", err)
	}
	if !decoded.Equal(v) {
		diffs, _ := decoded.Diff(v)
		t.Fatalf("dynamicValue's bytes decode to another value: %v", diffs)
	}
}

func FuzzMemberDecodeAndEncode(f *testing.F) {
	seedRecords(f, "../mockapi/seed/members.json", "")
	typ := memberDataSource.objectType()
	f.Fuzz(func(t *testing.T, body []byte) {
		var member launchdarkly.Member
		if err := json.Unmarshal(body, &member); err != nil {
			return
		}
		checkEncodes(t, typ, func() tftypes.Value { return encodeMember(typ, &member) })
	})
}

// FuzzMembersDecodeAndEncode does the same for a page of the members list, through the indexes
// launchdarkly_members builds (ids_by_email, emails_by_id), whose duplicate and missing emails and IDs a
// server could send in any mix.
func FuzzMembersDecodeAndEncode(f *testing.F) {
	data, err := os.ReadFile("../mockapi/seed/members.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"items":` + string(data) + `,"totalCount":25}`))
	for _, s := range []string{`{"items":[{"_id":"a","email":"X@y"},{"_id":"b","email":"x@Y"},{"_id":"a"}]}`,
		`{"items":[{}]}`, `{"items":null}`, `{}`} {
		f.Add([]byte(s))
	}
	typ := membersDataSource.objectType()
	args := parseMembersArgs(argumentsOf(tftypes.NewValue(typ, nil)))
	args.configured = nullArguments(typ)
	f.Fuzz(func(t *testing.T, body []byte) {
		var page struct {
			Items []launchdarkly.Member `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return
		}
		var diags diag.Diagnostics
		read := membersRead{members: page.Items}
		read.idsByEmail, read.emailsByID = memberIndexes(&diags, page.Items, nil)
		if diags.HasError() {
			t.Errorf("indexes without asked emails failed: %v", diags)
		}
		checkEncodes(t, typ, func() tftypes.Value { return membersDataSource.encode(typ, args, read) })
	})
}

// FuzzUserDecodeAndEncode does the same for user records, whose custom attributes are arbitrary JSON.
func FuzzUserDecodeAndEncode(f *testing.F) {
	seedRecords(f, "../mockapi/seed/users.json", "record")
	typ := userDataSource.objectType()
	args := userArgs{projectKey: "p", environmentKey: "e", userKey: "k"}
	f.Fuzz(func(t *testing.T, body []byte) {
		var record launchdarkly.UserRecord
		if err := json.Unmarshal(body, &record); err != nil {
			return
		}
		read, err := withCustom(&record, userSourceUsers)
		if err != nil {
			return
		}
		checkEncodes(t, typ, func() tftypes.Value { return encodeUserRecord(typ, args, read) })
	})
}

// FuzzContextDecodeAndEncode feeds arbitrary context records through what launchdarkly_context and
// launchdarkly_user (from the Contexts API) do with them.
func FuzzContextDecodeAndEncode(f *testing.F) {
	seedRecords(f, "../mockapi/seed/contexts.json", "record")
	f.Add([]byte(`{"context":{"kind":"user","key":"k","a":{"b":[1,"x",null,{"c":true}]},"_meta":{"privateAttributes":["/a/b"]}}}`))
	f.Add([]byte(`{"context":{"kind":"org","key":"k","n":1e300,"m":-0.000001,"e":[],"o":{}},"_access":{"allowed":[{}]}}`))
	contextType, userType := contextDataSource.objectType(), userDataSource.objectType()
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
		args := contextArgs{projectKey: "p", environmentKey: "e", kind: probe.Context.Kind, key: probe.Context.Key}
		read := contextRead{versions: versions}
		if read.attributes, err = dynamicFromAttributes(versions.Chosen.Context.Attributes); err == nil {
			checkEncodes(t, contextType, func() tftypes.Value { return encodeContext(contextType, args, read) })
		}
		if probe.Context.Kind != "user" {
			return
		}
		user, err := withCustom(launchdarkly.UserRecordFromContext(versions), userSourceContexts)
		if err == nil {
			checkEncodes(t, userType, func() tftypes.Value {
				return encodeUserRecord(userType, userArgs{projectKey: "p", environmentKey: "e", userKey: probe.Context.Key}, user)
			})
		}
	})
}

// nullArguments are the arguments of a configuration that sets none.
func nullArguments(typ tftypes.Object) arguments {
	args := arguments{}
	for name, attrType := range typ.AttributeTypes {
		args[name] = tftypes.NewValue(attrType, nil)
	}
	return args
}
