package mock

import (
	"context"
	"fmt"
	"sync"
	"time"

	"tailor/billing"
)

// Quota is a billing.QuotaStore in memory, safe for concurrent use.
type Quota struct {
	mu     sync.Mutex
	limits map[string]billing.Limits
	now    func() time.Time
	users  map[uint]*quotaUse
	open   map[string]billing.Reservation
	seq    int
}

type quotaUse struct {
	day      string
	requests int
	month    string
	tokens   int64
	cost     int64
}

// NewQuota returns a store with the limits of each plan; plans not in
// the map are unlimited. now may be nil (time.Now).
func NewQuota(limits map[string]billing.Limits, now func() time.Time) *Quota {
	if now == nil {
		now = time.Now
	}
	l := make(map[string]billing.Limits, len(limits))
	for k, v := range limits {
		l[k] = v
	}
	return &Quota{limits: l, now: now, users: map[uint]*quotaUse{}, open: map[string]billing.Reservation{}}
}

// SetLimits changes a plan's limits.
func (q *Quota) SetLimits(plan string, l billing.Limits) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.limits[plan] = l
}

// Used returns what a user has used (settled and reserved) today and this month.
func (q *Quota) Used(userID uint) (requestsToday int, tokensThisMonth, costThisMonth int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	u := q.use(userID, q.now().UTC())
	return u.requests, u.tokens, u.cost
}

func (q *Quota) use(userID uint, now time.Time) *quotaUse {
	u := q.users[userID]
	if u == nil {
		u = &quotaUse{}
		q.users[userID] = u
	}
	if d := now.Format("2006-01-02"); u.day != d {
		u.day, u.requests = d, 0
	}
	if m := now.Format("2006-01"); u.month != m {
		u.month, u.tokens, u.cost = m, 0, 0
	}
	return u
}

// Reserve implements billing.QuotaStore.
func (q *Quota) Reserve(_ context.Context, userID uint, plan string, estTokens int, estCostMicros int64) (billing.Reservation, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now().UTC()
	u := q.use(userID, now)
	l := q.limits[plan]
	if err := billing.QuotaError(plan, l, now, u.requests+1, u.tokens+int64(estTokens), u.cost+estCostMicros); err != nil {
		return billing.Reservation{}, err
	}
	u.requests++
	u.tokens += int64(estTokens)
	u.cost += estCostMicros
	q.seq++
	r := billing.Reservation{ID: fmt.Sprintf("mem-%d", q.seq), UserID: userID, Plan: plan, Tokens: estTokens,
		CostMicros: estCostMicros, CreatedAt: now}
	q.open[r.ID] = r
	return r, nil
}

// Settle implements billing.QuotaStore.
func (q *Quota) Settle(_ context.Context, r billing.Reservation, actualTokens int, actualCostMicros int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.open[r.ID]; !ok {
		return fmt.Errorf("quota reservation %s is not open", r.ID)
	}
	delete(q.open, r.ID)
	u := q.use(r.UserID, q.now().UTC())
	if u.month == r.CreatedAt.Format("2006-01") {
		u.tokens += int64(actualTokens - r.Tokens)
		u.cost += actualCostMicros - r.CostMicros
	} else {
		u.tokens += int64(actualTokens)
		u.cost += actualCostMicros
	}
	return nil
}

// Release implements billing.QuotaStore.
func (q *Quota) Release(_ context.Context, r billing.Reservation) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.open[r.ID]; !ok {
		return fmt.Errorf("quota reservation %s is not open", r.ID)
	}
	delete(q.open, r.ID)
	u := q.use(r.UserID, q.now().UTC())
	if u.day == r.CreatedAt.Format("2006-01-02") {
		u.requests--
	}
	if u.month == r.CreatedAt.Format("2006-01") {
		u.tokens -= int64(r.Tokens)
		u.cost -= r.CostMicros
	}
	return nil
}
