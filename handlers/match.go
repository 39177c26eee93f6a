package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/models"
	"tailor/views"
)

// apiJobMatch answers GET /api/v1/jobs/{id}/match: how the person's
// profile stands against one of their jobs (drafting.AnalyzeMatch).
func (h *Handler) apiJobMatch(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if j.Status != models.StatusDone {
		return apperr.New(apperr.ECONFLICT, "The job is not extracted yet. Wait until its details show, then ask again.")
	}
	m, _, err := h.jobMatch(c.UserContext(), j)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// jobMatch analyzes a finished job against its owner's profile; empty
// reports a profile with nothing to match.
func (h *Handler) jobMatch(ctx context.Context, j *models.Job) (m drafting.Match, empty bool, err error) {
	p, err := h.db.ProfileOf(ctx, j.UserID)
	if err != nil {
		return m, false, err
	}
	d := p.Document
	empty = len(d.Work)+len(d.Education)+len(d.Skills)+len(d.Projects) == 0 && d.Basics.Summary == ""
	return drafting.AnalyzeMatch(d, j.Posting), empty, nil
}

// matchView is the match panel of the job page, or nil before the job is
// read.
func (h *Handler) matchView(ctx context.Context, j *models.Job) (*views.MatchView, error) {
	if j.Status != models.StatusDone {
		return nil, nil
	}
	m, empty, err := h.jobMatch(ctx, j)
	if err != nil {
		return nil, err
	}
	return views.NewMatchView(m, empty), nil
}
