package handlers

import (
	"sync"
	"time"
)

// throttle counts failed logins per key (IP + email) in a sliding window,
// so guessing passwords is slow while a person who mistypes is not locked
// out for long. It is per process; that is enough for one instance.
type throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
	now    func() time.Time
}

func newThrottle(max int, window time.Duration) *throttle {
	return &throttle{max: max, window: window, fails: map[string][]time.Time{}, now: time.Now}
}

// allowed reports whether key may try again, and if not, when it may.
func (t *throttle) allowed(key string) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key)
	if len(recent) < t.max {
		return true, time.Time{}
	}
	return false, recent[0].Add(t.window)
}

func (t *throttle) fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.prune(key), t.now())
	if len(t.fails) > 100_000 { // bound memory under a spray attack
		for k := range t.fails {
			delete(t.fails, k)
			break
		}
	}
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func (t *throttle) prune(key string) []time.Time {
	cut := t.now().Add(-t.window)
	fs := t.fails[key]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = fs
	}
	return fs
}
