// Command terraform-provider-launchdarkly serves the LaunchDarkly Terraform provider over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider in debug mode, for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/tf-launchdarkly/launchdarkly",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
