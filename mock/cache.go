package mock

import (
	"context"
	"sync"
	"time"
)

// Cache is an orchestrator.Cache in memory with a size bound, for tests.
type Cache struct {
	mu      sync.Mutex
	now     func() time.Time
	max     int
	entries map[string]cacheEntry
}

type cacheEntry struct {
	v       []byte
	expires time.Time
}

// NewCache returns a cache holding at most maxEntries answers (0 means
// 1000); now may be nil (time.Now).
func NewCache(maxEntries int, now func() time.Time) *Cache {
	if maxEntries <= 0 {
		maxEntries = 1000
	}
	if now == nil {
		now = time.Now
	}
	return &Cache{now: now, max: maxEntries, entries: map[string]cacheEntry{}}
}

// Get implements orchestrator.Cache.
func (c *Cache) Get(_ context.Context, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	if !c.now().Before(e.expires) {
		delete(c.entries, key)
		return nil, false
	}
	return e.v, true
}

// Put implements orchestrator.Cache. When full it drops expired entries, then the one
// closest to expiry.
func (c *Cache) Put(_ context.Context, key string, v []byte, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		var victim string
		var soonest time.Time
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
				continue
			}
			if victim == "" || e.expires.Before(soonest) {
				victim, soonest = k, e.expires
			}
		}
		if len(c.entries) >= c.max && victim != "" {
			delete(c.entries, victim)
		}
	}
	c.entries[key] = cacheEntry{v: v, expires: now.Add(ttl)}
}

// Len is the number of entries, expired ones included.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
