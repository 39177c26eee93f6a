package billing

import (
	"context"
	"time"

	"tailor/apperr"
)

// Reservation is quota held for one request between Reserve and Settle or
// Release. A store may put its own id in ID (a row id, a UUID).
type Reservation struct {
	ID         string
	UserID     uint
	Plan       string
	Tokens     int
	CostMicros int64
	CreatedAt  time.Time
}

// QuotaStore holds each user's allowance. Generate reserves an estimate
// before it calls a provider, settles the actual use after a success and
// releases the reservation after a failure, so a failed request costs the
// person nothing. The SQL implementation lives with the models; mock.Quota
// is for tests.
type QuotaStore interface {
	// Reserve holds estTokens and estCostMicros for one request. When the
	// plan's limits would be passed it returns an *apperr.Error with code
	// EQUOTA and ResetsAt set, and holds nothing.
	Reserve(ctx context.Context, userID uint, plan string, estTokens int, estCostMicros int64) (Reservation, error)
	// Settle replaces the reservation's estimate by what the request used.
	Settle(ctx context.Context, r Reservation, actualTokens int, actualCostMicros int64) error
	// Release gives the reservation back; the request does not count.
	Release(ctx context.Context, r Reservation) error
}

// Limits are a plan's allowance; 0 means unlimited. Requests count per UTC
// day, tokens and cost per UTC calendar month.
type Limits struct {
	DailyRequests     int
	MonthlyTokens     int64
	MonthlyCostMicros int64
}

// QuotaError returns the EQUOTA error for usage that would pass a plan's
// limits at now, or nil when it fits. The SQL store uses it too, so both
// refuse with the same words.
func QuotaError(plan string, l Limits, now time.Time, requestsToday int, tokensThisMonth, costThisMonth int64) error {
	now = now.UTC()
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	nextMonth := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	var e *apperr.Error
	switch {
	case l.DailyRequests > 0 && requestsToday > l.DailyRequests:
		e = apperr.New(apperr.EQUOTA, "You have used all %d AI requests of your %s plan for today. They refill at midnight UTC; upgrade your plan for more.", l.DailyRequests, plan)
		e.ResetsAt = tomorrow
	case l.MonthlyTokens > 0 && tokensThisMonth > l.MonthlyTokens:
		e = apperr.New(apperr.EQUOTA, "This request would go past the %d AI tokens your %s plan allows this month. They refill on the 1st (UTC); upgrade your plan for more.", l.MonthlyTokens, plan)
		e.ResetsAt = nextMonth
	case l.MonthlyCostMicros > 0 && costThisMonth > l.MonthlyCostMicros:
		e = apperr.New(apperr.EQUOTA, "This request would go past the AI budget of your %s plan for this month. It refills on the 1st (UTC); upgrade your plan for more.", plan)
		e.ResetsAt = nextMonth
	default:
		return nil
	}
	return e
}

type ctxKey int

const keyReservationTag ctxKey = iota

// WithReservationTag returns ctx whose calls make quota reservations with
// ids starting with tag. Background work tags its calls with its job, so a
// retry after a crash can give back what the dead attempt still held (the
// QuotaStore reads the tag with ReservationTag).
func WithReservationTag(ctx context.Context, tag string) context.Context {
	return context.WithValue(ctx, keyReservationTag, tag)
}

// ReservationTag is the tag set by WithReservationTag, or "".
func ReservationTag(ctx context.Context) string {
	s, _ := ctx.Value(keyReservationTag).(string)
	return s
}
