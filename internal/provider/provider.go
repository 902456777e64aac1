// Package provider holds the Terraform plugin framework code of the LaunchDarkly provider: the provider
// configuration and the data sources. API access lives in internal/launchdarkly.
package provider

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// Environment variables read when the provider block leaves an argument out. The names are the official
// LaunchDarkly provider's, so configurations move over unchanged.
const (
	envAccessToken    = "LAUNCHDARKLY_ACCESS_TOKEN"
	envOAuthToken     = "LAUNCHDARKLY_OAUTH_TOKEN"
	envAPIHost        = "LAUNCHDARKLY_API_HOST"
	envMaxReadSeconds = "LAUNCHDARKLY_MAX_READ_SECONDS"
	envUserSource     = "LAUNCHDARKLY_USER_SOURCE"
)

const defaultHTTPTimeoutSeconds = 20

// maxReadSecondsLimit bounds max_read_seconds: an hour is longer than any plan should wait for one read.
const maxReadSecondsLimit = 3600

// maxRetriesLimit bounds max_retries: with waits capped at 60 s, more would only hide an outage.
const maxRetriesLimit = 20

// providerTypeName is the provider's type name, the prefix of every data source's.
const providerTypeName = "launchdarkly"

// dataSources are the provider's data sources, the one list that the framework, the protocol server, the
// provider's description and the tests take them from.
var dataSources = []definition{
	memberDataSource,
	membersDataSource,
	userDataSource,
	contextDataSource,
	callerIdentityDataSource,
	teamDataSource,
	teamsDataSource,
	contextKindsDataSource,
}

var _ provider.Provider = (*launchDarklyProvider)(nil)

// New returns a constructor for the provider as the framework serves it. main serves NewServer, which
// reads data sources past the framework's per-read walk.
func New(version string, options ...Option) func() provider.Provider {
	return func() provider.Provider { return newProvider(version, options...) }
}

func newProvider(version string, options ...Option) *launchDarklyProvider {
	p := &launchDarklyProvider{version: version, now: time.Now, logs: true, definitions: dataSources}
	for _, o := range options {
		o(p)
	}
	return p
}

// Option changes the provider New builds.
type Option func(*launchDarklyProvider)

// WithoutLogs makes the provider and its client write no logs at all: main chooses it when Terraform
// would discard them, since building log lines nobody reads costs each read more than its own work.
func WithoutLogs() Option {
	return func(p *launchDarklyProvider) { p.logs = false }
}

// withClock sets the clock that decides whether the Users API has been retired, for tests.
func withClock(now func() time.Time) Option {
	return func(p *launchDarklyProvider) { p.now = now }
}

type launchDarklyProvider struct {
	version string
	now     func() time.Time
	logs    bool
	// definitions are the data sources it serves: dataSources, or in tests the same wrapped.
	definitions []definition
	// data is what Configure made, for the protocol server's reads; nil until then.
	data atomic.Pointer[providerData]
}

// configured is what Configure made, or nil before the provider is configured.
func (p *launchDarklyProvider) configured() *providerData { return p.data.Load() }

// providerData is what Configure hands every data source.
type providerData struct {
	client     *launchdarkly.Client
	userSource userSource
	now        func() time.Time
	// apiHost is the API's base URL and tokenSource where the token came from ("`access_token`", "the
	// LAUNCHDARKLY_ACCESS_TOKEN environment variable"), for messages that must say which token went where.
	apiHost, tokenSource string
}

