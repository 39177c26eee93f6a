package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/views"
)

func (h *Handler) showAdminUsers(c *fiber.Ctx) error {
	ctx := c.UserContext()
	search := strings.Clone(strings.TrimSpace(c.Query("q")))
	after, _ := strconv.ParseUint(c.Query("after"), 10, 64)
	us, next, err := h.db.SearchUsers(ctx, search, uint(after), 100)
	if err != nil {
		return err
	}
	ids := make([]uint, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	month, err := h.db.UsageThisMonth(ctx, ids)
	if err != nil {
		return err
	}
	a := views.AdminUsers{Users: us, Plans: billing.Plans, Search: search, Month: month}
	if next != 0 {
		a.NextURL = "/admin/users?" + url.Values{"q": {search}, "after": {strconv.FormatUint(uint64(next), 10)}}.Encode()
	}
	return render(c, fiber.StatusOK, views.AdminUsersPage(h.page(c, "Users"), a))
}

func (h *Handler) updateUser(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if id == currentUser(c).ID && c.FormValue("role") == models.RoleUser {
		return apperr.New(apperr.EINVALID, "You cannot remove your own admin role. Ask another admin to do it.")
	}
	u, err := h.changeUser(c, id, c.FormValue("plan"), c.FormValue("role"))
	if err != nil {
		return err
	}
	flash(c, "Saved "+u.Email+": plan "+u.Plan+", role "+u.Role+".")
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}

// changeUser changes a user's plan and role and records the change; the
// store refuses to demote the last admin.
func (h *Handler) changeUser(c *fiber.Ctx, id uint, plan, role string) (*models.User, error) {
	before, err := h.db.UserByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	u, err := h.db.UpdateUserPlanRole(c.UserContext(), id, plan, role)
	if err != nil {
		return nil, err
	}
	if before.Plan != u.Plan || before.Role != u.Role {
		h.audit(c, "user.changed", "user", u.ID, "Changed the plan or role of "+u.Email, userAudit(before), userAudit(u))
	}
	return u, nil
}

// apiListUsage is the raw log for the API, newest first: the same filters
// as the log page (user_id, email, task, status, provider, since/from, to)
// and keyset paging: when more rows match, the X-Next-Cursor header holds
// the value to send as after for the next page.
func (h *Handler) apiListUsage(c *fiber.Ctx) error {
	_, q, err := usageLogQuery(c)
	if err != nil {
		return err
	}
	q.Limit = 200
	if s := c.Query("user_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return apperr.New(apperr.EINVALID, "user_id must be a number.")
		}
		q.UserID = uint(n)
	}
	if s := c.Query("since"); s != "" {
		if q.From, err = parseUsageTime(s, false); err != nil {
			return apperr.New(apperr.EINVALID, "since must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z).")
		}
	}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return apperr.New(apperr.EINVALID, "limit must be between 1 and 1000.")
		}
		q.Limit = n
	}
	rows, next, err := h.db.ListUsagePage(c.UserContext(), q)
	if err != nil {
		return err
	}
	if next != nil {
		c.Set("X-Next-Cursor", next.String())
	}
	if rows == nil {
		rows = []models.UsageRow{}
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
	u, err := h.changeUser(c, id, body.Plan, body.Role)
	if err != nil {
		return err
	}
	return c.JSON(u)
}
