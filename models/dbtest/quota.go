package dbtest

import (
	"context"
	"testing"

	"tailor/models"
)

// QuotaUsage reads a user's quota row, failing the test on error.
func QuotaUsage(t testing.TB, db *models.DB, userID uint) models.QuotaUsage {
	t.Helper()
	u, err := db.QuotaUsageOf(context.Background(), userID)
	if err != nil {
		t.Fatalf("QuotaUsageOf: %v", err)
	}
	return u
}

// WantQuotaUsage compares the counters of a quota row.
func WantQuotaUsage(t testing.TB, got models.QuotaUsage, dayRequests, reservedRequests int, tokens, reservedTokens, cost, reservedCost int64) {
	t.Helper()
	if got.DayRequests != dayRequests || got.ReservedRequests != reservedRequests || got.Tokens != tokens ||
		got.ReservedTokens != reservedTokens || got.CostMicros != cost || got.ReservedCostMicros != reservedCost {
		t.Fatalf("quota usage = day_requests %d reserved_requests %d tokens %d reserved_tokens %d cost %d reserved_cost %d; "+
			"want %d %d %d %d %d %d", got.DayRequests, got.ReservedRequests, got.Tokens, got.ReservedTokens, got.CostMicros,
			got.ReservedCostMicros, dayRequests, reservedRequests, tokens, reservedTokens, cost, reservedCost)
	}
}

// SetPlanLimit stores a plan's daily requests and monthly token and cost
// limits (0 means unlimited), failing the test on error.
func SetPlanLimit(t testing.TB, db *models.DB, plan string, daily int, tokens, cost int64) {
	t.Helper()
	if _, err := db.SetPlanLimit(context.Background(), models.PlanLimit{Plan: plan, DailyRequests: daily,
		MonthlyTokens: tokens, MonthlyCostMicros: cost}); err != nil {
		t.Fatalf("SetPlanLimit: %v", err)
	}
}
