package handlers

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

func (h *Handler) showSettings(c *fiber.Ctx) error {
	return h.renderSettings(c, "")
}

func (h *Handler) renderSettings(c *fiber.Ctx, newToken string) error {
	return h.renderSettingsWith(c, views.Settings{NewToken: newToken}, fiber.StatusOK)
}

// renderSettingsWith renders the Settings page around s (a new token, a
// form's errors) with the account's tokens, sessions and AI use.
func (h *Handler) renderSettingsWith(c *fiber.Ctx, s views.Settings, status int) error {
	ctx, u := c.UserContext(), currentUser(c)
	ts, err := h.db.ListTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	usage, err := h.db.QuotaUsageOf(ctx, u.ID)
	if err != nil {
		return err
	}
	limit, err := h.db.PlanLimitOf(ctx, u.Plan)
	if err != nil {
		return err
	}
	ss, err := h.db.ListUserSessions(ctx, u.ID)
	if err != nil {
		return err
	}
	s.Tokens, s.Usage, s.Limit, s.Sessions, s.Current = ts, usage, limit, ss, sess(c).id()
	return render(c, status, views.SettingsPage(h.page(c, "Settings"), s))
}

func (h *Handler) createToken(c *fiber.Ctx) error {
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
	tok, _, err := h.db.CreateTokenUntil(c.UserContext(), currentUser(c).ID, name, expires)
	if err != nil {
		return err
	}
	// Shown once, in this answer only; never stored in the session.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.renderSettings(c, tok)
}

func (h *Handler) deleteToken(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.db.DeleteToken(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	flash(c, "Token revoked.")
	return c.Redirect("/settings", fiber.StatusSeeOther)
}

// changePassword sets a new password after checking the current one; every
// other session and every API token is revoked.
func (h *Handler) changePassword(c *fiber.Ctx) error {
	u := currentUser(c)
	current, next := c.FormValue("current"), c.FormValue("password")
	errs := map[string]string{}
	if _, err := h.authenticate(c, u.Email, current); err != nil {
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
	if err := h.db.ChangePassword(c.UserContext(), u.ID, next, sess(c).id()); err != nil {
		return err
	}
	flash(c, "Password changed. Every other browser was logged out and your API tokens were revoked.")
	return c.Redirect("/settings", fiber.StatusSeeOther)
}

func (h *Handler) endSession(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.db.DeleteUserSession(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	flash(c, "That browser was logged out.")
	return c.Redirect("/settings#sessions", fiber.StatusSeeOther)
}

// logoutEverywhere ends every session of the person, this one included.
func (h *Handler) logoutEverywhere(c *fiber.Ctx) error {
	if _, err := h.db.DeleteUserSessions(c.UserContext(), currentUser(c).ID, 0); err != nil {
		return err
	}
	s := sess(c)
	s.row = nil // already deleted with the others
	s.end()
	return c.Redirect("/login", fiber.StatusSeeOther)
}

func (h *Handler) exportAccount(c *fiber.Ctx) error {
	out, err := h.db.ExportAccount(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="tailor-export-`+time.Now().UTC().Format("2006-01-02")+`.json"`)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}

func (h *Handler) apiExportAccount(c *fiber.Ctx) error {
	out, err := h.db.ExportAccount(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// deleteAccount deletes the person and everything of theirs once they
// typed their email to confirm.
func (h *Handler) deleteAccount(c *fiber.Ctx) error {
	u := currentUser(c)
	if !strings.EqualFold(strings.TrimSpace(c.FormValue("confirm")), u.Email) {
		return h.renderSettingsWith(c, views.Settings{DeleteError: "Type your account's email exactly (" + u.Email + ") to delete the account."}, fiber.StatusUnprocessableEntity)
	}
	if err := h.db.DeleteAccount(c.UserContext(), u.ID); err != nil {
		return err
	}
	s := sess(c)
	s.row = nil // deleted with the account
	s.end()
	return c.Redirect("/register", fiber.StatusSeeOther)
}

func (h *Handler) apiDeleteAccount(c *fiber.Ctx) error {
	u := currentUser(c)
	var body struct {
		Confirm string `json:"confirm"`
	}
	if err := parseJSON(c, &body); err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(body.Confirm), u.Email) {
		return apperr.Invalid(map[string]string{"confirm": "Send your account's email."},
			"To delete the account, send {\"confirm\": \"%s\"}.", u.Email)
	}
	if err := h.db.DeleteAccount(c.UserContext(), u.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
