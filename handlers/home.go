package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/models"
	"tailor/views"
)

// homeStore reads what the dashboard lists.
type homeStore interface {
	FilterJobs(ctx context.Context, userID uint, f models.JobFilter) ([]models.Job, error)
	ProfileOf(ctx context.Context, userID uint) (*models.Profile, error)
	JobsWithDrafts(ctx context.Context, userID uint) (cvs, letters map[uint]bool, err error)
}

// homeHandler is "/": the landing page, or a person's dashboard of jobs
// and what needs doing this week.
type homeHandler struct {
	site  *site
	store homeStore
}

func newHomeHandler(s *site, store homeStore) *homeHandler {
	return &homeHandler{site: s, store: store}
}

func (h *homeHandler) showHome(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return render(c, fiber.StatusOK, views.Landing(h.site.page(c, "Tailor")))
	}
	ctx := c.UserContext()
	all, err := h.store.FilterJobs(ctx, u.ID, models.JobFilter{Limit: 500})
	if err != nil {
		return err
	}
	filter, sortBy := c.Query("status"), c.Query("sort")
	if !models.ValidAppStatus(filter) {
		filter = ""
	}
	if sortBy != "deadline" {
		sortBy = ""
	}
	js, err := h.store.FilterJobs(ctx, u.ID, models.JobFilter{Status: filter, Sort: sortBy, Limit: 500})
	if err != nil {
		return err
	}
	p, err := h.store.ProfileOf(ctx, u.ID)
	if err != nil {
		return err
	}
	cvs, letters, err := h.store.JobsWithDrafts(ctx, u.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	today := now.Format("2006-01-02")
	d := views.Dashboard{ProfileEmpty: p.Document.IsEmpty(), Filter: filter, Sort: sortBy,
		Counts: map[string]int{}, Total: len(all), Actions: weekActions(all, now)}
	for _, j := range all {
		d.Counts[orSaved(j.AppStatus)]++
	}
	for i := range js {
		j := &js[i]
		d.Jobs = append(d.Jobs, views.JobSummary{ID: j.ID, Title: j.Title, Company: j.Company, Location: j.Location,
			Status: j.Status, Error: j.ErrorMessage, CreatedAt: j.CreatedAt, HasCV: cvs[j.ID], HasLetter: letters[j.ID],
			AppStatus: orSaved(j.AppStatus), Deadline: j.Posting.Deadline, FollowUpOn: j.FollowUpOn, Closed: closed(j, today)})
	}
	return render(c, fiber.StatusOK, views.HomePage(h.site.page(c, "Dashboard"), d))
}
