package models

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"tailor/billing"
)

// The rollup tables: the usage log summed per hour and per UTC day.
const (
	rollupHours = "ai_usage_rollup_hours"
	rollupDays  = "ai_usage_rollup_days"
)

// rollupKey is one row of a rollup table.
type rollupKey struct {
	Bucket                      int64 // the hour's or day's start, Unix seconds
	Provider, Model, Task, Plan string
}

// rollupSum is what a rollup row adds up. The status is a column per
// value rather than part of the key: four times fewer rows to read, and the
// latency histogram counts only attempts at a provider.
type rollupSum struct {
	Calls, Errors, CacheHits, QuotaRefusals   int64
	InputTokens, OutputTokens, TotalTokens    int64
	CostMicros, CostUnknownCalls, SavedMicros int64
	LatencySumMS                              int64
	Hist                                      Histogram
}

// rollupDelta is the change a batch of raw rows makes to the rollups.
type rollupDelta struct {
	hours, days map[rollupKey]*rollupSum
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{hours: map[rollupKey]*rollupSum{}, days: map[rollupKey]*rollupSum{}}
}

// add counts one raw row in its hour and its day.
func (d *rollupDelta) add(provider, model, task, plan, status string, in, out, total, cost int64, unknown bool, saved, latency int64, at time.Time) {
	at = at.UTC()
	hour := at.Truncate(time.Hour).Unix()
	day := hour - hour%86400
	for _, x := range []struct {
		m map[rollupKey]*rollupSum
		b int64
	}{{d.hours, hour}, {d.days, day}} {
		k := rollupKey{x.b, provider, model, task, plan}
		s := x.m[k]
		if s == nil {
			s = &rollupSum{}
			x.m[k] = s
		}
		switch status {
		case billing.StatusSuccess, billing.StatusError:
			s.Calls++
			s.LatencySumMS += latency
			s.Hist.Add(latency)
			if status == billing.StatusError {
				s.Errors++
			}
		case billing.StatusCacheHit:
			s.CacheHits++
		case billing.StatusQuotaExceeded:
			s.QuotaRefusals++
		}
		s.InputTokens += in
		s.OutputTokens += out
		s.TotalTokens += total
		s.CostMicros += cost
		if unknown {
			s.CostUnknownCalls++
		}
		s.SavedMicros += saved
	}
}

func (d *rollupDelta) addUsage(u billing.Usage) {
	d.add(u.ProviderType, u.ModelName, u.TaskType, u.Plan, u.Status, int64(u.InputTokens), int64(u.OutputTokens),
		int64(u.TotalTokens), u.CostMicros, u.CostUnknown, u.CostSavedMicros, u.LatencyMS, u.CreatedAt)
}

// rollupColumns are a rollup row's columns after its key.
var rollupColumns = func() []string {
	c := []string{"calls", "errors", "cache_hits", "quota_refusals", "input_tokens", "output_tokens", "total_tokens",
		"cost_micros", "cost_unknown_calls", "cost_saved_micros", "latency_sum_ms"}
	for i := 0; i < HistBuckets; i++ {
		c = append(c, histColumn(i))
	}
	return c
}()

func histColumn(i int) string { return fmt.Sprintf("h%02d", i) }

var rollupKeyColumns = []string{"bucket", "provider_type", "model_name", "task_type", "plan"}

