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

// An admin's routing or price change saved through one instance holds at
// once there and reaches another instance on the same PostgreSQL within
// the policy cache's TTL, without a restart.
func TestPolicyReachesOtherInstances(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	one, two := dbtest.OpenPostgresPair(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	here, there := newPolicySource(one, log), newPolicySource(two, log)
	ctx := context.Background()

	// Both instances have read the tables, so both have them cached.
	for _, src := range []*billing.PolicyCache{here, there} {
		if src.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierFast {
			t.Fatal("default tier is not fast")
		}
		if _, ok := src.Prices(ctx).Price("my-model"); ok {
			t.Fatal("an unknown model has a price")
		}
	}
	// What the routing page does: save in one transaction, invalidate.
	if _, err := one.SaveRouting(ctx, []billing.Cell{{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, Tier: billing.TierQuality}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := one.SetModelPrice(ctx, "my-model", 1_000_000, 2_000_000); err != nil {
		t.Fatal(err)
	}
	saved := time.Now()
	here.Invalidate()
	if here.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) != billing.TierQuality {
		t.Fatal("the saving instance did not see its routing change at once")
	}
	if _, ok := here.Prices(ctx).Price("my-model"); !ok {
		t.Fatal("the saving instance did not see its price at once")
	}

	deadline := saved.Add(billing.DefaultPolicyTTL + time.Second)
	waitFor := func(what string, ok func() bool) time.Duration {
		t.Helper()
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("the other instance did not see the %s within %v", what, billing.DefaultPolicyTTL+time.Second)
			}
			time.Sleep(10 * time.Millisecond)
		}
		return time.Since(saved)
	}
	took := waitFor("routing change", func() bool {
		return there.Policy(ctx).Tier(billing.PlanFreemium, billing.TaskCoverLetter) == billing.TierQuality
	})
	waitFor("price", func() bool {
		p, ok := there.Prices(ctx).Price("my-model")
		return ok && p.OutputPerMillion == 2_000_000
	})
	t.Logf("the routing change reached the other instance after %v", took.Round(time.Millisecond))

	if _, _, err := one.DeleteModelPrice(ctx, "my-model"); err != nil {
		t.Fatal(err)
	}
	saved, deadline = time.Now(), time.Now().Add(billing.DefaultPolicyTTL+time.Second)
	here.Invalidate()
	if _, ok := here.Prices(ctx).Price("my-model"); ok {
		t.Fatal("the saving instance kept a deleted price")
	}
	took = waitFor("deletion", func() bool {
		_, ok := there.Prices(ctx).Price("my-model")
		return !ok
	})
	t.Logf("the deletion reached the other instance after %v", took.Round(time.Millisecond))
}
