package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/views"
)

// routingStore keeps the plan limits (the quota check reads them on every
// call, uncached).
type routingStore interface {
	PlanLimitOf(ctx context.Context, plan string) (models.PlanLimit, error)
	UpdatePlanLimit(ctx context.Context, plan string, change func(*models.PlanLimit)) (before, after models.PlanLimit, err error)
}

// routingPolicy is the routing policy and price table the orchestrator
// reads (*billing.PolicyCache): the page shows them, and changes them
// through it, so this instance's next call uses a change at once. Each
// write is one transaction and reports what it replaced, for the audit.
type routingPolicy interface {
	billing.PolicySource
	SaveRouting(ctx context.Context, cells []billing.Cell) ([]billing.TierChange, error)
	SetPrice(ctx context.Context, model string, inputMicrosPerMTok, outputMicrosPerMTok int64) (billing.Price, bool, error)
	DeletePrice(ctx context.Context, model string) (billing.Price, bool, error)
}

// routingHandler is the admins' routing page (plan × task tiers, model
// prices, plan limits) and the plan-limits API.
type routingHandler struct {
	site   *site
	store  routingStore
	policy routingPolicy
	audit  *auditor
}

func newRoutingHandler(s *site, store routingStore, policy routingPolicy, audit *auditor) *routingHandler {
	return &routingHandler{site: s, store: store, policy: policy, audit: audit}
}

func (h *routingHandler) showRouting(c *fiber.Ctx) error {
	a, err := h.routingView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.AdminRoutingPage(h.site.page(c, "Routing"), a))
}

// routingView reads the policy and prices calls use and the stored plan
// limits. Handlers that re-render a form with errors overwrite their own
// part.
func (h *routingHandler) routingView(c *fiber.Ctx) (views.AdminRouting, error) {
	a := views.AdminRouting{Plans: billing.Plans, Tiers: map[string]map[string]string{}}
	for _, t := range billing.Tasks {
		a.Tasks = append(a.Tasks, string(t))
	}
	for _, plan := range billing.Plans {
		a.Tiers[plan] = map[string]string{}
	}
	for _, cell := range h.policy.Policy(c.UserContext()).Cells() {
		a.Tiers[cell.Plan][string(cell.Task)] = string(cell.Tier)
	}
	for _, p := range h.policy.Prices(c.UserContext()).All() {
		a.Prices = append(a.Prices, views.PriceRow{Model: p.Model, InputMicros: p.InputPerMillion, OutputMicros: p.OutputPerMillion})
	}
	for _, plan := range billing.Plans {
		l, err := h.store.PlanLimitOf(c.UserContext(), plan)
		if err != nil {
			return a, err
		}
		a.Limits = append(a.Limits, views.PlanLimitRow{Plan: plan, DailyRequests: strconv.Itoa(l.DailyRequests),
			MonthlyTokens: strconv.FormatInt(l.MonthlyTokens, 10), MonthlyBudget: views.Dollars(l.MonthlyCostMicros)})
	}
	return a, nil
}

// saveRouting stores every cell of the matrix in one transaction. All
// cells are checked before any is saved, so a tampered form changes
// nothing, and a save that fails part-way changes nothing either.
func (h *routingHandler) saveRouting(c *fiber.Ctx) error {
	var cells []billing.Cell
	errs := map[string]string{}
	for _, plan := range billing.Plans {
		for _, t := range billing.Tasks {
			name := views.TierField(plan, string(t))
			tier := billing.Tier(c.FormValue(name))
			if !models.ValidTier(tier) {
				errs[name] = "Choose fast or quality."
				continue
			}
			cells = append(cells, billing.Cell{Plan: plan, Task: t, Tier: tier})
		}
	}
	if len(errs) > 0 {
		a, err := h.routingView(c)
		if err != nil {
			return err
		}
		errs["form"] = "Nothing was saved: every cell needs fast or quality."
		a.TierErrors = errs
		return render(c, fiber.StatusUnprocessableEntity, views.AdminRoutingPage(h.site.page(c, "Routing"), a))
	}
	changes, err := h.policy.SaveRouting(c.UserContext(), cells)
	if err != nil {
		return err
	}
	changed := len(changes)
	before, after := map[string]any{}, map[string]any{}
	for _, x := range changes {
		before[x.Plan+"."+string(x.Task)] = x.From
		after[x.Plan+"."+string(x.Task)] = x.To
		h.site.log.Info("routing changed", "plan", x.Plan, "task", x.Task, "tier", x.To, "by", currentUser(c).ID)
	}
	if changed > 0 {
		h.audit.record(c, "routing.changed", "routing", "", "Changed "+strconv.Itoa(changed)+" routing cell(s)", before, after)
	}
	if changed == 0 {
		flash(c, "Routing unchanged.")
	} else {
		flash(c, "Routing saved: "+strconv.Itoa(changed)+" cell(s) changed. The next AI call uses the new tiers.")
	}
	return c.Redirect("/admin/routing", fiber.StatusSeeOther)
}

