package launchdarkly

import (
	"context"
	"errors"
	"fmt"
)

// ContextKind is a context kind of a project, as GET /api/v2/projects/{projectKey}/context-kinds lists it.
type ContextKind struct {
	Key          *string `json:"key"`
	Name         *string `json:"name"`
	Description  *string `json:"description"`
	Version      *int64  `json:"version"`
	CreationDate *int64  `json:"creationDate"`
	LastModified *int64  `json:"lastModified"`
	// LastSeen is absent for a kind that was never evaluated.
	LastSeen *int64 `json:"lastSeen"`
	// CreatedFrom says how the kind was created ("auto-add", "default", …); its values are not documented.
	CreatedFrom *string `json:"createdFrom"`
	// HideInTargeting is documented as an alias of Archived: an archived kind cannot be targeted.
	HideInTargeting *bool           `json:"hideInTargeting"`
	Archived        *bool           `json:"archived"`
	Links           map[string]Link `json:"_links"`
	// EnvironmentObservations comes only with expand=environmentObservations, which the client does not ask.
	EnvironmentObservations []ContextKindObservation `json:"environmentObservations"`
}

// ContextKindObservation is when a kind was last seen in one environment.
type ContextKindObservation struct {
	EnvironmentKey *string `json:"environmentKey"`
	LastSeen       *int64  `json:"lastSeen"`
}

// ListContextKinds reads every context kind of a project, in the API's order, with one request: the API
// does not page them. The slice is never nil. An unknown project is a *NotFoundError.
func (c *Client) ListContextKinds(ctx context.Context, projectKey string) ([]ContextKind, error) {
	ctx, done := c.withRead(ctx)
	defer done()
	if projectKey == "" {
		return nil, errors.New("the project key is empty")
	}
	var body struct {
		Items []ContextKind `json:"items"`
	}
	if err := c.get(ctx, APIVersion, c.endpoint(nil, "api", "v2", "projects", projectKey, "context-kinds"), &body); err != nil {
		return nil, namedNotFound(err, "project", projectKey)
	}
	path := "/api/v2/projects/" + escapePathSegment(projectKey) + "/context-kinds"
	if body.Items == nil {
		// A proxy's empty 200 ({} or null) is not a project without kinds, which the API answers with "items": [].
		return nil, fmt.Errorf("GET %s answered HTTP 200 without an items list; nothing was stored", path)
	}
	for i, k := range body.Items {
		if k.Key == nil || *k.Key == "" {
			return nil, fmt.Errorf("GET %s listed a context kind without a key (item %d); stopped rather than "+
				"store a kind that cannot be named", path, i)
		}
	}
	return body.Items, nil
}
