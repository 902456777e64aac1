package launchdarkly

import (
	"context"
	"sync"
)

// response is a successful answer kept for reuse: the body and the status it came with.
type response struct {
	status int
	body   []byte
}

// coalescer makes identical GETs share one request: while it is in flight and, once it succeeded, for the
// life of the provider process (one Terraform operation), so fifty data sources reading "me" cost one
// call. Failures are forgotten, so the next caller tries again. golang.org/x/sync/singleflight covers only
// the in-flight half and is not among our dependencies; the whole of it is this small.
type coalescer struct {
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done    chan struct{}
	cancel  context.CancelFunc
	waiters int
	resp    response
	err     error
}

// do returns the result for key, running fetch only if no call for key has succeeded or is under way.
// A caller whose context ends stops waiting at once; when the last waiter is gone the request is
// cancelled too. fetch runs with the first caller's context values but not its cancellation.
func (c *coalescer) do(ctx context.Context, key string, fetch func(context.Context) (response, error)) (response, error) {
	c.mu.Lock()
	if c.calls == nil {
		c.calls = map[string]*call{}
	}
	cl, found := c.calls[key]
	if !found {
		var fetchCtx context.Context
		fetchCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		cl = &call{done: make(chan struct{}), cancel: cancel}
		c.calls[key] = cl
		go c.run(fetchCtx, key, cl, fetch)
	}
	cl.waiters++
	c.mu.Unlock()

	select {
	case <-cl.done:
		return cl.resp, cl.err
	case <-ctx.Done():
		c.leave(key, cl)
		return response{}, ctx.Err()
	}
}

func (c *coalescer) run(ctx context.Context, key string, cl *call, fetch func(context.Context) (response, error)) {
	cl.resp, cl.err = fetch(ctx)
	cl.cancel()
	if cl.err != nil {
		c.forget(key, cl)
	}
	close(cl.done)
}

// leave drops one waiter; the last one out cancels a request still under way.
func (c *coalescer) leave(key string, cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl.waiters--
	if cl.waiters == 0 {
		select {
		case <-cl.done:
		default:
			cl.cancel()
			if c.calls[key] == cl {
				delete(c.calls, key)
			}
		}
	}
}

func (c *coalescer) forget(key string, cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls[key] == cl {
		delete(c.calls, key)
	}
}
