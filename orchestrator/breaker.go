package orchestrator

import (
	"sort"
	"strconv"
	"sync"
	"time"

	"tailor/orchestrator/provider"
)

// Circuit states.
const (
	CircuitClosed   = "closed"
	CircuitOpen     = "open"
	CircuitHalfOpen = "half_open"
)

// CircuitState is one link's circuit as the admin pages show it.
type CircuitState struct {
	Key      string
	State    string
	Failures int
	// OpenUntil is when an open circuit lets one probe through.
	OpenUntil time.Time
	LastError string
}

// breakers holds a circuit per link. A circuit opens after threshold
// consecutive retryable failures, or at once on an auth failure; after
// cooldown it lets one probe through (half-open); a success closes it, a
// failure opens it again. Fatal failures (a 400, a malformed answer) say
// nothing about the link's health and do not count.
type breakers struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	now       func() time.Time
	m         map[string]*circuit
}

type circuit struct {
	failures  int
	open      bool
	openedAt  time.Time
	probing   bool
	lastError string
}

func newBreakers(threshold int, cooldown time.Duration, now func() time.Time) *breakers {
	return &breakers{threshold: threshold, cooldown: cooldown, now: now, m: map[string]*circuit{}}
}

func (b *breakers) get(key string) *circuit {
	c := b.m[key]
	if c == nil {
		c = &circuit{}
		b.m[key] = c
	}
	return c
}

// allow reports whether an attempt may go to the link. In the half-open
// state only one attempt at a time is let through.
func (b *breakers) allow(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.get(key)
	if !c.open {
		return true
	}
	if b.now().Sub(c.openedAt) < b.cooldown || c.probing {
		return false
	}
	c.probing = true
	return true
}

// success closes the circuit.
func (b *breakers) success(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*b.get(key) = circuit{}
}

// failure records a failed attempt of a class.
func (b *breakers) failure(key string, class provider.Class, msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.get(key)
	switch class {
	case provider.ClassRetryable:
		c.failures++
	case provider.ClassAuth:
		c.failures++
		if c.failures < b.threshold {
			c.failures = b.threshold
		}
	default:
		// Not the link's fault, but a half-open probe is over either way.
		c.probing = false
		return
	}
	c.lastError = msg
	if c.failures >= b.threshold || c.probing {
		c.open, c.openedAt, c.probing = true, b.now(), false
	}
}

// release ends a half-open probe that was never made (the caller gave up).
func (b *breakers) release(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.get(key).probing = false
}

// states lists every circuit that has failed at least once.
func (b *breakers) states() []CircuitState {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []CircuitState
	now := b.now()
	for k, c := range b.m {
		if c.failures == 0 && !c.open {
			continue
		}
		s := CircuitState{Key: k, State: CircuitClosed, Failures: c.failures, LastError: c.lastError}
		if c.open {
			s.State, s.OpenUntil = CircuitOpen, c.openedAt.Add(b.cooldown)
			if !now.Before(s.OpenUntil) {
				s.State = CircuitHalfOpen
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// reset closes a circuit by hand (after an admin fixed a key).
func (b *breakers) reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, key)
}

// CircuitKey names the circuit of a link: its config id when it has one,
// else its provider type and endpoint.
func CircuitKey(l Link) string {
	if l.ConfigID != nil {
		return "config:" + strconv.FormatUint(uint64(*l.ConfigID), 10)
	}
	if l.Provider == nil {
		return "none"
	}
	if e, ok := l.Provider.(provider.Endpointer); ok {
		return l.Provider.Type() + ":" + e.Endpoint()
	}
	return l.Provider.Type()
}