// upsertStatements turns one table's part of a delta into INSERT … ON
// CONFLICT DO UPDATE statements (with ? placeholders) that add to what is
// stored. Keys go in a fixed order so two writers lock rows in the same
// order and cannot deadlock.
func upsertStatements(table string, m map[rollupKey]*rollupSum) (stmts []string, args [][]any) {
	keys := make([]rollupKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Bucket != b.Bucket {
			return a.Bucket < b.Bucket
		}
		return strings.Join([]string{a.Provider, a.Model, a.Task, a.Plan}, "\x00") <
			strings.Join([]string{b.Provider, b.Model, b.Task, b.Plan}, "\x00")
	})
	cols := append(append([]string{}, rollupKeyColumns...), rollupColumns...)
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	var set []string
	for _, c := range rollupColumns {
		set = append(set, fmt.Sprintf("%s = %s.%s + excluded.%s", c, table, c, c))
	}
	tail := " ON CONFLICT (" + strings.Join(rollupKeyColumns, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
	const perStatement = 200 // 73 arguments a row stays far below every driver's limit
	for start := 0; start < len(keys); start += perStatement {
		end := min(start+perStatement, len(keys))
		var vals []string
		var a []any
		for _, k := range keys[start:end] {
			s := m[k]
			vals = append(vals, row)
			a = append(a, k.Bucket, k.Provider, k.Model, k.Task, k.Plan, s.Calls, s.Errors, s.CacheHits, s.QuotaRefusals,
				s.InputTokens, s.OutputTokens, s.TotalTokens, s.CostMicros, s.CostUnknownCalls, s.SavedMicros, s.LatencySumMS)
			for _, h := range s.Hist {
				a = append(a, h)
			}
		}
		stmts = append(stmts, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES "+strings.Join(vals, ", ")+tail)
		args = append(args, a)
	}
	return stmts, args
}

// dollarize rewrites ? placeholders as $1, $2, … for pgx (the statements
// here hold no literal question mark).
func dollarize(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// applyDelta adds a delta to both rollup tables inside tx.
func applyDelta(tx *gorm.DB, d *rollupDelta) error {
	for _, t := range []struct {
		name string
		m    map[rollupKey]*rollupSum
	}{{rollupHours, d.hours}, {rollupDays, d.days}} {
		stmts, args := upsertStatements(t.name, t.m)
		for i, s := range stmts {
			if err := tx.Exec(s, args[i]...).Error; err != nil {
				return fmt.Errorf("update %s: %w", t.name, err)
			}
		}
	}
	return nil
}

// RebuildResult says what a rollup rebuild did.
type RebuildResult struct {
	Rows    int64     // raw rows read
	Days    int       // days rebuilt
	From    time.Time // first day rebuilt (zero when the log is empty)
	Elapsed time.Duration
}

// RebuildRollups recomputes the rollups from the raw usage log, one UTC
// day at a time, in one transaction. Days older than the oldest raw row
// are kept: retention deletes raw rows, never rollups, so those rollups
// are all that is left of them. While it runs, usage writers wait (the
// rollup tables are locked), so the result stays exact.
func (db *DB) RebuildRollups(ctx context.Context) (RebuildResult, error) {
	r, _, err := db.rebuildRollups(ctx, false)
	return r, err
}

// EnsureRollups builds the rollups once, for a database that holds usage
// rows from before rollups existed; afterwards it does nothing. Several
// instances starting at once build them once (an advisory lock on
// PostgreSQL; SQLite has a single writer).
func (db *DB) EnsureRollups(ctx context.Context) (RebuildResult, bool, error) {
	built, err := db.rollupsBuilt(db.ctx(ctx))
	if err != nil || built {
		return RebuildResult{}, false, err
	}
	r, skipped, err := db.rebuildRollups(ctx, true)
	return r, err == nil && !skipped, err
}

func (db *DB) rollupsBuilt(tx *gorm.DB) (bool, error) {
	var n int64
	err := tx.Table("ai_usage_rollup_state").Where("id = 1").Count(&n).Error
	return n > 0, err
}

// rollupLockKey is the advisory lock id of a rebuild on PostgreSQL.
const rollupLockKey = 7_240_011

func (db *DB) rebuildRollups(ctx context.Context, onlyIfUnbuilt bool) (res RebuildResult, skipped bool, err error) {
	start := time.Now()
	err = db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if db.dialect == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", rollupLockKey).Error; err != nil {
				return err
			}
			if err := tx.Exec("LOCK TABLE " + rollupHours + ", " + rollupDays + " IN EXCLUSIVE MODE").Error; err != nil {
				return err
			}
		}
		if onlyIfUnbuilt {
			built, err := db.rollupsBuilt(tx)
			if err != nil || built {
				skipped = true
				return err
			}
		}
		first, ok, err := minCreatedAt(tx, time.Time{})
		if err != nil {
			return err
		}
		if ok {
			res.From = first.UTC().Truncate(24 * time.Hour)
			from := res.From.Unix()
			for _, t := range []string{rollupHours, rollupDays} {
				if err := tx.Exec("DELETE FROM "+t+" WHERE bucket >= ?", from).Error; err != nil {
					return err
				}
			}
		}
		for day := res.From; ok; {
			n, err := rollUpDay(tx, day)
			if err != nil {
				return err
			}
			res.Rows += n
			res.Days++
			next := day.Add(24 * time.Hour)
			var first time.Time
			if first, ok, err = minCreatedAt(tx, next); err != nil {
				return err
			}
			day = first.UTC().Truncate(24 * time.Hour)
		}
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: clause.AssignmentColumns([]string{"built_at"})}).
			Table("ai_usage_rollup_state").Create(map[string]any{"id": 1, "built_at": db.now()}).Error
	})
	res.Elapsed = time.Since(start)
	return res, skipped, err
}

