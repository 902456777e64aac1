package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// The read-path benchmarks drive the provider server as Terraform does, through the protocol: per
// data source instance Terraform validates the configuration (ValidateDataResourceConfig) and reads it
// (ReadDataSource). The client keeps a successful answer for the life of the provider configuration, so
// after the first iteration no request is made and what is measured is the provider's own work:
// decoding the configuration, decoding the body, building the state and the framework's checks of it.
// Logging is not set up in-process; `make bench` measures it in the real binary.

type benchRead struct {
	name     string
	typeName string
	config   map[string]tftypes.Value
	setup    func(api *mockapi.API)
}

func benchReads() []benchRead {
	where := func(more map[string]tftypes.Value) map[string]tftypes.Value {
		more["project_key"], more["environment_key"] = tfString(mockapi.UserProject), tfString(mockapi.UserEnvironment)
		return more
	}
	return []benchRead{
		{name: "member", typeName: "launchdarkly_member",
			config: map[string]tftypes.Value{"id": tfString(mockapi.FullMemberID)}},
		{name: "user", typeName: "launchdarkly_user",
			config: where(map[string]tftypes.Value{"user_key": tfString(mockapi.FullUserKey)})},
		{name: "context", typeName: "launchdarkly_context",
			config: where(map[string]tftypes.Value{"kind": tfString("organization"), "key": tfString(mockapi.OrganizationKey)})},
		{name: "members-1000", typeName: "launchdarkly_members", config: map[string]tftypes.Value{},
			setup: func(api *mockapi.API) { api.AddGeneratedMembers(1000 - mockapi.SeedMemberCount) }},
		{name: "members-10000", typeName: "launchdarkly_members", config: map[string]tftypes.Value{},
			setup: func(api *mockapi.API) { api.AddGeneratedMembers(10000 - mockapi.SeedMemberCount) }},
	}
}

// BenchmarkReadDataSource is one ReadDataSource of each data source, with its answer cached.
func BenchmarkReadDataSource(b *testing.B) {
	for _, r := range benchReads() {
		b.Run(r.name, func(b *testing.B) {
			server, req := benchServer(b, r)
			ctx := context.Background()
			read := &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName, Config: req}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := server.ReadDataSource(ctx, read)
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}

// BenchmarkValidateDataResourceConfig is one ValidateDataResourceConfig of each data source.
func BenchmarkValidateDataResourceConfig(b *testing.B) {
	for _, r := range benchReads() {
		b.Run(r.name, func(b *testing.B) {
			server, config := benchServer(b, r)
			ctx := context.Background()
			validate := &tfprotov6.ValidateDataResourceConfigRequest{TypeName: r.typeName, Config: config}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := server.ValidateDataResourceConfig(ctx, validate)
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}

// benchServer is a provider server configured for a fresh mock, and the read's configuration.
func benchServer(b *testing.B, r benchRead) (tfprotov6.ProviderServer, *tfprotov6.DynamicValue) {
	b.Helper()
	api, apiURL := startMockAPI(b)
	if r.setup != nil {
		r.setup(api)
	}
	server, schemas := configuredServer(b, apiURL, beforeRetirement, nil, true)
	typ := schemas.DataSourceSchemas[r.typeName].ValueType()
	return server, protoValue(b, typ, configObject(b, typ, r.config))
}
