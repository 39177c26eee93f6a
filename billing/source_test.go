package billing

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeStore is a PolicyStore whose tables, failures and speed a test sets.
type fakeStore struct {
	mu       sync.Mutex
	policy   *Policy
	prices   *Prices
	err      error
	writeErr error         // when set, every write fails with it and changes nothing
	block    chan struct{} // when set, a read waits for it to close
	reads    atomic.Int64
}

func (s *fakeStore) set(p *Policy, pr *Prices, err error) {
	s.mu.Lock()
	s.policy, s.prices, s.err = p, pr, err
	s.mu.Unlock()
}

func (s *fakeStore) wait(ctx context.Context) error {
	s.mu.Lock()
	b := s.block
	s.mu.Unlock()
	if b == nil {
		return nil
	}
	select {
	case <-b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *fakeStore) LoadPolicy(ctx context.Context) (*Policy, error) {
	s.reads.Add(1)
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.policy, s.err
}

func (s *fakeStore) LoadPrices(ctx context.Context) (*Prices, error) {
	s.reads.Add(1)
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prices, s.err
}

func (s *fakeStore) SaveRouting(_ context.Context, cells []Cell) ([]TierChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writeErr != nil {
		return nil, s.writeErr
	}
	var changes []TierChange
	for _, c := range cells {
		if from := s.policy.Tier(c.Plan, c.Task); from != c.Tier {
			changes = append(changes, TierChange{Plan: c.Plan, Task: c.Task, From: from, To: c.Tier})
		}
	}
	s.policy = s.policy.With(cells...)
	return changes, nil
}

func (s *fakeStore) SetModelPrice(_ context.Context, model string, in, out int64) (Price, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writeErr != nil {
		return Price{}, false, s.writeErr
	}
	old, had := s.prices.Price(model)
	s.prices = s.prices.With(model, Price{InputPerMillion: in, OutputPerMillion: out})
	return old, had, nil
}

func (s *fakeStore) DeleteModelPrice(_ context.Context, model string) (Price, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writeErr != nil {
		return Price{}, false, s.writeErr
	}
	old, had := s.prices.Price(model)
	s.prices = s.prices.Without(model)
	return old, had, nil
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// lockedBuffer is a log destination safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestCache(s *fakeStore, c *clock, logs *lockedBuffer) *PolicyCache {
	return NewPolicyCache(PolicyCacheOptions{Store: s, TTL: 2 * time.Second, Now: c.now,
		Logger: slog.New(slog.NewTextHandler(logs, nil)), ReadTimeout: time.Second})
}

var quality = Cell{Plan: PlanFreemium, Task: TaskCoverLetter, Tier: TierQuality}

func TestPolicyCacheTTLAndInvalidate(t *testing.T) {
	ctx := context.Background()
	s, c, logs := &fakeStore{}, &clock{t: time.Unix(1e9, 0)}, &lockedBuffer{}
	s.set(DefaultPolicy(), DefaultPrices(), nil)
	cache := newTestCache(s, c, logs)

	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierFast {
		t.Fatalf("first read = %s, want the stored fast", got)
	}
	// Another instance changes the tables: not seen until the TTL is over.
	s.set(DefaultPolicy().With(quality), DefaultPrices().With("my-model", Price{InputPerMillion: 7}), nil)
	c.add(1900 * time.Millisecond)
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierFast {
		t.Fatalf("read within the TTL = %s, want the cached fast", got)
	}
	if n := s.reads.Load(); n != 1 {
		t.Fatalf("%d store reads within the TTL, want 1", n)
	}
	c.add(200 * time.Millisecond)
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierQuality {
		t.Fatalf("read after the TTL = %s, want the stored quality", got)
	}
	if _, ok := cache.Prices(ctx).Price("my-model"); !ok {
		t.Fatal("the prices were not read after the TTL")
	}

	// This instance saves: Invalidate makes the very next read see it.
	s.set(DefaultPolicy(), DefaultPrices(), nil)
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierQuality {
		t.Fatalf("read within the TTL = %s, want the cached quality", got)
	}
	before := s.reads.Load()
	cache.Invalidate()
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierFast {
		t.Fatalf("read after Invalidate = %s, want the stored fast", got)
	}
	if _, ok := cache.Prices(ctx).Price("my-model"); ok {
		t.Fatal("Invalidate did not reach the prices")
	}
	if n := s.reads.Load() - before; n != 2 {
		t.Fatalf("%d store reads after Invalidate, want 2 (policy and prices)", n)
	}
	if logs.String() != "" {
		t.Fatalf("logged without a failure: %s", logs.String())
	}
}

// A write through the cache is read back by the very next call, with no
// wait for the TTL, and re-reads only the table it changed; a write that
// fails leaves the cached tables (and the store) as they were, with no
// extra read.
func TestPolicyCacheWritesThrough(t *testing.T) {
	ctx := context.Background()
	s, c, logs := &fakeStore{}, &clock{t: time.Unix(1e9, 0)}, &lockedBuffer{}
	s.set(DefaultPolicy(), DefaultPrices(), nil)
	cache := newTestCache(s, c, logs)
	cache.Policy(ctx)
	cache.Prices(ctx)
	reads := s.reads.Load()

	changes, err := cache.SaveRouting(ctx, []Cell{quality, {Plan: PlanPaygo, Task: TaskCVDraft, Tier: TierQuality}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []TierChange{{Plan: PlanFreemium, Task: TaskCoverLetter, From: TierFast, To: TierQuality}}; len(changes) != 1 || changes[0] != want[0] {
		t.Fatalf("changes = %+v, want %+v", changes, want)
	}
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierQuality {
		t.Fatalf("read right after SaveRouting = %s, want the saved quality", got)
	}
	cache.Prices(ctx)
	if n := s.reads.Load() - reads; n != 1 {
		t.Fatalf("%d store reads after a routing save, want 1 (the policy only)", n)
	}

	reads = s.reads.Load()
	old, had, err := cache.SetPrice(ctx, "gpt-4o", 1, 2)
	if err != nil || !had || old.InputPerMillion != 2_500_000 {
		t.Fatalf("SetPrice = %+v, %v, %v; want the default gpt-4o price it replaced", old, had, err)
	}
	if p, ok := cache.Prices(ctx).Price("gpt-4o"); !ok || p != (Price{InputPerMillion: 1, OutputPerMillion: 2}) {
		t.Fatalf("read right after SetPrice = %+v, %v; want the saved price", p, ok)
	}
	cache.Policy(ctx)
	if n := s.reads.Load() - reads; n != 1 {
		t.Fatalf("%d store reads after a price save, want 1 (the prices only)", n)
	}
	old, had, err = cache.DeletePrice(ctx, "gpt-4o")
	if err != nil || !had || old.OutputPerMillion != 2 {
		t.Fatalf("DeletePrice = %+v, %v, %v; want the price just set", old, had, err)
	}
	if _, ok := cache.Prices(ctx).Price("gpt-4o"); ok {
		t.Fatal("a deleted price is still served right after DeletePrice")
	}

	// The store refuses writes: every write fails, nothing is re-read and
	// the cache serves what it served.
	policy, prices := cache.Policy(ctx), cache.Prices(ctx)
	reads = s.reads.Load()
	s.mu.Lock()
	s.writeErr = errors.New("deadlock detected")
	s.mu.Unlock()
	if _, err := cache.SaveRouting(ctx, []Cell{{Plan: PlanFreemium, Task: TaskCoverLetter, Tier: TierFast}}); err == nil {
		t.Fatal("SaveRouting hid the store's error")
	}
	if _, _, err := cache.SetPrice(ctx, "my-model", 5, 5); err == nil {
		t.Fatal("SetPrice hid the store's error")
	}
	if _, _, err := cache.DeletePrice(ctx, "gpt-4o-mini"); err == nil {
		t.Fatal("DeletePrice hid the store's error")
	}
	if cache.Policy(ctx) != policy || cache.Prices(ctx) != prices {
		t.Fatal("a failed write changed the tables the cache serves")
	}
	if n := s.reads.Load() - reads; n != 0 {
		t.Fatalf("%d store reads after failed writes, want 0 (nothing changed)", n)
	}
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierQuality {
		t.Fatalf("after a failed save the tier = %s, want the stored quality", got)
	}
}

// A database that cannot be read never fails a call: the defaults serve
// until the first read, then the last table read; the outage is logged
// once, the store is asked again once per TTL, and recovery is noticed.
func TestPolicyCacheServesLastGoodSnapshot(t *testing.T) {
	ctx := context.Background()
	s, c, logs := &fakeStore{}, &clock{t: time.Unix(1e9, 0)}, &lockedBuffer{}
	down := errors.New("connection refused")
	s.set(nil, nil, down)
	cache := newTestCache(s, c, logs)

	if got := cache.Policy(ctx).Tier(PlanPaygo, TaskCVDraft); got != TierQuality {
		t.Fatalf("before any read = %s, want the default quality", got)
	}
	if _, ok := cache.Prices(ctx).Price("gpt-4o-mini"); !ok {
		t.Fatal("before any read the default prices are not served")
	}

	s.set(DefaultPolicy().With(quality), DefaultPrices().With("my-model", Price{OutputPerMillion: 9}), nil)
	c.add(3 * time.Second)
	if cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter) != TierQuality {
		t.Fatal("the store's policy was not read once it answered")
	}
	if _, ok := cache.Prices(ctx).Price("my-model"); !ok {
		t.Fatal("the store's prices were not read once it answered")
	}

	if !strings.Contains(logs.String(), "the routing policy can be read again") {
		t.Fatalf("recovery not logged:\n%s", logs.String())
	}
	s.set(nil, nil, down)
	logged := len(logs.String())
	reads := s.reads.Load()
	for i := 0; i < 5; i++ {
		cache.Invalidate()
		c.add(3 * time.Second)
		if cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter) != TierQuality {
			t.Fatal("a failed read replaced the last good policy")
		}
		if p, ok := cache.Prices(ctx).Price("my-model"); !ok || p.OutputPerMillion != 9 {
			t.Fatal("a failed read replaced the last good prices")
		}
	}
	if n := s.reads.Load() - reads; n != 10 {
		t.Fatalf("%d store reads in 5 TTLs, want 10", n)
	}
	// Within a TTL of a failure the store is left alone.
	for i := 0; i < 5; i++ {
		cache.Policy(ctx)
	}
	if n := s.reads.Load() - reads; n != 10 {
		t.Fatalf("%d store reads, want no more within a TTL of a failure", n)
	}
	for _, what := range []string{"routing policy", "model prices"} {
		if n := strings.Count(logs.String()[logged:], "cannot read the "+what); n != 1 {
			t.Fatalf("the %s failure was logged %d times in one outage, want once:\n%s", what, n, logs.String())
		}
	}

	s.set(DefaultPolicy(), DefaultPrices(), nil)
	c.add(3 * time.Second)
	if cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter) != TierFast {
		t.Fatal("not read again after the store came back")
	}
}

