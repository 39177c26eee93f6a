package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/orchestrator"
)

// PlanLimit is a plan's allowance (ai_plan_limits); 0 means unlimited.
type PlanLimit struct {
	Plan              string    `gorm:"primaryKey" json:"plan"`
	DailyRequests     int       `json:"daily_requests"`
	MonthlyTokens     int64     `json:"monthly_tokens"`
	MonthlyCostMicros int64     `json:"monthly_cost_micros"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// TableName implements gorm's Tabler.
func (PlanLimit) TableName() string { return "ai_plan_limits" }

// QuotaUsage is one user's use in one UTC month (ai_quota_usage).
type QuotaUsage struct {
	UserID             uint   `gorm:"primaryKey"`
	Month              string `gorm:"primaryKey"`
	Day                string
	DayRequests        int
	ReservedRequests   int
	Tokens             int64
	ReservedTokens     int64
	CostMicros         int64
	ReservedCostMicros int64
	UpdatedAt          time.Time
}

// TableName implements gorm's Tabler.
func (QuotaUsage) TableName() string { return "ai_quota_usage" }

// QuotaReservation is quota held by a call in flight.
type QuotaReservation struct {
	ID         string `gorm:"primaryKey"`
	UserID     uint
	Month      string
	Tokens     int64
	CostMicros int64
	ExpiresAt  time.Time
}

// TableName implements gorm's Tabler.
func (QuotaReservation) TableName() string { return "ai_quota_reservations" }

// reservationTTL is how long a reservation holds quota if its call never
// settles (a crash); ExpireReservations gives it back after that.
const reservationTTL = 15 * time.Minute

// PlanLimits returns every plan's limits.
func (db *DB) PlanLimits(ctx context.Context) ([]PlanLimit, error) {
	var ls []PlanLimit
	err := db.ctx(ctx).Order("plan").Find(&ls).Error
	return ls, err
}

// PlanLimitOf returns one plan's limits (zero, unlimited, when not set).
func (db *DB) PlanLimitOf(ctx context.Context, plan string) (PlanLimit, error) {
	if !orchestrator.ValidPlan(plan) {
		return PlanLimit{}, apperr.New(apperr.ENOTFOUND, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", plan)
	}
	l := PlanLimit{Plan: plan}
	err := db.ctx(ctx).Where("plan = ?", plan).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return l, nil
	}
	return l, err
}

// SetPlanLimit stores a plan's limits.
func (db *DB) SetPlanLimit(ctx context.Context, l PlanLimit) (PlanLimit, error) {
	if !orchestrator.ValidPlan(l.Plan) {
		return l, apperr.New(apperr.ENOTFOUND, "There is no plan %q.", l.Plan)
	}
	if l.DailyRequests < 0 || l.MonthlyTokens < 0 || l.MonthlyCostMicros < 0 {
		return l, apperr.New(apperr.EINVALID, "Limits cannot be negative; use 0 for unlimited.")
	}
	l.UpdatedAt = db.now()
	err := db.ctx(ctx).Save(&l).Error
	return l, err
}

// Reserve implements orchestrator.QuotaStore. The check and the hold are
// one conditional UPDATE, so two app instances on one PostgreSQL can never
// both take the last unit of a quota.
func (db *DB) Reserve(ctx context.Context, userID uint, plan string, estTokens int, estCostMicros int64) (orchestrator.Reservation, error) {
	lim, err := db.PlanLimitOf(ctx, plan)
	if err != nil {
		return orchestrator.Reservation{}, err
	}
	now := db.now()
	month, day := now.Format("2006-01"), now.Format("2006-01-02")
	r := orchestrator.Reservation{ID: newID(), UserID: userID, Plan: plan, Tokens: estTokens, CostMicros: estCostMicros, CreatedAt: now}
	refused := false
	// The limits are cast to BIGINT: PostgreSQL types a bare "? = 0" as
	// integer, and a limit past 2^31 (a $2,148 budget in micro-dollars)
	// would then fail to encode.
	err = db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO ai_quota_usage (user_id, month, day, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, month) DO NOTHING`,
			userID, month, day, now).Error; err != nil {
			return err
		}
		res := tx.Exec(`UPDATE ai_quota_usage SET
				day_requests = CASE WHEN day = ? THEN day_requests ELSE 0 END,
				day = ?,
				reserved_requests = reserved_requests + 1,
				reserved_tokens = reserved_tokens + ?,
				reserved_cost_micros = reserved_cost_micros + ?,
				updated_at = ?
			WHERE user_id = ? AND month = ?
			  AND (CAST(? AS BIGINT) = 0 OR (CASE WHEN day = ? THEN day_requests ELSE 0 END) + reserved_requests + 1 <= CAST(? AS BIGINT))
			  AND (CAST(? AS BIGINT) = 0 OR tokens + reserved_tokens + CAST(? AS BIGINT) <= CAST(? AS BIGINT))
			  AND (CAST(? AS BIGINT) = 0 OR cost_micros + reserved_cost_micros + CAST(? AS BIGINT) <= CAST(? AS BIGINT))`,
			day, day, estTokens, estCostMicros, now, userID, month,
			lim.DailyRequests, day, lim.DailyRequests,
			lim.MonthlyTokens, estTokens, lim.MonthlyTokens,
			lim.MonthlyCostMicros, estCostMicros, lim.MonthlyCostMicros)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			refused = true
			return nil
		}
		return tx.Create(&QuotaReservation{ID: r.ID, UserID: userID, Month: month, Tokens: int64(estTokens),
			CostMicros: estCostMicros, ExpiresAt: now.Add(reservationTTL)}).Error
	})
	if err != nil {
		return orchestrator.Reservation{}, err
	}
	if refused {
		var u QuotaUsage
		db.ctx(ctx).Where("user_id = ? AND month = ?", userID, month).Take(&u)
		reqs := u.ReservedRequests + 1
		if u.Day == day {
			reqs += u.DayRequests
		}
		qe := orchestrator.QuotaError(plan, orchestrator.Limits{DailyRequests: lim.DailyRequests, MonthlyTokens: lim.MonthlyTokens,
			MonthlyCostMicros: lim.MonthlyCostMicros}, now, reqs, u.Tokens+u.ReservedTokens+int64(estTokens), u.CostMicros+u.ReservedCostMicros+estCostMicros)
		if qe == nil { // limits changed between the two statements
			qe = apperr.New(apperr.EQUOTA, "Your plan's AI quota is used up. Try again later, or upgrade your plan.")
		}
		return orchestrator.Reservation{}, qe
	}
	return r, nil
}

