package handlers

import (
	"context"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"tailor/models"
	"tailor/views"
)

// auditLogStore reads the audit log.
type auditLogStore interface {
	ListAudit(ctx context.Context, q models.AuditQuery) ([]models.AuditEntry, uint, error)
}

// auditHandler shows admins the audit log, on a page and in the API.
type auditHandler struct {
	site  *site
	store auditLogStore
}

func newAuditHandler(s *site, store auditLogStore) *auditHandler {
	return &auditHandler{site: s, store: store}
}

func (h *auditHandler) showAudit(c *fiber.Ctx) error {
	q := models.AuditQuery{Action: c.Query("action"), Limit: 50}
	if s := c.Query("before"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err == nil {
			q.BeforeID = uint(n)
		}
	}
	entries, next, err := h.store.ListAudit(c.UserContext(), q)
	if err != nil {
		return err
	}
	a := views.AdminAudit{Entries: entries, Action: q.Action, First: q.BeforeID == 0}
	if next != 0 {
		a.NextURL = "/admin/audit?" + url.Values{"action": {q.Action}, "before": {strconv.FormatUint(uint64(next), 10)}}.Encode()
	}
	return render(c, fiber.StatusOK, views.AdminAuditPage(h.site.page(c, "Audit log"), a))
}

// auditJSON is an audit entry in the API, with its changes spelled out.
type auditJSON struct {
	models.AuditEntry
	Changes []models.AuditChange `json:"changes"`
}

func (h *auditHandler) apiListAudit(c *fiber.Ctx) error {
	q := models.AuditQuery{Action: c.Query("action"), TargetType: c.Query("target_type"), ActorEmail: c.Query("actor_email"), Limit: c.QueryInt("limit", 100)}
	if s := c.Query("before_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "before_id must be an entry id from the previous page.")
		}
		q.BeforeID = uint(n)
	}
	entries, next, err := h.store.ListAudit(c.UserContext(), q)
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