type providerModel struct {
	AccessToken    types.String `tfsdk:"access_token"`
	OAuthToken     types.String `tfsdk:"oauth_token"`
	APIHost        types.String `tfsdk:"api_host"`
	HTTPTimeout    types.Int64  `tfsdk:"http_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	MaxConcurrency types.Int64  `tfsdk:"max_concurrency"`
	MaxReadSeconds types.Int64  `tfsdk:"max_read_seconds"`
	UserSource     types.String `tfsdk:"user_source"`
	// ArchiveFlagsOnDestroy is accepted for provider blocks copied from LaunchDarkly's own provider, and
	// ignored: Configure never reads it.
	ArchiveFlagsOnDestroy types.Bool `tfsdk:"archive_flags_on_destroy"`
}

func (p *launchDarklyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = providerTypeName
	resp.Version = p.version
}

func (p *launchDarklyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: providerDescription(),
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "LaunchDarkly personal or service access token. " +
					"Falls back to the `" + envAccessToken + "` environment variable. " +
					"Set exactly one of `access_token` and `oauth_token`; an empty string is an error, not \"unset\".",
				Optional:  true,
				Sensitive: true,
			},
			"oauth_token": schema.StringAttribute{
				MarkdownDescription: "LaunchDarkly OAuth token, sent the same way as an access token. " +
					"Falls back to the `" + envOAuthToken + "` environment variable. " +
					"Setting both `access_token` and `oauth_token` is an error (LaunchDarkly's own provider " +
					"silently uses `oauth_token`).",
				Optional:  true,
				Sensitive: true,
			},
			"api_host": schema.StringAttribute{
				MarkdownDescription: "LaunchDarkly API host, such as `app.eu.launchdarkly.com`. " +
					"A bare host means `https://`; plain `http://` is accepted only for loopback hosts, so that " +
					"a token never crosses a network in clear text. A trailing `/api` or `/api/v2` is dropped " +
					"(the provider adds the API path itself); any other path is kept as a proxy's prefix. It takes no " +
					"user info, query or fragment, and a port must be between `1` and `65535`. " +
					"Falls back to the `" + envAPIHost + "` environment variable. " +
					"Defaults to `" + launchdarkly.DefaultBaseURL + "`.",
				Optional: true,
			},
			"http_timeout": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Seconds one HTTP request to the API may take. Defaults to `%d`.",
					defaultHTTPTimeoutSeconds),
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried. "+
					"Rate limits (HTTP 429), server errors (5xx except 501), dropped connections, "+
					"failed DNS lookups and timed-out requests are retried, waiting as LaunchDarkly's "+
					"`Retry-After` and rate-limit reset headers say, else with exponential backoff; no single "+
					"wait exceeds %d seconds. A refused connection (nothing listening at `api_host`) is retried "+
					"once, after a quarter of a second. Other failures (a certificate that does not verify, a "+
					"refused redirect, other 4xx answers) are not. Between `0` and `%d`. Defaults to `%d`.",
					int(launchdarkly.MaxWait.Seconds()), maxRetriesLimit, launchdarkly.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"max_read_seconds": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Seconds one data source's read may take in all: every page, retry "+
					"and wait, and both APIs of `launchdarkly_user`'s fallback. A read that runs out fails saying how "+
					"far it got (pages read, attempts made, the last answer); one that LaunchDarkly asks to wait "+
					"longer than the time left fails at once, saying how long it asked for. Falls back to the `%s` "+
					"environment variable. Between `1` and `%d`. Defaults to `%d`.",
					envMaxReadSeconds, maxReadSecondsLimit, int(launchdarkly.DefaultMaxReadTime.Seconds())),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, maxReadSecondsLimit)},
			},
			"max_concurrency": schema.Int64Attribute{
				MarkdownDescription: "The most requests the provider sends at once. " +
					"By default the provider sets no limit of its own: Terraform's `-parallelism` (10 by default) " +
					"bounds it, and the provider paces itself by LaunchDarkly's rate-limit headers. " +
					"LaunchDarkly's own provider defaults to `1`: set `1` for the same pace.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"user_source": schema.StringAttribute{
				MarkdownDescription: "Where `launchdarkly_user` reads user records: " + backtickList(userSourceValues(), "or") + ". " +
					"`auto` reads the Users API and, if that fails for any reason but a rejected token (HTTP 401), " +
					"the context of kind `user` with the same key through the Contexts API, with a warning; once the " +
					"Users API has answered that it is retired, `auto` reads the Contexts API only for the rest of " +
					"the run, and from " + retirementDate() + " (UTC), when LaunchDarkly retires the Users API, it " +
					"always does. `users_api` reads only the Users API, " +
					"`contexts_api` only the Contexts API, without a warning. " +
					"Falls back to the `" + envUserSource + "` environment variable. Defaults to `auto`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(userSourceValues()...)},
			},
			"archive_flags_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Ignored. Accepted so that a provider block of LaunchDarkly's own provider " +
					"works here unchanged; this provider only reads, and never archives or deletes anything.",
				Optional: true,
			},
		},
	}
}

