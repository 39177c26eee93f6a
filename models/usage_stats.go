package models

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// UsageQuery picks the part of the usage log a summary covers. From and To
// are rounded out to whole hours (the rollups' grain); empty filters match
// everything.
type UsageQuery struct {
	From, To                    time.Time
	Provider, Model, Task, Plan string
	// Hourly puts the series in hours rather than UTC days.
	Hourly bool
}

// UsageCell is one time bucket's sums for one provider, model and plan:
// what the charts and tables of a summary are built from. Calls are
// attempts at the provider (success or error); Hist holds their latencies.
type UsageCell struct {
	At                                      time.Time
	Provider, Model, Plan                   string
	Calls, Errors, CacheHits, QuotaRefusals int64
	Tokens, CostMicros, SavedMicros         int64
	CostUnknownCalls                        int64
	Hist                                    Histogram
}

// UsageStats sums the usage log over a window, for the admin dashboard and
// the summary API. It is read from the rollups, so it is exact for calls,
// errors, tokens and cost whatever the size of the log; latency
// percentiles come from histograms (within a bucket of the exact value).
type UsageStats struct {
	From, To      time.Time
	Hourly        bool
	Calls         int64 // attempts at a provider (success or error)
	Errors        int64
	CacheHits     int64
	QuotaRefusals int64
	Tokens        int64
	CostMicros    int64
	SavedMicros   int64 // what cache hits would have cost
	CostUnknown   bool  // some rows had no price
	ByPlan        []PlanStats
	ByModel       []ModelStats
	ByDay         []DayStats
	// Buckets are the series' time points, oldest first; Cells their data.
	Buckets []time.Time
	Cells   []UsageCell
}

// PlanStats is one plan's calls and cost.
type PlanStats struct {
	Plan       string
	Calls      int64
	CostMicros int64
}

// ModelStats is one provider and model's record in the window.
type ModelStats struct {
	ProviderType string
	Model        string
	Calls        int64
	Errors       int64
	Tokens       int64
	CostMicros   int64
	CostUnknown  bool
	P50MS        int64
	P95MS        int64
	P99MS        int64
}

// ErrorRate is the share of attempts that failed, 0..1.
func (m ModelStats) ErrorRate() float64 {
	if m.Calls == 0 {
		return 0
	}
	return float64(m.Errors) / float64(m.Calls)
}

// DayStats is one UTC day's calls and cost for one plan.
type DayStats struct {
	Day        string
	Plan       string
	Calls      int64
	CostMicros int64
}

// UsageStatsSince summarises the usage log from since until now, by day.
func (db *DB) UsageStatsSince(ctx context.Context, since time.Time) (UsageStats, error) {
	return db.UsageSummary(ctx, UsageQuery{From: since, To: db.now()})
}

// UsageSummary sums the rollups over q. Whole UTC days come from the daily
// rollups and the hours at either end from the hourly ones, so a 90-day
// view reads about 90 rows per group, not 90 days of raw rows.
func (db *DB) UsageSummary(ctx context.Context, q UsageQuery) (UsageStats, error) {
	from := q.From.UTC().Truncate(time.Hour)
	to := q.To.UTC().Truncate(time.Hour)
	if !to.Equal(q.To.UTC()) {
		to = to.Add(time.Hour)
	}
	if !to.After(from) {
		to = from.Add(time.Hour)
	}
	st := UsageStats{From: from, To: to, Hourly: q.Hourly}
	var cells []UsageCell
	// On PostgreSQL one snapshot serves both tables, so a batch committed
	// mid-read is counted in both or in neither.
	opts := &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	read := func(tx *gorm.DB) error {
		var err error
		if q.Hourly {
			cells, err = readCells(tx, rollupHours, from, to, q, 3600)
			return err
		}
		d1 := from.Truncate(24 * time.Hour)
		if d1.Before(from) {
			d1 = d1.Add(24 * time.Hour)
		}
		d2 := to.Truncate(24 * time.Hour)
		if !d2.After(d1) { // no whole day inside: hours only
			cells, err = readCells(tx, rollupHours, from, to, q, 86400)
			return err
		}
		for _, part := range []struct {
			table    string
			from, to time.Time
		}{{rollupHours, from, d1}, {rollupDays, d1, d2}, {rollupHours, d2, to}} {
			if !part.to.After(part.from) {
				continue
			}
			c, err := readCells(tx, part.table, part.from, part.to, q, 86400)
			if err != nil {
				return err
			}
			cells = append(cells, c...)
		}
		return nil
	}
	var err error
	if db.dialect == "postgres" {
		err = db.ctx(ctx).Transaction(read, opts)
	} else {
		// SQLite's transactions here take the write lock (_txlock=immediate);
		// a read does without one.
		err = read(db.ctx(ctx))
	}
	if err != nil {
		return st, err
	}
	st.Cells = mergeCells(cells)
	st.summarise()
	step := 24 * time.Hour
	if q.Hourly {
		step = time.Hour
	}
	for t := from.Truncate(step); t.Before(to); t = t.Add(step) {
		st.Buckets = append(st.Buckets, t)
	}
	return st, nil
}

