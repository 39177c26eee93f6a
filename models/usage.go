package models

import (
	"context"
	"time"

	"tailor/orchestrator"
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

// WriteUsage implements orchestrator.UsageSink: one INSERT per batch.
func (db *DB) WriteUsage(ctx context.Context, rows []orchestrator.Usage) error {
	if len(rows) == 0 {
		return nil
	}
	logs := make([]UsageLog, len(rows))
	for i, u := range rows {
		logs[i] = usageLog(u)
	}
	return db.ctx(ctx).CreateInBatches(logs, 500).Error
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

func usageLog(u orchestrator.Usage) UsageLog {
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
