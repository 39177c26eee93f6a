package models_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/billing"
	"tailor/mock"
	"tailor/models"
	"tailor/models/dbtest"
)

// wantQuotaError checks err is an EQUOTA *apperr.Error refilling at resets.
func wantQuotaError(t testing.TB, err error, resets time.Time) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.EQUOTA {
		t.Fatalf("err = %v, want an EQUOTA *apperr.Error", err)
	}
	if !ae.ResetsAt.Equal(resets) {
		t.Fatalf("ResetsAt = %v, want %v", ae.ResetsAt, resets)
	}
	if ae.Message == "" {
		t.Fatal("EQUOTA error without a message for the person")
	}
}

func TestQuotaReserveSettleRelease(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := mock.NewClock(time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC))
		q := db.WithClock(clk.Now)
		dbtest.SetPlanLimit(t, q, billing.PlanFreemium, 10, 1000, 500)
		const user = 7

		r, err := q.Reserve(ctx, user, billing.PlanFreemium, 300, 90)
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == "" || r.UserID != user || r.Tokens != 300 || r.CostMicros != 90 {
			t.Fatalf("reservation = %+v", r)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 0, 1, 0, 300, 0, 90)

		// Settle replaces the estimate by the actual use.
		if err := q.Settle(ctx, r, 120, 40); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 0, 120, 0, 40, 0)

		// Release gives the whole reservation back.
		r2, err := q.Reserve(ctx, user, billing.PlanFreemium, 200, 60)
		if err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 1, 120, 200, 40, 60)
		if err := q.Release(ctx, r2); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 0, 120, 0, 40, 0)

		// A refused call holds nothing.
		_, err = q.Reserve(ctx, user, billing.PlanFreemium, 881, 1)
		wantQuotaError(t, err, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 0, 120, 0, 40, 0)
		var open int64
		if err := db.Gorm().Model(&models.QuotaReservation{}).Count(&open).Error; err != nil || open != 0 {
			t.Fatalf("open reservations = %d (%v), want 0", open, err)
		}

		// Releasing twice, or a reservation that never was, changes nothing.
		if err := q.Release(ctx, r2); err != nil {
			t.Fatal(err)
		}
		if err := q.Release(ctx, billing.Reservation{ID: "nope", UserID: user}); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 0, 120, 0, 40, 0)

		// Another user's quota is untouched.
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user+1), 0, 0, 0, 0, 0, 0)
	})
}

