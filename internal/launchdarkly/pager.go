package launchdarkly

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// maxPages bounds every listing. At the API's page sizes it is a million members or 50,000 context
// versions: far past any real account, and a server that keeps answering "there is a next page" cannot
// hold a plan for ever.
const maxPages = 1000

// paginate reads a list one page at a time: it GETs firstURL, decodes the body into a new P, and hands it
// to visit, which returns the URL of the next page or "" when the list is complete. Each list shape
// (offset and limit, or a continuation token) decides its next URL in visit; paginate owns what every
// listing needs: one request per page through c.get, a bound on the number of pages, and an error, not a
// loop, when a server sends a page URL it already sent, or one on another path than the first page's
// (the query may differ: that is where the page is chosen).
func paginate[P any](ctx context.Context, c *Client, apiVersion, firstURL string, visit func(page *P) (string, error)) error {
	seen := map[string]bool{}
	next := firstURL
	for pages := 0; next != ""; pages++ {
		if pages == maxPages {
			return fmt.Errorf("GET %s: stopped after %d pages: the server kept reporting more", pathOf(firstURL), maxPages)
		}
		if pages > 0 && !samePath(next, firstURL) {
			return fmt.Errorf("GET %s: the server's next-page link leads to %s, another resource than the list "+
				"asked for; stopped rather than store its records as this list's", pathOf(firstURL),
				Abbreviate(pathOf(next), 200))
		}
		if seen[next] {
			return fmt.Errorf("GET %s: the server sent the same page twice (%s); stopped rather than loop",
				pathOf(firstURL), Abbreviate(next, 200))
		}
		seen[next] = true
		var page P
		if err := c.get(ctx, apiVersion, next, &page); err != nil {
			return err
		}
		var err error
		if next, err = visit(&page); err != nil {
			return err
		}
	}
	return nil
}

// resolveLink turns a page link's href into a URL on the API host. A server may send it relative
// ("/api/v2/…"), absolute, or (as one spec example does) with a stray host in the path
// ("/app.launchdarkly.com/api/v2/…"); everything before "/api/v2/" is dropped and the rest is put on
// the client's base URL, so the token is only ever sent to api_host. An absolute href naming another host
// is refused.
func (c *Client) resolveLink(href string) (string, error) {
	u, err := url.Parse(href)
	if err != nil {
		return "", fmt.Errorf("the next-page link %q is not a URL: %w", Abbreviate(href, 200), err)
	}
	base, err := url.Parse(c.baseURL)
	if err != nil {
		return "", err
	}
	if u.Host != "" && !strings.EqualFold(u.Host, base.Host) {
		return "", fmt.Errorf("refusing to follow a next-page link to %s: the token is only sent to the API host", u.Host)
	}
	path := u.EscapedPath()
	i := strings.Index(path, "/api/v2/")
	if i < 0 {
		return "", fmt.Errorf("the next-page link %q is not an API path", Abbreviate(href, 200))
	}
	next := c.baseURL + path[i:]
	if u.RawQuery != "" {
		next += "?" + u.RawQuery
	}
	return next, nil
}

// samePath reports whether two URLs name the same path, segment by segment once unescaped, so that the
// same key escaped in two ways ("a b" and "a%20b") is the same segment and "a%2Fb" stays one segment.
func samePath(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	sa, sb := strings.Split(ua.EscapedPath(), "/"), strings.Split(ub.EscapedPath(), "/")
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		x, errX := url.PathUnescape(sa[i])
		y, errY := url.PathUnescape(sb[i])
		if errX != nil || errY != nil || x != y {
			return false
		}
	}
	return true
}
