package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/billing"
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
	if !billing.ValidPlan(plan) {
		return PlanLimit{}, apperr.New(apperr.ENOTFOUND, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", plan)
	}
	if l, ok := db.limits.get(plan); ok {
		return l, nil
	}
	l := PlanLimit{Plan: plan}
	err := db.ctx(ctx).Where("plan = ?", plan).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = nil
	}
	if err == nil {
		db.limits.put(l)
	}
	return l, err
}

// limitCache keeps plan limits for a few seconds. SetPlanLimit clears it
// at once on this instance; other instances see a change within limitTTL.
type limitCache struct {
	mu sync.Mutex
	m  map[string]limitEntry
}

type limitEntry struct {
	l  PlanLimit
	at time.Time
}

const limitTTL = 5 * time.Second

func newLimitCache() *limitCache { return &limitCache{m: map[string]limitEntry{}} }

func (c *limitCache) get(plan string) (PlanLimit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[plan]
	if !ok || time.Since(e.at) > limitTTL {
		return PlanLimit{}, false
	}
	return e.l, true
}

func (c *limitCache) put(l PlanLimit) {
	c.mu.Lock()
	c.m[l.Plan] = limitEntry{l: l, at: time.Now()}
	c.mu.Unlock()
}

func (c *limitCache) clear() {
	c.mu.Lock()
	c.m = map[string]limitEntry{}
	c.mu.Unlock()
}

// SetPlanLimit stores a plan's limits.
func (db *DB) SetPlanLimit(ctx context.Context, l PlanLimit) (PlanLimit, error) {
	if !billing.ValidPlan(l.Plan) {
		return l, apperr.New(apperr.ENOTFOUND, "There is no plan %q.", l.Plan)
	}
	if l.DailyRequests < 0 || l.MonthlyTokens < 0 || l.MonthlyCostMicros < 0 {
		return l, apperr.New(apperr.EINVALID, "Limits cannot be negative; use 0 for unlimited.")
	}
	l.UpdatedAt = db.now()
	err := db.ctx(ctx).Save(&l).Error
	db.limits.clear()
	return l, err
}

// UpdatePlanLimit changes a plan's limits in one transaction: change edits
// the stored limits (zero, unlimited, when none are stored). It returns the
// limits before and after, for the audit log.
func (db *DB) UpdatePlanLimit(ctx context.Context, plan string, change func(*PlanLimit)) (before, after PlanLimit, err error) {
	if !billing.ValidPlan(plan) {
		return before, after, apperr.New(apperr.ENOTFOUND, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", plan)
	}
	err = db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		before = PlanLimit{Plan: plan}
		if err := tx.Where("plan = ?", plan).Take(&before).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		after = before
		change(&after)
		after.Plan = plan
		if after.DailyRequests < 0 || after.MonthlyTokens < 0 || after.MonthlyCostMicros < 0 {
			return apperr.New(apperr.EINVALID, "Limits cannot be negative; use 0 for unlimited.")
		}
		after.UpdatedAt = db.now()
		return tx.Save(&after).Error
	})
	db.limits.clear()
	return before, after, err
}

// Reserve implements billing.QuotaStore. The check and the hold are
// one conditional UPDATE, so two app instances on one PostgreSQL can never
// both take the last unit of a quota.
func (db *DB) Reserve(ctx context.Context, userID uint, plan string, estTokens int, estCostMicros int64) (billing.Reservation, error) {
	lim, err := db.PlanLimitOf(ctx, plan)
	if err != nil {
		return billing.Reservation{}, err
	}
	now := db.now()
	month, day := now.Format("2006-01"), now.Format("2006-01-02")
	r := billing.Reservation{ID: billing.ReservationTag(ctx) + newID(), UserID: userID, Plan: plan, Tokens: estTokens, CostMicros: estCostMicros, CreatedAt: now}
	refused := false
	if db.dialect == "postgres" {
		refused, err = db.reservePG(ctx, r, lim, month, day, now)
	} else {
		refused, err = db.reserveTx(ctx, r, lim, month, day, now)
	}
	if err != nil {
		return billing.Reservation{}, err
	}
	if refused {
		return billing.Reservation{}, db.quotaRefusal(ctx, userID, plan, lim, estTokens, estCostMicros, month, day, now)
	}
	return r, nil
}

