package billing_test

// The PolicyCache over the real store (models on SQLite and PostgreSQL).

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tailor/billing"
	"tailor/mock"
	"tailor/models"
	"tailor/models/dbtest"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// A change saved behind the cache's back (another instance) shows after
// the TTL; one saved here shows at once after Invalidate.
func TestPolicyCacheOverStore(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := mock.NewClock(time.Unix(1e9, 0))
		cache := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, TTL: 2 * time.Second, Now: clk.Now, Logger: quietLog()})
		if cache.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierFast {
			t.Fatal("default tier is not fast")
		}
		if _, ok := cache.Prices(ctx).Price("my-model"); ok {
			t.Fatal("an unknown model has a price")
		}
		if _, err := db.SaveRouting(ctx, []billing.Cell{{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, Tier: billing.TierQuality}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SetModelPrice(ctx, "my-model", 1_000_000, 2_000_000); err != nil {
			t.Fatal(err)
		}
		clk.Advance(1500 * time.Millisecond)
		if cache.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierFast {
			t.Fatal("the cache read the store within its TTL")
		}
		clk.Advance(600 * time.Millisecond)
		if cache.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierQuality {
			t.Fatal("the routing change was not read after the TTL")
		}
		if p, ok := cache.Prices(ctx).Price("my-model"); !ok || p.OutputPerMillion != 2_000_000 {
			t.Fatalf("the price was not read after the TTL: %+v, %v", p, ok)
		}

		if _, _, err := db.DeleteModelPrice(ctx, "my-model"); err != nil {
			t.Fatal(err)
		}
		if _, ok := cache.Prices(ctx).Price("my-model"); !ok {
			t.Fatal("the cache read the store within its TTL")
		}
		cache.Invalidate()
		if _, ok := cache.Prices(ctx).Price("my-model"); ok {
			t.Fatal("a deleted price survived Invalidate")
		}
	})
}

// While an admin saves whole grids, callers read either the old grid or
// the new one, never a mix (run with -race): the save is one transaction
// and a snapshot is never changed in place.
func TestPolicyCacheReadersSeeWholeGrids(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		grid := func(tier billing.Tier) []billing.Cell {
			var cells []billing.Cell
			for _, c := range billing.DefaultPolicy().Cells() {
				c.Tier = tier
				cells = append(cells, c)
			}
			return cells
		}
		if _, err := db.SaveRouting(ctx, grid(billing.TierFast)); err != nil {
			t.Fatal(err)
		}
		cache := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, TTL: time.Millisecond, Logger: quietLog()})
		const saves = 30
		var done atomic.Bool
		var reads, mixed atomic.Int64
		seen := [2]atomic.Bool{} // all fast, all quality
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !done.Load() {
					cache.Invalidate()
					p := cache.Policy(ctx)
					reads.Add(1)
					fast := 0
					for _, c := range p.Cells() {
						if c.Tier == billing.TierFast {
							fast++
						}
					}
					switch fast {
					case len(billing.Plans) * len(billing.Tasks):
						seen[0].Store(true)
					case 0:
						seen[1].Store(true)
					default:
						mixed.Add(1)
						t.Errorf("a reader saw a mixed grid: %v", p.Cells())
						return
					}
				}
			}()
		}
		for i := range saves {
			tier := billing.TierQuality
			if i%2 == 1 {
				tier = billing.TierFast
			}
			if _, err := db.SaveRouting(ctx, grid(tier)); err != nil {
				t.Error(err)
				break
			}
			time.Sleep(2 * time.Millisecond) // let readers see each grid
		}
		done.Store(true)
		wg.Wait()
		if !seen[0].Load() || !seen[1].Load() {
			t.Fatalf("the readers never saw both grids in %d reads; the test proves nothing", reads.Load())
		}
		t.Logf("%d reads during %d saves of 16 cells, %d mixed", reads.Load(), saves, mixed.Load())
	})
}

// With the database gone, the cache serves the last tables it read (not
// the defaults) and says so once.
func TestPolicyCacheDatabaseDown(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dialect)
			ctx := context.Background()
			var logs bytes.Buffer
			cache := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if _, err := db.SaveRouting(ctx, []billing.Cell{{Plan: billing.PlanPaygo, Task: billing.TaskCVDraft, Tier: billing.TierFast}}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.DeleteModelPrice(ctx, "gpt-4o"); err != nil {
				t.Fatal(err)
			}
			if cache.Policy(ctx).Tier(billing.PlanPaygo, billing.TaskCVDraft) != billing.TierFast {
				t.Fatal("the stored tier was not read")
			}
			cache.Prices(ctx)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				cache.Invalidate()
				if got := cache.Policy(ctx).Tier(billing.PlanPaygo, billing.TaskCVDraft); got != billing.TierFast {
					t.Fatalf("with the database down the tier = %s, want the last read fast", got)
				}
				if _, ok := cache.Prices(ctx).Price("gpt-4o"); ok {
					t.Fatal("with the database down a deleted default price came back")
				}
			}
			if n := strings.Count(logs.String(), "level=WARN"); n != 2 {
				t.Fatalf("%d warnings for one outage, want 2 (policy, prices):\n%s", n, logs.String())
			}
		})
	}
}

