package models_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"tailor/models/dbtest"
	"tailor/orchestrator"
)

// BenchmarkCacheHitPostgres is a repeated request answered from the
// database cache, through Generate, with the usage row written: the target
// is well under 20 ms.
func BenchmarkCacheHitPostgres(b *testing.B) {
	db := dbtest.Open(b, "postgres")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	uw := orchestrator.NewUsageWriter(db, log, 0, 0)
	defer uw.Close()
	o := orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: &instantProvider{in: 900, out: 100}, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans: staticPlan(orchestrator.PlanFreemium), Usage: uw, Cache: db.NewCache(log), Logger: log,
	})
	req := orchestrator.Request{UserID: 1, Task: orchestrator.TaskExtraction, Prompt: "the same posting", CacheScope: orchestrator.CacheShared}
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

// staticPlan gives every user the same plan.
type staticPlan string

func (s staticPlan) UserPlan(context.Context, uint) (string, error) { return string(s), nil }
