package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

func orSaved(s string) string {
	if s == "" {
		return models.AppSaved
	}
	return s
}

// saveTracker stores the tracker form; htmx gets the panel back, a plain
// form post goes back to the job page.
func (h *jobsHandler) saveTracker(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	status, notes, follow := c.FormValue("status"), c.FormValue("notes"), strings.TrimSpace(c.FormValue("follow_up_on"))
	nj, err := h.store.UpdateTracker(c.UserContext(), j.UserID, j.ID, models.TrackerUpdate{Status: &status, Notes: &notes, FollowUpOn: &follow})
	if err != nil {
		ae, ok := err.(*apperr.Error)
		if !ok || ae.Fields == nil {
			return err
		}
		t, terr := h.pages.tracker(c.UserContext(), j)
		if terr != nil {
			return terr
		}
		t.Status, t.Notes, t.FollowUpOn, t.Errors = status, notes, follow, ae.Fields
		return render(c, fiber.StatusUnprocessableEntity, views.TrackerPanel(h.site.page(c, j.Title), t))
	}
	if !isHTMX(c) {
		flash(c, "Application saved.")
		return c.Redirect(jobPathOf(j.ID)+"#tracker", fiber.StatusSeeOther)
	}
	t, err := h.pages.tracker(c.UserContext(), nj)
	if err != nil {
		return err
	}
	t.Saved = true
	return render(c, fiber.StatusOK, views.TrackerPanel(h.site.page(c, j.Title), t))
}

func jobPathOf(id uint) string { return "/jobs/" + itoa(int(id)) }

// apiUpdateTracker is PATCH /api/v1/jobs/{id} {status, notes, follow_up_on}.
func (h *jobsHandler) apiUpdateTracker(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	var body struct {
		Status     *string `json:"status"`
		Notes      *string `json:"notes"`
		FollowUpOn *string `json:"follow_up_on"`
	}
	if err := parseJSON(c, &body); err != nil {
		return err
	}
	if body.Status == nil && body.Notes == nil && body.FollowUpOn == nil {
		return apperr.New(apperr.EINVALID, `Send at least one of status, notes, follow_up_on, e.g. {"status": "applied"}.`)
	}
	nj, err := h.store.UpdateTracker(c.UserContext(), j.UserID, j.ID, models.TrackerUpdate{Status: body.Status, Notes: body.Notes, FollowUpOn: body.FollowUpOn})
	if err != nil {
		return err
	}
	m := jobJSON(nj)
	hist, err := h.pages.history(c.UserContext(), nj.ID)
	if err != nil {
		return err
	}
	m["status_history"] = hist
	return c.JSON(m)
}

// closed reports whether a posting no longer takes applications: the page
// said so, or its deadline has passed.
func closed(j *models.Job, today string) bool {
	return j.Posting.Expired || (j.Posting.Deadline != "" && j.Posting.Deadline < today)
}

// weekActions picks what needs doing in the next seven days: follow-ups
// due (or overdue) and deadlines of jobs not applied to yet.
func weekActions(js []models.Job, now time.Time) []views.WeekAction {
	today, week := now.Format("2006-01-02"), now.AddDate(0, 0, 7).Format("2006-01-02")
	var out []views.WeekAction
	for i := range js {
		j := &js[i]
		title := j.Title
		if title == "" {
			title = "Untitled job #" + itoa(int(j.ID))
		}
		if j.Company != "" {
			title += " at " + j.Company
		}
		done := j.AppStatus == models.AppRejected || j.AppStatus == models.AppWithdrawn || j.AppStatus == models.AppOffer
		if f := j.FollowUpOn; f != "" && f <= week && !done {
			out = append(out, views.WeekAction{JobID: j.ID, Title: title, What: "follow up (" + dayWord(f, today) + ")", Overdue: f < today})
		}
		if d := j.Posting.Deadline; d != "" && d >= today && d <= week && orSaved(j.AppStatus) == models.AppSaved {
			out = append(out, views.WeekAction{JobID: j.ID, Title: title, What: "apply by " + dayWord(d, today)})
		}
	}
	return out
}

func dayWord(iso, today string) string {
	switch {
	case iso == today:
		return "today"
	case iso < today:
		return "was due " + views.ShortDate(iso)
	}
	return views.ShortDate(iso)
}
