package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/models"
	"tailor/views"
)

func toneList() []string { return drafting.Tones }

func cvView(d *models.CVDraft) *views.CVView {
	if d == nil {
		return nil
	}
	return &views.CVView{ID: d.ID, JobID: d.JobID, Status: d.Status, ErrorCode: d.ErrorCode, ErrorMessage: d.ErrorMessage,
		CV: d.Content, Markdown: drafting.Markdown(d.Content), Offline: d.Offline, Edited: d.Edited}
}

func letterView(l *models.CoverLetter) *views.LetterView {
	if l == nil {
		return nil
	}
	v := &views.LetterView{ID: l.ID, JobID: l.JobID, Status: l.Status, ErrorCode: l.ErrorCode, ErrorMessage: l.ErrorMessage,
		Tone: l.Tone, Letter: l.Content, Text: l.Content.Text(), Offline: l.Offline, Edited: l.Edited}
	if l.Status == models.StatusDone && l.Edited {
		v.Problems = drafting.CheckLetter(l.Content)
	}
	return v
}

// Pages

func (h *Handler) renderCV(c *fiber.Ctx, status int, j *models.Job, editing bool) error {
	v, err := h.jobView(c, j)
	if err != nil {
		return err
	}
	if editing && v.CV != nil && v.CV.Status == models.StatusDone {
		v.CV.Editing = true
	}
	return render(c, status, views.CVSection(h.page(c, j.Title), v))
}

func (h *Handler) renderLetter(c *fiber.Ctx, status int, j *models.Job, editing bool) error {
	v, err := h.jobView(c, j)
	if err != nil {
		return err
	}
	if editing && v.Letter != nil && v.Letter.Status == models.StatusDone {
		v.Letter.Editing = true
	}
	return render(c, status, views.LetterSection(h.page(c, j.Title), v))
}

