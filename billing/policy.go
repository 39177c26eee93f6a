package billing

import (
	"context"
	"sync"
)

// Task names what a call is for; routing, quotas and the usage log key on it.
type Task string

const (
	TaskExtraction      Task = "extraction"
	TaskImageValidation Task = "image_validation"
	TaskCVDraft         Task = "cv_draft"
	TaskCoverLetter     Task = "cover_letter"
)

// Tasks lists every task, in the order the admin pages show them.
var Tasks = []Task{TaskExtraction, TaskImageValidation, TaskCVDraft, TaskCoverLetter}

// Tier is the class of model a (plan, task) pair gets. Provider configs name
// a model per tier, so switching provider never touches the policy.
type Tier string

const (
	TierFast    Tier = "fast"
	TierQuality Tier = "quality"
)

// Plans, as stored on users.
const (
	PlanFreemium   = "FREEMIUM"
	PlanPaygo      = "PAYGO"
	PlanProMonthly = "PRO_MONTHLY"
	PlanProAnnual  = "PRO_ANNUAL"
)

// Plans lists every plan, cheapest first.
var Plans = []string{PlanFreemium, PlanPaygo, PlanProMonthly, PlanProAnnual}

// ValidPlan reports whether p names a plan.
func ValidPlan(p string) bool {
	for _, q := range Plans {
		if p == q {
			return true
		}
	}
	return false
}

// Policy maps (plan, task) to a tier. It is safe for concurrent use.
type Policy struct {
	mu    sync.RWMutex
	tiers map[string]map[Task]Tier
}

// DefaultPolicy returns DESIGN.md's table: everything fast for FREEMIUM,
// quality drafting for paying plans.
func DefaultPolicy() *Policy {
	p := &Policy{tiers: map[string]map[Task]Tier{}}
	for _, plan := range Plans {
		p.tiers[plan] = map[Task]Tier{}
		for _, t := range Tasks {
			tier := TierFast
			if plan != PlanFreemium && (t == TaskCVDraft || t == TaskCoverLetter) {
				tier = TierQuality
			}
			p.tiers[plan][t] = tier
		}
	}
	return p
}

// Tier returns the tier for a plan and task; unknown pairs get fast.
func (p *Policy) Tier(plan string, t Task) Tier {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if tier, ok := p.tiers[plan][t]; ok {
		return tier
	}
	return TierFast
}

// Set changes one cell of the table.
func (p *Policy) Set(plan string, t Task, tier Tier) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tiers[plan] == nil {
		p.tiers[plan] = map[Task]Tier{}
	}
	p.tiers[plan][t] = tier
}

// PlanSource tells the plan of a user.
type PlanSource interface {
	UserPlan(ctx context.Context, userID uint) (string, error)
}
