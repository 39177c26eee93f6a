package billing

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// PolicySource gives the routing policy and the price table in force now.
// It is asked on every call, so an admin's change applies to the next call
// without a restart. The snapshots it returns are immutable and never nil;
// a source that cannot read its store answers with the last table it read
// (the defaults before the first read), because a call must never fail
// for want of a price.
type PolicySource interface {
	Policy(ctx context.Context) *Policy
	Prices(ctx context.Context) *Prices
}

// FixedSource returns a PolicySource that always answers p and prices; nil
// means DefaultPolicy and DefaultPrices. Tests and the offline-only
// orchestrator use it.
func FixedSource(p *Policy, prices *Prices) PolicySource {
	if p == nil {
		p = DefaultPolicy()
	}
	if prices == nil {
		prices = DefaultPrices()
	}
	return fixedSource{p, prices}
}

type fixedSource struct {
	policy *Policy
	prices *Prices
}

func (f fixedSource) Policy(context.Context) *Policy { return f.policy }
func (f fixedSource) Prices(context.Context) *Prices { return f.prices }

// PolicyStore is where a PolicyCache reads and writes the tables an admin
// makes (*models.DB): each read returns a complete snapshot, the defaults
// with the stored changes applied; each write is one transaction that
// reports what it replaced, for the audit log.
type PolicyStore interface {
	LoadPolicy(ctx context.Context) (*Policy, error)
	LoadPrices(ctx context.Context) (*Prices, error)
	// SaveRouting stores a grid and returns the cells that changed.
	SaveRouting(ctx context.Context, cells []Cell) ([]TierChange, error)
	// SetModelPrice stores a model's price in micro-USD per million
	// tokens; old is what the table charged before (had is false when
	// the model had no price).
	SetModelPrice(ctx context.Context, model string, inputMicrosPerMTok, outputMicrosPerMTok int64) (old Price, had bool, err error)
	// DeleteModelPrice forgets a model's price; old and had as above.
	DeleteModelPrice(ctx context.Context, model string) (old Price, had bool, err error)
}

// TierChange is one cell a routing save changed, with its previous tier.
type TierChange struct {
	Plan     string
	Task     Task
	From, To Tier
}

// PolicyCacheOptions configure a PolicyCache. Store is required.
type PolicyCacheOptions struct {
	Store PolicyStore
	// Logger reports a store that cannot be read (once, until it can
	// again); nil means slog.Default().
	Logger *slog.Logger
	// TTL is how long a read serves; 0 means DefaultPolicyTTL. It is how
	// long another instance's change takes to arrive here.
	TTL time.Duration
	// ReadTimeout bounds one read of the store, so a database that hangs
	// delays a call by at most this much; 0 means 2 s.
	ReadTimeout time.Duration
	// Now is the clock of the TTL; nil means time.Now.
	Now func() time.Time
}

// DefaultPolicyTTL is how long a PolicyCache serves one read: an admin's
// change on one instance reaches the others within it.
const DefaultPolicyTTL = 2 * time.Second

// PolicyCache is the PolicySource read from a PolicyStore, and the one way
// this instance changes it: each table is read at most once per TTL, at
// once again after a write through the cache (SaveRouting, SetPrice,
// DeletePrice) or Invalidate, and kept when a read fails. Readers of a
// fresh table take no lock; when the table has expired one caller reads
// the store while the others go on with the old table.
type PolicyCache struct {
	store  PolicyStore
	policy cached[*Policy]
	prices cached[*Prices]
}

