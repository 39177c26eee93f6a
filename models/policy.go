package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"tailor/apperr"
	"tailor/billing"
)

// RoutingRule is one admin override of the routing policy
// (ai_routing_policy): the tier a plan gets for a task. Cells without a row
// keep billing.DefaultPolicy's tier, so a new task added in code gets
// a sensible tier without a migration.
type RoutingRule struct {
	Plan string `gorm:"primaryKey" json:"plan"`
	Task string `gorm:"primaryKey" json:"task"`
	Tier string `json:"tier"`
}

// TableName implements gorm's Tabler.
func (RoutingRule) TableName() string { return "ai_routing_policy" }

// ModelPrice is one admin override of the price table (ai_model_prices), in
// micro-USD per million tokens. A row with both prices -1 is a deletion:
// it removes a model that billing.DefaultPrices lists, so a deleted
// default does not come back at the next start.
type ModelPrice struct {
	Model               string    `gorm:"primaryKey" json:"model"`
	InputMicrosPerMTok  int64     `gorm:"column:input_micros_per_mtok" json:"input_micros_per_mtok"`
	OutputMicrosPerMTok int64     `gorm:"column:output_micros_per_mtok" json:"output_micros_per_mtok"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// TableName implements gorm's Tabler.
func (ModelPrice) TableName() string { return "ai_model_prices" }

// deletedPrice marks a ModelPrice row that removes a model.
const deletedPrice = -1

// maxModelName bounds a model name; real ones are under 100 characters.
const maxModelName = 200

// ValidTask reports whether t names a task the policy routes.
func ValidTask(t billing.Task) bool {
	for _, k := range billing.Tasks {
		if t == k {
			return true
		}
	}
	return false
}

// ValidTier reports whether t is fast or quality.
func ValidTier(t billing.Tier) bool {
	return t == billing.TierFast || t == billing.TierQuality
}

// LoadPolicy applies the stored overrides to p. Rows naming a plan, task
// or tier this version does not know are skipped with a warning rather
// than failing the start.
func (db *DB) LoadPolicy(ctx context.Context, p *billing.Policy) error {
	var rules []RoutingRule
	if err := db.ctx(ctx).Order("plan, task").Find(&rules).Error; err != nil {
		return err
	}
	for _, r := range rules {
		task, tier := billing.Task(r.Task), billing.Tier(r.Tier)
		if !billing.ValidPlan(r.Plan) || !ValidTask(task) || !ValidTier(tier) {
			db.logWarn("routing rule ignored", "plan", r.Plan, "task", r.Task, "tier", r.Tier)
			continue
		}
		p.Set(r.Plan, task, tier)
	}
	return nil
}

// SetTier stores the tier a plan gets for a task. The caller applies it to
// the live policy too (Policy.Set), so it holds from the next call.
func (db *DB) SetTier(ctx context.Context, plan string, task billing.Task, tier billing.Tier) error {
	if !billing.ValidPlan(plan) {
		return apperr.New(apperr.EINVALID, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", plan)
	}
	if !ValidTask(task) {
		return apperr.New(apperr.EINVALID, "There is no task %q; tasks are extraction, image_validation, cv_draft and cover_letter.", task)
	}
	if !ValidTier(tier) {
		return apperr.New(apperr.EINVALID, "The tier of %s for %s must be fast or quality, not %q.", task, plan, tier)
	}
	r := RoutingRule{Plan: plan, Task: string(task), Tier: string(tier)}
	return db.ctx(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "plan"}, {Name: "task"}},
		DoUpdates: clause.AssignmentColumns([]string{"tier"}),
	}).Create(&r).Error
}

// LoadPrices applies the stored prices to p: a stored price replaces the
// default, a stored deletion removes it.
func (db *DB) LoadPrices(ctx context.Context, p *billing.Prices) error {
	var rows []ModelPrice
	if err := db.ctx(ctx).Order("model").Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		if r.InputMicrosPerMTok == deletedPrice && r.OutputMicrosPerMTok == deletedPrice {
			p.DeletePrice(r.Model)
			continue
		}
		if r.InputMicrosPerMTok < 0 || r.OutputMicrosPerMTok < 0 {
			db.logWarn("model price ignored", "model", r.Model)
			continue
		}
		p.SetPrice(r.Model, billing.Price{InputPerMillion: r.InputMicrosPerMTok, OutputPerMillion: r.OutputMicrosPerMTok})
	}
	return nil
}

// SetModelPrice stores a model's price in micro-USD per million tokens. The
// caller applies it to the live table too (Prices.SetPrice).
func (db *DB) SetModelPrice(ctx context.Context, model string, inputMicrosPerMTok, outputMicrosPerMTok int64) error {
	m := billing.NormalizeModel(model)
	if m == "" || len(m) > maxModelName {
		return apperr.Invalid(map[string]string{"model": "Enter the model's name as the provider spells it, e.g. gpt-4o-mini."},
			"Enter the model's name as the provider spells it, e.g. gpt-4o-mini.")
	}
	if inputMicrosPerMTok < 0 || outputMicrosPerMTok < 0 {
		return apperr.New(apperr.EINVALID, "Prices cannot be negative; enter 0 for a free model.")
	}
	return db.upsertPrice(ctx, m, inputMicrosPerMTok, outputMicrosPerMTok)
}

// DeleteModelPrice forgets a model's price, so its calls show as cost
// unknown. It is stored as a deletion so a default price stays deleted.
func (db *DB) DeleteModelPrice(ctx context.Context, model string) error {
	m := billing.NormalizeModel(model)
	if m == "" || len(m) > maxModelName {
		return apperr.New(apperr.EINVALID, "Name the model whose price to delete.")
	}
	return db.upsertPrice(ctx, m, deletedPrice, deletedPrice)
}

func (db *DB) upsertPrice(ctx context.Context, model string, in, out int64) error {
	r := ModelPrice{Model: model, InputMicrosPerMTok: in, OutputMicrosPerMTok: out, UpdatedAt: db.now()}
	return db.ctx(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "model"}},
		DoUpdates: clause.AssignmentColumns([]string{"input_micros_per_mtok", "output_micros_per_mtok", "updated_at"}),
	}).Create(&r).Error
}
