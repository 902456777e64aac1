// Command bare is the baseline of `make bench`: the least a terraform-plugin-framework provider can do
// per read. One data source, bare_object, GETs one path of the API and keeps three fields; everything
// else is the framework's defaults (logging, Config.Get and State.Set through struct tags). The
// benchmark runs it against the same mock, with the same Terraform, interleaved with the real provider,
// so that the real provider's cost per read can be read as a multiple of this floor.
//
// It lives inside internal/bench so that nothing in the real provider can import it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Address is the bare provider's source address, for dev_overrides.
const Address = "registry.terraform.io/tf-launchdarkly/bare"

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &bareProvider{} },
		providerserver.ServeOpts{Address: Address})
	if err != nil {
		log.Fatal(err)
	}
}

type bareProvider struct{}

type api struct {
	host, token string
}

func (p *bareProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bare"
}

func (p *bareProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"api_host":     pschema.StringAttribute{Required: true},
		"access_token": pschema.StringAttribute{Required: true, Sensitive: true},
	}}
}

func (p *bareProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config struct {
		APIHost     types.String `tfsdk:"api_host"`
		AccessToken types.String `tfsdk:"access_token"`
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.DataSourceData = &api{host: config.APIHost.ValueString(), token: config.AccessToken.ValueString()}
}

func (p *bareProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &objectDataSource{} }}
}

func (p *bareProvider) Resources(context.Context) []func() resource.Resource { return nil }

type objectDataSource struct {
	api *api
}

type objectModel struct {
	Path  types.String `tfsdk:"path"`
	ID    types.String `tfsdk:"id"`
	Email types.String `tfsdk:"email"`
}

func (d *objectDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_object"
}

func (d *objectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{Attributes: map[string]dschema.Attribute{
		"path":  dschema.StringAttribute{Required: true},
		"id":    dschema.StringAttribute{Computed: true},
		"email": dschema.StringAttribute{Computed: true},
	}}
}

func (d *objectDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if a, ok := req.ProviderData.(*api); ok {
		d.api = a
	}
}

func (d *objectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model objectModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var body struct {
		ID    *string `json:"_id"`
		Email *string `json:"email"`
	}
	if err := d.get(ctx, model.Path.ValueString(), &body); err != nil {
		resp.Diagnostics.AddError("Reading "+model.Path.ValueString(), err.Error())
		return
	}
	model.ID, model.Email = types.StringPointerValue(body.ID), types.StringPointerValue(body.Email)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// get is one plain GET with the headers the mock requires: the token, and the API version the path's
// API is served at.
func (d *objectDataSource) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.api.host+path, nil)
	if err != nil {
		return err
	}
	version := "20240415"
	if strings.HasPrefix(path, "/api/v2/users/") {
		version = "20220603"
	}
	req.Header.Set("Authorization", d.api.token)
	req.Header.Set("LD-API-Version", version)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s: %s", res.Status, data)
	}
	return json.Unmarshal(data, v)
}
