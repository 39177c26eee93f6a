package models

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"tailor/billing"
)

// UsageLog is one attempt at an AI provider (ai_provider_usage_logs).
type UsageLog struct {
	ID               uint      `gorm:"primaryKey" json:"id"`
	UserID           uint      `json:"user_id"`
	ProviderConfigID *uint     `json:"provider_config_id"`
	ProviderType     string    `json:"provider_type"`
	ModelName        string    `json:"model_name"`
	TaskType         string    `json:"task_type"`
	Plan             string    `json:"plan"`
	InputTokens      int       `json:"input_tokens"`
	OutputTokens     int       `json:"output_tokens"`
	TotalTokens      int       `json:"total_tokens"`
	CostMicros       int64     `json:"cost_micros"`
	CostUnknown      bool      `json:"cost_unknown"`
	CostSavedMicros  int64     `json:"cost_saved_micros"`
	Status           string    `json:"status"`
	ErrorClass       string    `json:"error_class"`
	ErrorMessage     string    `json:"error_message"`
	LatencyMS        int64     `json:"latency_ms"`
	Attempt          int       `json:"attempt"`
	RequestID        string    `json:"request_id"`
	CacheHit         bool      `json:"cache_hit"`
	CreatedAt        time.Time `json:"created_at"`
}

// TableName is the seed system's name.
func (UsageLog) TableName() string { return "ai_provider_usage_logs" }

// WriteUsage implements billing.UsageSink: one INSERT (COPY on
// PostgreSQL) per batch, and in the same transaction the batch's sums
// added to the hourly and daily rollups, so the rollups never miss or
// double-count a row, whatever order several instances commit in.
func (db *DB) WriteUsage(ctx context.Context, rows []billing.Usage) error {
	if len(rows) == 0 {
		return nil
	}
	if db.dialect == "postgres" {
		return db.copyUsage(ctx, rows)
	}
	logs := make([]UsageLog, len(rows))
	d := newRollupDelta()
	for i, u := range rows {
		logs[i] = usageLog(u)
		d.addUsage(u)
	}
	return db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.CreateInBatches(logs, 500).Error; err != nil {
			return err
		}
		return applyDelta(tx, d)
	})
}

// usageColumns are the columns copyUsage fills, in order.
var usageColumns = []string{"user_id", "provider_config_id", "provider_type", "model_name", "task_type", "plan",
	"input_tokens", "output_tokens", "total_tokens", "cost_micros", "cost_unknown", "cost_saved_micros", "status",
	"error_class", "error_message", "latency_ms", "attempt", "request_id", "cache_hit", "created_at"}

// copyUsage writes a batch with PostgreSQL's COPY protocol: one round
// trip and no statement to build, so the writer stays cheap beside the
// requests it records.
func (db *DB) copyUsage(ctx context.Context, rows []billing.Usage) error {
	values := make([][]any, len(rows))
	d := newRollupDelta()
	for i, u := range rows {
		d.addUsage(u)
		var cfg any
		if u.ProviderConfigID != nil {
			cfg = int64(*u.ProviderConfigID)
		}
		values[i] = []any{int64(u.UserID), cfg, u.ProviderType, u.ModelName, u.TaskType, u.Plan,
			int32(u.InputTokens), int32(u.OutputTokens), int32(u.TotalTokens), u.CostMicros, u.CostUnknown, u.CostSavedMicros,
			u.Status, u.ErrorClass, u.ErrorMessage, u.LatencyMS, int32(u.Attempt), u.RequestID, u.CacheHit, u.CreatedAt.UTC()}
	}
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy usage: unexpected driver connection %T", dc)
		}
		return pgx.BeginFunc(ctx, c.Conn(), func(tx pgx.Tx) error {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ai_provider_usage_logs"}, usageColumns, pgx.CopyFromRows(values)); err != nil {
				return err
			}
			for _, t := range []struct {
				name string
				m    map[rollupKey]*rollupSum
			}{{rollupHours, d.hours}, {rollupDays, d.days}} {
				stmts, args := upsertStatements(t.name, t.m)
				for i, s := range stmts {
					if _, err := tx.Exec(ctx, dollarize(s), args[i]...); err != nil {
						return fmt.Errorf("update %s: %w", t.name, err)
					}
				}
			}
			return nil
		})
	})
}

// UsageFilter narrows ListUsage; zero values match everything.
type UsageFilter struct {
	UserID uint
	Task   string
	Status string
	Since  time.Time
	Limit  int
}

// ListUsage returns usage rows, newest first.
func (db *DB) ListUsage(ctx context.Context, f UsageFilter) ([]UsageLog, error) {
	q := db.ctx(ctx).Model(&UsageLog{})
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.Task != "" {
		q = q.Where("task_type = ?", f.Task)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if !f.Since.IsZero() {
		q = q.Where("created_at >= ?", f.Since.UTC())
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	var out []UsageLog
	err := q.Order("created_at DESC, id DESC").Limit(f.Limit).Find(&out).Error
	return out, err
}

func usageLog(u billing.Usage) UsageLog {
	return UsageLog{
		UserID: u.UserID, ProviderConfigID: u.ProviderConfigID, ProviderType: u.ProviderType,
		ModelName: u.ModelName, TaskType: u.TaskType, Plan: u.Plan,
		InputTokens: u.InputTokens, OutputTokens: u.OutputTokens, TotalTokens: u.TotalTokens,
		CostMicros: u.CostMicros, CostUnknown: u.CostUnknown, CostSavedMicros: u.CostSavedMicros,
		Status: u.Status, ErrorClass: u.ErrorClass, ErrorMessage: u.ErrorMessage,
		LatencyMS: u.LatencyMS, Attempt: u.Attempt, RequestID: u.RequestID, CacheHit: u.CacheHit,
		CreatedAt: u.CreatedAt.UTC(),
	}
}
