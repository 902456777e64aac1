package launchdarkly

import (
	"strings"
	"testing"
)

func TestGetCallerIdentity(t *testing.T) {
	client, rec := newTestClient(t, 200, `{"accountId":"acc","serviceToken":true,"scopes":["reader"],"tokenKind":"service"}`)
	identity, err := client.GetCallerIdentity(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if *identity.AccountID != "acc" || !*identity.ServiceToken || identity.Scopes[0] != "reader" ||
		*identity.TokenKind != "service" || identity.MemberID != nil || identity.ClientID != nil {
		t.Errorf("identity = %+v", identity)
	}
	req := rec.only(t)
	if req.URL.EscapedPath() != "/api/v2/caller-identity" || req.URL.RawQuery != "" ||
		strings.Join(req.Header.Values("LD-API-Version"), ",") != "20240415" {
		t.Errorf("request %s?%s with LD-API-Version %q", req.URL.EscapedPath(), req.URL.RawQuery, req.Header.Values("LD-API-Version"))
	}
}
