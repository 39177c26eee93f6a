package models_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

// randomUsage makes n usage rows spread over the last `days` days, with a
// share in the current hour, across providers, models, tasks, plans and
// statuses, and latencies from 0 ms to several minutes.
func randomUsage(r *rand.Rand, now time.Time, n, days int) []billing.Usage {
	type pm struct{ provider, model string }
	models := []pm{{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"gemini", "gemini-2.5-flash"}, {"anthropic", "claude-sonnet"}, {"builtin", "builtin"}}
	tasks := []string{"extraction", "image_validation", "cv_draft", "cover_letter"}
	statuses := []string{"success", "success", "success", "success", "error", "cache_hit", "quota_exceeded"}
	out := make([]billing.Usage, n)
	for i := range out {
		m := models[r.IntN(len(models))]
		ago := time.Duration(r.Int64N(int64(days) * int64(24*time.Hour)))
		if i%10 == 0 { // the current hour
			ago = time.Duration(r.Int64N(int64(now.Sub(now.Truncate(time.Hour))) + 1))
		}
		in, outT := r.IntN(4000), r.IntN(1500)
		u := billing.Usage{UserID: uint(1 + r.IntN(5)), ProviderType: m.provider, ModelName: m.model,
			TaskType: tasks[r.IntN(len(tasks))], Plan: billing.Plans[r.IntN(len(billing.Plans))],
			Status: statuses[r.IntN(len(statuses))], InputTokens: in, OutputTokens: outT, TotalTokens: in + outT,
			CostMicros: int64(r.IntN(20000)), LatencyMS: int64(math.Exp(r.Float64() * 12.5)), Attempt: 1 + r.IntN(2),
			RequestID: fmt.Sprintf("req-%d", i), CreatedAt: now.Add(-ago)}
		if r.IntN(50) == 0 {
			u.CostUnknown, u.CostMicros = true, 0
		}
		if u.Status == "cache_hit" {
			u.CostSavedMicros, u.CostMicros = u.CostMicros, 0
		}
		if u.Status == "quota_exceeded" {
			u.ModelName, u.TotalTokens, u.InputTokens, u.OutputTokens, u.CostMicros = "", 0, 0, 0, 0
		}
		out[i] = u
	}
	return out
}

// rawSummary is the reference: the same figures computed straight from the
// raw rows, with exact percentiles.
type rawSummary struct {
	calls, errors, hits, refusals, tokens, cost, saved int64
	byPlan                                             map[string][2]int64 // calls, cost
	byModel                                            map[string][]int64  // latencies
	modelErrs, modelCost                               map[string]int64
	byDay                                              map[string][2]int64
}

func summariseRaw(rows []billing.Usage, q models.UsageQuery) rawSummary {
	from := q.From.UTC().Truncate(time.Hour)
	to := q.To.UTC().Truncate(time.Hour)
	if !to.Equal(q.To.UTC()) {
		to = to.Add(time.Hour)
	}
	s := rawSummary{byPlan: map[string][2]int64{}, byModel: map[string][]int64{}, modelErrs: map[string]int64{},
		modelCost: map[string]int64{}, byDay: map[string][2]int64{}}
	for _, u := range rows {
		at := u.CreatedAt.UTC()
		if at.Before(from) || !at.Before(to) || (q.Provider != "" && u.ProviderType != q.Provider) ||
			(q.Task != "" && u.TaskType != q.Task) || (q.Plan != "" && u.Plan != q.Plan) {
			continue
		}
		s.tokens += int64(u.TotalTokens)
		s.cost += u.CostMicros
		p, d := s.byPlan[u.Plan], s.byDay[at.Format("2006-01-02")+" "+u.Plan]
		p[1] += u.CostMicros
		d[1] += u.CostMicros
		switch u.Status {
		case "cache_hit":
			s.hits++
			s.saved += u.CostSavedMicros
		case "quota_exceeded":
			s.refusals++
		default:
			s.calls++
			p[0]++
			d[0]++
			k := u.ProviderType + "/" + u.ModelName
			s.byModel[k] = append(s.byModel[k], u.LatencyMS)
			s.modelCost[k] += u.CostMicros
			if u.Status == "error" {
				s.errors++
				s.modelErrs[k]++
			}
		}
		s.byPlan[u.Plan], s.byDay[at.Format("2006-01-02")+" "+u.Plan] = p, d
	}
	return s
}

