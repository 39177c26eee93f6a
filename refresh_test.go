package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"tailor/billing"
	"tailor/models/dbtest"
)

// An admin's routing or price change made through one instance reaches
// another instance on the same PostgreSQL without a restart.
func TestPolicyReachesOtherInstances(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	one, two := dbtest.OpenPostgresPair(t)
	policy, prices := billing.DefaultPolicy(), billing.DefaultPrices()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go refreshPolicy(ctx, two, policy, prices, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))

	if policy.Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierFast {
		t.Fatal("default tier is not fast")
	}
	if err := one.SetTier(ctx, billing.PlanFreemium, billing.TaskCoverLetter, billing.TierQuality); err != nil {
		t.Fatal(err)
	}
	if err := one.SetModelPrice(ctx, "my-model", 1_000_000, 2_000_000); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for policy.Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierQuality {
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