// reservePG checks and holds in one statement: the conditional upsert of
// the user's row and the insert of the reservation, which only happens
// when the upsert passed its WHERE. A new row starts from zero, so the
// estimate alone must fit.
func (db *DB) reservePG(ctx context.Context, r billing.Reservation, lim PlanLimit, month, day string, now time.Time) (bool, error) {
	if (lim.MonthlyTokens > 0 && int64(r.Tokens) > lim.MonthlyTokens) || (lim.MonthlyCostMicros > 0 && r.CostMicros > lim.MonthlyCostMicros) {
		return true, nil
	}
	// database/sql directly, with positional parameters: this runs on every
	// AI call, and GORM's statement building costs more than the database.
	res, err := db.quotaSQL.ExecContext(ctx, `WITH q AS (
		INSERT INTO ai_quota_usage AS u (user_id, month, day, day_requests, reserved_requests, reserved_tokens, reserved_cost_micros, updated_at)
		VALUES ($1, $2, $3, 0, 1, $4, $5, $6)
		ON CONFLICT (user_id, month) DO UPDATE SET
			day_requests = CASE WHEN u.day = $3 THEN u.day_requests ELSE 0 END,
			day = $3,
			reserved_requests = u.reserved_requests + 1,
			reserved_tokens = u.reserved_tokens + $4,
			reserved_cost_micros = u.reserved_cost_micros + $5,
			updated_at = $6
		WHERE (CAST($7 AS BIGINT) = 0 OR (CASE WHEN u.day = $3 THEN u.day_requests ELSE 0 END) + u.reserved_requests + 1 <= CAST($7 AS BIGINT))
		  AND (CAST($8 AS BIGINT) = 0 OR u.tokens + u.reserved_tokens + CAST($4 AS BIGINT) <= CAST($8 AS BIGINT))
		  AND (CAST($9 AS BIGINT) = 0 OR u.cost_micros + u.reserved_cost_micros + CAST($5 AS BIGINT) <= CAST($9 AS BIGINT))
		RETURNING 1)
	INSERT INTO ai_quota_reservations (id, user_id, month, tokens, cost_micros, expires_at)
	SELECT $10, $1, $2, $4, $5, $11 FROM q`,
		int64(r.UserID), month, day, int64(r.Tokens), r.CostMicros, now,
		int64(lim.DailyRequests), lim.MonthlyTokens, lim.MonthlyCostMicros, r.ID, now.Add(reservationTTL))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 0, err
}

// reserveTx is Reserve for SQLite, whose writers are serialized anyway.
func (db *DB) reserveTx(ctx context.Context, r billing.Reservation, lim PlanLimit, month, day string, now time.Time) (bool, error) {
	userID, estTokens, estCostMicros := r.UserID, r.Tokens, r.CostMicros
	refused := false
	// The limits are cast to BIGINT: PostgreSQL types a bare "? = 0" as
	// integer, and a limit past 2^31 (a $2,148 budget in micro-dollars)
	// would then fail to encode.
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
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
	return refused, err
}

// quotaRefusal words a refused reservation from the user's row.
func (db *DB) quotaRefusal(ctx context.Context, userID uint, plan string, lim PlanLimit, estTokens int, estCostMicros int64, month, day string, now time.Time) error {
	var u QuotaUsage
	db.ctx(ctx).Where("user_id = ? AND month = ?", userID, month).Take(&u)
	reqs := u.ReservedRequests + 1
	if u.Day == day {
		reqs += u.DayRequests
	}
	qe := billing.QuotaError(plan, billing.Limits{DailyRequests: lim.DailyRequests, MonthlyTokens: lim.MonthlyTokens,
		MonthlyCostMicros: lim.MonthlyCostMicros}, now, reqs, u.Tokens+u.ReservedTokens+int64(estTokens), u.CostMicros+u.ReservedCostMicros+estCostMicros)
	if qe == nil { // limits changed between the two statements
		qe = apperr.New(apperr.EQUOTA, "Your plan's AI quota is used up. Try again later, or upgrade your plan.")
	}
	return qe
}

