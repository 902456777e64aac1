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
	"strings"
	"time"
)

// contextsPageLimit is the Contexts API's largest page.
const contextsPageLimit = 50

// ErrContextNotFound is returned by GetContext when LaunchDarkly lists no record for the kind and key. The
// API answers that case with 200 and no items rather than 404.
var ErrContextNotFound = errors.New("no context of this kind and key")

// ContextQuery names the context GetContext reads and the version wanted.
type ContextQuery struct {
	ProjectKey, EnvironmentKey, Kind, Key string
	// ApplicationID chooses the version this application (SDK) sent; "" chooses the newest.
	ApplicationID string
}

// ContextVersions is what GetContext found of one context kind and key: LaunchDarkly keeps one record per
// application (SDK) that sent it.
type ContextVersions struct {
	// EnvironmentID is the collection's _environmentId.
	EnvironmentID *string
	// Chosen is the version read in full: the newest, or the newest the wanted application sent.
	Chosen ContextVersion
	// Versions describes every version, Chosen among them, sorted by LastSeen, newest first; versions
	// without a readable LastSeen come last, in the API's order. Only Chosen keeps its attributes, so a
	// read holds one version's, however many versions and pages there are.
	Versions []VersionSummary
}

// VersionSummary is what the list of versions shows of one: its application and when it was last seen.
type VersionSummary struct {
	// LastSeen is the API's string, kept as sent: it carries nanoseconds.
	LastSeen           *string
	ApplicationID      *string
	AssociatedContexts *int64
}

// ApplicationNotFoundError is GetContext's answer when no version was sent by the wanted application.
type ApplicationNotFoundError struct {
	ApplicationID string
	// Known are the applications that sent a version, in the order of Versions; Versions counts them all.
	Known    []string
	Versions int
}

