package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"tailor/models/dbtest"
	"tailor/orchestrator"
)

// An admin's routing or price change made through one instance reaches
// another instance on the same PostgreSQL without a restart.
func TestPolicyReachesOtherInstances(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	one, two := dbtest.OpenPostgresPair(t)
	policy, prices := orchestrator.DefaultPolicy(), orchestrator.DefaultPrices()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go refreshPolicy(ctx, two, policy, prices, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))

	if policy.Tier(orchestrator.PlanFreemium, orchestrator.TaskCoverLetter) != orchestrator.TierFast {
		t.Fatal("default tier is not fast")
	}
	if err := one.SetTier(ctx, orchestrator.PlanFreemium, orchestrator.TaskCoverLetter, orchestrator.TierQuality); err != nil {
		t.Fatal(err)
	}
	if err := one.SetModelPrice(ctx, "my-model", 1_000_000, 2_000_000); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for policy.Tier(orchestrator.PlanFreemium, orchestrator.TaskCoverLetter) != orchestrator.TierQuality {
		if time.Now().After(deadline) {
			t.Fatal("the other instance never saw the routing change")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for {
		if p, ok := prices.Price("my-model"); ok && p.OutputPerMillion == 2_000_000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance never saw the price")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := one.DeleteModelPrice(ctx, "my-model"); err != nil {
		t.Fatal(err)
	}
	for {
		if _, ok := prices.Price("my-model"); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance kept a deleted price")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
