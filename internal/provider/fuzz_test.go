package provider

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

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

// FuzzMemberDecodeAndMap feeds arbitrary bodies through what Read does with a member response: decode,
// map, and build the Terraform state. A body that does not decode is an error, fine; a panic, a decoded
// member the state refuses, or a state other than the one State.Set builds, is a bug.
func FuzzMemberDecodeAndMap(f *testing.F) {
	seedRecords(f, "../mockapi/seed/members.json", "")
	s := memberSchema()
	f.Fuzz(func(t *testing.T, body []byte) {
		var member launchdarkly.Member
		if err := json.Unmarshal(body, &member); err != nil {
			return
		}
		model := newMemberModel(&member)
		checkStateValue(t, s, model, model.terraformValue(memberObjectType()))
	})
}

// FuzzMembersDecodeAndMap does the same for a page of the members list, through the indexes
// launchdarkly_members builds (ids_by_email, emails_by_id), whose duplicate and missing emails and IDs a
// server could send in any mix.
func FuzzMembersDecodeAndMap(f *testing.F) {
	data, err := os.ReadFile("../mockapi/seed/members.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"items":` + string(data) + `,"totalCount":25}`))
	for _, s := range []string{`{"items":[{"_id":"a","email":"X@y"},{"_id":"b","email":"x@Y"},{"_id":"a"}]}`,
		`{"items":[{}]}`, `{"items":null}`, `{}`} {
		f.Add([]byte(s))
	}
	s := membersSchema()
	f.Fuzz(func(t *testing.T, body []byte) {
		var page struct {
			Items []launchdarkly.Member `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return
		}
		model := membersModel{Emails: types.SetNull(types.StringType), IDs: types.SetNull(types.StringType),
			Roles: types.SetNull(types.StringType), TotalCount: types.Int64Value(int64(len(page.Items)))}
		model.Members = make([]memberModel, len(page.Items))
		for i := range page.Items {
			model.Members[i] = newMemberModel(&page.Items[i])
		}
		var diags diag.Diagnostics
		model.IDsByEmail, model.EmailsByID = memberIndexes(&diags, page.Items, nil)
		if diags.HasError() {
			t.Errorf("indexes without asked emails failed: %v", diags)
		}
		checkStateValue(t, s, model, model.terraformValue(membersObjectType()))
	})
}

// FuzzUserDecodeAndMap does the same for user records, whose custom attributes are arbitrary JSON.
func FuzzUserDecodeAndMap(f *testing.F) {
	seedRecords(f, "../mockapi/seed/users.json", "record")
	s := userSchema()
	config := userModel{
		ProjectKey: types.StringValue("p"), EnvironmentKey: types.StringValue("e"), UserKey: types.StringValue("k"),
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var record launchdarkly.UserRecord
		if err := json.Unmarshal(body, &record); err != nil {
			return
		}
		model, err := newUserModel(config, &record)
		if err != nil {
			return
		}
		checkStateValue(t, s, model, model.terraformValue(userObjectType()))
	})
}