// Settle implements orchestrator.QuotaStore: the estimate is released and
// the real use counted, in one transaction.
func (db *DB) Settle(ctx context.Context, r orchestrator.Reservation, actualTokens int, actualCostMicros int64) error {
	_, err := db.finish(ctx, r, true, int64(actualTokens), actualCostMicros)
	return err
}

// Release implements orchestrator.QuotaStore: the call did not count.
func (db *DB) Release(ctx context.Context, r orchestrator.Reservation) error {
	_, err := db.finish(ctx, r, false, 0, 0)
	return err
}

// finish ends a reservation and reports whether this call gave its hold
// back. Whoever's DELETE removes the reservation row gives the hold back:
// another instance may settle or expire the same reservation between the
// read and the delete, and a hold given back twice would drive the
// reserved counters negative (so past the plan's limits).
func (db *DB) finish(ctx context.Context, r orchestrator.Reservation, used bool, tokens, cost int64) (bool, error) {
	now := db.now()
	day := now.Format("2006-01-02")
	held := false
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var res QuotaReservation
		err := tx.Where("id = ?", r.ID).Take(&res).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		month := now.Format("2006-01")
		if err == nil {
			del := tx.Delete(&QuotaReservation{}, "id = ?", r.ID)
			if del.Error != nil {
				return del.Error
			}
			held = del.RowsAffected == 1
		}
		if held {
			month = res.Month
			if err := tx.Exec(`UPDATE ai_quota_usage SET reserved_requests = reserved_requests - 1,
				reserved_tokens = reserved_tokens - ?, reserved_cost_micros = reserved_cost_micros - ?, updated_at = ?
				WHERE user_id = ? AND month = ?`, res.Tokens, res.CostMicros, now, r.UserID, month).Error; err != nil {
				return err
			}
		}
		if !used {
			return nil
		}
		// An expired reservation was already given back: count the use anyway.
		if err := tx.Exec(`INSERT INTO ai_quota_usage (user_id, month, day, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, month) DO NOTHING`,
			r.UserID, month, day, now).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE ai_quota_usage SET
				day_requests = CASE WHEN day = ? THEN day_requests + 1 ELSE 1 END, day = ?,
				tokens = tokens + ?, cost_micros = cost_micros + ?, updated_at = ?
			WHERE user_id = ? AND month = ?`, day, day, tokens, cost, now, r.UserID, month).Error
	})
	return held && err == nil, err
}

// ExpireReservations gives back quota held by calls that never settled
// (a crashed instance) and returns how many it gave back. main runs it
// every minute.
func (db *DB) ExpireReservations(ctx context.Context) (int, error) {
	var expired []QuotaReservation
	if err := db.ctx(ctx).Where("expires_at < ?", db.now()).Limit(1000).Find(&expired).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, res := range expired {
		held, err := db.finish(ctx, orchestrator.Reservation{ID: res.ID, UserID: res.UserID}, false, 0, 0)
		if err != nil {
			return n, err
		}
		if held {
			n++
		}
	}
	return n, nil
}

// QuotaUsageOf returns a user's use this month, for pages.
func (db *DB) QuotaUsageOf(ctx context.Context, userID uint) (QuotaUsage, error) {
	now := db.now()
	u := QuotaUsage{UserID: userID, Month: now.Format("2006-01")}
	err := db.ctx(ctx).Where("user_id = ? AND month = ?", userID, u.Month).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, nil
	}
	if u.Day != now.Format("2006-01-02") {
		u.DayRequests = 0
	}
	return u, err
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
