package billing

import "context"

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

// Policy maps (plan, task) to a tier. A Policy is an immutable snapshot:
// With returns a changed copy, so calls that read one while an admin saves
// the grid see the old table or the new one, never a mix, and need no lock.
type Policy struct {
	tiers map[string]map[Task]Tier
}

// Cell is one entry of the routing grid: the tier a plan gets for a task.
type Cell struct {
	Plan string
	Task Task
	Tier Tier
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

// Tier returns the tier for a plan and task; unknown pairs get fast. A nil
// Policy is the default one.
func (p *Policy) Tier(plan string, t Task) Tier {
	if p == nil {
		p = defaultPolicy
	}
	if tier, ok := p.tiers[plan][t]; ok {
		return tier
	}
	return TierFast
}

// defaultPolicy answers for a nil *Policy; it is never changed.
var defaultPolicy = DefaultPolicy()

// With returns a copy of p with cells applied; p itself is unchanged.
func (p *Policy) With(cells ...Cell) *Policy {
	if p == nil {
		p = defaultPolicy
	}
	q := &Policy{tiers: make(map[string]map[Task]Tier, len(p.tiers))}
	for plan, row := range p.tiers {
		q.tiers[plan] = make(map[Task]Tier, len(row))
		for t, tier := range row {
			q.tiers[plan][t] = tier
		}
	}
	for _, c := range cells {
		if q.tiers[c.Plan] == nil {
			q.tiers[c.Plan] = map[Task]Tier{}
		}
		q.tiers[c.Plan][c.Task] = c.Tier
	}
	return q
}

// Cells returns every plan × task cell, plans cheapest first and tasks in
// the order of Tasks, for the admin page and for comparing two policies.
func (p *Policy) Cells() []Cell {
	out := make([]Cell, 0, len(Plans)*len(Tasks))
	for _, plan := range Plans {
		for _, t := range Tasks {
			out = append(out, Cell{Plan: plan, Task: t, Tier: p.Tier(plan, t)})
		}
	}
	return out
}

// PlanSource tells the plan of a user.
type PlanSource interface {
	UserPlan(ctx context.Context, userID uint) (string, error)
}
