package models

import (
	"context"
	"time"

	"gorm.io/gorm"
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

// LoadPolicy reads the routing policy: billing.DefaultPolicy with the
// stored overrides applied, as one immutable snapshot (billing.PolicyStore).
// Rows naming a plan, task or tier this version does not know are skipped
// with a warning (once per row) rather than failing the read.
func (db *DB) LoadPolicy(ctx context.Context) (*billing.Policy, error) {
	return db.loadPolicy(db.ctx(ctx))
}

func (db *DB) loadPolicy(tx *gorm.DB) (*billing.Policy, error) {
	var rules []RoutingRule
	if err := tx.Order("plan, task").Find(&rules).Error; err != nil {
		return nil, err
	}
	cells := make([]billing.Cell, 0, len(rules))
	for _, r := range rules {
		task, tier := billing.Task(r.Task), billing.Tier(r.Tier)
		if !billing.ValidPlan(r.Plan) || !ValidTask(task) || !ValidTier(tier) {
			db.warnOnce("routing:"+r.Plan+"/"+r.Task+"/"+r.Tier, "routing rule ignored", "plan", r.Plan, "task", r.Task, "tier", r.Tier)
			continue
		}
		cells = append(cells, billing.Cell{Plan: r.Plan, Task: task, Tier: tier})
	}
	return billing.DefaultPolicy().With(cells...), nil
}

// TierChange is one cell a routing save changed (billing.TierChange: the
// PolicyCache returns it to its callers).
type TierChange = billing.TierChange

// SaveRouting stores a routing grid in one transaction: every cell is
// checked first, then the cells that differ from the stored policy are
// written together, so a failure part-way changes nothing and no reader
// (here or on another instance) ever sees half a grid. It returns the
// cells that changed, with their previous tiers. Callers save through
// billing.PolicyCache, which then reads the new grid at once.
func (db *DB) SaveRouting(ctx context.Context, cells []billing.Cell) ([]TierChange, error) {
	for _, c := range cells {
		if err := validCell(c); err != nil {
			return nil, err
		}
	}
	var changes []TierChange
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		changes = nil
		cur, err := db.loadPolicy(tx)
		if err != nil {
			return err
		}
		for _, c := range cells {
			from := cur.Tier(c.Plan, c.Task)
			if from == c.Tier {
				continue
			}
			r := RoutingRule{Plan: c.Plan, Task: string(c.Task), Tier: string(c.Tier)}
			if err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "plan"}, {Name: "task"}},
				DoUpdates: clause.AssignmentColumns([]string{"tier"}),
			}).Create(&r).Error; err != nil {
				return err
			}
			cur = cur.With(c)
			changes = append(changes, TierChange{Plan: c.Plan, Task: c.Task, From: from, To: c.Tier})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

func validCell(c billing.Cell) error {
	if !billing.ValidPlan(c.Plan) {
		return apperr.New(apperr.EINVALID, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", c.Plan)
	}
	if !ValidTask(c.Task) {
		return apperr.New(apperr.EINVALID, "There is no task %q; tasks are extraction, image_validation, cv_draft and cover_letter.", c.Task)
	}
	if !ValidTier(c.Tier) {
		return apperr.New(apperr.EINVALID, "The tier of %s for %s must be fast or quality, not %q.", c.Task, c.Plan, c.Tier)
	}
	return nil
}

// LoadPrices reads the price table: billing.DefaultPrices with the stored
// prices applied (a stored price replaces the default, a stored deletion
// removes it), as one immutable snapshot (billing.PolicyStore).
func (db *DB) LoadPrices(ctx context.Context) (*billing.Prices, error) {
	return db.loadPrices(db.ctx(ctx))
}

func (db *DB) loadPrices(tx *gorm.DB) (*billing.Prices, error) {
	var rows []ModelPrice
	if err := tx.Order("model").Find(&rows).Error; err != nil {
		return nil, err
	}
	m := map[string]billing.Price{}
	for _, p := range billing.DefaultPrices().All() {
		m[p.Model] = p.Price
	}
	for _, r := range rows {
		if r.InputMicrosPerMTok == deletedPrice && r.OutputMicrosPerMTok == deletedPrice {
			delete(m, billing.NormalizeModel(r.Model))
			continue
		}
		if r.InputMicrosPerMTok < 0 || r.OutputMicrosPerMTok < 0 {
			db.warnOnce("price:"+r.Model, "model price ignored", "model", r.Model)
			continue
		}
		m[billing.NormalizeModel(r.Model)] = billing.Price{InputPerMillion: r.InputMicrosPerMTok, OutputPerMillion: r.OutputMicrosPerMTok}
	}
	return billing.NewPrices(m), nil
}

// SetModelPrice stores a model's price in micro-USD per million tokens, in
// one transaction with the read of the price it replaces: old is what the
// table charged for the model before (had is false when it was unknown),
// for the audit log. Callers save through billing.PolicyCache, which then
// reads the new table at once.
func (db *DB) SetModelPrice(ctx context.Context, model string, inputMicrosPerMTok, outputMicrosPerMTok int64) (old billing.Price, had bool, err error) {
	m := billing.NormalizeModel(model)
	if m == "" || len(m) > maxModelName {
		return old, false, apperr.Invalid(map[string]string{"model": "Enter the model's name as the provider spells it, e.g. gpt-4o-mini."},
			"Enter the model's name as the provider spells it, e.g. gpt-4o-mini.")
	}
	if inputMicrosPerMTok < 0 || outputMicrosPerMTok < 0 {
		return old, false, apperr.New(apperr.EINVALID, "Prices cannot be negative; enter 0 for a free model.")
	}
	return db.upsertPrice(ctx, m, inputMicrosPerMTok, outputMicrosPerMTok)
}

// DeleteModelPrice forgets a model's price, so its calls show as cost
// unknown; old and had are as for SetModelPrice. It is stored as a
// deletion so a default price stays deleted.
func (db *DB) DeleteModelPrice(ctx context.Context, model string) (old billing.Price, had bool, err error) {
	m := billing.NormalizeModel(model)
	if m == "" || len(m) > maxModelName {
		return old, false, apperr.New(apperr.EINVALID, "Name the model whose price to delete.")
	}
	return db.upsertPrice(ctx, m, deletedPrice, deletedPrice)
}

func (db *DB) upsertPrice(ctx context.Context, model string, in, out int64) (old billing.Price, had bool, err error) {
	err = db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := db.loadPrices(tx)
		if err != nil {
			return err
		}
		old, had = cur.Price(model)
		r := ModelPrice{Model: model, InputMicrosPerMTok: in, OutputMicrosPerMTok: out, UpdatedAt: db.now()}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "model"}},
			DoUpdates: clause.AssignmentColumns([]string{"input_micros_per_mtok", "output_micros_per_mtok", "updated_at"}),
		}).Create(&r).Error
	})
	if err != nil {
		return billing.Price{}, false, err
	}
	return old, had, nil
}
