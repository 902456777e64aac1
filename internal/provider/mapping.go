package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/launchdarkly"
)

// mapSlice converts each element, keeping nil as nil so that an omitted API list becomes a null attribute
// and an empty one an empty list.
func mapSlice[From, To any](in []From, convert func(From) To) []To {
	if in == nil {
		return nil
	}
	out := make([]To, len(in))
	for i, v := range in {
		out[i] = convert(v)
	}
	return out
}

// mapPointer converts the value behind a pointer, keeping nil as nil (a null object attribute).
func mapPointer[From, To any](in *From, convert func(From) To) *To {
	if in == nil {
		return nil
	}
	out := convert(*in)
	return &out
}

func newLinksModel(links map[string]launchdarkly.Link) map[string]linkModel {
	if links == nil {
		return nil
	}
	out := make(map[string]linkModel, len(links))
	for rel, link := range links {
		out[rel] = linkModel{Href: types.StringPointerValue(link.Href), Type: types.StringPointerValue(link.Type)}
	}
	return out
}
