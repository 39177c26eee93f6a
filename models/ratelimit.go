package models

import (
	"context"
	"time"
)

// RateEvent is one counted event (a failed login, a registration) in a
// sliding window. Kept in the database so every instance counts the same.
type RateEvent struct {
	ID        uint `gorm:"primaryKey"`
	Key       string
	CreatedAt time.Time
}

// rateKeep is how long events are kept; every window is shorter.
const rateKeep = 24 * time.Hour

// RateCheck reports when key may act again: the zero time when fewer than
// max events happened in the last window, else the moment the oldest of
// the last max events leaves the window.
func (db *DB) RateCheck(ctx context.Context, key string, max int, window time.Duration) (time.Time, error) {
	now := db.now()
	var times []time.Time
	err := db.ctx(ctx).Model(&RateEvent{}).Where("key = ? AND created_at > ?", key, now.Add(-window)).
		Order("created_at DESC").Limit(max).Pluck("created_at", &times).Error
	if err != nil || len(times) < max {
		return time.Time{}, err
	}
	return times[len(times)-1].Add(window), nil
}

// RateRecord counts one event for key. One insert in a thousand also
// clears events older than a day, so the table stays small without a job.
func (db *DB) RateRecord(ctx context.Context, key string) error {
	e := RateEvent{Key: key, CreatedAt: db.now()}
	if err := db.ctx(ctx).Create(&e).Error; err != nil {
		return err
	}
	if e.ID%1000 == 0 {
		return db.ctx(ctx).Where("created_at < ?", e.CreatedAt.Add(-rateKeep)).Delete(&RateEvent{}).Error
	}
	return nil
}

// RateClear forgets the events of key (a successful login clears that
// address's failures for that account).
func (db *DB) RateClear(ctx context.Context, key string) error {
	return db.ctx(ctx).Where("key = ?", key).Delete(&RateEvent{}).Error
}
