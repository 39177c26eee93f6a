package mock

import (
	"context"

	"tailor/billing"
)

// Plans is a billing.PlanSource in memory: each user's plan, FREEMIUM for
// users not in the map (a nil Plans gives everyone FREEMIUM).
type Plans map[uint]string

// UserPlan implements billing.PlanSource.
func (p Plans) UserPlan(_ context.Context, userID uint) (string, error) {
	if plan, ok := p[userID]; ok {
		return plan, nil
	}
	return billing.PlanFreemium, nil
}
