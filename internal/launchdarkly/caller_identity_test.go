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

// A 200 that names neither a token kind nor an account identifies no one: a proxy's or a captive
// portal's empty answer must not pass as an identity.
func TestGetCallerIdentityRefusesAnAnswerThatIdentifiesNoOne(t *testing.T) {
	for _, body := range []string{`{}`, `null`, ` {"accountId":null,"tokenKind":null,"memberId":null} `,
		`{"accountId":"","tokenKind":"","tokenName":"portal"}`} {
		client, _ := newTestClient(t, 200, body)
		_, err := client.GetCallerIdentity(t.Context())
		want := "GET /api/v2/caller-identity answered HTTP 200 with neither a tokenKind nor an accountId, so it " +
			"identifies no one (a proxy or a captive portal answering in the API's place?). It sent: " + strings.TrimSpace(body)
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v\nwant %s", body, err, want)
		}
	}
	for _, body := range []string{`{"tokenKind":"personal"}`, `{"accountId":"acc"}`} {
		client, _ := newTestClient(t, 200, body)
		if _, err := client.GetCallerIdentity(t.Context()); err != nil {
			t.Errorf("%s: err = %v; a token kind or an account ID is enough", body, err)
		}
	}
}
