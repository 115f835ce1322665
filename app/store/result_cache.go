package store

import (
	"sync"

	"cpopath/app/assess"
)

// resultCacheSize bounds the decoded results kept: about 3 KB each, so some
// 3 MB for a thousand people who come back to their results.
const resultCacheSize = 1024

// resultCache keeps decoded result snapshots by attempt public id. A
// snapshot is written once, when the attempt is completed, and never
// changed, so a decoded one stays true for as long as the attempt exists;
// the public id is random and never given to another attempt, so an entry
// can never answer for someone else's attempt. Pages only read a Result:
// the slices and maps in it are shared between requests.
type resultCache struct {
	mu    sync.Mutex
	m     map[string]assess.Result
	order []string // oldest first, for eviction
}

func (c *resultCache) get(id string) (assess.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[id]
	return r, ok
}

func (c *resultCache) put(id string, r assess.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]assess.Result, resultCacheSize)
	}
	if _, ok := c.m[id]; ok {
		return
	}
	if len(c.order) >= resultCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[id] = r
	c.order = append(c.order, id)
}