// NewPolicyCache returns a cache over o.Store that answers the defaults
// until its first successful read.
func NewPolicyCache(o PolicyCacheOptions) *PolicyCache {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.TTL <= 0 {
		o.TTL = DefaultPolicyTTL
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 2 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := &PolicyCache{
		store:  o.Store,
		policy: cached[*Policy]{what: "routing policy", load: o.Store.LoadPolicy},
		prices: cached[*Prices]{what: "model prices", load: o.Store.LoadPrices},
	}
	c.policy.init(DefaultPolicy(), o)
	c.prices.init(DefaultPrices(), o)
	return c
}

// Policy implements PolicySource.
func (c *PolicyCache) Policy(ctx context.Context) *Policy { return c.policy.get(ctx) }

// Prices implements PolicySource.
func (c *PolicyCache) Prices(ctx context.Context) *Prices { return c.prices.get(ctx) }

// Invalidate makes the next read of either table go to the store. The
// write methods call it themselves; it is for a change saved around the
// cache (a tool, a test).
func (c *PolicyCache) Invalidate() {
	c.policy.invalidate()
	c.prices.invalidate()
}

// SaveRouting stores a routing grid (one transaction: all of it or none)
// and returns the cells that changed, with their previous tiers. Once it
// is saved, this instance's next call reads the new grid; other instances
// read it within the TTL. A failed save leaves the cache as it was.
func (c *PolicyCache) SaveRouting(ctx context.Context, cells []Cell) ([]TierChange, error) {
	changes, err := c.store.SaveRouting(ctx, cells)
	if err != nil {
		return nil, err
	}
	c.policy.invalidate()
	return changes, nil
}

// SetPrice stores a model's price in micro-USD per million tokens and
// returns the price it replaced (had is false when the model had none),
// for the audit log. Once it is saved, this instance's next call is priced
// with it; a failed save leaves the cache as it was.
func (c *PolicyCache) SetPrice(ctx context.Context, model string, inputMicrosPerMTok, outputMicrosPerMTok int64) (old Price, had bool, err error) {
	if old, had, err = c.store.SetModelPrice(ctx, model, inputMicrosPerMTok, outputMicrosPerMTok); err != nil {
		return Price{}, false, err
	}
	c.prices.invalidate()
	return old, had, nil
}

// DeletePrice forgets a model's price, so its calls show their cost as
// unknown, and returns the price it had as SetPrice does.
func (c *PolicyCache) DeletePrice(ctx context.Context, model string) (old Price, had bool, err error) {
	if old, had, err = c.store.DeleteModelPrice(ctx, model); err != nil {
		return Price{}, false, err
	}
	c.prices.invalidate()
	return old, had, nil
}

// cached is one table of a PolicyCache.
type cached[T any] struct {
	what string
	load func(context.Context) (T, error)
	log  *slog.Logger
	ttl  time.Duration
	read time.Duration
	now  func() time.Time

	cur atomic.Pointer[entry[T]]
	// gen counts Invalidate calls: an entry read before the latest one is
	// stale even when it is young, so a read that raced with a save cannot
	// pass for the saved state.
	gen atomic.Uint64

	mu      sync.Mutex // held while reading the store
	failing bool       // the last read failed and was logged (under mu)
}

type entry[T any] struct {
	val T
	at  time.Time // when it was read; zero means it must be read
	gen uint64    // gen when its read started
}

func (c *cached[T]) init(def T, o PolicyCacheOptions) {
	c.log, c.ttl, c.read, c.now = o.Logger, o.TTL, o.ReadTimeout, o.Now
	c.cur.Store(&entry[T]{val: def})
}

func (c *cached[T]) invalidate() { c.gen.Add(1) }

// invalid reports whether e must not be served at all: it was never read,
// or read before the latest Invalidate.
func (c *cached[T]) invalid(e *entry[T]) bool {
	return e.at.IsZero() || e.gen != c.gen.Load()
}

// fresh reports whether e may be served without reading the store.
func (c *cached[T]) fresh(e *entry[T]) bool {
	return !c.invalid(e) && c.now().Sub(e.at) < c.ttl
}

func (c *cached[T]) get(ctx context.Context) T {
	e := c.cur.Load()
	if c.fresh(e) {
		return e.val
	}
	if c.invalid(e) {
		c.mu.Lock() // the caller must see what was saved: wait for the read
	} else if !c.mu.TryLock() {
		return e.val // expired, and another caller is reading it already
	}
	defer c.mu.Unlock()
	if e = c.cur.Load(); c.fresh(e) {
		return e.val
	}
	gen := c.gen.Load()
	rctx, cancel := context.WithTimeout(ctx, c.read)
	v, err := c.load(rctx)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return e.val // the caller gave up; the next one reads again
		}
		if !c.failing {
			c.log.Warn("cannot read the "+c.what+"; serving the last one read", "error", err)
			c.failing = true
		}
		// Ask the store again after a TTL, not on every call.
		c.cur.Store(&entry[T]{val: e.val, at: c.now(), gen: gen})
		return e.val
	}
	if c.failing {
		c.log.Info("the " + c.what + " can be read again")
		c.failing = false
	}
	c.cur.Store(&entry[T]{val: v, at: c.now(), gen: gen})
	return v
}