func TestQuotaLimits(t *testing.T) {
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	tomorrow := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	nextMonth := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	type use struct{ tokens, cost int64 }
	cases := []struct {
		name                 string
		now                  time.Time
		daily                int
		tokens, cost         int64
		settled              []use // calls already made and settled
		open                 []use // calls in flight
		tryTokens, tryCost   int64
		wantRefused          bool
		wantResets           time.Time
		thenTokens, thenCost int64 // a smaller call that fits after a refusal (-1: none)
	}{
		{name: "daily requests admit the last one", daily: 3, settled: []use{{1, 1}, {1, 1}},
			tryTokens: 1, tryCost: 1, thenTokens: -1},
		{name: "daily requests refuse past the limit", daily: 3, settled: []use{{1, 1}, {1, 1}, {1, 1}},
			tryTokens: 1, tryCost: 1, wantRefused: true, wantResets: tomorrow, thenTokens: -1},
		{name: "calls in flight count against the daily limit", daily: 2, open: []use{{1, 1}, {1, 1}},
			tryTokens: 1, tryCost: 1, wantRefused: true, wantResets: tomorrow, thenTokens: -1},
		{name: "daily limit on the last day of the year resets on new year", now: time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC),
			daily: 1, settled: []use{{1, 1}}, tryTokens: 1, tryCost: 1, wantRefused: true,
			wantResets: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), thenTokens: -1},
		{name: "monthly tokens refuse one token past the limit", tokens: 1000, settled: []use{{900, 0}},
			tryTokens: 101, wantRefused: true, wantResets: nextMonth, thenTokens: 100},
		{name: "monthly tokens count reservations in flight", tokens: 1000, open: []use{{600, 0}},
			tryTokens: 401, wantRefused: true, wantResets: nextMonth, thenTokens: 400},
		{name: "monthly cost refuses past the budget", cost: 500, settled: []use{{10, 450}},
			tryTokens: 10, tryCost: 51, wantRefused: true, wantResets: nextMonth, thenTokens: 10, thenCost: 50},
		{name: "monthly cost counts reservations in flight", cost: 500, open: []use{{10, 300}},
			tryTokens: 10, tryCost: 201, wantRefused: true, wantResets: nextMonth, thenTokens: 10, thenCost: 200},
		{name: "zero is unlimited", settled: []use{{1 << 40, 1 << 40}, {5, 5}, {5, 5}},
			tryTokens: 1 << 40, tryCost: 1 << 40, thenTokens: -1},
		{name: "limits above 32 bits", daily: 100_000, tokens: 10_000_000_000, cost: 5_000_000_000,
			settled: []use{{9_000_000_000, 4_000_000_000}}, tryTokens: 1_000_000_000, tryCost: 1_000_000_000, thenTokens: -1},
		{name: "limits above 32 bits refuse", tokens: 10_000_000_000, cost: 5_000_000_000,
			settled: []use{{9_000_000_000, 4_000_000_000}}, tryTokens: 10, tryCost: 1_000_000_001, wantRefused: true,
			wantResets: nextMonth, thenTokens: 10, thenCost: 1_000_000_000},
	}
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				start := tc.now
				if start.IsZero() {
					start = now
				}
				clk := mock.NewClock(start)
				q := db.WithClock(clk.Now)
				plan := billing.PlanPaygo
				dbtest.SetPlanLimit(t, q, plan, tc.daily, tc.tokens, tc.cost)
				user := uint(100 + i)
				var wantTokens, wantCost, resTokens, resCost int64
				for _, u := range tc.settled {
					r, err := q.Reserve(ctx, user, plan, 1, 0)
					if err != nil {
						t.Fatalf("setup reserve: %v", err)
					}
					if err := q.Settle(ctx, r, int(u.tokens), u.cost); err != nil {
						t.Fatal(err)
					}
					wantTokens, wantCost = wantTokens+u.tokens, wantCost+u.cost
				}
				for _, u := range tc.open {
					if _, err := q.Reserve(ctx, user, plan, int(u.tokens), u.cost); err != nil {
						t.Fatalf("setup reserve: %v", err)
					}
					resTokens, resCost = resTokens+u.tokens, resCost+u.cost
				}
				before := dbtest.QuotaUsage(t, q, user)
				dbtest.WantQuotaUsage(t, before, len(tc.settled), len(tc.open), wantTokens, resTokens, wantCost, resCost)

				_, err := q.Reserve(ctx, user, plan, int(tc.tryTokens), tc.tryCost)
				if !tc.wantRefused {
					if err != nil {
						t.Fatalf("Reserve refused: %v", err)
					}
					dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), len(tc.settled), len(tc.open)+1, wantTokens,
						resTokens+tc.tryTokens, wantCost, resCost+tc.tryCost)
					return
				}
				wantQuotaError(t, err, tc.wantResets)
				dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), len(tc.settled), len(tc.open), wantTokens, resTokens, wantCost, resCost)
				if tc.thenTokens >= 0 {
					if _, err := q.Reserve(ctx, user, plan, int(tc.thenTokens), tc.thenCost); err != nil {
						t.Fatalf("a call that fits exactly was refused: %v", err)
					}
				}
			})
		}
	})
}

// TestQuotaRollover moves the clock over a UTC day and a UTC month:
// requests refill each day, tokens each month.
func TestQuotaRollover(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := mock.NewClock(time.Date(2026, 1, 31, 23, 58, 0, 0, time.UTC))
		q := db.WithClock(clk.Now)
		dbtest.SetPlanLimit(t, q, billing.PlanFreemium, 2, 1000, 0)
		const user = 9
		for i := 0; i < 2; i++ {
			r, err := q.Reserve(ctx, user, billing.PlanFreemium, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Settle(ctx, r, 400, 0); err != nil {
				t.Fatal(err)
			}
		}
		_, err := q.Reserve(ctx, user, billing.PlanFreemium, 1, 0)
		wantQuotaError(t, err, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))

		// The next UTC day (and month): requests and tokens refill.
		clk.Set(time.Date(2026, 2, 1, 0, 0, 1, 0, time.UTC))
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 0, 0, 0, 0, 0, 0)
		r, err := q.Reserve(ctx, user, billing.PlanFreemium, 900, 0)
		if err != nil {
			t.Fatalf("a new day still refused: %v", err)
		}
		if err := q.Settle(ctx, r, 900, 0); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 0, 900, 0, 0, 0)

		// A new day inside the month refills requests, not tokens.
		r, err = q.Reserve(ctx, user, billing.PlanFreemium, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Settle(ctx, r, 50, 0); err != nil {
			t.Fatal(err)
		}
		_, err = q.Reserve(ctx, user, billing.PlanFreemium, 1, 0)
		wantQuotaError(t, err, time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC))
		clk.Set(time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC))
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 0, 0, 950, 0, 0, 0)
		_, err = q.Reserve(ctx, user, billing.PlanFreemium, 51, 0)
		wantQuotaError(t, err, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		if _, err := q.Reserve(ctx, user, billing.PlanFreemium, 50, 0); err != nil {
			t.Fatalf("the last 50 tokens of the month were refused: %v", err)
		}
	})
}