// exactPercentile is the nearest-rank percentile.
func exactPercentile(v []int64, p int) int64 {
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p+99)/100 - 1
	return s[max(i, 0)]
}

// withinBucket says whether est is in exact's histogram bucket or its edge.
func withinBucket(est, exact int64) bool {
	lo, hi := models.BucketRange(models.LatencyBucket(exact))
	return float64(est) >= lo-0.5 && float64(est) <= hi+0.5
}

func compareSummary(t *testing.T, name string, got models.UsageStats, want rawSummary) {
	t.Helper()
	if got.Calls != want.calls || got.Errors != want.errors || got.CacheHits != want.hits || got.QuotaRefusals != want.refusals ||
		got.Tokens != want.tokens || got.CostMicros != want.cost || got.SavedMicros != want.saved {
		t.Fatalf("%s: totals calls=%d errors=%d hits=%d refusals=%d tokens=%d cost=%d saved=%d; raw says %d %d %d %d %d %d %d",
			name, got.Calls, got.Errors, got.CacheHits, got.QuotaRefusals, got.Tokens, got.CostMicros, got.SavedMicros,
			want.calls, want.errors, want.hits, want.refusals, want.tokens, want.cost, want.saved)
	}
	if len(got.ByPlan) != len(want.byPlan) {
		t.Fatalf("%s: %d plans, raw has %d", name, len(got.ByPlan), len(want.byPlan))
	}
	for _, p := range got.ByPlan {
		if w := want.byPlan[p.Plan]; p.Calls != w[0] || p.CostMicros != w[1] {
			t.Fatalf("%s: plan %s = %d calls %d µ$, raw %v", name, p.Plan, p.Calls, p.CostMicros, w)
		}
	}
	if len(got.ByModel) != len(want.byModel) {
		t.Fatalf("%s: %d models, raw has %d", name, len(got.ByModel), len(want.byModel))
	}
	for _, m := range got.ByModel {
		k := m.ProviderType + "/" + m.Model
		lat := want.byModel[k]
		if m.Calls != int64(len(lat)) || m.Errors != want.modelErrs[k] || m.CostMicros != want.modelCost[k] {
			t.Fatalf("%s: model %s = %+v; raw %d calls %d errors %d µ$", name, k, m, len(lat), want.modelErrs[k], want.modelCost[k])
		}
		for _, pc := range []struct {
			p   int
			est int64
		}{{50, m.P50MS}, {95, m.P95MS}, {99, m.P99MS}} {
			if ex := exactPercentile(lat, pc.p); !withinBucket(pc.est, ex) {
				t.Fatalf("%s: %s p%d = %d ms, exact %d ms (bucket %v)", name, k, pc.p, pc.est, ex, models.LatencyBucket(ex))
			}
		}
	}
	if len(got.ByDay) != len(want.byDay) {
		t.Fatalf("%s: %d day×plan rows, raw has %d", name, len(got.ByDay), len(want.byDay))
	}
	for _, d := range got.ByDay {
		if w := want.byDay[d.Day+" "+d.Plan]; d.Calls != w[0] || d.CostMicros != w[1] {
			t.Fatalf("%s: day %s %s = %d calls %d µ$, raw %v", name, d.Day, d.Plan, d.Calls, d.CostMicros, w)
		}
	}
}

