package orchestrator_test

// Routing and pricing through a billing.PolicyCache over the real store.

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// modelProvider answers every call and remembers the model it was asked for.
type modelProvider struct {
	mu    sync.Mutex
	model string
}

func (p *modelProvider) Type() string { return domain.ProviderOpenAI }

func (p *modelProvider) Generate(_ context.Context, call provider.Call) (provider.Result, error) {
	p.mu.Lock()
	p.model = call.Model
	p.mu.Unlock()
	return provider.Result{Text: "ok", InputTokens: 1000, OutputTokens: 1000}, nil
}

func (p *modelProvider) last() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.model
}

type freemium struct{}

func (freemium) UserPlan(context.Context, uint) (string, error) { return billing.PlanFreemium, nil }

// Generate routes and prices each call with what the source holds: a
// change saved here applies to the next call after Invalidate, and with
// the database gone calls keep the last tables read instead of failing.
func TestGenerateReadsPolicySource(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		policy := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, Logger: log, TTL: time.Hour})
		p := &modelProvider{}
		o := orchestrator.New(orchestrator.Options{
			Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
			Plans: freemium{}, PolicySource: policy, Logger: log,
		})
		call := func() orchestrator.Response {
			t.Helper()
			r, err := o.Generate(ctx, orchestrator.Request{UserID: 1, Task: billing.TaskCoverLetter, Prompt: "write"})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			return r
		}
		if r := call(); r.Model != "gpt-4o-mini" || r.CostMicros != 750 { // 150 + 600
			t.Fatalf("default routing: %s at %d micro-USD, want gpt-4o-mini at 750", r.Model, r.CostMicros)
		}
		if _, err := db.SaveRouting(ctx, []billing.Cell{{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, Tier: billing.TierQuality}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SetModelPrice(ctx, "gpt-4o", 1_000_000, 3_000_000); err != nil {
			t.Fatal(err)
		}
		if r := call(); r.Model != "gpt-4o-mini" {
			t.Fatalf("the call read the store within the TTL: %s", r.Model)
		}
		policy.Invalidate()
		if r := call(); r.Model != "gpt-4o" || p.last() != "gpt-4o" || r.CostMicros != 4000 || r.CostUnknown {
			t.Fatalf("after Invalidate: %s at %d micro-USD (unknown %v), want gpt-4o at 4000", r.Model, r.CostMicros, r.CostUnknown)
		}

		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		policy.Invalidate()
		if r := call(); r.Model != "gpt-4o" || r.CostMicros != 4000 {
			t.Fatalf("with the database down: %s at %d micro-USD, want the last tables (gpt-4o at 4000)", r.Model, r.CostMicros)
		}
	})
}
