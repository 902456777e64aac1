package launchdarkly

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

func TestGetCustomRole(t *testing.T) {
	api := mockapi.New()
	client := newMockClient(t, api)
	for _, keyOrID := range []string{"devops", mockapi.DevOpsRoleID} {
		role, err := client.GetCustomRole(t.Context(), keyOrID)
		if err != nil || deref(role.Key) != "devops" || deref(role.ID) != mockapi.DevOpsRoleID || deref(role.Name) != "DevOps" ||
			deref(role.BasePermissions) != "reader" || len(role.Policy) != 2 || deref(role.Policy[1].Effect) != "deny" ||
			!slices.Equal(role.Policy[1].NotResources, []string{"proj/*:env/production"}) || role.Access == nil {
			t.Errorf("%s: %+v, %v", keyOrID, role, err)
		}
	}
	if role, err := client.GetCustomRole(t.Context(), "backend-devs"); err != nil || role.Description != nil || role.BasePermissions != nil {
		t.Errorf("backend-devs: %+v, %v", role, err)
	}
	_, err := client.GetCustomRole(t.Context(), "devopz")
	var notFound *NotFoundError
	if !errors.As(err, &notFound) || notFound.Kind != "custom role" || !strings.Contains(err.Error(), `no custom role with key "devopz"`) {
		t.Errorf("unknown role: %v", err)
	}
	other, _ := newTestClient(t, 200, `{"_id":"6511d0c3a8e4f20013b7c002","key":"backend-devs"}`)
	if _, err := other.GetCustomRole(t.Context(), "devops"); !errors.As(err, new(*MismatchError)) {
		t.Errorf("another role: %v", err)
	}
}