func TestRollupsEqualRawAggregation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		r := rand.New(rand.NewPCG(11, 42))
		now := time.Now().UTC()
		rows := randomUsage(r, now, 3000, 40)
		// Batches of random sizes, as the usage writer sends them.
		for i := 0; i < len(rows); {
			n := min(1+r.IntN(300), len(rows)-i)
			if err := db.WriteUsage(ctx, rows[i:i+n]); err != nil {
				t.Fatal(err)
			}
			i += n
		}
		queries := map[string]models.UsageQuery{
			"24h hourly":   {From: now.Add(-24 * time.Hour), To: now, Hourly: true},
			"7d":           {From: now.Add(-7 * 24 * time.Hour), To: now},
			"30d":          {From: now.Add(-30 * 24 * time.Hour), To: now},
			"90d":          {From: now.Add(-90 * 24 * time.Hour), To: now},
			"current hour": {From: now.Truncate(time.Hour), To: now},
			"custom range": {From: now.Add(-9*24*time.Hour - 5*time.Hour), To: now.Add(-2*24*time.Hour - 3*time.Hour)},
			"openai 30d":   {From: now.Add(-30 * 24 * time.Hour), To: now, Provider: "openai"},
			"cv PRO 7d":    {From: now.Add(-7 * 24 * time.Hour), To: now, Task: "cv_draft", Plan: "PRO_MONTHLY"},
		}
		check := func(stage string) {
			for name, q := range queries {
				got, err := db.UsageSummary(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				compareSummary(t, stage+" "+name, got, summariseRaw(rows, q))
			}
		}
		check("incremental")

		// Rows that reached the raw log some other way (a restore, an
		// import) are missing from the rollups until a rebuild.
		extra := randomUsage(r, now, 200, 10)
		for _, u := range extra {
			l := models.UsageLog{UserID: u.UserID, ProviderType: u.ProviderType, ModelName: u.ModelName, TaskType: u.TaskType,
				Plan: u.Plan, TotalTokens: u.TotalTokens, CostMicros: u.CostMicros, CostUnknown: u.CostUnknown,
				CostSavedMicros: u.CostSavedMicros, Status: u.Status, LatencyMS: u.LatencyMS, Attempt: 1, CreatedAt: u.CreatedAt.UTC()}
			if err := db.Gorm().Create(&l).Error; err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, extra...)
		res, err := db.RebuildRollups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != int64(len(rows)) {
			t.Fatalf("rebuild read %d rows, the log has %d", res.Rows, len(rows))
		}
		check("rebuilt")
		// And writing keeps adding after a rebuild.
		more := randomUsage(r, now, 300, 2)
		if err := db.WriteUsage(ctx, more); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, more...)
		check("after rebuild")
	})
}

func TestPercentileWithinBucket(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		var h models.Histogram
		n := 1 + r.IntN(5000)
		v := make([]int64, n)
		scale := 3 + r.Float64()*10
		for i := range v {
			v[i] = int64(math.Exp(r.NormFloat64() + scale))
			h.Add(v[i])
		}
		for _, p := range []int{50, 95, 99} {
			est, ex := h.Percentile(float64(p)), exactPercentile(v, p)
			if !withinBucket(est, ex) {
				t.Fatalf("trial %d: p%d = %d, exact %d: not within its bucket %v", trial, p, est, ex, models.LatencyBucket(ex))
			}
			if lo, hi := models.BucketRange(models.LatencyBucket(ex)); ex >= 10 && hi > lo && (hi-lo)/lo > 0.34 {
				t.Fatalf("bucket of %d ms is [%v, %v): wider than a third", ex, lo, hi)
			}
		}
	}
	var empty models.Histogram
	if empty.Percentile(99) != 0 {
		t.Fatal("an empty histogram has no percentile")
	}
}

