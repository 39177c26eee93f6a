package orchestrator_test

// Tests of the orchestrator over the real store (models on SQLite and
// PostgreSQL): quota across instances, the database cache.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"tailor/apperr"
	"tailor/billing"
	"tailor/domain"
	"tailor/mock"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"testing"
	"time"
)

// instantProvider answers every call at once with fixed token counts: the
// provider of tests that measure the orchestrator and the database, not HTTP.
type instantProvider struct {
	in, out int
	calls   atomic.Int64
}

func (p *instantProvider) Type() string { return domain.ProviderOpenAI }

func (p *instantProvider) Generate(_ context.Context, call provider.Call) (provider.Result, error) {
	p.calls.Add(1)
	return provider.Result{Text: "answer for " + call.Prompt, InputTokens: p.in, OutputTokens: p.out}, nil
}

// TestQuotaTwoInstancesConcurrent fires 200 calls at once from two
// orchestrators, each with its own connection pool on one PostgreSQL,
// against a daily limit of 37: exactly 37 may pass, whatever the timing.
func TestQuotaTwoInstancesConcurrent(t *testing.T) {
	const calls, limit = 200, 37
	dbA, dbB := dbtest.OpenPostgresPair(t)
	ctx := context.Background()
	u, err := dbA.CreateUser(ctx, "race@example.com", "Race", "password1", models.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.SetPlanLimit(t, dbA, billing.PlanFreemium, limit, 0, 0)
	prices := billing.DefaultPrices()
	cost, _ := prices.Cost("gpt-4o-mini", 120, 30)

	type instance struct {
		o  *orchestrator.Orchestrator
		uw *billing.UsageWriter
		p  *instantProvider
	}
	var insts []instance
	for _, db := range []*models.DB{dbA, dbB} {
		p := &instantProvider{in: 120, out: 30}
		uw := billing.NewUsageWriter(db, nil, 50, 20*time.Millisecond)
		o := orchestrator.New(orchestrator.Options{
			Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
			Plans: db, Quota: db, Usage: uw, PolicySource: billing.FixedSource(nil, prices),
		})
		insts = append(insts, instance{o: o, uw: uw, p: p})
	}

	start := make(chan struct{})
	var wg sync.WaitGroup
	var ok, refused atomic.Int64
	others := make(chan error, calls)
	for i := 0; i < calls; i++ {
		inst := insts[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := inst.o.Generate(ctx, orchestrator.Request{UserID: u.ID, Task: billing.TaskExtraction,
				Prompt: fmt.Sprintf("posting %d", i), CacheScope: orchestrator.CacheNone})
			switch {
			case err == nil:
				ok.Add(1)
			case apperr.Code(err) == apperr.EQUOTA:
				refused.Add(1)
			default:
				others <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(others)
	for err := range others {
		t.Errorf("unexpected error: %v", err)
	}
	for _, inst := range insts {
		inst.uw.Close()
	}
	if ok.Load() != limit || refused.Load() != calls-limit {
		t.Fatalf("%d succeeded and %d were refused; want %d and %d", ok.Load(), refused.Load(), limit, calls-limit)
	}
	if got := insts[0].p.calls.Load() + insts[1].p.calls.Load(); got != limit {
		t.Fatalf("providers were called %d times, want %d", got, limit)
	}
	if insts[0].p.calls.Load() == 0 || insts[1].p.calls.Load() == 0 {
		t.Logf("one instance served every call (%d/%d): the limit held, but the race was one-sided",
			insts[0].p.calls.Load(), insts[1].p.calls.Load())
	}

	var rows []struct {
		Status string
		N      int64
		Cost   int64
	}
	if err := dbA.Gorm().Model(&models.UsageLog{}).Select("status, count(*) AS n, sum(cost_micros) AS cost").
		Where("user_id = ?", u.ID).Group("status").Order("status").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int64{}
	for _, r := range rows {
		got[r.Status] = [2]int64{r.N, r.Cost}
	}
	want := map[string][2]int64{
		billing.StatusSuccess:       {limit, limit * cost},
		billing.StatusQuotaExceeded: {calls - limit, 0},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("usage rows by status = %v, want %v", got, want)
	}
	dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, dbB, u.ID), limit, 0, limit*150, 0, limit*cost, 0)
	var open int64
	if err := dbB.Gorm().Model(&models.QuotaReservation{}).Count(&open).Error; err != nil || open != 0 {
		t.Fatalf("open reservations = %d (%v), want 0", open, err)
	}
}

// TestCacheThroughGenerate runs the database cache under the orchestrator:
// the second identical call is free and logged as a cache hit with what it
// saved; Force and the user scope go to the provider; the shared scope
// crosses users.
func TestCacheThroughGenerate(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		alice, err := db.CreateUser(ctx, "alice@example.com", "Alice", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		bob, err := db.CreateUser(ctx, "bob@example.com", "Bob", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		p := &instantProvider{in: 2000, out: 500}
		prices := billing.DefaultPrices()
		wantCost, known := prices.Cost("gpt-4o-mini", 2000, 500)
		if !known || wantCost == 0 {
			t.Fatalf("gpt-4o-mini has no price (%d, %v)", wantCost, known)
		}
		uw := billing.NewUsageWriter(db, nil, 100, 10*time.Millisecond)
		o := orchestrator.New(orchestrator.Options{
			Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
			Plans: db, Quota: db, Usage: uw, PolicySource: billing.FixedSource(nil, prices), Cache: db.NewCache(slog.Default()),
		})
		req := func(user uint, prompt string, scope orchestrator.CacheScope, force bool) orchestrator.Request {
			return orchestrator.Request{UserID: user, Task: billing.TaskExtraction, System: "Extract the job.",
				Prompt: prompt, CacheScope: scope, Force: force}
		}

		steps := []struct {
			name      string
			req       orchestrator.Request
			wantHit   bool
			wantCalls int64
		}{
			{"first call pays", req(alice.ID, "posting A", orchestrator.CacheUser, false), false, 1},
			{"same call is a hit", req(alice.ID, "posting A", orchestrator.CacheUser, false), true, 1},
			{"force bypasses", req(alice.ID, "posting A", orchestrator.CacheUser, true), false, 2},
			{"after force still a hit", req(alice.ID, "posting A", orchestrator.CacheUser, false), true, 2},
			{"another prompt misses", req(alice.ID, "posting B", orchestrator.CacheUser, false), false, 3},
			{"user scope does not leak to bob", req(bob.ID, "posting A", orchestrator.CacheUser, false), false, 4},
			{"shared first call pays", req(alice.ID, "public posting", orchestrator.CacheShared, false), false, 5},
			{"shared answer crosses users", req(bob.ID, "public posting", orchestrator.CacheShared, false), true, 5},
			{"shared answer is not a user answer", req(bob.ID, "public posting", orchestrator.CacheUser, false), false, 6},
			{"cache none always pays", req(alice.ID, "posting A", orchestrator.CacheNone, false), false, 7},
		}
		var hits []string
		for _, s := range steps {
			resp, err := o.Generate(ctx, s.req)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if resp.CacheHit != s.wantHit || p.calls.Load() != s.wantCalls {
				t.Fatalf("%s: cache hit %v, provider calls %d; want %v, %d", s.name, resp.CacheHit, p.calls.Load(), s.wantHit, s.wantCalls)
			}
			if resp.Text != "answer for "+s.req.Prompt {
				t.Fatalf("%s: text %q", s.name, resp.Text)
			}
			if s.wantHit {
				if resp.CostMicros != 0 || resp.Attempts != 0 {
					t.Fatalf("%s: a cache hit cost %d in %d attempts", s.name, resp.CostMicros, resp.Attempts)
				}
				hits = append(hits, resp.RequestID)
			} else if resp.CostMicros != wantCost {
				t.Fatalf("%s: cost %d, want %d", s.name, resp.CostMicros, wantCost)
			}
		}
		uw.Close()

		rows, err := db.ListUsage(ctx, models.UsageFilter{Status: billing.StatusCacheHit})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(hits) {
			t.Fatalf("%d cache_hit rows, want %d", len(rows), len(hits))
		}
		for _, r := range rows {
			if !r.CacheHit || r.CostMicros != 0 || r.CostSavedMicros != wantCost || r.InputTokens != 0 ||
				r.ModelName != "gpt-4o-mini" || r.ProviderType != domain.ProviderOpenAI {
				t.Fatalf("cache_hit row = %+v; want cost 0, saved %d", r, wantCost)
			}
		}
		success, err := db.ListUsage(ctx, models.UsageFilter{Status: billing.StatusSuccess})
		if err != nil {
			t.Fatal(err)
		}
		if len(success) != 7 {
			t.Fatalf("%d success rows, want 7", len(success))
		}
		// Cache hits used no quota: Alice's tokens are her five paid calls.
		if u := dbtest.QuotaUsage(t, db, alice.ID); u.DayRequests != 5 || u.Tokens != 5*2500 {
			t.Fatalf("alice's quota = %+v; want 5 requests, %d tokens", u, 5*2500)
		}
	})
}

// BenchmarkCacheHitPostgres is a repeated request answered from the
// database cache, through Generate, with the usage row written: the target
// is well under 20 ms.
func BenchmarkCacheHitPostgres(b *testing.B) {
	db := dbtest.Open(b, "postgres")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	uw := billing.NewUsageWriter(db, log, 0, 0)
	defer uw.Close()
	o := orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: &instantProvider{in: 900, out: 100}, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans: mock.Plans{}, Usage: uw, Cache: db.NewCache(log), Logger: log,
	})
	req := orchestrator.Request{UserID: 1, Task: billing.TaskExtraction, Prompt: "the same posting", CacheScope: orchestrator.CacheShared}
	ctx := context.Background()
	if _, err := o.Generate(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		r, err := o.Generate(ctx, req)
		if err != nil || !r.CacheHit {
			b.Fatalf("cache hit = %v, %v", r.CacheHit, err)
		}
	}
}

