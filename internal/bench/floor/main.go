// Command floor is the floor of `make bench` for a list: the provider's own schema, validation and
// configuration, with every ReadDataSource answered by a state computed before the plan (the real
// provider's answer to the same read, read from the file LD_BENCH_FLOOR_STATE names). What a plan costs
// with it is what Terraform itself costs for that state; the real provider's plan can only cost more.
//
// It lives inside internal/bench so that nothing in the real provider can import it.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/provider"
)

// stateFileEnv names the file that holds the state, as msgpack.
const stateFileEnv = "LD_BENCH_FLOOR_STATE"

func main() {
	state, err := os.ReadFile(os.Getenv(stateFileEnv))
	if err != nil {
		log.Fatalf("floor: %s: %v", stateFileEnv, err)
	}
	newServer := provider.NewServer("floor", provider.WithoutLogs())
	err = tf6server.Serve("registry.terraform.io/tf-launchdarkly/launchdarkly", func() tfprotov6.ProviderServer {
		server, err := newServer()
		if err != nil {
			log.Fatal(err)
		}
		return floor{ProviderServer: server, state: state}
	})
	if err != nil {
		log.Fatal(err)
	}
}

// floor is the provider's server, with a read that only sends the precomputed state.
type floor struct {
	tfprotov6.ProviderServer
	state []byte
}

func (f floor) ReadDataSource(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: f.state}}, nil
}
