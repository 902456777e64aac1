package launchdarkly

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// contextsPageLimit is the Contexts API's largest page.
const contextsPageLimit = 50

// ErrContextNotFound is returned by GetContext when LaunchDarkly lists no record for the kind and key. The
// API answers that case with 200 and no items rather than 404.
var ErrContextNotFound = errors.New("no context of this kind and key")

// ContextVersions is every record LaunchDarkly keeps of one context kind and key: one per application
// (SDK) that sent it, newest first.
type ContextVersions struct {
	// EnvironmentID is the collection's _environmentId.
	EnvironmentID *string
	// Versions holds at least one record, sorted by LastSeen, newest first; records without a readable
	// LastSeen come last, in the API's order.
	Versions []ContextVersion
}

// ContextVersion is one ContextRecord of GET …/contexts/{kind}/{key}: what one application last sent.
type ContextVersion struct {
	Context Context
	// LastSeen is the API's string, kept as sent: it carries nanoseconds.
	LastSeen           *string
	ApplicationID      *string
	AssociatedContexts *int64
	Links              map[string]Link
	Access             *Access
}

// Context is a single-kind context: its built-in attributes decoded, every other top-level attribute kept
// as raw JSON in the order the API sent it, for the caller to type.
type Context struct {
	Kind      string
	Key       string
	Name      *string
	Anonymous *bool
	// Meta is the context's _meta; nil when the context has none.
	Meta *ContextMeta
	// Attributes are the top-level attributes other than kind, key, name, anonymous and _meta.
	Attributes []Attribute
}

// Attribute is one context attribute and its raw JSON value.
type Attribute struct {
	Name  string
	Value json.RawMessage
}

// ContextMeta is a context's _meta. Which key lists private attributes is not documented: SDKs send
// privateAttributes, the event format uses redactedAttributes, so both are read. Secondary comes from
// contexts of the pre-release format only.
type ContextMeta struct {
	PrivateAttributes  []string `json:"privateAttributes"`
	RedactedAttributes []string `json:"redactedAttributes"`
	Secondary          *string  `json:"secondary"`
}

type contextsPage struct {
	EnvironmentID     *string         `json:"_environmentId"`
	Items             []contextRecord `json:"items"`
	ContinuationToken *string         `json:"continuationToken"`
	Links             map[string]Link `json:"_links"`
}

type contextRecord struct {
	Context            json.RawMessage `json:"context"`
	LastSeen           *string         `json:"lastSeen"`
	ApplicationID      *string         `json:"applicationId"`
	AssociatedContexts *int64          `json:"associatedContexts"`
	Links              map[string]Link `json:"_links"`
	Access             *Access         `json:"_access"`
}

// GetContext reads every record of one context kind and key, following the pages to the end, and
// checks that each one is the context asked for.
func (c *Client) GetContext(ctx context.Context, projectKey, environmentKey, kind, key string) (*ContextVersions, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	segments := []string{"api", "v2", "projects", projectKey, "environments", environmentKey, "contexts", kind, key}
	first := c.contextsPageURL(segments, "")
	var out ContextVersions
	err := paginate(ctx, c, membersAPIVersion, first, func(page *contextsPage) (string, error) {
		if err := out.add(page, kind, key); err != nil {
			return "", err
		}
		return c.nextContextsPage(page, segments)
	})
	if err != nil {
		return nil, err
	}
	return out.done()
}

// DecodeContextsPage is what GetContext makes of a response that is the only page: for benchmarks and
// fuzzing of the decoding alone.
func DecodeContextsPage(body []byte, kind, key string) (*ContextVersions, error) {
	var page contextsPage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, err
	}
	var out ContextVersions
	if err := out.add(&page, kind, key); err != nil {
		return nil, err
	}
	return out.done()
}

// add checks and keeps the records of one page.
func (v *ContextVersions) add(page *contextsPage, kind, key string) error {
	if v.EnvironmentID == nil {
		v.EnvironmentID = page.EnvironmentID
	}
	for _, item := range page.Items {
		version, err := newContextVersion(item, kind, key)
		if err != nil {
			return err
		}
		v.Versions = append(v.Versions, version)
	}
	return nil
}

// done sorts the versions read, or says there are none.
func (v *ContextVersions) done() (*ContextVersions, error) {
	if len(v.Versions) == 0 {
		return nil, ErrContextNotFound
	}
	sortNewestFirst(v.Versions)
	return v, nil
}