// A caller that gives up while the store is read gets the last table, and
// the failure is neither logged nor remembered: the next caller reads.
func TestPolicyCacheCallerGivesUp(t *testing.T) {
	s, c, logs := &fakeStore{}, &clock{t: time.Unix(1e9, 0)}, &lockedBuffer{}
	s.set(DefaultPolicy().With(quality), DefaultPrices(), nil)
	s.block = make(chan struct{})
	cache := newTestCache(s, c, logs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierFast {
		t.Fatalf("a cancelled read = %s, want the default fast", got)
	}
	close(s.block)
	if got := cache.Policy(context.Background()).Tier(PlanFreemium, TaskCoverLetter); got != TierQuality {
		t.Fatalf("the next read = %s, want the stored quality", got)
	}
	if logs.String() != "" {
		t.Fatalf("a caller's cancellation was logged as a store failure: %s", logs.String())
	}
}

// When a table expires, one caller reads the store; the others go on with
// the old table instead of queueing behind a slow database. A read that
// started before an Invalidate does not count as fresh after it.
func TestPolicyCacheSlowRead(t *testing.T) {
	ctx := context.Background()
	s, c, logs := &fakeStore{}, &clock{t: time.Unix(1e9, 0)}, &lockedBuffer{}
	s.set(DefaultPolicy(), DefaultPrices(), nil)
	cache := newTestCache(s, c, logs)
	cache.Policy(ctx)

	s.set(DefaultPolicy().With(quality), DefaultPrices(), nil)
	s.mu.Lock()
	s.block = make(chan struct{})
	s.mu.Unlock()
	c.add(3 * time.Second)
	reading := make(chan Tier)
	go func() { reading <- cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter) }()
	for s.reads.Load() < 2 { // the reader is inside the store
		time.Sleep(time.Millisecond)
	}
	// The slow read lasts until the test ends it, so waiting for it would
	// never return.
	other := make(chan Tier, 1)
	go func() { other <- cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter) }()
	select {
	case got := <-other:
		if got != TierFast {
			t.Fatalf("a read during the slow read = %s, want the old fast", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read waited for another caller's read of the store")
	}
	// Saved here while that read is in flight: it may have read the old
	// grid, so it must not pass for fresh.
	cache.Invalidate()
	close(s.block)
	if got := <-reading; got != TierQuality {
		t.Fatalf("the slow read = %s, want quality", got)
	}
	s.set(DefaultPolicy(), DefaultPrices(), nil)
	if got := cache.Policy(ctx).Tier(PlanFreemium, TaskCoverLetter); got != TierFast {
		t.Fatalf("read after an Invalidate that raced a read = %s, want the store's fast", got)
	}
}

// Snapshots are values: a changed copy leaves the original as it was, so
// readers of the original never see the change (run with -race).
func TestSnapshotsAreImmutable(t *testing.T) {
	p, pr := DefaultPolicy(), DefaultPrices()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			q, qr := p, pr
			for j := 0; j < 200; j++ {
				q = q.With(Cell{Plan: PlanFreemium, Task: TaskExtraction, Tier: TierQuality})
				qr = qr.With("gpt-4o", Price{InputPerMillion: int64(j)}).Without("gpt-4o-mini")
			}
			if q.Tier(PlanFreemium, TaskExtraction) != TierQuality {
				t.Error("With did not change the copy")
			}
			if _, ok := qr.Price("gpt-4o-mini"); ok {
				t.Error("Without did not change the copy")
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if p.Tier(PlanFreemium, TaskExtraction) != TierFast {
					t.Error("the original policy changed")
					return
				}
				if c, _ := pr.Cost("gpt-4o", 1_000_000, 0); c != 2_500_000 {
					t.Error("the original prices changed")
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(pr.All()) != 6 || len(p.Cells()) != len(Plans)*len(Tasks) {
		t.Fatalf("originals changed: %d prices, %d cells", len(pr.All()), len(p.Cells()))
	}
}
