package launchdarkly

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestListContextKinds(t *testing.T) {
	api := mockapi.New()
	client := newMockClient(t, api)
	kinds, err := client.ListContextKinds(t.Context(), mockapi.ContextKindsProject)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range kinds {
		keys = append(keys, deref(k.Key))
	}
	if !slices.Equal(keys, []string{"user", "organization", "device", mockapi.NeverSeenContextKind, mockapi.ArchivedContextKind}) {
		t.Fatalf("kinds = %v", keys)
	}
	org, never, archived := kinds[1], kinds[3], kinds[4]
	if deref(org.Name) != "Organization" || deref(org.Description) != "Companies" || deref(org.Version) != 3 ||
		deref(org.CreationDate) != 1620000000000 || deref(org.LastModified) != 1620000015000 || deref(org.LastSeen) != 1719000000123 ||
		deref(org.CreatedFrom) != "auto-add" || org.HideInTargeting == nil || *org.HideInTargeting || org.Archived == nil ||
		deref(org.Links["self"].Href) != "/api/v2/projects/web-app/context-kinds/organization" {
		t.Errorf("organization = %+v", org)
	}
	if never.LastSeen != nil || !deref(archived.Archived) || !deref(archived.HideInTargeting) || kinds[0].Description == nil {
		t.Errorf("never seen %+v, archived %+v", never, archived)
	}
	if kinds, err := client.ListContextKinds(t.Context(), mockapi.EmptyProject); err != nil || kinds == nil || len(kinds) != 0 {
		t.Errorf("a project without kinds: %v, %v", kinds, err)
	}
	_, err = client.ListContextKinds(t.Context(), "no-such-project")
	if !errors.As(err, new(*NotFoundError)) || !strings.Contains(err.Error(), `no project with key "no-such-project"`) {
		t.Errorf("unknown project: %v", err)
	}
	wantRequests(t, api, map[string]int{"projects": 3})
	for body, want := range map[string]string{`{}`: "without an items list", `{"items":[{"name":"x"}]}`: "without a key"} {
		client, _ := newTestClient(t, 200, body)
		if _, err := client.ListContextKinds(t.Context(), "p"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", body, err)
		}
	}
}
