package search

import "sync"

// DefaultCacheSize bounds how many parsed filters are kept in memory.
const DefaultCacheSize = 1000

// astCache maps filter text to its parsed AST. ASTs are immutable once
// built, so one cached AST is shared by concurrent builds.
type astCache struct {
	mu    sync.RWMutex
	max   int
	items map[string]Expr
}

var parsedCache = newASTCache(DefaultCacheSize)

func newASTCache(max int) *astCache {
	return &astCache{max: max, items: make(map[string]Expr, 64)}
}

func (c *astCache) get(key string) (Expr, bool) {
	c.mu.RLock()
	e, ok := c.items[key]
	c.mu.RUnlock()
	return e, ok
}

func (c *astCache) put(key string, e Expr) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; !ok && len(c.items) >= c.max {
		// evict an arbitrary entry (Go map order): O(1) and good enough
		// since rules, the hot entries, are re-added on their next use
		for k := range c.items {
			delete(c.items, k)
			break
		}
	}
	c.items[key] = e
}

func (c *astCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}

// ParseCached returns the AST of src, parsing it only the first time it is
// seen. Failed parses are not cached.
func ParseCached(src string) (Expr, error) {
	if e, ok := parsedCache.get(src); ok {
		return e, nil
	}
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	parsedCache.put(src, e)
	return e, nil
}
