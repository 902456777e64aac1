package mockapi

import (
	"net/url"
	"strconv"
)

const (
	defaultLimit = 20
	maxLimit     = 1000
)

// page is a validated limit/offset window over a list.
type page struct {
	limit  int
	offset int
}

// parsePage reads limit and offset. Out-of-range values are 400s rather
// than clamped, so a client paging with bad numbers notices.
func parsePage(query url.Values) (page, *apiError) {
	limit, ok := intParam(query, "limit", defaultLimit)
	if !ok || limit < 1 || limit > maxLimit {
		return page{}, invalidRequest("limit must be an integer between 1 and 1000")
	}
	offset, ok := intParam(query, "offset", 0)
	if !ok || offset < 0 {
		return page{}, invalidRequest("offset must be a non-negative integer")
	}
	return page{limit: limit, offset: offset}, nil
}

func intParam(query url.Values, name string, fallback int) (int, bool) {
	if !query.Has(name) {
		return fallback, true
	}
	n, err := strconv.Atoi(query.Get(name))
	return n, err == nil
}

func (p page) slice(items []map[string]any) []map[string]any {
	start := min(p.offset, len(items))
	end := min(p.offset+p.limit, len(items))
	return items[start:end]
}

// links builds the list's _links. next appears only when more items exist,
// first and prev only past the first page; self and last always.
func (p page) links(u *url.URL, total int) map[string]any {
	links := map[string]any{"self": link(selfHref(u))}
	if p.offset+p.limit < total {
		links["next"] = link(p.href(u, p.offset+p.limit))
	}
	if p.offset > 0 {
		links["first"] = link(p.href(u, 0))
		links["prev"] = link(p.href(u, max(0, p.offset-p.limit)))
	}
	links["last"] = link(p.href(u, p.lastOffset(total)))
	return links
}

func (p page) lastOffset(total int) int {
	if total == 0 {
		return 0
	}
	return (total - 1) / p.limit * p.limit
}

// href keeps every other query parameter (filter, expand) so following a
// link repeats the same search.
func (p page) href(u *url.URL, offset int) string {
	query := u.Query()
	query.Set("limit", strconv.Itoa(p.limit))
	query.Set("offset", strconv.Itoa(offset))
	return u.EscapedPath() + "?" + query.Encode()
}

func selfHref(u *url.URL) string {
	if u.RawQuery == "" {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + u.RawQuery
}

func link(href string) map[string]string {
	return map[string]string{"href": href, "type": "application/json"}
}