// providerDescription introduces the provider on its registry page, naming every data source it serves.
func providerDescription() string {
	names := make([]string, len(dataSources))
	for i, d := range dataSources {
		names[i] = providerTypeName + "_" + d.name()
	}
	return "Reads LaunchDarkly identities and access, with every field the REST API returns, through the data " +
		"sources " + backtickList(names, "and") + "."
}

func (p *launchDarklyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rejectUnknown(resp, config)
	if resp.Diagnostics.HasError() {
		return
	}

	chosen, diags := chooseToken(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	baseURL, baseURLSource, diags := chooseAPIHost(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	maxRead, diags := chooseMaxRead(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	source, err := parseUserSource(firstSet(config.UserSource.ValueString(), os.Getenv(envUserSource)))
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("user_source"), "Invalid user_source",
			err.Error()+" (from the provider block's `user_source` or the "+envUserSource+" environment variable).")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	token := chosen.value

	var logger launchdarkly.Logger // nil: no logs
	if p.logs {
		ctx = maskToken(ctx, token)
		logger = tflogLogger{token: token}
	}
	client, err := launchdarkly.New(launchdarkly.Config{
		BaseURL:        baseURL,
		BaseURLSource:  baseURLSource,
		Token:          token,
		UserAgent:      userAgent(p.version, req.TerraformVersion),
		HTTPTimeout:    secondsToDuration(int64OrDefault(config.HTTPTimeout, defaultHTTPTimeoutSeconds)),
		MaxRetries:     int(int64OrDefault(config.MaxRetries, launchdarkly.DefaultMaxRetries)),
		MaxReadTime:    maxRead,
		MaxConcurrency: int(int64OrDefault(config.MaxConcurrency, 0)),
		Logger:         logger,
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the LaunchDarkly client", err.Error())
		return
	}
	if p.logs {
		tflog.Debug(ctx, "Configured the LaunchDarkly client", map[string]any{"api_host": baseURL})
	}
	data := &providerData{client: client, userSource: source, now: p.now, apiHost: baseURL, tokenSource: chosen.source}
	p.data.Store(data)
	resp.DataSourceData = data
}

// rejectUnknown stops at configure time when an argument depends on something not yet applied: the
// provider cannot read anything without knowing where and how to authenticate.
func rejectUnknown(resp *provider.ConfigureResponse, config providerModel) {
	arguments := []struct {
		name    string
		unknown bool
	}{
		{"access_token", config.AccessToken.IsUnknown()},
		{"oauth_token", config.OAuthToken.IsUnknown()},
		{"api_host", config.APIHost.IsUnknown()},
		{"http_timeout", config.HTTPTimeout.IsUnknown()},
		{"max_retries", config.MaxRetries.IsUnknown()},
		{"max_concurrency", config.MaxConcurrency.IsUnknown()},
		{"max_read_seconds", config.MaxReadSeconds.IsUnknown()},
		{"user_source", config.UserSource.IsUnknown()},
	}
	for _, arg := range arguments {
		if arg.unknown {
			resp.Diagnostics.AddAttributeError(path.Root(arg.name), "Unknown LaunchDarkly provider argument",
				"The provider cannot be configured because `"+arg.name+"` depends on a value that is not known "+
					"until apply. Set it to a literal or a variable, or apply the resource it depends on first "+
					"with the -target option.")
		}
	}
}

func (p *launchDarklyProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	out := make([]func() datasource.DataSource, len(p.definitions))
	for i, d := range p.definitions {
		out[i] = func() datasource.DataSource { return &frameworkDataSource{def: d} }
	}
	return out
}

func (p *launchDarklyProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}
