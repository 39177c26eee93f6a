package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/views"
)

func (h *Handler) showSettings(c *fiber.Ctx) error {
	return h.renderSettings(c, "")
}

func (h *Handler) renderSettings(c *fiber.Ctx, newToken string) error {
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
	return render(c, fiber.StatusOK, views.SettingsPage(h.page(c, "Settings"),
		views.Settings{Tokens: ts, NewToken: newToken, Usage: usage, Limit: limit}))
}

func (h *Handler) createToken(c *fiber.Ctx) error {
	name := strings.TrimSpace(c.FormValue("name"))
	if name == "" {
		name = "API token"
	}
	if len(name) > 100 {
		name = name[:100]
	}
	tok, _, err := h.db.CreateToken(c.UserContext(), currentUser(c).ID, name)
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