func (h *Handler) showCV(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if c.Query("busy") != "" {
		if d, err := h.db.LatestCVDraft(c.UserContext(), j.UserID, j.ID); err == nil && d != nil && isBusyStatus(d.Status) {
			return c.SendStatus(fiber.StatusNoContent) // still drafting: nothing to swap
		}
	}
	return h.renderCV(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *Handler) draftCV(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if _, err := h.work.StartCV(c.UserContext(), j.UserID, j.ID, c.FormValue("force") != "", c.FormValue("offline") != ""); err != nil {
		return err
	}
	return h.afterStart(c, j, h.renderCV)
}

// afterStart answers a started draft: the section for htmx, else the page.
func (h *Handler) afterStart(c *fiber.Ctx, j *models.Job, section func(*fiber.Ctx, int, *models.Job, bool) error) error {
	if isHTMX(c) {
		return section(c, fiber.StatusOK, j, false)
	}
	return c.Redirect("/jobs/"+itoa(int(j.ID)), fiber.StatusSeeOther)
}

func (h *Handler) editCV(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	d, err := h.db.LatestCVDraft(c.UserContext(), j.UserID, j.ID)
	if err != nil {
		return err
	}
	if d == nil || d.Status != models.StatusDone {
		return apperr.New(apperr.ECONFLICT, "There is no finished CV to edit yet. Draft one first.")
	}
	cv := d.Content
	cv.Headline = strings.TrimSpace(c.FormValue("headline"))
	cv.Summary = strings.TrimSpace(c.FormValue("summary"))
	cv.Skills = lines(c.FormValue("skills"))
	for i := range cv.Experience {
		key := "experience." + strconv.Itoa(i) + ".highlights"
		if c.Request().PostArgs().Has(key) || formFileHas(c, key) {
			cv.Experience[i].Highlights = lines(c.FormValue(key))
		}
	}
	if err := h.db.FinishCVDraft(c.UserContext(), d.ID, cv, d.Offline, true); err != nil {
		return err
	}
	return h.renderCV(c, fiber.StatusOK, j, false)
}

func (h *Handler) showLetter(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if c.Query("busy") != "" {
		if l, err := h.db.LatestCoverLetter(c.UserContext(), j.UserID, j.ID); err == nil && l != nil && isBusyStatus(l.Status) {
			return c.SendStatus(fiber.StatusNoContent)
		}
	}
	return h.renderLetter(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *Handler) writeLetter(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if _, err := h.work.StartLetter(c.UserContext(), j.UserID, j.ID, c.FormValue("tone"), c.FormValue("force") != "", c.FormValue("offline") != ""); err != nil {
		return err
	}
	return h.afterStart(c, j, h.renderLetter)
}

func (h *Handler) editLetter(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	l, err := h.db.LatestCoverLetter(c.UserContext(), j.UserID, j.ID)
	if err != nil {
		return err
	}
	if l == nil || l.Status != models.StatusDone {
		return apperr.New(apperr.ECONFLICT, "There is no finished letter to edit yet. Write one first.")
	}
	letter := l.Content
	letter.Subject = strings.TrimSpace(c.FormValue("subject"))
	letter.Greeting = strings.TrimSpace(c.FormValue("greeting"))
	letter.Closing = strings.TrimSpace(c.FormValue("closing"))
	letter.Signature = strings.TrimSpace(c.FormValue("signature"))
	letter.Paragraphs = nil
	for i := 1; i <= 3; i++ {
		letter.Paragraphs = append(letter.Paragraphs, strings.TrimSpace(c.FormValue("paragraph"+strconv.Itoa(i))))
	}
	letter.WordCount = drafting.BodyWords(letter.Paragraphs)
	if err := h.db.FinishCoverLetter(c.UserContext(), l.ID, letter, l.Offline, true); err != nil {
		return err
	}
	return h.renderLetter(c, fiber.StatusOK, j, false)
}

// sendAttachment answers with a file the browser downloads as name.
func sendAttachment(c *fiber.Ctx, contentType, name, body string) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.SendString(body)
}

// API

type draftRequest struct {
	JobID uint   `json:"job_id"`
	Tone  string `json:"tone"`
	Force bool   `json:"force"`
	// Wait false answers 202 at once with the draft's status; absent or
	// true waits for the finished draft, as the API always did.
	Wait *bool `json:"wait"`
	// Offline drafts with the builtin provider only.
	Offline bool `json:"offline"`
}

func (r *draftRequest) parse(c *fiber.Ctx) error {
	if err := parseJSON(c, r); err != nil {
		return err
	}
	if r.JobID == 0 {
		return apperr.Invalid(map[string]string{"job_id": "required"}, "Send job_id: the id the extract call answered with.")
	}
	return nil
}

func (r *draftRequest) wait() bool { return r.Wait == nil || *r.Wait }

func (h *Handler) apiDraftCV(c *fiber.Ctx) error {
	var r draftRequest
	if err := r.parse(c); err != nil {
		return err
	}
	ctx, userID := c.UserContext(), currentUser(c).ID
	d, err := h.work.StartCV(ctx, userID, r.JobID, r.Force, r.Offline)
	if err != nil {
		return err
	}
	if r.wait() {
		if d, err = h.work.WaitCV(ctx, userID, r.JobID, d.ID); err != nil {
			return err
		}
	}
	switch d.Status {
	case models.StatusDone:
		return c.JSON(cvJSON(d, false))
	case models.StatusFailed:
		return apperr.New(d.ErrorCode, "%s", d.ErrorMessage)
	}
	return c.Status(fiber.StatusAccepted).JSON(draftSummaryJSON(d.ID, d.Status, d.Of(d.Offline), false, d.UpdatedAt))
}

func (h *Handler) apiWriteLetter(c *fiber.Ctx) error {
	var r draftRequest
	if err := r.parse(c); err != nil {
		return err
	}
	ctx, userID := c.UserContext(), currentUser(c).ID
	l, err := h.work.StartLetter(ctx, userID, r.JobID, r.Tone, r.Force, r.Offline)
	if err != nil {
		return err
	}
	if r.wait() {
		if l, err = h.work.WaitLetter(ctx, userID, r.JobID, l.ID); err != nil {
			return err
		}
	}
	switch l.Status {
	case models.StatusDone:
		return c.JSON(letterJSON(l, false))
	case models.StatusFailed:
		return apperr.New(l.ErrorCode, "%s", l.ErrorMessage)
	}
	return c.Status(fiber.StatusAccepted).JSON(draftSummaryJSON(l.ID, l.Status, l.Of(l.Offline), false, l.UpdatedAt))
}