// BenchmarkUsageWriterRows measures how many usage rows per second the
// batching writer stores into PostgreSQL, Close (the final flush) included,
// and checks none was lost.
func BenchmarkUsageWriterRows(b *testing.B) {
	db := dbtest.Open(b, "postgres")
	ctx := context.Background()
	uw := billing.NewUsageWriter(db, nil, 0, 0)
	cfgID := uint(3)
	row := billing.Usage{UserID: 42, ProviderConfigID: &cfgID, ProviderType: domain.ProviderGemini,
		ModelName: "gemini-2.5-flash", TaskType: string(billing.TaskCVDraft), Plan: billing.PlanPaygo,
		InputTokens: 5200, OutputTokens: 900, TotalTokens: 6100, CostMicros: 3810, Status: billing.StatusSuccess,
		LatencyMS: 2400, Attempt: 1, RequestID: "0123456789abcdef01234567"}
	written := 0
	start := time.Now()
	for b.Loop() {
		row.CreatedAt = time.Now()
		uw.Write(row)
		written++
	}
	uw.Close()
	elapsed := time.Since(start)
	b.ReportMetric(float64(written)/elapsed.Seconds(), "rows/s")
	var n int64
	if err := db.Gorm().WithContext(ctx).Model(&models.UsageLog{}).Count(&n).Error; err != nil {
		b.Fatal(err)
	}
	if n != int64(written) {
		b.Fatalf("%d rows stored, %d written", n, written)
	}
}
