package models_test

import (
	"context"
	"testing"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

func TestRoutingPolicyOverrides(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// Set twice: the second write must update the row, not conflict.
		for _, tier := range []billing.Tier{billing.TierQuality, billing.TierFast} {
			if err := db.SetTier(ctx, billing.PlanProMonthly, billing.TaskCVDraft, tier); err != nil {
				t.Fatalf("SetTier %s: %v", tier, err)
			}
		}
		if err := db.SetTier(ctx, billing.PlanFreemium, billing.TaskCoverLetter, billing.TierQuality); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "ai_routing_policy"); n != 2 {
			t.Fatalf("routing rows = %d, want 2 (one per cell set)", n)
		}
		p := billing.DefaultPolicy()
		if err := db.LoadPolicy(ctx, p); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			plan string
			task billing.Task
			want billing.Tier
		}{
			{billing.PlanProMonthly, billing.TaskCVDraft, billing.TierFast},        // overridden twice
			{billing.PlanFreemium, billing.TaskCoverLetter, billing.TierQuality},   // overridden
			{billing.PlanProAnnual, billing.TaskCVDraft, billing.TierQuality},      // default kept
			{billing.PlanProMonthly, billing.TaskCoverLetter, billing.TierQuality}, // default kept
			{billing.PlanFreemium, billing.TaskExtraction, billing.TierFast},       // default kept
			{billing.PlanPaygo, billing.TaskImageValidation, billing.TierFast},     // default kept
		}
		for _, c := range cases {
			if got := p.Tier(c.plan, c.task); got != c.want {
				t.Errorf("Tier(%s, %s) = %s, want %s", c.plan, c.task, got, c.want)
			}
		}
	})
}

func TestSetTierRefusesUnknownValues(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		cases := []struct {
			name string
			plan string
			task billing.Task
			tier billing.Tier
		}{
			{"plan", "GOLD", billing.TaskCVDraft, billing.TierFast},
			{"task", billing.PlanPaygo, "poetry", billing.TierFast},
			{"tier", billing.PlanPaygo, billing.TaskCVDraft, "premium"},
			{"empty tier", billing.PlanPaygo, billing.TaskCVDraft, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				err := db.SetTier(ctx, c.plan, c.task, c.tier)
				if apperr.Code(err) != apperr.EINVALID || len(apperr.Message(err)) < 20 {
					t.Fatalf("SetTier(%q, %q, %q) = %v, want a helpful invalid_input", c.plan, c.task, c.tier, err)
				}
			})
		}
		if n := countRows(t, db, "ai_routing_policy"); n != 0 {
			t.Fatalf("routing rows = %d after refused input, want 0", n)
		}
	})
}

func TestLoadPolicySkipsUnknownRows(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// A row written by a newer version, or by hand.
		if err := db.Gorm().Create(&models.RoutingRule{Plan: billing.PlanPaygo, Task: string(billing.TaskCVDraft), Tier: "premium"}).Error; err != nil {
			t.Fatal(err)
		}
		p := billing.DefaultPolicy()
		if err := db.LoadPolicy(ctx, p); err != nil {
			t.Fatalf("LoadPolicy with an unknown tier: %v", err)
		}
		if got := p.Tier(billing.PlanPaygo, billing.TaskCVDraft); got != billing.TierQuality {
			t.Fatalf("unknown tier replaced the default: %s", got)
		}
	})
}

func TestModelPrices(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// A new model, a changed default (twice, to exercise the upsert), a
		// deleted default, and a model added then deleted.
		steps := []func() error{
			func() error { return db.SetModelPrice(ctx, " My-Local-Model ", 0, 0) },
			func() error { return db.SetModelPrice(ctx, "gpt-4o-mini", 1, 2) },
			func() error { return db.SetModelPrice(ctx, "GPT-4o-mini", 200_000, 800_000) },
			func() error { return db.DeleteModelPrice(ctx, "gemini-2.5-pro") },
			func() error { return db.SetModelPrice(ctx, "models/temp-model", 5, 5) },
			func() error { return db.DeleteModelPrice(ctx, "temp-model") },
		}
		for i, step := range steps {
			if err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		p := billing.DefaultPrices()
		if err := db.LoadPrices(ctx, p); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			model string
			known bool
			want  billing.Price
		}{
			{"my-local-model", true, billing.Price{}},
			{"gpt-4o-mini", true, billing.Price{InputPerMillion: 200_000, OutputPerMillion: 800_000}},
			{"gemini-2.5-pro", false, billing.Price{}},
			{"temp-model", false, billing.Price{}},
			{"gemini-2.5-flash", true, billing.Price{InputPerMillion: 300_000, OutputPerMillion: 2_500_000}}, // default kept
		}
		for _, c := range cases {
			got, ok := p.Price(c.model)
			if ok != c.known || got != c.want {
				t.Errorf("Price(%s) = %+v, %v; want %+v, %v", c.model, got, ok, c.want, c.known)
			}
		}
	})
}

func TestSetModelPriceRefusesBadInput(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		cases := []struct {
			name    string
			model   string
			in, out int64
		}{
			{"empty model", "  ", 1, 1},
			{"negative input", "gpt-4o", -1, 1},
			{"negative output", "gpt-4o", 1, -5},
			{"deletion marker", "gpt-4o", -1, -1},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if err := db.SetModelPrice(ctx, c.model, c.in, c.out); apperr.Code(err) != apperr.EINVALID {
					t.Fatalf("SetModelPrice(%q, %d, %d) = %v, want invalid_input", c.model, c.in, c.out, err)
				}
			})
		}
		if err := db.DeleteModelPrice(ctx, ""); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("DeleteModelPrice(\"\") = %v, want invalid_input", err)
		}
		if n := countRows(t, db, "ai_model_prices"); n != 0 {
			t.Fatalf("price rows = %d after refused input, want 0", n)
		}
	})
}

func countRows(t *testing.T, db *models.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
