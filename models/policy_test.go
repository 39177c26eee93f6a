package models_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

func TestRoutingPolicyOverrides(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// Changed, changed back (the second write must update the row, not
		// conflict), and a grid of several cells at once.
		steps := []struct {
			cells []billing.Cell
			want  []models.TierChange
		}{
			{[]billing.Cell{{Plan: billing.PlanProMonthly, Task: billing.TaskCVDraft, Tier: billing.TierFast}},
				[]models.TierChange{{Plan: billing.PlanProMonthly, Task: billing.TaskCVDraft, From: billing.TierQuality, To: billing.TierFast}}},
			{[]billing.Cell{{Plan: billing.PlanProMonthly, Task: billing.TaskCVDraft, Tier: billing.TierQuality}},
				[]models.TierChange{{Plan: billing.PlanProMonthly, Task: billing.TaskCVDraft, From: billing.TierFast, To: billing.TierQuality}}},
			{[]billing.Cell{
				{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, Tier: billing.TierQuality},
				{Plan: billing.PlanFreemium, Task: billing.TaskExtraction, Tier: billing.TierFast}, // as it is: not written
				{Plan: billing.PlanPaygo, Task: billing.TaskCVDraft, Tier: billing.TierFast},
			}, []models.TierChange{
				{Plan: billing.PlanFreemium, Task: billing.TaskCoverLetter, From: billing.TierFast, To: billing.TierQuality},
				{Plan: billing.PlanPaygo, Task: billing.TaskCVDraft, From: billing.TierQuality, To: billing.TierFast},
			}},
			{billing.DefaultPolicy().Cells()[:2], nil}, // nothing differs
		}
		for i, s := range steps {
			got, err := db.SaveRouting(ctx, s.cells)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Fatalf("step %d changed %+v, want %+v", i, got, s.want)
			}
		}
		if n := countRows(t, db, "ai_routing_policy"); n != 3 {
			t.Fatalf("routing rows = %d, want 3 (one per cell ever changed)", n)
		}
		p, err := db.LoadPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			plan string
			task billing.Task
			want billing.Tier
		}{
			{billing.PlanProMonthly, billing.TaskCVDraft, billing.TierQuality},     // changed and back
			{billing.PlanFreemium, billing.TaskCoverLetter, billing.TierQuality},   // overridden
			{billing.PlanPaygo, billing.TaskCVDraft, billing.TierFast},             // overridden
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

func TestSaveRoutingRefusesUnknownValues(t *testing.T) {
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
				// A valid change first: the bad cell must stop it too.
				grid := []billing.Cell{{Plan: billing.PlanFreemium, Task: billing.TaskCVDraft, Tier: billing.TierQuality},
					{Plan: c.plan, Task: c.task, Tier: c.tier}}
				_, err := db.SaveRouting(ctx, grid)
				if apperr.Code(err) != apperr.EINVALID || len(apperr.Message(err)) < 20 {
					t.Fatalf("SaveRouting(%q, %q, %q) = %v, want a helpful invalid_input", c.plan, c.task, c.tier, err)
				}
			})
		}
		if n := countRows(t, db, "ai_routing_policy"); n != 0 {
			t.Fatalf("routing rows = %d after refused input, want 0", n)
		}
	})
}

// A grid save is one transaction: when the database fails on its third
// row, the two rows written before it (the second an update of an
// existing row) are rolled back.
func TestSaveRoutingFailingMidwayChangesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		if _, err := db.SaveRouting(ctx, []billing.Cell{{Plan: billing.PlanFreemium, Task: billing.TaskImageValidation, Tier: billing.TierQuality}}); err != nil {
			t.Fatal(err)
		}
		before, err := db.LoadPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var writes atomic.Int64
		injected := errors.New("injected: the database went away")
		if err := db.Gorm().Callback().Create().Before("gorm:create").Register("test:fail_third_rule", func(tx *gorm.DB) {
			if tx.Statement.Table == "ai_routing_policy" && writes.Add(1) == 3 {
				tx.AddError(injected)
			}
		}); err != nil {
			t.Fatal(err)
		}
		// Every cell flipped: 16 changes, the third one fails.
		var grid []billing.Cell
		for _, c := range before.Cells() {
			c.Tier = map[billing.Tier]billing.Tier{billing.TierFast: billing.TierQuality, billing.TierQuality: billing.TierFast}[c.Tier]
			grid = append(grid, c)
		}
		if _, err := db.SaveRouting(ctx, grid); !errors.Is(err, injected) {
			t.Fatalf("SaveRouting = %v, want the injected failure", err)
		}
		if writes.Load() != 3 {
			t.Fatalf("%d rows attempted, want the save to stop at the third", writes.Load())
		}
		after, err := db.LoadPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(after.Cells(), before.Cells()) {
			t.Fatalf("a failed save changed the policy:\nbefore %v\nafter  %v", before.Cells(), after.Cells())
		}
		if n := countRows(t, db, "ai_routing_policy"); n != 1 {
			t.Fatalf("routing rows = %d after a failed save, want the 1 from before", n)
		}
		// Once the database is back the same grid saves whole.
		if err := db.Gorm().Callback().Create().Remove("test:fail_third_rule"); err != nil {
			t.Fatal(err)
		}
		changes, err := db.SaveRouting(ctx, grid)
		if err != nil || len(changes) != len(grid) {
			t.Fatalf("retry: %d changes, %v; want %d", len(changes), err, len(grid))
		}
	})
}

