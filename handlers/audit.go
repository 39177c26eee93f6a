package handlers

import (
	"crypto/subtle"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/billing"
	"tailor/models"
	"tailor/views"
)

// audit records a change an admin made: who, what, and the values before
// and after. The change itself is already made, so a failure to record it
// is logged loudly rather than shown to the admin.
func (h *Handler) audit(c *fiber.Ctx, action, targetType string, targetID any, summary string, before, after any) {
	e := models.AuditEntry{Action: action, TargetType: targetType, TargetID: fmt.Sprint(targetID), Summary: summary}
	if u := currentUser(c); u != nil {
		e.ActorID, e.ActorEmail = u.ID, u.Email
	}
	if err := h.db.RecordAudit(c.UserContext(), e, before, after); err != nil {
		h.log.Error("audit log write failed", "action", action, "target_type", targetType, "target_id", e.TargetID, "error", err)
	}
}

// providerAudit is what the audit log keeps of a provider config: every
// setting, and which key it has by its last four characters (never the
// key, never its ciphertext).
func providerAudit(cfg *models.ProviderConfig) map[string]any {
	if cfg == nil {
		return nil
	}
	return map[string]any{"name": cfg.Name, "provider_type": cfg.ProviderType, "base_url": cfg.BaseURL,
		"fast_model": cfg.FastModel, "quality_model": cfg.QualityModel, "priority": cfg.Priority,
		"is_active": cfg.IsActive, "rpm_limit": cfg.RPMLimit, "api_key_last4": cfg.APIKeyLast4}
}

// auditProviderSave records a create or an update, and a replaced key as
// its own entry so it stands out.
func (h *Handler) auditProviderSave(c *fiber.Ctx, old, cfg *models.ProviderConfig, keySent bool) {
	if old == nil {
		h.audit(c, "provider.created", "provider", cfg.ID, "Added provider “"+cfg.Name+"”", nil, providerAudit(cfg))
		return
	}
	h.audit(c, "provider.updated", "provider", cfg.ID, "Changed provider “"+cfg.Name+"”", providerAudit(old), providerAudit(cfg))
	if keySent {
		h.audit(c, "provider.key_replaced", "provider", cfg.ID, "Replaced the API key of “"+cfg.Name+"”",
			map[string]any{"api_key_last4": old.APIKeyLast4}, map[string]any{"api_key_last4": cfg.APIKeyLast4})
	}
}

func planLimitAudit(l models.PlanLimit) map[string]any {
	return map[string]any{"daily_requests": l.DailyRequests, "monthly_tokens": l.MonthlyTokens, "monthly_cost_micros": l.MonthlyCostMicros}
}

func userAudit(u *models.User) map[string]any {
	return map[string]any{"email": u.Email, "plan": u.Plan, "role": u.Role}
}

func priceAudit(p billing.Price, ok bool) map[string]any {
	if !ok {
		return nil
	}
	return map[string]any{"input_micros_per_mtok": p.InputPerMillion, "output_micros_per_mtok": p.OutputPerMillion}
}

func (h *Handler) showAudit(c *fiber.Ctx) error {
	q := models.AuditQuery{Action: c.Query("action"), Limit: 50}
	if s := c.Query("before"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err == nil {
			q.BeforeID = uint(n)
		}
	}
	entries, next, err := h.db.ListAudit(c.UserContext(), q)
	if err != nil {
		return err
	}
	a := views.AdminAudit{Entries: entries, Action: q.Action, First: q.BeforeID == 0}
	if next != 0 {
		a.NextURL = "/admin/audit?" + url.Values{"action": {q.Action}, "before": {strconv.FormatUint(uint64(next), 10)}}.Encode()
	}
	return render(c, fiber.StatusOK, views.AdminAuditPage(h.page(c, "Audit log"), a))
}

// auditJSON is an audit entry in the API, with its changes spelled out.
type auditJSON struct {
	models.AuditEntry
	Changes []models.AuditChange `json:"changes"`
}

func (h *Handler) apiListAudit(c *fiber.Ctx) error {
	q := models.AuditQuery{Action: c.Query("action"), TargetType: c.Query("target_type"), ActorEmail: c.Query("actor_email"), Limit: c.QueryInt("limit", 100)}
	if s := c.Query("before_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "before_id must be an entry id from the previous page.")
		}
		q.BeforeID = uint(n)
	}
	entries, next, err := h.db.ListAudit(c.UserContext(), q)
	if err != nil {
		return err
	}
	out := struct {
		Entries      []auditJSON `json:"entries"`
		NextBeforeID uint        `json:"next_before_id,omitempty"`
	}{Entries: []auditJSON{}, NextBeforeID: next}
	for _, e := range entries {
		ch := e.Changes()
		if ch == nil {
			ch = []models.AuditChange{}
		}
		out.Entries = append(out.Entries, auditJSON{e, ch})
	}
	return c.JSON(out)
}

// metricsAuth lets Prometheus in with METRICS_TOKEN as its bearer token,
// and an admin with their API token (apiAuth, then requireAdmin).
func (h *Handler) metricsAuth(c *fiber.Ctx) error {
	tok, _ := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if h.metricsTok != "" && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(h.metricsTok)) == 1 {
		c.Locals(keyMetricsToken, true)
		return c.Next()
	}
	return h.apiAuth(c)
}

const keyMetricsToken = "metrics_token"

func (h *Handler) metricsAdmin(c *fiber.Ctx) error {
	if ok, _ := c.Locals(keyMetricsToken).(bool); ok {
		return c.Next()
	}
	return h.requireAdmin(c)
}