func TestQuotaExpireReservations(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := mock.NewClock(time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC))
		q := db.WithClock(clk.Now)
		dbtest.SetPlanLimit(t, q, billing.PlanFreemium, 2, 0, 0)
		const user = 11

		abandoned, err := q.Reserve(ctx, user, billing.PlanFreemium, 500, 70)
		if err != nil {
			t.Fatal(err)
		}
		crashed, err := q.Reserve(ctx, user, billing.PlanFreemium, 300, 30)
		if err != nil {
			t.Fatal(err)
		}
		_, err = q.Reserve(ctx, user, billing.PlanFreemium, 1, 0)
		wantQuotaError(t, err, time.Date(2026, 5, 21, 0, 0, 0, 0, time.UTC))

		// Nothing is old enough yet.
		if n, err := q.ExpireReservations(ctx); err != nil || n != 0 {
			t.Fatalf("ExpireReservations = %d, %v; want 0", n, err)
		}
		clk.Advance(16 * time.Minute)
		fresh, err := q.Reserve(ctx, user, billing.PlanFreemium, 5, 0)
		if err == nil {
			t.Fatalf("reserved %+v while two calls hold the whole daily quota", fresh)
		}
		n, err := q.ExpireReservations(ctx)
		if err != nil || n != 2 {
			t.Fatalf("ExpireReservations = %d, %v; want 2", n, err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 0, 0, 0, 0, 0, 0)
		if n, err := q.ExpireReservations(ctx); err != nil || n != 0 {
			t.Fatalf("second ExpireReservations = %d, %v; want 0", n, err)
		}

		// A new reservation is not expired with the old ones.
		fresh, err = q.Reserve(ctx, user, billing.PlanFreemium, 5, 1)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := q.ExpireReservations(ctx); err != nil || n != 0 {
			t.Fatalf("ExpireReservations took a fresh reservation: %d, %v", n, err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 0, 1, 0, 5, 0, 1)

		// A call that finishes after its reservation expired still counts;
		// one that fails after expiry gives back nothing twice.
		if err := q.Settle(ctx, crashed, 250, 25); err != nil {
			t.Fatal(err)
		}
		if err := q.Release(ctx, abandoned); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 1, 1, 250, 5, 25, 1)
		if err := q.Settle(ctx, fresh, 4, 1); err != nil {
			t.Fatal(err)
		}
		dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, q, user), 2, 0, 254, 0, 26, 0)
	})
}