// savePrice adds or changes a model's price, typed in dollars per million
// tokens and stored in micro-USD.
func (h *routingHandler) savePrice(c *fiber.Ctx) error {
	f := views.PriceForm{Model: strings.TrimSpace(c.FormValue("model")), Input: strings.TrimSpace(c.FormValue("input")),
		Output: strings.TrimSpace(c.FormValue("output")), Errors: map[string]string{}}
	model := billing.NormalizeModel(f.Model)
	if model == "" {
		f.Errors["model"] = "Enter the model's name as the provider spells it, e.g. gpt-4o-mini."
	}
	in, err := parseDollars(f.Input)
	if err != nil {
		f.Errors["input"] = apperr.Message(err)
	}
	out, err := parseDollars(f.Output)
	if err != nil {
		f.Errors["output"] = apperr.Message(err)
	}
	var old billing.Price
	var had bool
	if len(f.Errors) == 0 {
		if old, had, err = h.policy.SetPrice(c.UserContext(), model, in, out); err != nil {
			if apperr.Code(err) != apperr.EINVALID {
				return err
			}
			f.Errors["model"] = apperr.Message(err)
		}
	}
	if len(f.Errors) > 0 {
		a, err := h.routingView(c)
		if err != nil {
			return err
		}
		a.PriceForm = f
		return render(c, fiber.StatusUnprocessableEntity, views.AdminRoutingPage(h.site.page(c, "Routing"), a))
	}
	h.audit.record(c, "price.set", "price", model, "Set the price of "+model, priceAudit(old, had),
		priceAudit(billing.Price{InputPerMillion: in, OutputPerMillion: out}, true))
	h.site.log.Info("model price changed", "model", model, "input_micros_per_mtok", in, "output_micros_per_mtok", out, "by", currentUser(c).ID)
	flash(c, "Saved the price of "+model+". The next call is priced with it.")
	return c.Redirect("/admin/routing#prices", fiber.StatusSeeOther)
}

func (h *routingHandler) deletePrice(c *fiber.Ctx) error {
	model := billing.NormalizeModel(c.FormValue("model"))
	old, had, err := h.policy.DeletePrice(c.UserContext(), model)
	if err != nil {
		return err
	}
	h.audit.record(c, "price.deleted", "price", model, "Deleted the price of "+model, priceAudit(old, had), nil)
	h.site.log.Info("model price deleted", "model", model, "by", currentUser(c).ID)
	flash(c, "Deleted the price of "+model+". Its calls show their cost as unknown until you add one.")
	return c.Redirect("/admin/routing#prices", fiber.StatusSeeOther)
}

