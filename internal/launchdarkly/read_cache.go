package launchdarkly

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// response is a successful answer kept for reuse: the body and the status it came with.
type response struct {
	status int
	body   []byte
}

// readCache makes identical GETs share one request: singleflight joins the reads of a request in flight,
// and a success is kept for the life of the Client (one provider configuration in one Terraform
// operation), small ones only, so fifty data sources reading "me" cost one call. Failures are not kept:
// the next read tries again.
type readCache struct {
	flights singleflight.Group
	mu      sync.Mutex
	done    map[string]response
	bytes   int // the size of the bodies in done
}

// A readCache keeps a body of maxCachedResponse at most, up to maxCachedBytes in all. Member records and
// caller identities, the reads repeated across data sources, are a few kilobytes each; the large pages of
// a long listing (up to 10 MiB each) are not kept, or one read of many pages would hold all of them.
const (
	maxCachedResponse = 256 << 10
	maxCachedBytes    = 16 << 20
)

// get returns the answer for key, calling fetch only when no read of key has succeeded or is under way.
// fetch runs with the context of the read that started it, so that when that read is cancelled or runs
// out of time the request stops; a read that joined it and still has time then starts a request of its
// own. Every read stops waiting as soon as its own context ends.
func (r *readCache) get(ctx context.Context, key string, fetch func(context.Context) (response, error)) (response, error) {
	for {
		if resp, ok := r.lookup(key); ok {
			return resp, nil
		}
		var ours atomic.Bool // whether the request is this read's own, not one it joined
		flight := r.flights.DoChan(key, func() (any, error) {
			ours.Store(true)
			if resp, ok := r.lookup(key); ok { // finished between the lookup above and this flight
				return resp, nil
			}
			resp, err := fetch(ctx)
			if err == nil {
				r.store(key, resp)
			}
			return resp, err
		})
		select {
		case <-ctx.Done():
			if ours.Load() { // the request ends with ctx too, and its error says why
				result := <-flight
				resp, _ := result.Val.(response)
				return resp, result.Err
			}
			return response{}, ctx.Err()
		case result := <-flight:
			if !ours.Load() && ctx.Err() == nil &&
				(errors.Is(result.Err, context.Canceled) || errors.Is(result.Err, ErrOutOfTime)) {
				continue // the read that made the request was cancelled or ran out of time, this one was not
			}
			resp, _ := result.Val.(response)
			return resp, result.Err
		}
	}
}

func (r *readCache) lookup(key string) (response, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	resp, ok := r.done[key]
	return resp, ok
}

func (r *readCache) store(key string, resp response) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(resp.body) > maxCachedResponse || r.bytes+len(resp.body) > maxCachedBytes {
		return // joined while in flight, never kept: memory stays bounded however many pages a run reads
	}
	if r.done == nil {
		r.done = map[string]response{}
	}
	r.done[key] = resp
	r.bytes += len(resp.body)
}