func TestRetentionKeepsRollups(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		mk := func(ago time.Duration, cost int64) billing.Usage {
			return billing.Usage{UserID: 1, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO",
				Status: "success", TotalTokens: 10, CostMicros: cost, LatencyMS: 900, Attempt: 1, CreatedAt: now.Add(-ago)}
		}
		var rows []billing.Usage
		for i := 0; i < 30; i++ {
			rows = append(rows, mk(100*24*time.Hour+time.Duration(i)*time.Minute, 7)) // past retention
		}
		for i := 0; i < 20; i++ {
			rows = append(rows, mk(2*24*time.Hour+time.Duration(i)*time.Minute, 5))
		}
		if err := db.WriteUsage(ctx, rows); err != nil {
			t.Fatal(err)
		}
		cutoff := models.RetentionCutoff(now, 90)
		n, err := db.DeleteUsageBefore(ctx, cutoff, 7) // small batches: several rounds
		if err != nil || n != 30 {
			t.Fatalf("deleted %d rows (%v), want the 30 older than %s", n, err, cutoff)
		}
		left, _, err := db.ListUsagePage(ctx, models.UsageLogQuery{Limit: 1000})
		if err != nil || len(left) != 20 {
			t.Fatalf("raw log keeps %d rows (%v), want 20", len(left), err)
		}
		q := models.UsageQuery{From: now.Add(-120 * 24 * time.Hour), To: now}
		for _, stage := range []string{"after retention", "after rebuild"} {
			st, err := db.UsageSummary(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if st.Calls != 50 || st.CostMicros != 30*7+20*5 {
				t.Fatalf("%s: 120-day summary has %d calls and %d µ$, want 50 and 310 (rollups outlive raw rows)", stage, st.Calls, st.CostMicros)
			}
			if _, err := db.RebuildRollups(ctx); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestUsageLogKeysetPages(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		if _, err := db.CreateUser(ctx, "ada_l@example.com", "Ada", "correct horse battery", "user"); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Second)
		r := rand.New(rand.NewPCG(5, 6))
		rows := randomUsage(r, now, 500, 3)
		for i := range rows {
			if i%3 == 0 { // many rows share a timestamp: the id breaks ties
				rows[i].CreatedAt = now.Add(-time.Duration(i%7) * time.Minute)
			}
		}
		if err := db.WriteUsage(ctx, rows); err != nil {
			t.Fatal(err)
		}
		for _, q := range []models.UsageLogQuery{{Limit: 37}, {Limit: 50, Status: "error"}, {Limit: 9, Email: "ADA_L@", Provider: "openai"},
			{Limit: 20, From: now.Add(-30 * time.Hour), To: now.Add(-2 * time.Hour), Task: "cv_draft"}} {
			want := 0
			for _, u := range rows {
				if (q.Status == "" || u.Status == q.Status) && (q.Email == "" || u.UserID == 1) &&
					(q.Provider == "" || u.ProviderType == q.Provider) && (q.Task == "" || u.TaskType == q.Task) &&
					(q.From.IsZero() || !u.CreatedAt.Before(q.From)) && (q.To.IsZero() || u.CreatedAt.Before(q.To)) {
					want++
				}
			}
			seen := map[uint]bool{}
			var prev *models.UsageRow
			pages := 0
			for {
				page, next, err := db.ListUsagePage(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for i := range page {
					row := page[i]
					if seen[row.ID] {
						t.Fatalf("%+v: row %d repeated on page %d", q, row.ID, pages)
					}
					seen[row.ID] = true
					if prev != nil && (row.CreatedAt.After(prev.CreatedAt) || row.CreatedAt.Equal(prev.CreatedAt) && row.ID > prev.ID) {
						t.Fatalf("%+v: row %d is out of order", q, row.ID)
					}
					if q.Email != "" && row.Email != "ada_l@example.com" {
						t.Fatalf("email filter let %q through", row.Email)
					}
					prev = &row
				}
				if next == nil {
					break
				}
				c, err := models.ParseUsageCursor(next.String())
				if err != nil || c != *next {
					t.Fatalf("cursor %v does not round-trip: %v %v", next, c, err)
				}
				q.After = &c
			}
			if len(seen) != want {
				t.Fatalf("%+v: pages held %d rows, the log has %d matching: a gap", q, len(seen), want)
			}
		}
	})
}

// TestRollupsExactAcrossInstances has two app instances (two connection
// pools on one PostgreSQL) write overlapping usage at once while a rebuild
// runs: the rollups still equal the raw log, with no deadlock.
func TestRollupsExactAcrossInstances(t *testing.T) {
	a, b := dbtest.OpenPostgresPair(t)
	ctx := context.Background()
	now := time.Now().UTC()
	var all []billing.Usage
	batches := make([][][]billing.Usage, 2)
	for i := range batches {
		r := rand.New(rand.NewPCG(uint64(i), 99))
		for j := 0; j < 20; j++ {
			rows := randomUsage(r, now, 50+r.IntN(100), 2) // two days: the same rollup rows, hotly contended
			batches[i] = append(batches[i], rows)
			all = append(all, rows...)
		}
	}
	errs := make(chan error, 3)
	for i, db := range []*models.DB{a, b} {
		go func() {
			for _, rows := range batches[i] {
				if err := db.WriteUsage(ctx, rows); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		_, err := a.RebuildRollups(ctx)
		errs <- err
	}()
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []models.UsageQuery{{From: now.Add(-3 * 24 * time.Hour), To: now}, {From: now.Add(-24 * time.Hour), To: now, Hourly: true}} {
		got, err := b.UsageSummary(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		compareSummary(t, "two instances", got, summariseRaw(all, q))
	}
}
