package models_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

func TestUsageStatsSince(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		w := billing.NewUsageWriter(db, slog.Default(), 100, time.Millisecond)
		row := func(model, status string, latency, cost int64, ago time.Duration) billing.Usage {
			return billing.Usage{UserID: 1, ProviderType: "openai", ModelName: model, TaskType: "cv_draft", Status: status,
				TotalTokens: 100, CostMicros: cost, LatencyMS: latency, Attempt: 1, CreatedAt: now.Add(-ago)}
		}
		for i := int64(1); i <= 20; i++ { // latencies 100..2000 ms
			w.Write(row("gpt-4o", billing.StatusSuccess, i*100, 10, time.Hour))
		}
		w.Write(row("gpt-4o", billing.StatusError, 50, 0, time.Hour))
		w.Write(row("gpt-4o-mini", billing.StatusSuccess, 300, 2, 26*time.Hour))
		hit := row("gpt-4o", billing.StatusCacheHit, 1, 0, time.Minute)
		hit.CostSavedMicros = 10
		w.Write(hit)
		w.Write(row("", billing.StatusQuotaExceeded, 0, 0, time.Minute))
		w.Write(row("gpt-4o", billing.StatusSuccess, 9999, 999, 40*24*time.Hour)) // outside every window
		w.Close()

		st, err := db.UsageStatsSince(ctx, now.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if st.Calls != 21 || st.Errors != 1 || st.CacheHits != 1 || st.QuotaRefusals != 1 || st.CostMicros != 200 || st.SavedMicros != 10 {
			t.Fatalf("24h stats = %+v", st)
		}
		// The exact p50 is 1000 ms and p95 1900 ms; the histogram answers
		// within their buckets.
		if len(st.ByModel) != 1 || !withinBucket(st.ByModel[0].P50MS, 1000) || !withinBucket(st.ByModel[0].P95MS, 1900) {
			t.Fatalf("by model = %+v, want p50 ≈ 1000 ms and p95 ≈ 1900 ms", st.ByModel)
		}
		week, _ := db.UsageStatsSince(ctx, now.Add(-7*24*time.Hour))
		if week.Calls != 22 || len(week.ByModel) != 2 || week.CostMicros != 202 {
			t.Fatalf("7d stats = %+v", week)
		}
	})
}
