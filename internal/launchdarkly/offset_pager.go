package launchdarkly

import (
	"context"
	"fmt"
)

// offsetPage is one page of a list the API pages with limit and offset.
type offsetPage[T any] struct {
	Items []T `json:"items"`
	// TotalCount is meant as the number of matches across all pages. The spec calls it "the number
	// returned"; LaunchDarkly's migration guide and its own Terraform provider page by it as the total.
	TotalCount *int `json:"totalCount"`
}

// offsetListing is what paginateOffset needs of one list.
type offsetListing struct {
	apiVersion string
	// limit is the page size asked for; pageURL builds the URL of the page that starts at offset with it.
	limit   int
	pageURL func(offset int) string
	// noun names the items in messages: "members".
	noun string
}

// paginateOffset reads an offset-paged list through paginate, so it shares the page bound and the
// repeated-page check. The pager builds its own offsets rather than follow _links.next, whose format is
// not documented. Each page's items go to visit.
//
// Every offset listing stops by one rule, because neither signal a server sends can be trusted alone: a
// server may serve fewer items than the limit asked for (teams cap their pages at 100; the spec gives
// members no maximum), and totalCount may be wrong, or mean this page's count ("the number returned").
// So the list ends on an empty page, or on a page shorter than the limit when totalCount agrees that
// everything was read (offset + len(items) >= totalCount); any other page is followed by the one at
// offset + len(items). A full page costs one more request when it happens to be the last.
//
// When the list has ended and the number read disagrees with the last totalCount the server sent, the
// returned warning says so. It is a warning, not an error: the list was read to the server's own end, and
// an error would leave no way to read a list from a server whose count is merely wrong; but the user must
// see it, because a count higher than what was read can mean items were missed (one removed while the
// list was being read shifts every later page).
func paginateOffset[T any](ctx context.Context, c *Client, listing offsetListing, visit func(items []T) error) (string, error) {
	offset := 0
	var total *int
	err := paginate(ctx, c, listing.apiVersion, listing.pageURL(0), func(page *offsetPage[T]) (string, error) {
		if err := visit(page.Items); err != nil {
			return "", err
		}
		if page.TotalCount != nil {
			total = page.TotalCount
		}
		n := len(page.Items)
		if n == 0 {
			return "", nil
		}
		offset += n
		if n < listing.limit && page.TotalCount != nil && offset >= *page.TotalCount {
			return "", nil
		}
		return listing.pageURL(offset), nil
	})
	if err != nil || total == nil || *total == offset {
		return "", err
	}
	path := pathOf(listing.pageURL(0))
	if offset > *total {
		return fmt.Sprintf("GET %s listed %d %s, more than the %d its totalCount gave. Every page was read, "+
			"up to the server's own end of the list, so the count is probably of something else.",
			path, offset, listing.noun, *total), nil
	}
	return fmt.Sprintf("GET %s listed %d %s, fewer than the %d its totalCount gave, although it had no more "+
		"to serve. The list may be incomplete (%s removed while the list was being read shift the later "+
		"pages), or the count is wrong: read it again before relying on it.",
		path, offset, listing.noun, *total, listing.noun), nil
}
