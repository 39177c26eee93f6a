package handlers

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"tailor/billing"
	"tailor/models"
)

// auditStore keeps the audit log.
type auditStore interface {
	RecordAudit(ctx context.Context, e models.AuditEntry, before, after any) error
}

// auditor records what admins change; the admin areas share one.
type auditor struct {
	store auditStore
	log   *slog.Logger
}

func newAuditor(store auditStore, log *slog.Logger) *auditor {
	return &auditor{store: store, log: log}
}

// record records a change an admin made: who, what, and the values before
// and after. The change itself is already made, so a failure to record it
// is logged loudly rather than shown to the admin.
func (a *auditor) record(c *fiber.Ctx, action, targetType string, targetID any, summary string, before, after any) {
	e := models.AuditEntry{Action: action, TargetType: targetType, TargetID: fmt.Sprint(targetID), Summary: summary}
	if u := currentUser(c); u != nil {
		e.ActorID, e.ActorEmail = u.ID, u.Email
	}
	if err := a.store.RecordAudit(c.UserContext(), e, before, after); err != nil {
		a.log.Error("audit log write failed", "action", action, "target_type", targetType, "target_id", e.TargetID, "error", err)
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

// providerSaved records a create or an update, and a replaced key as
// its own entry so it stands out.
func (a *auditor) providerSaved(c *fiber.Ctx, old, cfg *models.ProviderConfig, keySent bool) {
	if old == nil {
		a.record(c, "provider.created", "provider", cfg.ID, "Added provider “"+cfg.Name+"”", nil, providerAudit(cfg))
		return
	}
	a.record(c, "provider.updated", "provider", cfg.ID, "Changed provider “"+cfg.Name+"”", providerAudit(old), providerAudit(cfg))
	if keySent {
		a.record(c, "provider.key_replaced", "provider", cfg.ID, "Replaced the API key of “"+cfg.Name+"”",
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
