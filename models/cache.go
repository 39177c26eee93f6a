package models

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm/clause"
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
// instance shares it. Answers are opaque bytes here: the orchestrator
// encodes them. Errors are logged and reported as a miss.
type Cache struct {
	db  *DB
	log *slog.Logger
}

// NewCache returns the database cache.
func (db *DB) NewCache(log *slog.Logger) *Cache { return &Cache{db: db, log: log} }

// Get returns the answer stored under key, or false when there is none or
// it has expired. It implements orchestrator.Cache, which stores answers as
// bytes it encodes itself.
func (c *Cache) Get(ctx context.Context, key string) ([]byte, bool) {
	var e CacheEntry
	err := c.db.ctx(ctx).Where("key = ? AND expires_at > ?", key, c.db.now()).Limit(1).Find(&e).Error
	if err != nil {
		c.log.Warn("cache read failed", "error", err)
		return nil, false
	}
	if e.Key == "" {
		return nil, false
	}
	return []byte(e.Response), true
}

// Put stores an answer under key for ttl, replacing what was there.
func (c *Cache) Put(ctx context.Context, key string, value []byte, ttl time.Duration) {
	now := c.db.now()
	e := CacheEntry{Key: key, Response: string(value), ExpiresAt: now.Add(ttl), CreatedAt: now}
	err := c.db.ctx(ctx).Clauses(clause.OnConflict{
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
