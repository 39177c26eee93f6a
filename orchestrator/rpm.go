package orchestrator

import (
	"sync"
	"time"
)

// rpmLimiter keeps each link under its configured requests per minute, in
// this process (several instances each keep their own count). A link over
// its limit is skipped for the next one, like a link whose circuit is open:
// a provider's own 429 costs a round trip and a retry, this costs nothing.
type rpmLimiter struct {
	mu   sync.Mutex
	now  func() time.Time
	sent map[string][]time.Time // per link, the attempts of the last minute
}

func newRPMLimiter(now func() time.Time) *rpmLimiter {
	return &rpmLimiter{now: now, sent: map[string][]time.Time{}}
}

// allow records an attempt at key and reports whether it fits under limit
// per minute; limit 0 means no limit.
func (r *rpmLimiter) allow(key string, limit int) bool {
	if limit <= 0 {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	cut := now.Add(-time.Minute)
	ts := r.sent[key]
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= limit {
		r.sent[key] = ts
		return false
	}
	r.sent[key] = append(ts, now)
	return true
}