// readCells sums one rollup table over [from, to), grouped into buckets of
// grain seconds.
func readCells(tx *gorm.DB, table string, from, to time.Time, q UsageQuery, grain int64) ([]UsageCell, error) {
	var sel strings.Builder
	sel.WriteString("SELECT bucket - bucket % ")
	sel.WriteString(itoa64(grain))
	sel.WriteString(" AS b, provider_type, model_name, plan, SUM(calls), SUM(errors), SUM(cache_hits), SUM(quota_refusals), " +
		"SUM(total_tokens), SUM(cost_micros), SUM(cost_saved_micros), SUM(cost_unknown_calls)")
	for i := 0; i < HistBuckets; i++ {
		sel.WriteString(", SUM(" + histColumn(i) + ")")
	}
	sel.WriteString(" FROM " + table + " WHERE bucket >= ? AND bucket < ?")
	args := []any{from.Unix(), to.Unix()}
	for _, f := range []struct{ col, v string }{{"provider_type", q.Provider}, {"model_name", q.Model}, {"task_type", q.Task}, {"plan", q.Plan}} {
		if f.v != "" {
			sel.WriteString(" AND " + f.col + " = ?")
			args = append(args, f.v)
		}
	}
	sel.WriteString(" GROUP BY 1, 2, 3, 4")
	rows, err := tx.Raw(sel.String(), args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UsageCell
	for rows.Next() {
		var c UsageCell
		var b int64
		dest := []any{&b, &c.Provider, &c.Model, &c.Plan, &c.Calls, &c.Errors, &c.CacheHits, &c.QuotaRefusals,
			&c.Tokens, &c.CostMicros, &c.SavedMicros, &c.CostUnknownCalls}
		for i := range c.Hist {
			dest = append(dest, &c.Hist[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		c.At = time.Unix(b, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// mergeCells adds up cells with the same time, provider, model and plan
// (the hourly and daily parts of one day meet here).
func mergeCells(cells []UsageCell) []UsageCell {
	type key struct {
		at                    int64
		provider, model, plan string
	}
	idx := map[key]int{}
	var out []UsageCell
	for _, c := range cells {
		k := key{c.At.Unix(), c.Provider, c.Model, c.Plan}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, c)
			continue
		}
		o := &out[i]
		o.Calls += c.Calls
		o.Errors += c.Errors
		o.CacheHits += c.CacheHits
		o.QuotaRefusals += c.QuotaRefusals
		o.Tokens += c.Tokens
		o.CostMicros += c.CostMicros
		o.SavedMicros += c.SavedMicros
		o.CostUnknownCalls += c.CostUnknownCalls
		o.Hist.Merge(&c.Hist)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// summarise fills the totals and the per-plan, per-model and per-day lists
// from the cells.
func (st *UsageStats) summarise() {
	type acc struct {
		ModelStats
		hist Histogram
	}
	models := map[[2]string]*acc{}
	plans := map[string]*PlanStats{}
	days := map[[2]string]*DayStats{}
	for i := range st.Cells {
		c := &st.Cells[i]
		st.Tokens += c.Tokens
		st.CostMicros += c.CostMicros
		if c.CostUnknownCalls > 0 {
			st.CostUnknown = true
		}
		st.CacheHits += c.CacheHits
		st.SavedMicros += c.SavedMicros
		st.QuotaRefusals += c.QuotaRefusals
		p := plans[c.Plan]
		if p == nil {
			p = &PlanStats{Plan: c.Plan}
			plans[c.Plan] = p
		}
		p.CostMicros += c.CostMicros
		dk := [2]string{c.At.Format("2006-01-02"), c.Plan}
		d := days[dk]
		if d == nil {
			d = &DayStats{Day: dk[0], Plan: c.Plan}
			days[dk] = d
		}
		d.CostMicros += c.CostMicros
		if c.Calls == 0 {
			continue
		}
		st.Calls += c.Calls
		p.Calls += c.Calls
		d.Calls += c.Calls
		k := [2]string{c.Provider, c.Model}
		m := models[k]
		if m == nil {
			m = &acc{ModelStats: ModelStats{ProviderType: c.Provider, Model: c.Model}}
			models[k] = m
		}
		m.Calls += c.Calls
		m.Tokens += c.Tokens
		m.CostMicros += c.CostMicros
		m.hist.Merge(&c.Hist)
		if c.CostUnknownCalls > 0 {
			m.CostUnknown = true
		}
		m.Errors += c.Errors
		st.Errors += c.Errors
	}
	for _, m := range models {
		m.P50MS, m.P95MS, m.P99MS = m.hist.Percentile(50), m.hist.Percentile(95), m.hist.Percentile(99)
		st.ByModel = append(st.ByModel, m.ModelStats)
	}
	sort.Slice(st.ByModel, func(i, j int) bool {
		a, b := st.ByModel[i], st.ByModel[j]
		if a.Calls != b.Calls {
			return a.Calls > b.Calls
		}
		return a.ProviderType+"/"+a.Model < b.ProviderType+"/"+b.Model
	})
	for _, p := range plans {
		st.ByPlan = append(st.ByPlan, *p)
	}
	sort.Slice(st.ByPlan, func(i, j int) bool { return st.ByPlan[i].Plan < st.ByPlan[j].Plan })
	for _, d := range days {
		st.ByDay = append(st.ByDay, *d)
	}
	sort.Slice(st.ByDay, func(i, j int) bool {
		if st.ByDay[i].Day != st.ByDay[j].Day {
			return st.ByDay[i].Day > st.ByDay[j].Day
		}
		return st.ByDay[i].Plan < st.ByDay[j].Plan
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// percentile of sorted values (nearest rank).
func percentile(sorted []int64, p int) int64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p+99)/100 - 1
	if i < 0 {
		i = 0
	}
	return sorted[i]
}

// UserQuota is one user's use this month beside their plan's limits.
type UserQuota struct {
	UserID      uint
	Email       string
	Name        string
	Plan        string
	DayRequests int
	Tokens      int64
	CostMicros  int64
	Limit       PlanLimit
}

// NearLimit says whether the user has used 80% or more of any limit of
// their plan this month (or today, for requests).
func (q UserQuota) NearLimit() bool {
	near := func(used, limit int64) bool { return limit > 0 && used*5 >= limit*4 }
	return near(int64(q.DayRequests), int64(q.Limit.DailyRequests)) || near(q.Tokens, q.Limit.MonthlyTokens) ||
		near(q.CostMicros, q.Limit.MonthlyCostMicros)
}

// QuotaUsageThisMonth lists the users who used AI this month, biggest
// spenders first.
func (db *DB) QuotaUsageThisMonth(ctx context.Context, limit int) ([]UserQuota, error) {
	now := db.now()
	var rows []struct {
		UserID      uint
		Email       string
		Name        string
		Plan        string
		Day         string
		DayRequests int
		Tokens      int64
		CostMicros  int64
	}
	err := db.ctx(ctx).Table("ai_quota_usage AS q").
		Select("q.user_id, u.email, u.name, u.plan, q.day, q.day_requests, q.tokens, q.cost_micros").
		Joins("JOIN users u ON u.id = q.user_id").
		Where("q.month = ?", now.Format("2006-01")).
		Order("q.cost_micros DESC, q.tokens DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]UserQuota, 0, len(rows))
	for _, r := range rows {
		uq := UserQuota{UserID: r.UserID, Email: r.Email, Name: r.Name, Plan: r.Plan, Tokens: r.Tokens, CostMicros: r.CostMicros}
		if r.Day == now.Format("2006-01-02") {
			uq.DayRequests = r.DayRequests
		}
		if uq.Limit, err = db.PlanLimitOf(ctx, r.Plan); err != nil {
			uq.Limit = PlanLimit{Plan: r.Plan}
		}
		out = append(out, uq)
	}
	return out, nil
}

// dimensionsCache keeps UsageDimensions for a minute per database handle:
// the list changes when a new model is first used, and the dashboard asks
// on every view.
var dimensionsCache sync.Map // *gorm.DB → dimensions

type dimensions struct {
	at               time.Time
	providers, names []string
}

// UsageDimensions lists the providers and models the rollups have seen,
// for the dashboard's filters.
func (db *DB) UsageDimensions(ctx context.Context) (providers, models []string, err error) {
	if v, ok := dimensionsCache.Load(db.gorm); ok {
		if d := v.(dimensions); time.Since(d.at) < time.Minute {
			return d.providers, d.names, nil
		}
	}
	var rows []struct{ ProviderType, ModelName string }
	if err := db.ctx(ctx).Table(rollupDays).Distinct("provider_type", "model_name").Scan(&rows).Error; err != nil {
		return nil, nil, err
	}
	seenP, seenM := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if r.ProviderType != "" && !seenP[r.ProviderType] {
			seenP[r.ProviderType] = true
			providers = append(providers, r.ProviderType)
		}
		if r.ModelName != "" && !seenM[r.ModelName] {
			seenM[r.ModelName] = true
			models = append(models, r.ModelName)
		}
	}
	sort.Strings(providers)
	sort.Strings(models)
	dimensionsCache.Store(db.gorm, dimensions{at: time.Now(), providers: providers, names: models})
	return providers, models, nil
}
