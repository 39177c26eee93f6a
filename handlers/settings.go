package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

// settingsStore is what the Settings page shows and changes: API tokens,
// sessions, the password, and the plan's use.
type settingsStore interface {
	ListTokens(ctx context.Context, userID uint) ([]models.APIToken, error)
	CreateTokenUntil(ctx context.Context, userID uint, name string, expires *time.Time) (string, *models.APIToken, error)
	DeleteToken(ctx context.Context, userID, id uint) error
	ListUserSessions(ctx context.Context, userID uint) ([]models.Session, error)
	DeleteUserSession(ctx context.Context, userID, id uint) error
	DeleteUserSessions(ctx context.Context, userID, keep uint) (int64, error)
	ChangePassword(ctx context.Context, userID uint, password string, keep uint) error
	QuotaUsageOf(ctx context.Context, userID uint) (models.QuotaUsage, error)
	PlanLimitOf(ctx context.Context, plan string) (models.PlanLimit, error)
}

// settingsHandler is the Settings page: API tokens, the password, the
// browsers logged in, and this month's AI use.
type settingsHandler struct {
	site   *site
	store  settingsStore
	logins *logins // checks the current password
}

func newSettingsHandler(s *site, store settingsStore, l *logins) *settingsHandler {
	return &settingsHandler{site: s, store: store, logins: l}
}

func (h *settingsHandler) showSettings(c *fiber.Ctx) error {
	return h.renderSettings(c, "")
}

func (h *settingsHandler) renderSettings(c *fiber.Ctx, newToken string) error {
	return h.renderSettingsWith(c, views.Settings{NewToken: newToken}, fiber.StatusOK)
}

// renderSettingsWith renders the Settings page around s (a new token, a
// form's errors) with the account's tokens, sessions and AI use.
func (h *settingsHandler) renderSettingsWith(c *fiber.Ctx, s views.Settings, status int) error {
	ctx, u := c.UserContext(), currentUser(c)
	ts, err := h.store.ListTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	usage, err := h.store.QuotaUsageOf(ctx, u.ID)
	if err != nil {
		return err
	}
	limit, err := h.store.PlanLimitOf(ctx, u.Plan)
	if err != nil {
		return err
	}
	ss, err := h.store.ListUserSessions(ctx, u.ID)
	if err != nil {
		return err
	}
	s.Tokens, s.Usage, s.Limit, s.Sessions, s.Current = ts, usage, limit, ss, sess(c).id()
	return render(c, status, views.SettingsPage(h.site.page(c, "Settings"), s))
}

func (h *settingsHandler) createToken(c *fiber.Ctx) error {
	name := strings.TrimSpace(c.FormValue("name"))
	if name == "" {
		name = "API token"
	}
	if len(name) > 100 {
		name = name[:100]
	}
	var expires *time.Time
	if days, err := strconv.Atoi(c.FormValue("expires_days", "30")); err == nil && days > 0 && days <= 3660 {
		t := time.Now().Add(time.Duration(days) * 24 * time.Hour)
		expires = &t
	}
	tok, _, err := h.store.CreateTokenUntil(c.UserContext(), currentUser(c).ID, name, expires)
	if err != nil {
		return err
	}
	// Shown once, in this answer only; never stored in the session.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.renderSettings(c, tok)
}

func (h *settingsHandler) deleteToken(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.DeleteToken(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	flash(c, "Token revoked.")
	return c.Redirect("/settings", fiber.StatusSeeOther)
}

// changePassword sets a new password after checking the current one; every
// other session and every API token is revoked.
func (h *settingsHandler) changePassword(c *fiber.Ctx) error {
	u := currentUser(c)
	current, next := c.FormValue("current"), c.FormValue("password")
	errs := map[string]string{}
	if _, err := h.logins.authenticate(c, u.Email, current); err != nil {
		if apperr.Code(err) != apperr.EUNAUTHORIZED {
			return err
		}
		errs["current"] = "That is not your current password."
	}
	if p := models.PasswordProblem(next, u.Email); p != "" {
		errs["password"] = p
	}
	if len(errs) > 0 {
		return h.renderSettingsWith(c, views.Settings{PasswordErrors: errs}, fiber.StatusUnprocessableEntity)
	}
	if err := h.store.ChangePassword(c.UserContext(), u.ID, next, sess(c).id()); err != nil {
		return err
	}
	flash(c, "Password changed. Every other browser was logged out and your API tokens were revoked.")
	return c.Redirect("/settings", fiber.StatusSeeOther)
}

func (h *settingsHandler) endSession(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.store.DeleteUserSession(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	flash(c, "That browser was logged out.")
	return c.Redirect("/settings#sessions", fiber.StatusSeeOther)
}

// logoutEverywhere ends every session of the person, this one included.
func (h *settingsHandler) logoutEverywhere(c *fiber.Ctx) error {
	if _, err := h.store.DeleteUserSessions(c.UserContext(), currentUser(c).ID, 0); err != nil {
		return err
	}
	s := sess(c)
	s.row = nil // already deleted with the others
	s.end()
	return c.Redirect("/login", fiber.StatusSeeOther)
}
