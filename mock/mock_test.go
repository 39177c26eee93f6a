package mock

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/billing"
)

func TestQuota(t *testing.T) {
	clock := NewClock(time.Date(2025, 1, 31, 23, 0, 0, 0, time.UTC))
	q := NewQuota(map[string]billing.Limits{billing.PlanFreemium: {DailyRequests: 2, MonthlyTokens: 10_000, MonthlyCostMicros: 5000}}, clock.Now)
	ctx := context.Background()
	r1, err := q.Reserve(ctx, 1, billing.PlanFreemium, 4000, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Settle(ctx, r1, 3000, 800); err != nil {
		t.Fatal(err)
	}
	if err := q.Settle(ctx, r1, 3000, 800); err == nil {
		t.Error("settled twice")
	}
	// 3000 + 8000 tokens would pass the monthly 10,000.
	_, err = q.Reserve(ctx, 1, billing.PlanFreemium, 8000, 0)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.EQUOTA || !ae.ResetsAt.Equal(time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("err = %v, want EQUOTA resetting on Feb 1", err)
	}
	r2, err := q.Reserve(ctx, 1, billing.PlanFreemium, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Release(ctx, r2); err != nil {
		t.Fatal(err)
	}
	r3, err := q.Reserve(ctx, 1, billing.PlanFreemium, 100, 0)
	if err != nil {
		t.Fatalf("released reservation still counted: %v", err)
	}
	_ = q.Settle(ctx, r3, 100, 0)
	_, err = q.Reserve(ctx, 1, billing.PlanFreemium, 100, 0)
	if !errors.As(err, &ae) || !strings.Contains(ae.Message, "today") {
		t.Fatalf("third request of the day: %v", err)
	}
	clock.Advance(2 * time.Hour) // a new day and a new month
	if _, err := q.Reserve(ctx, 1, billing.PlanFreemium, 9000, 4000); err != nil {
		t.Errorf("limits did not reset: %v", err)
	}
	if _, err := q.Reserve(ctx, 5, billing.PlanPaygo, 1<<30, 1<<40); err != nil {
		t.Errorf("a plan without limits refused: %v", err)
	}
}

func TestCacheTTL(t *testing.T) {
	clock := NewClock(time.Unix(0, 0))
	c := NewCache(2, clock.Now)
	ctx := context.Background()
	c.Put(ctx, "a", []byte("a"), time.Minute)
	c.Put(ctx, "b", []byte("b"), time.Hour)
	c.Put(ctx, "c", []byte("c"), time.Hour) // evicts a, closest to expiry
	if _, ok := c.Get(ctx, "a"); ok || c.Len() != 2 {
		t.Errorf("eviction: a still there, len %d", c.Len())
	}
	clock.Advance(time.Hour)
	if _, ok := c.Get(ctx, "b"); ok {
		t.Error("expired entry served")
	}
}

func TestPlansAndUsageSink(t *testing.T) {
	ctx := context.Background()
	plans := Plans{2: billing.PlanPaygo}
	for id, want := range map[uint]string{1: billing.PlanFreemium, 2: billing.PlanPaygo} {
		if got, err := plans.UserPlan(ctx, id); err != nil || got != want {
			t.Errorf("UserPlan(%d) = %q, %v; want %q", id, got, err, want)
		}
	}
	if got, _ := Plans(nil).UserPlan(ctx, 7); got != billing.PlanFreemium {
		t.Errorf("nil Plans gave %q", got)
	}
	var s UsageSink
	_ = s.WriteUsage(ctx, []billing.Usage{{UserID: 1}, {UserID: 2}})
	_ = s.WriteUsage(ctx, []billing.Usage{{UserID: 3}})
	rows := s.Rows()
	if len(rows) != 3 || rows[2].UserID != 3 {
		t.Fatalf("rows = %+v", rows)
	}
	rows[0].UserID = 99
	if s.Rows()[0].UserID != 1 {
		t.Error("Rows shares its slice with the sink")
	}
	s.Reset()
	if len(s.Rows()) != 0 {
		t.Error("Reset kept rows")
	}
}
