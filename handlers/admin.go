package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/views"
)

func (h *Handler) showAdminUsers(c *fiber.Ctx) error {
	us, err := h.db.ListUsers(c.UserContext(), 500, 0)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.AdminUsersPage(h.page(c, "Users"), views.AdminUsers{Users: us, Plans: orchestrator.Plans}))
}

func (h *Handler) updateUser(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if id == currentUser(c).ID && c.FormValue("role") == models.RoleUser {
		return apperr.New(apperr.EINVALID, "You cannot remove your own admin role. Ask another admin to do it.")
	}
	u, err := h.db.UpdateUserPlanRole(c.UserContext(), id, c.FormValue("plan"), c.FormValue("role"))
	if err != nil {
		return err
	}
	flash(c, "Saved "+u.Email+": plan "+u.Plan+", role "+u.Role+".")
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}

func (h *Handler) apiListUsage(c *fiber.Ctx) error {
	f := models.UsageFilter{Task: c.Query("task"), Status: c.Query("status")}
	if s := c.Query("user_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return apperr.New(apperr.EINVALID, "user_id must be a number.")
		}
		f.UserID = uint(n)
	}
	if s := c.Query("since"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			if t, err = time.Parse("2006-01-02", s); err != nil {
				return apperr.New(apperr.EINVALID, "since must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z).")
			}
		}
		f.Since = t
	}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return apperr.New(apperr.EINVALID, "limit must be between 1 and 1000.")
		}
		f.Limit = n
	}
	rows, err := h.db.ListUsage(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(rows)
}

func (h *Handler) apiUpdateUser(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Plan string `json:"plan"`
		Role string `json:"role"`
	}
	if err := parseJSON(c, &body); err != nil {
		return err
	}
	if body.Plan == "" && body.Role == "" {
		return apperr.New(apperr.EINVALID, "Send plan and/or role, e.g. {\"plan\": \"PRO_MONTHLY\"}.")
	}
	u, err := h.db.UpdateUserPlanRole(c.UserContext(), id, body.Plan, body.Role)
	if err != nil {
		return err
	}
	return c.JSON(u)
}
