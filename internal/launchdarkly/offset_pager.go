package launchdarkly

import "context"

// offsetPage is one page of a list the API pages with limit and offset.
type offsetPage[T any] struct {
	Items []T `json:"items"`
	// TotalCount is the number of matches across all pages. The spec calls it "the number returned", but
	// LaunchDarkly's migration guide and its own Terraform provider page by it as the total.
	TotalCount *int `json:"totalCount"`
}

// paginateOffset reads an offset-paged list through paginate, so it shares the page bound and the
// repeated-page check. pageURL builds the URL of the page that starts at offset: the pager builds its own
// offsets rather than follow _links.next, whose format is not documented. Each page's items go to visit.
//
// The next offset is the current one plus the items received, not plus the limit asked for, so a server
// that serves fewer items than asked loses none. The list ends on an empty page, or once
// offset + len(items) reaches totalCount, whichever comes first; a list without a (sane) totalCount ends
// on its empty page.
func paginateOffset[T any](ctx context.Context, c *Client, apiVersion string, pageURL func(offset int) string,
	visit func(items []T) error) error {
	offset := 0
	return paginate(ctx, c, apiVersion, pageURL(0), func(page *offsetPage[T]) (string, error) {
		if err := visit(page.Items); err != nil {
			return "", err
		}
		if len(page.Items) == 0 {
			return "", nil
		}
		offset += len(page.Items)
		if total := page.TotalCount; total != nil && *total >= 0 && offset >= *total {
			return "", nil
		}
		return pageURL(offset), nil
	})
}