func TestLoadPolicySkipsUnknownRows(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			var logs bytes.Buffer
			db := dbtest.OpenLogged(t, dialect, slog.New(slog.NewTextHandler(&logs, nil)))
			ctx := context.Background()
			// A row written by a newer version, or by hand.
			if err := db.Gorm().Create(&models.RoutingRule{Plan: billing.PlanPaygo, Task: string(billing.TaskCVDraft), Tier: "premium"}).Error; err != nil {
				t.Fatal(err)
			}
			for range 3 { // the policy is re-read every few seconds
				p, err := db.LoadPolicy(ctx)
				if err != nil {
					t.Fatalf("LoadPolicy with an unknown tier: %v", err)
				}
				if got := p.Tier(billing.PlanPaygo, billing.TaskCVDraft); got != billing.TierQuality {
					t.Fatalf("unknown tier replaced the default: %s", got)
				}
			}
			if n := strings.Count(logs.String(), "routing rule ignored"); n != 1 {
				t.Fatalf("the bad row was reported %d times in 3 reads, want once:\n%s", n, logs.String())
			}
		})
	}
}

func TestModelPrices(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// A new model, a changed default (twice, to exercise the upsert), a
		// deleted default, and a model added then deleted.
		// Each step returns the price it replaced, for the audit log.
		type result struct {
			old billing.Price
			had bool
		}
		steps := []struct {
			do   func() (billing.Price, bool, error)
			want result
		}{
			{func() (billing.Price, bool, error) { return db.SetModelPrice(ctx, " My-Local-Model ", 0, 0) }, result{}},
			{func() (billing.Price, bool, error) { return db.SetModelPrice(ctx, "gpt-4o-mini", 1, 2) },
				result{billing.Price{InputPerMillion: 150_000, OutputPerMillion: 600_000}, true}}, // the default
			{func() (billing.Price, bool, error) { return db.SetModelPrice(ctx, "GPT-4o-mini", 200_000, 800_000) },
				result{billing.Price{InputPerMillion: 1, OutputPerMillion: 2}, true}},
			{func() (billing.Price, bool, error) { return db.DeleteModelPrice(ctx, "gemini-2.5-pro") },
				result{billing.Price{InputPerMillion: 1_250_000, OutputPerMillion: 10_000_000}, true}},
			{func() (billing.Price, bool, error) { return db.SetModelPrice(ctx, "models/temp-model", 5, 5) }, result{}},
			{func() (billing.Price, bool, error) { return db.DeleteModelPrice(ctx, "temp-model") },
				result{billing.Price{InputPerMillion: 5, OutputPerMillion: 5}, true}},
			{func() (billing.Price, bool, error) { return db.DeleteModelPrice(ctx, "temp-model") }, result{}},
		}
		for i, step := range steps {
			old, had, err := step.do()
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if (result{old, had}) != step.want {
				t.Errorf("step %d replaced %+v, %v; want %+v, %v", i, old, had, step.want.old, step.want.had)
			}
		}
		p, err := db.LoadPrices(ctx)
		if err != nil {
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
				if _, _, err := db.SetModelPrice(ctx, c.model, c.in, c.out); apperr.Code(err) != apperr.EINVALID {
					t.Fatalf("SetModelPrice(%q, %d, %d) = %v, want invalid_input", c.model, c.in, c.out, err)
				}
			})
		}
		if _, _, err := db.DeleteModelPrice(ctx, ""); apperr.Code(err) != apperr.EINVALID {
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
