package models

import (
	"context"
	"strings"
	"time"

	"tailor/billing"
)

// SearchUsers returns users whose email or name contains q (any case),
// newest first, limit at a time: afterID pages on (keyset on id). It also
// returns the id to pass as afterID for the next page (0 on the last).
func (db *DB) SearchUsers(ctx context.Context, q string, afterID uint, limit int) ([]User, uint, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	tx := db.ctx(ctx).Model(&User{})
	if q = strings.TrimSpace(q); q != "" {
		pat := "%" + likeEscape(strings.ToLower(q)) + "%"
		tx = tx.Where("(LOWER(email) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')", pat, pat)
	}
	if afterID != 0 {
		tx = tx.Where("id < ?", afterID)
	}
	var us []User
	if err := tx.Order("id DESC").Limit(limit + 1).Find(&us).Error; err != nil {
		return nil, 0, err
	}
	if len(us) <= limit {
		return us, 0, nil
	}
	us = us[:limit]
	return us, us[len(us)-1].ID, nil
}

// UserMonth is a user's AI use in a calendar month: provider calls
// (successful or not) and what they cost.
type UserMonth struct {
	Calls      int64
	CostMicros int64
}

// UsageThisMonth sums this UTC month's raw usage rows of the given users
// (an index on user and time keeps this to their own rows).
func (db *DB) UsageThisMonth(ctx context.Context, ids []uint) (map[uint]UserMonth, error) {
	out := map[uint]UserMonth{}
	if len(ids) == 0 {
		return out, nil
	}
	now := db.now()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var rows []struct {
		UserID     uint
		Calls      int64
		CostMicros int64
	}
	err := db.ctx(ctx).Model(&UsageLog{}).Select("user_id, COUNT(*) AS calls, SUM(cost_micros) AS cost_micros").
		Where("user_id IN ? AND created_at >= ? AND status IN ?", ids, start, []string{billing.StatusSuccess, billing.StatusError}).
		Group("user_id").Scan(&rows).Error
	for _, r := range rows {
		out[r.UserID] = UserMonth{Calls: r.Calls, CostMicros: r.CostMicros}
	}
	return out, err
}