func (e *ApplicationNotFoundError) Error() string {
	if len(e.Known) == 0 {
		return fmt.Sprintf("no version of the context was sent by application %q: none of its %d versions "+
			"names an application", e.ApplicationID, e.Versions)
	}
	quoted := make([]string, len(e.Known))
	for i, a := range e.Known {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf("no version of the context was sent by application %q. The applications that sent it: %s",
		e.ApplicationID, strings.Join(quoted, ", "))
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

// decodeJSON decodes a page one record at a time and checks ctx between records, so that a read
// interrupted or out of time stops within one record's decoding, not after up to 10 MiB of them. The
// page is split where its brackets say (objectMembers, arrayElements), without copies, and each part is
// then decoded, or checked, by encoding/json: what it accepts is valid JSON. Names are matched exactly,
// unlike json.Unmarshal's, which also takes "ITEMS" for "items", and a name sent twice is refused.
func (p *contextsPage) decodeJSON(ctx context.Context, body []byte) error {
	members, err := objectMembers(body)
	if err != nil {
		return err
	}
	for _, m := range members {
		switch m.Name {
		case "items":
			err = p.decodeItems(ctx, m.Value)
		case "_environmentId":
			err = json.Unmarshal(m.Value, &p.EnvironmentID)
		case "continuationToken":
			err = json.Unmarshal(m.Value, &p.ContinuationToken)
		case "_links":
			err = json.Unmarshal(m.Value, &p.Links)
		default:
			if !json.Valid(m.Value) {
				err = errors.New("invalid JSON")
			}
		}
		if err != nil {
			return fmt.Errorf("in %q: %w", m.Name, err)
		}
	}
	return nil
}

func (p *contextsPage) decodeItems(ctx context.Context, raw json.RawMessage) error {
	elements, err := arrayElements(raw)
	if err != nil {
		return err
	}
	p.Items = make([]contextRecord, len(elements))
	for i, element := range elements {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := json.Unmarshal(element, &p.Items[i]); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
	}
	return nil
}

type contextRecord struct {
	Context            json.RawMessage `json:"context"`
	LastSeen           *string         `json:"lastSeen"`
	ApplicationID      *string         `json:"applicationId"`
	AssociatedContexts *int64          `json:"associatedContexts"`
	Links              map[string]Link `json:"_links"`
	Access             *Access         `json:"_access"`
}

// GetContext reads every record of one context kind and key, following the pages to the end, checks
// that each one is the context asked for, and keeps the attributes of the version q chooses only.
func (c *Client) GetContext(ctx context.Context, q ContextQuery) (*ContextVersions, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	segments := []string{"api", "v2", "projects", q.ProjectKey, "environments", q.EnvironmentKey, "contexts", q.Kind, q.Key}
	first := c.contextsPageURL(segments, "")
	versions := versionChooser{query: q}
	stop := func() error { return c.stopped(ctx, pathOf(first)) }
	err := paginate(ctx, c, APIVersion, first, func(page *contextsPage) (string, error) {
		if err := versions.add(page, stop); err != nil {
			return "", err
		}
		return c.nextContextsPage(page, segments)
	})
	if err != nil {
		return nil, err
	}
	return versions.done()
}

// DecodeContextsPage is what GetContext makes of a response that is the only page, choosing the newest
// version: for benchmarks and fuzzing of the decoding alone.
func DecodeContextsPage(body []byte, kind, key string) (*ContextVersions, error) {
	var page contextsPage
	if err := page.decodeJSON(context.Background(), body); err != nil {
		return nil, err
	}
	versions := versionChooser{query: ContextQuery{Kind: kind, Key: key}}
	if err := versions.add(&page, func() error { return nil }); err != nil {
		return nil, err
	}
	return versions.done()
}

// versionChooser checks the records of every page and keeps the summary of each and the whole of the
// best candidate so far: the newest version, or the newest of the wanted application.
type versionChooser struct {
	query ContextQuery
	out   ContextVersions
	found bool      // out.Chosen holds a candidate
	seen  time.Time // its LastSeen, zero when unreadable
}

// add checks and keeps the records of one page. Each record is parsed in time linear in its size, and
// stop is asked before each one, so that a read interrupted or out of time ends within one record's parse.
func (v *versionChooser) add(page *contextsPage, stop func() error) error {
	if v.out.EnvironmentID == nil {
		v.out.EnvironmentID = page.EnvironmentID
	}
	for i := range page.Items {
		if err := stop(); err != nil {
			return err
		}
		item := &page.Items[i]
		version, err := newContextVersion(item, v.query.Kind, v.query.Key)
		if err != nil {
			return err
		}
		item.Context = nil // the page's copy of the record is not needed any more
		v.out.Versions = append(v.out.Versions, VersionSummary{LastSeen: version.LastSeen,
			ApplicationID: version.ApplicationID, AssociatedContexts: version.AssociatedContexts})
		if want := v.query.ApplicationID; want != "" && (version.ApplicationID == nil || *version.ApplicationID != want) {
			continue
		}
		// Ties keep the earlier record, the API's order, as the sort of Versions does.
		if seen := lastSeenTime(version.LastSeen); !v.found || seen.After(v.seen) {
			v.out.Chosen, v.found, v.seen = version, true, seen
		}
	}
	return nil
}

// done sorts the versions read, or says there are none, or none of the wanted application.
func (v *versionChooser) done() (*ContextVersions, error) {
	if len(v.out.Versions) == 0 {
		return nil, ErrContextNotFound
	}
	sortNewestFirst(v.out.Versions)
	if !v.found {
		notFound := &ApplicationNotFoundError{ApplicationID: v.query.ApplicationID, Versions: len(v.out.Versions)}
		for _, s := range v.out.Versions {
			if s.ApplicationID != nil {
				notFound.Known = append(notFound.Known, *s.ApplicationID)
			}
		}
		return nil, notFound
	}
	return &v.out, nil
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

func newContextVersion(item *contextRecord, kind, key string) (ContextVersion, error) {
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
// to return, but context instances do) yields its part of the wanted kind. Its parts are single-kind
// contexts, LaunchDarkly's own rule: a part that is not an object, or is itself multi-kind, is refused,
// so the parse reads each byte of the record a bounded number of times, however the record nests.
func parseContext(raw json.RawMessage, wantKind string) (Context, error) {
	c, kind, key, err := parseContextObject(raw)
	if err != nil {
		return Context{}, err
	}
	if kind != nil && *kind == multiKind {
		return parseMultiKind(c.Attributes, wantKind)
	}
	if kind == nil || key == nil {
		return Context{}, errors.New("has a context without a kind or key")
	}
	c.Kind, c.Key = *kind, *key
	return c, nil
}

const multiKind = "multi"

// parseMultiKind checks that every part of a multi-kind context is a single-kind context and parses the
// part of the wanted kind, whose kind is its name there.
func parseMultiKind(parts []Attribute, wantKind string) (Context, error) {
	var want *Attribute
	for i, part := range parts {
		if jsonKind(part.Value) != "an object" {
			return Context{}, fmt.Errorf("has a multi-kind context whose part %q is %s, not a context",
				Abbreviate(part.Name, 100), jsonKind(part.Value))
		}
		if part.Name == wantKind {
			want = &parts[i]
			continue
		}
		members, err := objectMembers(part.Value)
		if err != nil {
			return Context{}, fmt.Errorf("has a multi-kind context whose part %q %w", Abbreviate(part.Name, 100), err)
		}
		for _, m := range members {
			if m.Name == "kind" && string(bytes.TrimSpace(m.Value)) == `"`+multiKind+`"` {
				return Context{}, nestedMultiKind(part.Name)
			}
		}
	}
	if want == nil {
		return Context{}, fmt.Errorf("holds a multi-kind context without a %q part", wantKind)
	}
	c, kind, key, err := parseContextObject(want.Value)
	if err != nil {
		return Context{}, err
	}
	switch {
	case kind != nil && *kind == multiKind:
		return Context{}, nestedMultiKind(want.Name)
	case kind == nil:
		kind = &wantKind // a part's kind is its name in the multi-kind context
	}
	if key == nil {
		return Context{}, errors.New("has a context without a kind or key")
	}
	c.Kind, c.Key = *kind, *key
	return c, nil
}

func nestedMultiKind(part string) error {
	return fmt.Errorf("nests a multi-kind context in the part %q of a multi-kind context. A multi-kind "+
		"context's parts are single-kind contexts (LaunchDarkly's own rule), so the record was refused",
		Abbreviate(part, 100))
}

// parseContextObject splits one context object into its built-in attributes, decoded, and the others,
// kept as raw JSON.
func parseContextObject(raw json.RawMessage) (c Context, kind, key *string, err error) {
	members, err := objectMembers(raw)
	if err != nil {
		return Context{}, nil, nil, fmt.Errorf("has no readable context: %w", err)
	}
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
			return Context{}, nil, nil, err
		}
	}
	return c, kind, key, nil
}

func decodeBuiltIn(m Attribute, into any) error {
	if err := json.Unmarshal(m.Value, into); err != nil {
		return fmt.Errorf("has a context whose built-in attribute %q is %s, not what the API documents", m.Name, jsonKind(m.Value))
	}
	return nil
}

// objectMembers splits a JSON object into its members in the order sent, without decoding or copying
// their values: each Value is a slice of raw, so a context's attributes cost no memory beyond its record.
// A name that appears twice is an error: which value counts would otherwise depend on the decoder. A JSON
// null is an object with no members.
//
// A value's end is found by its brackets and strings alone, in one pass however deeply it nests; the
// values are not checked here, so raw must be JSON that encoding/json has checked, or each value must be
// checked by the caller (decoding it does).
func objectMembers(raw json.RawMessage) ([]Attribute, error) {
	b := bytes.TrimSpace(raw)
	if string(b) == "null" {
		return nil, nil
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object, got %s", jsonKind(raw))
	}
	var members []Attribute
	seen := map[string]bool{}
	i := skipSpace(b, 1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return nil, errInvalidObject
			}
			end := stringEnd(b, i)
			var name string
			if end < 0 || json.Unmarshal(b[i:end], &name) != nil {
				return nil, errInvalidObject
			}
			if seen[name] {
				return nil, fmt.Errorf("the key %q appears twice", name)
			}
			seen[name] = true
			if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
				return nil, errInvalidObject
			}
			i = skipSpace(b, i+1)
			end = valueEnd(b, i)
			if end < 0 {
				return nil, fmt.Errorf("invalid JSON in %q", name)
			}
			members = append(members, Attribute{Name: name, Value: json.RawMessage(b[i:end:end])})
			if i = skipSpace(b, end); i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i >= len(b) || b[i] != '}' {
				return nil, errInvalidObject
			}
			i++
			break
		}
	}
	if skipSpace(b, i) != len(b) {
		return nil, errInvalidObject
	}
	return members, nil
}

