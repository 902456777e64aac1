// Command terraform-provider-launchdarkly serves the LaunchDarkly Terraform provider over plugin protocol 6:
// the framework's server, with data source reads answered at the protocol level (internal/provider/server.go).
package main

import (
	"flag"
	"log"
	"os"
	runtimedebug "runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// gcPercent is the provider's GOGC when the environment sets none. The process lives for one Terraform
// operation, and the framework allocates several hundred kilobytes of short-lived values per read: with
// collections half as frequent as Go's default (100), the provider spends about a sixth less CPU per read,
// for about a quarter more peak memory (BENCHMARKS.md).
const gcPercent = 200

// sdkLogLevelVariables are the variables terraform-plugin-log reads, on every request, for the level of
// each logger in the provider process: the SDK's, its protocol and framework subsystems', and this
// provider's (TF_LOG_PROVIDER_ and the upper-cased type name of the provider's address).
var sdkLogLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LAUNCHDARKLY"}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider in debug mode, for debuggers such as delve")
	flag.Parse()

	if os.Getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(gcPercent)
	}

	var options []provider.Option
	if !debug && !logsWanted(os.Environ()) {
		// Left alone, terraform-plugin-log logs at TRACE whatever Terraform does with it: every request
		// builds and writes JSON lines that Terraform, not logging, throws away. That cost the provider
		// about half of its CPU per read.
		for _, name := range sdkLogLevelVariables {
			if err := os.Setenv(name, "OFF"); err != nil {
				log.Fatal(err)
			}
		}
		options = append(options, provider.WithoutLogs())
	}

	var serveOptions []tf6server.ServeOpt
	if debug {
		serveOptions = append(serveOptions, tf6server.WithManagedDebug())
	}
	newServer := provider.NewServer(version, options...)
	err := tf6server.Serve("registry.terraform.io/tf-launchdarkly/launchdarkly", func() tfprotov6.ProviderServer {
		server, err := newServer()
		if err != nil {
			log.Fatal(err)
		}
		return server
	}, serveOptions...)
	if err != nil {
		log.Fatal(err)
	}
}

// logsWanted reports whether anyone may read the provider's logs: whether any variable that makes
// Terraform (TF_LOG, TF_LOG_CORE, TF_LOG_PROVIDER, TF_LOG_PROVIDER_<NAME>, TF_LOG_PATH), the plugin SDK
// (TF_LOG_SDK, TF_LOG_SDK_*) or terraform-plugin-testing (TF_ACC_LOG_PATH) log is set. Decided once, at
// start-up: Terraform passes its environment to the provider when it starts it. An empty value is
// unset, as Terraform reads it.
func logsWanted(environ []string) bool {
	for _, variable := range environ {
		name, value, _ := strings.Cut(variable, "=")
		if value != "" && (strings.HasPrefix(name, "TF_LOG") || name == "TF_ACC_LOG_PATH") {
			return true
		}
	}
	return false
}
