package handlers

import (
	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/models"
	"tailor/views"
)

// staleReason names what changed since a draft was made, for the page.
func staleReason(jobVersion, profileVersion int64, j *models.Job, p *models.Profile) string {
	job := j.Version != 0 && jobVersion != j.Version
	prof := profileVersion != p.Version
	switch {
	case job && prof:
		return "the job and your profile"
	case job:
		return "the job"
	case prof:
		return "your profile"
	}
	return ""
}

// resolver turns claim sources into evidence from the current profile and
// job; a source that no longer resolves is left out.
func resolver(j *models.Job, p *models.Profile) views.Resolver {
	resolve := drafting.NewSourceResolver(p.Document, j.Posting)
	return func(ptr string) (views.ClaimSource, bool) {
		label, text, ok := resolve(ptr)
		return views.ClaimSource{Label: label, Text: text}, ok
	}
}

// draftSummaryJSON is a draft as the job's JSON shows it: enough to know
// whether to fetch or redraft it.
func draftSummaryJSON(id uint, status string, src drafting.Source, stale bool, updated any) fiber.Map {
	return fiber.Map{"id": id, "status": status, "source": sourceJSON(src), "stale": stale, "updated_at": updated}
}

// sourceJSON is a draft's source in the API: {kind, provider, model}, or
// null for a draft not finished yet.
func sourceJSON(s drafting.Source) any {
	if s.Kind == "" {
		return nil
	}
	return s
}

// cvJSON is a CV draft in the API, with its claims, source and staleness.
func cvJSON(d *models.CVDraft, stale bool) fiber.Map {
	claims := d.Content.Claims
	if claims == nil {
		claims = []drafting.Claim{}
	}
	m := fiber.Map{"id": d.ID, "job_id": d.JobID, "status": d.Status, "profile_version": d.ProfileVersion,
		"job_version": d.JobVersion, "offline": d.Offline, "source": sourceJSON(d.Of(d.Offline)), "stale": stale,
		"edited": d.Edited, "created_at": d.CreatedAt, "updated_at": d.UpdatedAt}
	if d.Status == models.StatusDone {
		m["cv"], m["markdown"], m["claims"] = d.Content, drafting.Markdown(d.Content), claims
	}
	if d.Status == models.StatusFailed {
		m["error"] = fiber.Map{"code": d.ErrorCode, "message": d.ErrorMessage}
	}
	return m
}

// letterJSON is a letter in the API, with its claims, source and staleness.
func letterJSON(l *models.CoverLetter, stale bool) fiber.Map {
	lt := l.Content
	claims := lt.Claims
	if claims == nil {
		claims = []drafting.Claim{}
	}
	m := fiber.Map{"id": l.ID, "job_id": l.JobID, "status": l.Status, "tone": l.Tone, "profile_version": l.ProfileVersion,
		"job_version": l.JobVersion, "offline": l.Offline, "source": sourceJSON(l.Of(l.Offline)), "stale": stale,
		"edited": l.Edited, "created_at": l.CreatedAt, "updated_at": l.UpdatedAt}
	if l.Status == models.StatusDone {
		m["subject"], m["greeting"], m["paragraphs"], m["closing"] = lt.Subject, lt.Greeting, lt.Paragraphs, lt.Closing
		m["signature"], m["word_count"], m["text"], m["claims"] = lt.Signature, lt.WordCount, lt.Text(), claims
	}
	if l.Status == models.StatusFailed {
		m["error"] = fiber.Map{"code": l.ErrorCode, "message": l.ErrorMessage}
	}
	return m
}

// apiLatestCV answers GET /api/v1/jobs/{id}/cv: the newest CV of the job.
func (h *draftsHandler) apiLatestCV(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := h.store.LatestCVDraft(ctx, j.UserID, j.ID)
	if err != nil {
		return err
	}
	if d == nil {
		return apperr.New(apperr.ENOTFOUND, "This job has no CV yet. Draft one with POST /api/v1/cv-drafter/draft.")
	}
	p, err := h.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return err
	}
	return c.JSON(cvJSON(d, d.Stale(j, p)))
}

// apiLatestLetter answers GET /api/v1/jobs/{id}/letter: the newest letter.
func (h *draftsHandler) apiLatestLetter(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	l, err := h.store.LatestCoverLetter(ctx, j.UserID, j.ID)
	if err != nil {
		return err
	}
	if l == nil {
		return apperr.New(apperr.ENOTFOUND, "This job has no cover letter yet. Write one with POST /api/v1/cover-letter/generate.")
	}
	p, err := h.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return err
	}
	return c.JSON(letterJSON(l, l.Stale(j, p)))
}
