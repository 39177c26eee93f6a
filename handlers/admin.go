package handlers

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/views"
)

// usersStore finds people, changes their plan and role, and makes reset
// links for them.
type usersStore interface {
	SearchUsers(ctx context.Context, q string, afterID uint, limit int) ([]models.User, uint, error)
	UsageThisMonth(ctx context.Context, ids []uint) (map[uint]models.UserMonth, error)
	UserByID(ctx context.Context, id uint) (*models.User, error)
	UpdateUserPlanRole(ctx context.Context, id uint, plan, role string) (*models.User, error)
	CreatePasswordReset(ctx context.Context, userID uint) (string, error)
}

// usersHandler is the admins' users page and API.
type usersHandler struct {
	site    *site
	store   usersStore
	audit   *auditor
	baseURL string // for reset links
}

func newUsersHandler(s *site, store usersStore, audit *auditor, baseURL string) *usersHandler {
	return &usersHandler{site: s, store: store, audit: audit, baseURL: baseURL}
}

func (h *usersHandler) showAdminUsers(c *fiber.Ctx) error {
	ctx := c.UserContext()
	search := strings.Clone(strings.TrimSpace(c.Query("q")))
	after, _ := strconv.ParseUint(c.Query("after"), 10, 64)
	us, next, err := h.store.SearchUsers(ctx, search, uint(after), 100)
	if err != nil {
		return err
	}
	ids := make([]uint, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	month, err := h.store.UsageThisMonth(ctx, ids)
	if err != nil {
		return err
	}
	a := views.AdminUsers{Users: us, Plans: billing.Plans, Search: search, Month: month}
	if next != 0 {
		a.NextURL = "/admin/users?" + url.Values{"q": {search}, "after": {strconv.FormatUint(uint64(next), 10)}}.Encode()
	}
	return render(c, fiber.StatusOK, views.AdminUsersPage(h.site.page(c, "Users"), a))
}

func (h *usersHandler) updateUser(c *fiber.Ctx) error {
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
func (h *usersHandler) changeUser(c *fiber.Ctx, id uint, plan, role string) (*models.User, error) {
	before, err := h.store.UserByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	u, err := h.store.UpdateUserPlanRole(c.UserContext(), id, plan, role)
	if err != nil {
		return nil, err
	}
	if before.Plan != u.Plan || before.Role != u.Role {
		h.audit.record(c, "user.changed", "user", u.ID, "Changed the plan or role of "+u.Email, userAudit(before), userAudit(u))
	}
	return u, nil
}

func (h *usersHandler) apiUpdateUser(c *fiber.Ctx) error {
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

// makeResetLink lets an admin make a one-time reset link for a person who
// lost their password when this Tailor sends no email.
func (h *usersHandler) makeResetLink(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.store.UserByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	tok, err := h.store.CreatePasswordReset(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	// The audit log says who made a link for whom; never the link.
	h.audit.record(c, "user.reset_link", "user", u.ID, "Made a one-time password reset link for "+u.Email, nil, nil)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.ResetLinkPage(h.site.page(c, "Reset link"), u.Email, h.baseURL+"/reset/"+tok))
}