// Settle implements billing.QuotaStore: the estimate is released and
// the real use counted, in one transaction.
func (db *DB) Settle(ctx context.Context, r billing.Reservation, actualTokens int, actualCostMicros int64) error {
	_, err := db.finish(ctx, r, true, int64(actualTokens), actualCostMicros)
	return err
}

// Release implements billing.QuotaStore: the call did not count.
func (db *DB) Release(ctx context.Context, r billing.Reservation) error {
	_, err := db.finish(ctx, r, false, 0, 0)
	return err
}

// finish ends a reservation and reports whether this call gave its hold
// back. Whoever's DELETE removes the reservation row gives the hold back:
// another instance may settle or expire the same reservation between the
// read and the delete, and a hold given back twice would drive the
// reserved counters negative (so past the plan's limits).
func (db *DB) finish(ctx context.Context, r billing.Reservation, used bool, tokens, cost int64) (bool, error) {
	if db.dialect == "postgres" {
		return db.finishPG(ctx, r, used, tokens, cost)
	}
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

// finishPG is finish in one statement: the DELETE of the reservation says
// how much hold to give back (nothing when someone else removed it first),
// and the upsert of the user's row applies that and the real use. The row
// is the month the reservation was made in (the current one after expiry).
func (db *DB) finishPG(ctx context.Context, r billing.Reservation, used bool, tokens, cost int64) (bool, error) {
	now := db.now()
	month := now.Format("2006-01")
	if !r.CreatedAt.IsZero() {
		month = r.CreatedAt.UTC().Format("2006-01")
	}
	n := int64(0)
	if used {
		n = 1
	}
	var held int64
	err := db.quotaSQL.QueryRowContext(ctx, `WITH del AS (
		DELETE FROM ai_quota_reservations WHERE id = $1 RETURNING month, tokens, cost_micros),
	held AS (SELECT COUNT(*) AS n, COALESCE(SUM(tokens), 0) AS tok, COALESCE(SUM(cost_micros), 0) AS cost,
		COALESCE(MIN(month), $2) AS month FROM del)
	INSERT INTO ai_quota_usage AS u (user_id, month, day, day_requests, tokens, cost_micros, updated_at)
	SELECT $3, held.month, $4, $5, $6, $7, $8 FROM held
	ON CONFLICT (user_id, month) DO UPDATE SET
		reserved_requests = u.reserved_requests - (SELECT n FROM held),
		reserved_tokens = u.reserved_tokens - (SELECT tok FROM held),
		reserved_cost_micros = u.reserved_cost_micros - (SELECT cost FROM held),
		day_requests = CASE WHEN $5 = 0 THEN u.day_requests WHEN u.day = $4 THEN u.day_requests + 1 ELSE 1 END,
		day = CASE WHEN $5 = 0 THEN u.day ELSE $4 END,
		tokens = u.tokens + $6, cost_micros = u.cost_micros + $7, updated_at = $8
	RETURNING (SELECT n FROM held)`,
		r.ID, month, int64(r.UserID), now.Format("2006-01-02"), n, tokens, cost, now).Scan(&held)
	return held == 1 && err == nil, err
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
		held, err := db.finish(ctx, billing.Reservation{ID: res.ID, UserID: res.UserID, CreatedAt: monthStart(res.Month)}, false, 0, 0)
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

// monthStart parses a "2006-01" month, zero when it does not parse.
func monthStart(m string) time.Time {
	t, _ := time.Parse("2006-01", m)
	return t
}