// savePlanLimit stores one plan's limits; the quota check reads them on
// every call, so they apply at once.
func (h *routingHandler) savePlanLimit(c *fiber.Ctx) error {
	plan := strings.Clone(c.Params("plan"))
	if !billing.ValidPlan(plan) {
		return apperr.New(apperr.ENOTFOUND, "There is no plan %q; plans are FREEMIUM, PAYGO, PRO_MONTHLY and PRO_ANNUAL.", plan)
	}
	errs := map[string]string{}
	daily, err := strconv.Atoi(strings.TrimSpace(c.FormValue("daily_requests")))
	if err != nil || daily < 0 {
		errs[plan+".daily_requests"] = "Enter a whole number, 0 for unlimited."
	}
	tokens, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("monthly_tokens")), 10, 64)
	if err != nil || tokens < 0 {
		errs[plan+".monthly_tokens"] = "Enter a whole number of tokens, 0 for unlimited."
	}
	budget, err := parseDollars(strings.TrimSpace(c.FormValue("monthly_budget")))
	if err != nil {
		errs[plan+".monthly_budget"] = apperr.Message(err) + " 0 is unlimited."
	}
	if len(errs) > 0 {
		a, err := h.routingView(c)
		if err != nil {
			return err
		}
		for i := range a.Limits { // show what was typed, not what is stored
			if a.Limits[i].Plan == plan {
				a.Limits[i] = views.PlanLimitRow{Plan: plan, DailyRequests: c.FormValue("daily_requests"),
					MonthlyTokens: c.FormValue("monthly_tokens"), MonthlyBudget: c.FormValue("monthly_budget")}
			}
		}
		a.LimitErrors = errs
		return render(c, fiber.StatusUnprocessableEntity, views.AdminRoutingPage(h.site.page(c, "Routing"), a))
	}
	old, l, err := h.store.UpdatePlanLimit(c.UserContext(), plan, func(l *models.PlanLimit) {
		l.DailyRequests, l.MonthlyTokens, l.MonthlyCostMicros = daily, tokens, budget
	})
	if err != nil {
		return err
	}
	h.audit.record(c, "plan.limits_changed", "plan", plan, "Changed the limits of "+plan, planLimitAudit(old), planLimitAudit(l))
	h.site.log.Info("plan limits changed", "plan", plan, "by", currentUser(c).ID)
	flash(c, "Saved the limits of "+plan+".")
	return c.Redirect("/admin/routing#plans", fiber.StatusSeeOther)
}

// parseDollars reads a dollar amount such as "0.15", "$2.50" or "10" into
// micro-USD exactly (no float rounding); more than six decimals is refused
// rather than silently rounded.
func parseDollars(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "$"))
	s = strings.ReplaceAll(s, ",", "")
	bad := apperr.New(apperr.EINVALID, "Enter dollars such as 0.15 (at most six decimals, not negative).")
	if s == "" || s == "." {
		return 0, bad
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 6 || len(whole) > 12 || !allDigits(whole) || !allDigits(frac) {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	}
	return w*1_000_000 + f, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// The super-admin JSON API for plan limits.

func (h *routingHandler) apiGetPlan(c *fiber.Ctx) error {
	l, err := h.store.PlanLimitOf(c.UserContext(), c.Params("plan"))
	if err != nil {
		return err
	}
	return c.JSON(l)
}

// apiPutPlan sets the limits the body names and keeps the others.
func (h *routingHandler) apiPutPlan(c *fiber.Ctx) error {
	plan := strings.Clone(c.Params("plan"))
	var body struct {
		DailyRequests     *int   `json:"daily_requests"`
		MonthlyTokens     *int64 `json:"monthly_tokens"`
		MonthlyCostMicros *int64 `json:"monthly_cost_micros"`
	}
	if err := parseJSON(c, &body); err != nil {
		return err
	}
	if body.DailyRequests == nil && body.MonthlyTokens == nil && body.MonthlyCostMicros == nil {
		return apperr.New(apperr.EINVALID, "Send at least one of daily_requests, monthly_tokens and monthly_cost_micros (0 = unlimited).")
	}
	old, out, err := h.store.UpdatePlanLimit(c.UserContext(), plan, func(l *models.PlanLimit) {
		l.DailyRequests = *orDefault(body.DailyRequests, l.DailyRequests)
		l.MonthlyTokens = *orDefault(body.MonthlyTokens, l.MonthlyTokens)
		l.MonthlyCostMicros = *orDefault(body.MonthlyCostMicros, l.MonthlyCostMicros)
	})
	if err != nil {
		return err
	}
	h.site.log.Info("plan limits changed", "plan", plan, "by", currentUser(c).ID)
	h.audit.record(c, "plan.limits_changed", "plan", plan, "Changed the limits of "+plan, planLimitAudit(old), planLimitAudit(out))
	return c.JSON(out)
}
