package models

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// AuditEntry is one change an admin made (admin_audit_log). Before and
// After hold the changed object's fields as JSON: what it was and what it
// became. Secrets never go in: a replaced key is recorded as the fact.
type AuditEntry struct {
	ID         uint      `gorm:"primaryKey" json:"id"`
	ActorID    uint      `json:"actor_id"`
	ActorEmail string    `json:"actor_email"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Summary    string    `json:"summary"`
	BeforeJSON string    `gorm:"column:before_json" json:"-"`
	AfterJSON  string    `gorm:"column:after_json" json:"-"`
	CreatedAt  time.Time `json:"created_at"`
}

// TableName implements gorm's Tabler.
func (AuditEntry) TableName() string { return "admin_audit_log" }

// AuditChange is one field that changed.
type AuditChange struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Changes lists the fields whose value differs between Before and After,
// in name order; a creation lists every field with a nil Before, a
// deletion every field with a nil After.
func (e AuditEntry) Changes() []AuditChange {
	var before, after map[string]any
	_ = json.Unmarshal([]byte(e.BeforeJSON), &before)
	_ = json.Unmarshal([]byte(e.AfterJSON), &after)
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	var out []AuditChange
	for k := range keys {
		b, _ := json.Marshal(before[k])
		a, _ := json.Marshal(after[k])
		if string(a) != string(b) {
			out = append(out, AuditChange{Field: k, Before: before[k], After: after[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// RecordAudit stores an entry; before and after are any values that
// marshal to JSON objects (nil for none).
func (db *DB) RecordAudit(ctx context.Context, e AuditEntry, before, after any) error {
	for _, x := range []struct {
		v   any
		dst *string
	}{{before, &e.BeforeJSON}, {after, &e.AfterJSON}} {
		if x.v == nil {
			continue
		}
		b, err := json.Marshal(x.v)
		if err != nil {
			return err
		}
		*x.dst = string(b)
	}
	e.ID = 0
	e.CreatedAt = db.now()
	return db.ctx(ctx).Create(&e).Error
}

// AuditQuery filters the audit log; BeforeID pages back (keyset on id).
type AuditQuery struct {
	Action     string // exact, or a prefix ending in "." ("provider.")
	TargetType string
	ActorEmail string
	BeforeID   uint
	Limit      int
}

// ListAudit returns entries newest first, and the id to pass as BeforeID
// for the next page (0 on the last page).
func (db *DB) ListAudit(ctx context.Context, q AuditQuery) ([]AuditEntry, uint, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	tx := db.ctx(ctx).Model(&AuditEntry{})
	if q.Action != "" {
		if q.Action[len(q.Action)-1] == '.' {
			tx = tx.Where("action LIKE ?", q.Action+"%")
		} else {
			tx = tx.Where("action = ?", q.Action)
		}
	}
	if q.TargetType != "" {
		tx = tx.Where("target_type = ?", q.TargetType)
	}
	if q.ActorEmail != "" {
		tx = tx.Where("actor_email = ?", q.ActorEmail)
	}
	if q.BeforeID != 0 {
		tx = tx.Where("id < ?", q.BeforeID)
	}
	var out []AuditEntry
	if err := tx.Order("id DESC").Limit(q.Limit + 1).Find(&out).Error; err != nil {
		return nil, 0, err
	}
	if len(out) <= q.Limit {
		return out, 0, nil
	}
	out = out[:q.Limit]
	return out, out[len(out)-1].ID, nil
}
