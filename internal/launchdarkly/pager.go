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
// loop, when a server sends a page URL it already sent.
func paginate[P any](ctx context.Context, c *Client, apiVersion, firstURL string, visit func(page *P) (string, error)) error {
	seen := map[string]bool{}
	next := firstURL
	for pages := 0; next != ""; pages++ {
		if pages == maxPages {
			return fmt.Errorf("GET %s: stopped after %d pages: the server kept reporting more", pathOf(firstURL), maxPages)
		}
		if seen[next] {
			return fmt.Errorf("GET %s: the server sent the same page twice (%s); stopped rather than loop",
				pathOf(firstURL), truncate([]byte(next), 200))
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
		return "", fmt.Errorf("the next-page link %q is not a URL: %w", truncate([]byte(href), 200), err)
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
		return "", fmt.Errorf("the next-page link %q is not an API path", truncate([]byte(href), 200))
	}
	next := c.baseURL + path[i:]
	if u.RawQuery != "" {
		next += "?" + u.RawQuery
	}
	return next, nil
}
