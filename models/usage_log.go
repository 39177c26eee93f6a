package models

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tailor/apperr"
)

// UsageRow is a usage log row with its user's email, for the raw log.
type UsageRow struct {
	UsageLog `gorm:"embedded"`
	Email    string `json:"email"`
}

// UsageCursor is where a page of the raw log ends: the last row's time and
// id. The next page starts strictly after it (keyset pagination: no
// OFFSET, so a page costs the same however deep it is, and rows written
// meanwhile cause no gaps or repeats).
type UsageCursor struct {
	At time.Time
	ID uint
}

// String encodes the cursor for a URL.
func (c UsageCursor) String() string {
	return strconv.FormatInt(c.At.UnixNano(), 10) + "-" + strconv.FormatUint(uint64(c.ID), 10)
}

// ParseUsageCursor reads what String wrote.
func ParseUsageCursor(s string) (UsageCursor, error) {
	a, b, ok := strings.Cut(s, "-")
	ns, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return UsageCursor{}, apperr.New(apperr.EINVALID, "That page link is damaged. Go back to the first page of the log.")
	}
	return UsageCursor{At: time.Unix(0, ns).UTC(), ID: uint(id)}, nil
}

// UsageLogQuery filters the raw log; zero values match everything.
type UsageLogQuery struct {
	Email    string // part of the user's email, any case
	UserID   uint
	Task     string
	Status   string
	Provider string
	From, To time.Time
	After    *UsageCursor // the previous page's end
	Limit    int          // 1..1000, default 100
}

// ListUsagePage returns one page of the raw log, newest first, and the
// cursor of the next page (nil on the last page).
func (db *DB) ListUsagePage(ctx context.Context, q UsageLogQuery) ([]UsageRow, *UsageCursor, error) {
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 100
	}
	tx := db.ctx(ctx).Table("ai_provider_usage_logs AS l").Select("l.*, COALESCE(u.email, '') AS email").
		Joins("LEFT JOIN users u ON u.id = l.user_id")
	if q.Email != "" {
		tx = tx.Where("l.user_id IN (SELECT id FROM users WHERE LOWER(email) LIKE ? ESCAPE '\\')", "%"+likeEscape(strings.ToLower(q.Email))+"%")
	}
	if q.UserID != 0 {
		tx = tx.Where("l.user_id = ?", q.UserID)
	}
	for _, f := range []struct{ col, v string }{{"l.task_type", q.Task}, {"l.status", q.Status}, {"l.provider_type", q.Provider}} {
		if f.v != "" {
			tx = tx.Where(f.col+" = ?", f.v)
		}
	}
	if !q.From.IsZero() {
		tx = tx.Where("l.created_at >= ?", q.From.UTC())
	}
	if !q.To.IsZero() {
		tx = tx.Where("l.created_at < ?", q.To.UTC())
	}
	if q.After != nil {
		at := q.After.At.UTC()
		tx = tx.Where("(l.created_at < ? OR (l.created_at = ? AND l.id < ?))", at, at, q.After.ID)
	}
	var rows []UsageRow
	if err := tx.Order("l.created_at DESC, l.id DESC").Limit(q.Limit + 1).Scan(&rows).Error; err != nil {
		return nil, nil, err
	}
	if len(rows) <= q.Limit {
		return rows, nil, nil
	}
	rows = rows[:q.Limit]
	last := rows[len(rows)-1]
	return rows, &UsageCursor{At: last.CreatedAt.UTC(), ID: last.ID}, nil
}

// GetUsageRow is one row of the raw log, for its detail view.
func (db *DB) GetUsageRow(ctx context.Context, id uint) (UsageRow, error) {
	var rows []UsageRow
	err := db.ctx(ctx).Table("ai_provider_usage_logs AS l").Select("l.*, COALESCE(u.email, '') AS email").
		Joins("LEFT JOIN users u ON u.id = l.user_id").Where("l.id = ?", id).Limit(1).Scan(&rows).Error
	if err != nil {
		return UsageRow{}, err
	}
	if len(rows) == 0 {
		return UsageRow{}, apperr.New(apperr.ENOTFOUND, "There is no usage row %d; retention may have deleted it.", id)
	}
	return rows[0], nil
}

// likeEscape makes %, _ and \ in s match themselves in a LIKE … ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
