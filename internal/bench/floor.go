package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/provider"
)

// floorState writes to file the state the provider returns for a scenario's one data source (a list),
// read in process against the scenario's mock, for the floor provider to send (internal/bench/floor).
func floorState(sc scenario, apiURL, file string) error {
	ctx := context.Background()
	server, err := provider.NewServer("bench", provider.WithoutLogs())()
	if err != nil {
		return err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	config, err := objectValue(schemas.Provider.ValueType(), map[string]tftypes.Value{
		"access_token": tftypes.NewValue(tftypes.String, mockapi.DefaultToken),
		"api_host":     tftypes.NewValue(tftypes.String, apiURL),
	})
	if err != nil {
		return err
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
	if err != nil || len(configured.Diagnostics) > 0 {
		return fmt.Errorf("configuring the provider: %v %v", err, configured.Diagnostics)
	}
	typeName := listDataSource(sc)
	dataSource, ok := schemas.DataSourceSchemas[typeName]
	if !ok {
		return fmt.Errorf("the provider serves no %s", typeName)
	}
	config, err = objectValue(dataSource.ValueType(), nil)
	if err != nil {
		return err
	}
	read, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
	switch {
	case err != nil:
		return err
	case len(read.Diagnostics) > 0 || read.State == nil:
		return errors.New(read.Diagnostics[0].Summary)
	}
	return os.WriteFile(file, read.State.MsgPack, 0o600)
}

// objectValue is an object of type typ with the given attributes, the others null.
func objectValue(typ tftypes.Type, attributes map[string]tftypes.Value) (*tfprotov6.DynamicValue, error) {
	object, ok := typ.(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	for name, v := range attributes {
		values[name] = v
	}
	value, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	return &value, err
}