// nextContextsPage is the URL of the page after this one, or "" at the end. The spec offers both
// _links.next (present only when another page exists) and continuationToken (a reference to the page's
// last item, which may be present on the last page too), so the link wins; the token is used only by a
// server that sends no _links at all, until it answers with an empty page.
func (c *Client) nextContextsPage(page *contextsPage, segments []string) (string, error) {
	if len(page.Items) == 0 {
		return "", nil
	}
	if next, ok := page.Links["next"]; ok && next.Href != nil && *next.Href != "" {
		return c.resolveLink(*next.Href)
	}
	if page.Links != nil || page.ContinuationToken == nil || *page.ContinuationToken == "" {
		return "", nil
	}
	return c.contextsPageURL(segments, *page.ContinuationToken), nil
}

// contextsPageURL is the URL of one page of a context's versions, newest first; token is "" for the first.
func (c *Client) contextsPageURL(segments []string, token string) string {
	query := url.Values{"limit": {strconv.Itoa(contextsPageLimit)}, "sort": {"-ts"}}
	if token != "" {
		query.Set("continuationToken", token)
	}
	return c.endpoint(query, segments...)
}

func newContextVersion(item contextRecord, kind, key string) (ContextVersion, error) {
	parsed, err := parseContext(item.Context, kind)
	if err != nil {
		return ContextVersion{}, fmt.Errorf("the API answered for context %s %q with a record that %w", kind, key, err)
	}
	if parsed.Kind != kind || parsed.Key != key {
		return ContextVersion{}, &MismatchError{
			Asked: fmt.Sprintf("context %s %q", kind, key),
			Got:   fmt.Sprintf("context %s %q", parsed.Kind, parsed.Key),
		}
	}
	return ContextVersion{
		Context:            parsed,
		LastSeen:           item.LastSeen,
		ApplicationID:      item.ApplicationID,
		AssociatedContexts: item.AssociatedContexts,
		Links:              item.Links,
		Access:             item.Access,
	}, nil
}

// parseContext decodes a context's top level. A multi-kind context (which getContexts is not documented
// to return, but context instances do) yields its part of the wanted kind.
func parseContext(raw json.RawMessage, wantKind string) (Context, error) {
	return parseContextPart(raw, wantKind, nil)
}

// parseContextPart is parseContext with the kind a multi-kind context's part has by its place in it.
func parseContextPart(raw json.RawMessage, wantKind string, kind *string) (Context, error) {
	members, err := objectMembers(raw)
	if err != nil {
		return Context{}, fmt.Errorf("has no readable context: %w", err)
	}
	var c Context
	var key *string
	for _, m := range members {
		switch m.Name {
		case "kind":
			err = decodeBuiltIn(m, &kind)
		case "key":
			err = decodeBuiltIn(m, &key)
		case "name":
			err = decodeBuiltIn(m, &c.Name)
		case "anonymous":
			err = decodeBuiltIn(m, &c.Anonymous)
		case "_meta":
			err = decodeBuiltIn(m, &c.Meta)
		default:
			c.Attributes = append(c.Attributes, m)
		}
		if err != nil {
			return Context{}, err
		}
	}
	if kind != nil && *kind == "multi" {
		for _, m := range c.Attributes {
			if m.Name == wantKind {
				return parseContextPart(m.Value, wantKind, &wantKind)
			}
		}
		return Context{}, fmt.Errorf("holds a multi-kind context without a %q part", wantKind)
	}
	if kind == nil || key == nil {
		return Context{}, errors.New("has a context without a kind or key")
	}
	c.Kind, c.Key = *kind, *key
	return c, nil
}

func decodeBuiltIn(m Attribute, into any) error {
	if err := json.Unmarshal(m.Value, into); err != nil {
		return fmt.Errorf("has a context whose built-in attribute %q is %s, not what the API documents", m.Name, jsonKind(m.Value))
	}
	return nil
}

// objectMembers splits a JSON object into its members in the order sent, without decoding their values.
// A name that appears twice is an error: which value counts would otherwise depend on the decoder. A JSON
// null is an object with no members.
func objectMembers(raw json.RawMessage) ([]Attribute, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('{') {
		return nil, fmt.Errorf("expected a JSON object, got %s", jsonKind(raw))
	}
	var members []Attribute
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		name, _ := tok.(string)
		if seen[name] {
			return nil, fmt.Errorf("the key %q appears twice", name)
		}
		seen[name] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("invalid JSON in %q: %w", name, err)
		}
		members = append(members, Attribute{Name: name, Value: value})
	}
	return members, nil
}

// jsonKind names the JSON type of a value, for messages.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a bool"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// sortNewestFirst orders versions by LastSeen, newest first; unreadable times go last, in API order.
func sortNewestFirst(versions []ContextVersion) {
	seen := func(v ContextVersion) time.Time {
		if v.LastSeen != nil {
			if t, err := time.Parse(time.RFC3339Nano, *v.LastSeen); err == nil {
				return t
			}
		}
		return time.Time{} // sorts after every real time
	}
	slices.SortStableFunc(versions, func(a, b ContextVersion) int {
		return seen(b).Compare(seen(a))
	})
}