// countingStore counts the cache's reads of the real store.
type countingStore struct {
	*models.DB
	reads atomic.Int64
}

func (s *countingStore) LoadPolicy(ctx context.Context) (*billing.Policy, error) {
	s.reads.Add(1)
	return s.DB.LoadPolicy(ctx)
}

func (s *countingStore) LoadPrices(ctx context.Context) (*billing.Prices, error) {
	s.reads.Add(1)
	return s.DB.LoadPrices(ctx)
}

// What an admin saves through the cache is what the next call reads, at
// once, though the TTL is an hour and the clock stands still; a save the
// store refuses (a bad cell, a cancelled request) stores nothing and
// leaves the cache serving the stored tables without reading them again.
func TestPolicyCacheWritesThroughStore(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		store := &countingStore{DB: db}
		clk := mock.NewClock(time.Unix(1e9, 0))
		cache := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: store, TTL: time.Hour, Now: clk.Now, Logger: quietLog()})
		cell := billing.Cell{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, Tier: billing.TierQuality}
		if cache.Policy(ctx).Tier(cell.Plan, cell.Task) != billing.TierFast {
			t.Fatal("default tier is not fast")
		}
		cache.Prices(ctx)

		changes, err := cache.SaveRouting(ctx, []billing.Cell{cell})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 || changes[0] != (billing.TierChange{Plan: cell.Plan, Task: cell.Task, From: billing.TierFast, To: billing.TierQuality}) {
			t.Fatalf("changes = %+v", changes)
		}
		if got := cache.Policy(ctx).Tier(cell.Plan, cell.Task); got != billing.TierQuality {
			t.Fatalf("read right after the save = %s, want quality", got)
		}
		if _, had, err := cache.SetPrice(ctx, "my-model", 1_000_000, 2_000_000); err != nil || had {
			t.Fatalf("SetPrice of a new model: had %v, err %v", had, err)
		}
		if p, ok := cache.Prices(ctx).Price("my-model"); !ok || p.OutputPerMillion != 2_000_000 {
			t.Fatalf("read right after SetPrice = %+v, %v", p, ok)
		}
		old, had, err := cache.DeletePrice(ctx, "gpt-4o")
		if err != nil || !had || old.InputPerMillion != 2_500_000 {
			t.Fatalf("DeletePrice of a default = %+v, %v, %v", old, had, err)
		}
		if _, ok := cache.Prices(ctx).Price("gpt-4o"); ok {
			t.Fatal("a deleted default price is still served right after DeletePrice")
		}

		policy, prices := cache.Policy(ctx), cache.Prices(ctx)
		reads := store.reads.Load()
		bad := []billing.Cell{{Plan: billing.PlanPaygo, Task: billing.TaskCVDraft, Tier: billing.TierFast}, {Plan: billing.PlanPaygo, Task: billing.TaskExtraction, Tier: "slow"}}
		if _, err := cache.SaveRouting(ctx, bad); err == nil {
			t.Fatal("a grid with a bad tier was saved")
		}
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := cache.SaveRouting(gone, []billing.Cell{{Plan: billing.PlanPaygo, Task: billing.TaskCVDraft, Tier: billing.TierFast}}); err == nil {
			t.Fatal("a save with a cancelled context succeeded")
		}
		if _, _, err := cache.SetPrice(gone, "my-model", 9, 9); err == nil {
			t.Fatal("SetPrice with a cancelled context succeeded")
		}
		if _, _, err := cache.DeletePrice(gone, "gpt-4o-mini"); err == nil {
			t.Fatal("DeletePrice with a cancelled context succeeded")
		}
		if cache.Policy(ctx) != policy || cache.Prices(ctx) != prices {
			t.Fatal("a failed save changed what the cache serves")
		}
		if n := store.reads.Load() - reads; n != 0 {
			t.Fatalf("%d store reads after failed saves, want 0", n)
		}
		// The store itself holds what the successful saves wrote, and
		// nothing of the failed ones.
		p, err := db.LoadPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.Tier(billing.PlanPaygo, billing.TaskCVDraft) != billing.TierQuality || p.Tier(cell.Plan, cell.Task) != billing.TierQuality {
			t.Fatalf("stored grid after the failed saves: %v", p.Cells())
		}
		pr, err := db.LoadPrices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if mp, ok := pr.Price("my-model"); !ok || mp.InputPerMillion != 1_000_000 {
			t.Fatalf("stored my-model price = %+v, %v, want the one set before the failures", mp, ok)
		}
		if _, ok := pr.Price("gpt-4o-mini"); !ok {
			t.Fatal("a failed DeletePrice deleted the price")
		}
	})
}