// arrayElements splits a JSON list into its elements, as objectMembers splits an object: each a slice of
// raw, found by brackets and strings, for encoding/json to decode or check. A JSON null is an empty list.
func arrayElements(raw json.RawMessage) ([]json.RawMessage, error) {
	b := bytes.TrimSpace(raw)
	if string(b) == "null" {
		return nil, nil
	}
	if len(b) == 0 || b[0] != '[' {
		return nil, fmt.Errorf("expected a list, got %s", jsonKind(raw))
	}
	var elements []json.RawMessage
	i := skipSpace(b, 1)
	if i < len(b) && b[i] == ']' {
		i++
	} else {
		for {
			end := valueEnd(b, i)
			if end < 0 {
				return nil, errInvalidList
			}
			elements = append(elements, json.RawMessage(b[i:end:end]))
			if i = skipSpace(b, end); i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i >= len(b) || b[i] != ']' {
				return nil, errInvalidList
			}
			i++
			break
		}
	}
	if skipSpace(b, i) != len(b) {
		return nil, errInvalidList
	}
	return elements, nil
}

var errInvalidObject = errors.New("invalid JSON: not a well-formed object")

var errInvalidList = errors.New("invalid JSON: not a well-formed list")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index just past the string that starts at b[i] ('"'), or -1.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// valueEnd is the index just past the value that starts at b[i], or -1: a string to its closing quote, an
// object or array to the bracket that closes it, any other value to the next delimiter.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				if j = stringEnd(b, j); j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\n\r", rune(b[j])) {
		j++
	}
	if j == i {
		return -1
	}
	return j
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
func sortNewestFirst(versions []VersionSummary) {
	slices.SortStableFunc(versions, func(a, b VersionSummary) int {
		return lastSeenTime(b.LastSeen).Compare(lastSeenTime(a.LastSeen))
	})
}

// lastSeenTime is a version's LastSeen as a time; an unreadable one is the zero time, before every real one.
func lastSeenTime(lastSeen *string) time.Time {
	if lastSeen != nil {
		if t, err := time.Parse(time.RFC3339Nano, *lastSeen); err == nil {
			return t
		}
	}
	return time.Time{}
}