// minCreatedAt is the oldest raw row's time at or after since.
func minCreatedAt(tx *gorm.DB, since time.Time) (time.Time, bool, error) {
	var row struct{ CreatedAt sql.NullTime }
	q := tx.Model(&UsageLog{}).Select("created_at")
	if !since.IsZero() {
		q = q.Where("created_at >= ?", since.UTC())
	}
	err := q.Order("created_at").Limit(1).Scan(&row).Error
	return row.CreatedAt.Time, err == nil && row.CreatedAt.Valid, err
}

// rollUpDay adds one UTC day of raw rows to the rollups.
func rollUpDay(tx *gorm.DB, day time.Time) (int64, error) {
	rows, err := tx.Model(&UsageLog{}).
		Select("provider_type, model_name, task_type, plan, status, input_tokens, output_tokens, total_tokens, cost_micros, cost_unknown, cost_saved_micros, latency_ms, created_at").
		Where("created_at >= ? AND created_at < ?", day, day.Add(24*time.Hour)).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	d := newRollupDelta()
	var n int64
	for rows.Next() {
		var (
			provider, model, task, plan, status  string
			in, out, total, cost, saved, latency int64
			unknown                              bool
			at                                   time.Time
		)
		if err := rows.Scan(&provider, &model, &task, &plan, &status, &in, &out, &total, &cost, &unknown, &saved, &latency, &at); err != nil {
			return n, err
		}
		d.add(provider, model, task, plan, status, in, out, total, cost, unknown, saved, latency, at)
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	rows.Close()
	return n, applyDelta(tx, d)
}

// DeleteUsageBefore deletes raw usage rows older than cutoff, batch rows
// per statement so no statement holds locks for long; rollups are kept.
// It returns how many rows went.
func (db *DB) DeleteUsageBefore(ctx context.Context, cutoff time.Time, batch int) (int64, error) {
	if batch <= 0 {
		batch = 5000
	}
	var total int64
	for {
		res := db.ctx(ctx).Exec("DELETE FROM ai_provider_usage_logs WHERE id IN (SELECT id FROM ai_provider_usage_logs WHERE created_at < ? ORDER BY id LIMIT ?)",
			cutoff.UTC(), batch)
		if res.Error != nil {
			return total, res.Error
		}
		total += res.RowsAffected
		if res.RowsAffected < int64(batch) {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// RetentionCutoff is the start of the UTC day `days` days ago: raw rows
// before it go, and whole days go at once so a rebuild never meets a
// half-deleted day.
func RetentionCutoff(now time.Time, days int) time.Time {
	return now.UTC().AddDate(0, 0, -days).Truncate(24 * time.Hour)
}
