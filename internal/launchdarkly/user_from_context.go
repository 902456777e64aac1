package launchdarkly

import (
	"bytes"
	"encoding/json"
	"strings"
)

// UserRecordFromContext is the user record the Users API would have returned for the chosen (the newest)
// version of a context of kind "user", as LaunchDarkly's Users→Contexts migration defines the correspondence: the
// built-ins and the six former built-ins go to their fields, every other attribute to user.custom. The
// Contexts API has nothing for ownerId, the settings link or (except in pre-release contexts) secondary,
// which stay nil; lastPing is when the context was last evaluated.
func UserRecordFromContext(versions *ContextVersions) *UserRecord {
	v := versions.Chosen
	c := v.Context
	anonymous := c.Anonymous != nil && *c.Anonymous // the Contexts API does not list anonymous contexts
	key := c.Key
	user := &User{Key: &key, Name: c.Name, Anonymous: &anonymous}
	if c.Meta != nil {
		user.Secondary = c.Meta.Secondary
		user.PrivateAttrs = privateAttributeNames(c.Meta)
	}
	var custom []Attribute
	for _, a := range c.Attributes {
		field, builtIn := formerBuiltIns[a.Name]
		var text *string
		if builtIn && json.Unmarshal(a.Value, &text) == nil {
			*field(user) = text
			continue
		}
		custom = append(custom, a) // a former built-in that is not a string too: its value is kept
	}
	user.Custom = jsonObject(custom)
	return &UserRecord{
		LastPing:      v.LastSeen,
		EnvironmentID: versions.EnvironmentID,
		User:          user,
		Links:         v.Links,
		Access:        v.Access,
	}
}

// formerBuiltIns are the user attributes that were built-ins before contexts and are ordinary context
// attributes now: each maps to its field of the user record when its value is a string (or null).
var formerBuiltIns = map[string]func(*User) **string{
	"ip":        func(u *User) **string { return &u.IP },
	"country":   func(u *User) **string { return &u.Country },
	"email":     func(u *User) **string { return &u.Email },
	"firstName": func(u *User) **string { return &u.FirstName },
	"lastName":  func(u *User) **string { return &u.LastName },
	"avatar":    func(u *User) **string { return &u.Avatar },
}

// PrivateAttributeRefs is the union of both lists of a context's _meta, in order and without repeats; nil
// when _meta has neither list.
func (m *ContextMeta) PrivateAttributeRefs() []string {
	return m.privateAttributes(func(ref string) string { return ref })
}

// privateAttributeNames are the private attributes of _meta as a user record names them: a one-segment
// reference "/a~1b" is the attribute "a/b"; a plain name stays as it is, and so does a path into an
// object ("/address/street"), which has no legacy equivalent.
func privateAttributeNames(m *ContextMeta) []string {
	return m.privateAttributes(func(ref string) string {
		if !strings.HasPrefix(ref, "/") || strings.Count(ref, "/") != 1 {
			return ref
		}
		return strings.NewReplacer("~1", "/", "~0", "~").Replace(ref[1:])
	})
}

func (m *ContextMeta) privateAttributes(convert func(string) string) []string {
	if m.PrivateAttributes == nil && m.RedactedAttributes == nil {
		return nil
	}
	out := []string{}
	seen := map[string]bool{}
	for _, ref := range append(append([]string{}, m.PrivateAttributes...), m.RedactedAttributes...) {
		if name := convert(ref); !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// jsonObject writes attributes as one JSON object, each value exactly as the API sent it; nil for none.
func jsonObject(attributes []Attribute) json.RawMessage {
	if len(attributes) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, a := range attributes {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(a.Name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(a.Value)
	}
	b.WriteByte('}')
	return b.Bytes()
}
