package models

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"gorm.io/gorm/clause"

	"tailor/orchestrator"
)

// CacheEntry is one cached model answer (ai_cache_entries).
type CacheEntry struct {
	Key       string `gorm:"primaryKey"`
	Response  string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// TableName implements gorm's Tabler.
func (CacheEntry) TableName() string { return "ai_cache_entries" }

// Cache is the orchestrator's answer cache in the database, so every app
// instance shares it. Errors are logged and reported as a miss.
type Cache struct {
	db  *DB
	log *slog.Logger
}

// NewCache returns the database cache.
func (db *DB) NewCache(log *slog.Logger) *Cache { return &Cache{db: db, log: log} }

// Get implements orchestrator.Cache.
func (c *Cache) Get(ctx context.Context, key string) (orchestrator.Response, bool) {
	var e CacheEntry
	err := c.db.ctx(ctx).Where("key = ? AND expires_at > ?", key, c.db.now()).Limit(1).Find(&e).Error
	if err != nil {
		c.log.Warn("cache read failed", "error", err)
		return orchestrator.Response{}, false
	}
	if e.Key == "" {
		return orchestrator.Response{}, false
	}
	var r orchestrator.Response
	if err := json.Unmarshal([]byte(e.Response), &r); err != nil {
		return orchestrator.Response{}, false
	}
	return r, true
}

// Put implements orchestrator.Cache.
func (c *Cache) Put(ctx context.Context, key string, r orchestrator.Response, ttl time.Duration) {
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
	now := c.db.now()
	e := CacheEntry{Key: key, Response: string(b), ExpiresAt: now.Add(ttl), CreatedAt: now}
	err = c.db.ctx(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"response", "expires_at", "created_at"}),
	}).Create(&e).Error
	if err != nil {
		c.log.Warn("cache write failed", "error", err)
	}
}

// PurgeExpiredCache deletes stale answers.
func (db *DB) PurgeExpiredCache(ctx context.Context) (int64, error) {
	res := db.ctx(ctx).Where("expires_at <= ?", db.now()).Delete(&CacheEntry{})
	return res.RowsAffected, res.Error
}
