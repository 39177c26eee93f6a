package handlers

import (
	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
)

// apiJobMatch answers GET /api/v1/jobs/{id}/match: how the person's
// profile stands against one of their jobs (drafting.AnalyzeMatch).
func (h *jobsHandler) apiJobMatch(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if j.Status != models.StatusDone {
		return apperr.New(apperr.ECONFLICT, "The job is not extracted yet. Wait until its details show, then ask again.")
	}
	m, _, err := h.pages.match(c.UserContext(), j)
	if err != nil {
		return err
	}
	return c.JSON(m)
}
