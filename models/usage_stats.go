package models

import (
	"context"
	"sort"
	"time"

	"tailor/orchestrator"
)

// UsageStats sums the usage log over a window, for the admin dashboard.
type UsageStats struct {
	Since         time.Time
	Calls         int64 // attempts at a provider (success or error)
	Errors        int64
	CacheHits     int64
	QuotaRefusals int64
	Tokens        int64
	CostMicros    int64
	SavedMicros   int64 // what cache hits would have cost
	CostUnknown   bool  // some rows had no price
	ByModel       []ModelStats
	ByDay         []DayStats
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
}

// ErrorRate is the share of attempts that failed, 0..1.
func (m ModelStats) ErrorRate() float64 {
	if m.Calls == 0 {
		return 0
	}
	return float64(m.Errors) / float64(m.Calls)
}

// DayStats is one UTC day's calls and cost.
type DayStats struct {
	Day        string
	Calls      int64
	CostMicros int64
}

// usageStatsCap bounds the rows one dashboard view reads.
const usageStatsCap = 200_000

// UsageStatsSince summarises the usage log from since until now. The
// grouping is done here rather than in SQL so percentiles work the same on
// SQLite and PostgreSQL.
func (db *DB) UsageStatsSince(ctx context.Context, since time.Time) (UsageStats, error) {
	var rows []struct {
		ProviderType    string
		ModelName       string
		Status          string
		TotalTokens     int64
		CostMicros      int64
		CostSavedMicros int64
		CostUnknown     bool
		LatencyMS       int64
		CreatedAt       time.Time
	}
	err := db.ctx(ctx).Model(&UsageLog{}).
		Select("provider_type, model_name, status, total_tokens, cost_micros, cost_saved_micros, cost_unknown, latency_ms, created_at").
		Where("created_at >= ?", since.UTC()).Order("created_at DESC").Limit(usageStatsCap).Scan(&rows).Error
	st := UsageStats{Since: since}
	if err != nil {
		return st, err
	}
	type acc struct {
		ModelStats
		lat []int64
	}
	models := map[[2]string]*acc{}
	days := map[string]*DayStats{}
	for _, r := range rows {
		d := r.CreatedAt.UTC().Format("2006-01-02")
		if days[d] == nil {
			days[d] = &DayStats{Day: d}
		}
		st.Tokens += r.TotalTokens
		st.CostMicros += r.CostMicros
		days[d].CostMicros += r.CostMicros
		switch r.Status {
		case orchestrator.StatusCacheHit:
			st.CacheHits++
			st.SavedMicros += r.CostSavedMicros
			continue
		case orchestrator.StatusQuotaExceeded:
			st.QuotaRefusals++
			continue
		}
		st.Calls++
		days[d].Calls++
		k := [2]string{r.ProviderType, r.ModelName}
		m := models[k]
		if m == nil {
			m = &acc{ModelStats: ModelStats{ProviderType: r.ProviderType, Model: r.ModelName}}
			models[k] = m
		}
		m.Calls++
		m.Tokens += r.TotalTokens
		m.CostMicros += r.CostMicros
		m.lat = append(m.lat, r.LatencyMS)
		if r.Status == orchestrator.StatusError {
			m.Errors++
			st.Errors++
		}
		if r.CostUnknown {
			m.CostUnknown, st.CostUnknown = true, true
		}
	}
	for _, m := range models {
		sort.Slice(m.lat, func(i, j int) bool { return m.lat[i] < m.lat[j] })
		m.P50MS, m.P95MS = percentile(m.lat, 50), percentile(m.lat, 95)
		st.ByModel = append(st.ByModel, m.ModelStats)
	}
	sort.Slice(st.ByModel, func(i, j int) bool { return st.ByModel[i].Calls > st.ByModel[j].Calls })
	for _, d := range days {
		st.ByDay = append(st.ByDay, *d)
	}
	sort.Slice(st.ByDay, func(i, j int) bool { return st.ByDay[i].Day > st.ByDay[j].Day })
	return st, nil
}

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
	Plan        string
	DayRequests int
	Tokens      int64
	CostMicros  int64
	Limit       PlanLimit
}

// QuotaUsageThisMonth lists the users who used AI this month, biggest
// spenders first.
func (db *DB) QuotaUsageThisMonth(ctx context.Context, limit int) ([]UserQuota, error) {
	now := db.now()
	var rows []struct {
		UserID      uint
		Email       string
		Plan        string
		Day         string
		DayRequests int
		Tokens      int64
		CostMicros  int64
	}
	err := db.ctx(ctx).Table("ai_quota_usage AS q").
		Select("q.user_id, u.email, u.plan, q.day, q.day_requests, q.tokens, q.cost_micros").
		Joins("JOIN users u ON u.id = q.user_id").
		Where("q.month = ?", now.Format("2006-01")).
		Order("q.cost_micros DESC, q.tokens DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]UserQuota, 0, len(rows))
	for _, r := range rows {
		uq := UserQuota{UserID: r.UserID, Email: r.Email, Plan: r.Plan, Tokens: r.Tokens, CostMicros: r.CostMicros}
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