func TestSetPlanLimit(t *testing.T) {
	cases := []struct {
		name     string
		limit    models.PlanLimit
		wantCode string
	}{
		{"valid", models.PlanLimit{Plan: billing.PlanFreemium, DailyRequests: 20, MonthlyTokens: 200_000, MonthlyCostMicros: 1_000_000}, ""},
		{"all unlimited", models.PlanLimit{Plan: billing.PlanProAnnual}, ""},
		{"unknown plan", models.PlanLimit{Plan: "GOLD", DailyRequests: 1}, apperr.ENOTFOUND},
		{"lower-case plan", models.PlanLimit{Plan: "freemium", DailyRequests: 1}, apperr.ENOTFOUND},
		{"negative requests", models.PlanLimit{Plan: billing.PlanPaygo, DailyRequests: -1}, apperr.EINVALID},
		{"negative tokens", models.PlanLimit{Plan: billing.PlanPaygo, MonthlyTokens: -5}, apperr.EINVALID},
		{"negative cost", models.PlanLimit{Plan: billing.PlanPaygo, MonthlyCostMicros: -1}, apperr.EINVALID},
	}
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		// A stored limit that a refused update must leave alone.
		dbtest.SetPlanLimit(t, db, billing.PlanPaygo, 5, 6, 7)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.SetPlanLimit(ctx, tc.limit)
				code := ""
				if err != nil {
					code = apperr.Code(err)
				}
				if code != tc.wantCode {
					t.Fatalf("code = %q (%v), want %q", code, err, tc.wantCode)
				}
				if tc.wantCode != "" {
					if apperr.Message(err) == "" {
						t.Fatal("refusal without a message")
					}
					return
				}
				got, err := db.PlanLimitOf(ctx, tc.limit.Plan)
				if err != nil {
					t.Fatal(err)
				}
				if got.DailyRequests != tc.limit.DailyRequests || got.MonthlyTokens != tc.limit.MonthlyTokens ||
					got.MonthlyCostMicros != tc.limit.MonthlyCostMicros {
					t.Fatalf("stored %+v, want %+v", got, tc.limit)
				}
			})
		}
		got, err := db.PlanLimitOf(ctx, billing.PlanPaygo)
		if err != nil || got.DailyRequests != 5 || got.MonthlyTokens != 6 || got.MonthlyCostMicros != 7 {
			t.Fatalf("PAYGO after refused updates = %+v, %v", got, err)
		}
		// Overwrite, and a plan without a row reads as unlimited.
		dbtest.SetPlanLimit(t, db, billing.PlanPaygo, 8, 0, 9)
		if got, _ := db.PlanLimitOf(ctx, billing.PlanPaygo); got.DailyRequests != 8 || got.MonthlyTokens != 0 || got.MonthlyCostMicros != 9 {
			t.Fatalf("PAYGO after overwrite = %+v", got)
		}
		if err := db.Gorm().Where("plan = ?", billing.PlanProMonthly).Delete(&models.PlanLimit{}).Error; err != nil {
			t.Fatal(err)
		}
		if got, err := db.PlanLimitOf(ctx, billing.PlanProMonthly); err != nil || got.DailyRequests != 0 ||
			got.MonthlyTokens != 0 || got.MonthlyCostMicros != 0 {
			t.Fatalf("plan without a row = %+v, %v", got, err)
		}
		all, err := db.PlanLimits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var plans []string
		for _, l := range all {
			plans = append(plans, fmt.Sprintf("%s:%d/%d/%d", l.Plan, l.DailyRequests, l.MonthlyTokens, l.MonthlyCostMicros))
		}
		want := []string{"FREEMIUM:20/200000/1000000", "PAYGO:8/0/9", "PRO_ANNUAL:0/0/0"}
		if fmt.Sprint(plans) != fmt.Sprint(want) {
			t.Fatalf("PlanLimits = %v, want %v", plans, want)
		}
	})
}

// TestQuotaSettleRacesExpiry settles calls while another instance expires
// the same reservations: each reservation must be given back once, never
// twice, and every settled call must count once.
func TestQuotaSettleRacesExpiry(t *testing.T) {
	a, b := dbtest.OpenPostgresPair(t)
	ctx := context.Background()
	clk := mock.NewClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	a, b = a.WithClock(clk.Now), b.WithClock(clk.Now)
	dbtest.SetPlanLimit(t, a, billing.PlanPaygo, 0, 0, 0)
	const user, n = 21, 150
	rs := make([]billing.Reservation, n)
	for i := range rs {
		r, err := a.Reserve(ctx, user, billing.PlanPaygo, 100, 10)
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = r
	}
	clk.Advance(20 * time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, n+4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := b.ExpireReservations(ctx); err != nil {
				errs <- err
			}
		}()
	}
	for _, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := a.Settle(ctx, r, 7, 3); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("settle or expire: %v", err)
	}
	dbtest.WantQuotaUsage(t, dbtest.QuotaUsage(t, a, user), n, 0, 7*n, 0, 3*n, 0)
}

// TestUpdatePlanLimit: one transaction reads the stored limits, applies
// the change and writes it, returning both for the audit log; a refused
// change leaves the stored limits alone.
func TestUpdatePlanLimit(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		before, after, err := db.UpdatePlanLimit(ctx, billing.PlanPaygo, func(l *models.PlanLimit) { l.DailyRequests = 40 })
		if err != nil || before.DailyRequests != 0 || after.DailyRequests != 40 || after.Plan != billing.PlanPaygo {
			t.Fatalf("first change: %+v → %+v, %v", before, after, err)
		}
		before, after, err = db.UpdatePlanLimit(ctx, billing.PlanPaygo, func(l *models.PlanLimit) { l.MonthlyTokens = 9000 })
		if err != nil || before.DailyRequests != 40 || after.DailyRequests != 40 || after.MonthlyTokens != 9000 {
			t.Fatalf("a patch lost the other limits: %+v → %+v, %v", before, after, err)
		}
		if _, _, err := db.UpdatePlanLimit(ctx, billing.PlanPaygo, func(l *models.PlanLimit) { l.MonthlyTokens = -1 }); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("negative tokens: %v", err)
		}
		if _, _, err := db.UpdatePlanLimit(ctx, "GOLD", func(*models.PlanLimit) {}); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("unknown plan: %v", err)
		}
		got, err := db.PlanLimitOf(ctx, billing.PlanPaygo)
		if err != nil || got.DailyRequests != 40 || got.MonthlyTokens != 9000 {
			t.Fatalf("stored %+v after a refused change, %v", got, err)
		}
	})
}
