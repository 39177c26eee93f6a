package models_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/views"
)

// usageRows is a generated usage log: n rows evenly over the 90 days
// before now, in time order (as a live log is written), across 4 provider
// models, 4 tasks, 4 plans, 4 statuses and 5,000 users.
type usageRows struct {
	n, i int
	now  time.Time
	r    *rand.Rand
	row  []any
}

func (g *usageRows) Next() bool { g.i++; return g.i <= g.n }
func (g *usageRows) Err() error { return nil }
func (g *usageRows) Values() ([]any, error) {
	type pm struct{ provider, model string }
	pms := []pm{{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"gemini", "gemini-2.5-flash"}, {"anthropic", "claude-sonnet-4"}}
	tasks := []string{"extraction", "image_validation", "cv_draft", "cover_letter"}
	r := g.r
	span := 90 * 24 * time.Hour
	at := g.now.Add(-span + time.Duration(float64(span)*float64(g.i)/float64(g.n)))
	m := pms[r.IntN(len(pms))]
	status, cost, saved, lat := billing.StatusSuccess, int64(100+r.IntN(20_000)), int64(0), int64(200+r.ExpFloat64()*1500)
	switch x := r.IntN(100); {
	case x < 5:
		status, cost = billing.StatusError, 0
	case x < 15:
		status, saved, cost, lat = billing.StatusCacheHit, cost, 0, 2
	case x < 17:
		status, cost, lat = billing.StatusQuotaExceeded, 0, 0
	}
	in, out := int32(r.IntN(6000)), int32(r.IntN(1500))
	g.row = append(g.row[:0], int64(1+r.IntN(5000)), m.provider, m.model, tasks[r.IntN(4)], billing.Plans[r.IntN(4)],
		in, out, in+out, cost, false, saved, status, "", "", lat, int32(1), "req-"+strconv.Itoa(g.i), status == billing.StatusCacheHit, at)
	return g.row, nil
}

// loadUsage fills a fresh PostgreSQL schema with n raw rows by COPY, then
// builds the rollups with a rebuild, and returns how long each took.
func loadUsage(b *testing.B, n int) (*models.DB, time.Duration, time.Duration) {
	b.Helper()
	db := dbtest.Open(b, "postgres")
	ctx := context.Background()
	sqlDB, err := db.Gorm().DB()
	if err != nil {
		b.Fatal(err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	err = conn.Raw(func(dc any) error {
		cols := []string{"user_id", "provider_type", "model_name", "task_type", "plan", "input_tokens", "output_tokens", "total_tokens",
			"cost_micros", "cost_unknown", "cost_saved_micros", "status", "error_class", "error_message", "latency_ms", "attempt",
			"request_id", "cache_hit", "created_at"}
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"ai_provider_usage_logs"}, cols,
			&usageRows{n: n, now: time.Now().UTC(), r: rand.New(rand.NewPCG(7, uint64(n)))})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Gorm().Exec("ANALYZE ai_provider_usage_logs").Error; err != nil {
		b.Fatal(err)
	}
	loaded := time.Since(start)
	res, err := db.RebuildRollups(ctx)
	if err != nil || res.Rows != int64(n) {
		b.Fatalf("rebuild: %v, %d rows of %d", err, res.Rows, n)
	}
	// This month's quota rows of 5,000 users, as the dashboard's top list reads.
	month := time.Now().UTC().Format("2006-01")
	if err := db.Gorm().Exec(`INSERT INTO ai_quota_usage (user_id, month, day, day_requests, tokens, cost_micros, updated_at)
		SELECT g, ?, ?, g % 200, g * 37, g * 113, now() FROM generate_series(1, 5000) g`, month, time.Now().UTC().Format("2006-01-02")).Error; err != nil {
		b.Fatal(err)
	}
	db.Gorm().Exec("ANALYZE")
	return db, loaded, res.Elapsed
}

// BenchmarkUsageSummary times the summary API's query and the whole usage
// dashboard (summary by hour or day, charts, filter choices, top users,
// rendered page) for 24 hours and 30 days over 100,000 raw rows, and over
// TAILOR_BENCH_ROWS more when set (10,000,000 for the check; the
// load takes a few minutes):
//
//	TAILOR_BENCH_ROWS=10000000 go test ./models -run '^$' -bench UsageSummary -benchtime 20x -timeout 60m
//
// The target is that 10 million rows cost at most twice what 100,000 do,
// and under 200 ms.
func BenchmarkUsageSummary(b *testing.B) {
	sizes := []int{100_000}
	if s := os.Getenv("TAILOR_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("TAILOR_BENCH_ROWS must be a number of rows, got %q", s)
		}
		sizes = append(sizes, n)
	}
	ctx := context.Background()
	for _, n := range sizes {
		db, loaded, rebuilt := loadUsage(b, n)
		b.Logf("%d rows: COPY %s, rollup rebuild %s", n, loaded.Round(time.Millisecond), rebuilt.Round(time.Millisecond))
		for _, w := range []struct {
			name string
			span time.Duration
		}{{"24h", 24 * time.Hour}, {"30d", 30 * 24 * time.Hour}} {
			b.Run(fmt.Sprintf("rows=%d/summary/%s", n, w.name), func(b *testing.B) {
				for b.Loop() {
					now := time.Now()
					st, err := db.UsageSummary(ctx, models.UsageQuery{From: now.Add(-w.span), To: now})
					if err != nil || st.Calls == 0 {
						b.Fatalf("summary: %v (%d calls)", err, st.Calls)
					}
				}
			})
			b.Run(fmt.Sprintf("rows=%d/dashboard/%s", n, w.name), func(b *testing.B) {
				for b.Loop() {
					now := time.Now()
					st, err := db.UsageSummary(ctx, models.UsageQuery{From: now.Add(-w.span), To: now, Hourly: w.span <= 24*time.Hour})
					if err != nil {
						b.Fatal(err)
					}
					providers, ms, err := db.UsageDimensions(ctx)
					if err != nil {
						b.Fatal(err)
					}
					quotas, err := db.QuotaUsageThisMonth(ctx, 20)
					if err != nil {
						b.Fatal(err)
					}
					page := views.AdminUsagePage(views.Page{Title: "Usage", Asset: func(s string) string { return "/static/" + s }},
						views.AdminUsage{Window: w.name, Stats: st, Charts: views.UsageCharts(st), Quotas: quotas,
							Options: views.UsageOptions{Providers: providers, Models: ms, Plans: billing.Plans}})
					if err := page.Render(ctx, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
