package handlers

import (
	"context"
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
		CV: d.Content, Markdown: d.Content.Markdown(), Offline: d.Offline, Edited: d.Edited}
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

// draftInputs loads what a draft is made from and refuses early when the
// job or the profile is not ready.
func (h *Handler) draftInputs(ctx context.Context, userID, jobID uint) (*models.Job, *models.Profile, error) {
	j, err := h.db.JobOf(ctx, userID, jobID)
	if err != nil {
		return nil, nil, err
	}
	if j.Status != models.StatusDone {
		return nil, nil, apperr.New(apperr.ECONFLICT, "The job is not extracted yet. Wait until its details show, then try again.")
	}
	p, err := h.db.ProfileOf(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if p.Document.IsEmpty() || len(p.Document.Work)+len(p.Document.Education)+len(p.Document.Skills) == 0 {
		return nil, nil, apperr.New(apperr.EUNPROCESSABLE, "Your profile is empty, so there is nothing to draft from. Fill in your profile (work, education, skills) or import a JSON Resume first.")
	}
	return j, p, nil
}

// startCV stores a pending CV draft and runs it in the pool. wait makes
// the call return only when the draft is finished (for the JSON API).
func (h *Handler) startCV(ctx context.Context, userID, jobID uint, force, wait bool) (*models.CVDraft, error) {
	j, p, err := h.draftInputs(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	d := &models.CVDraft{UserID: userID, JobID: jobID, ProfileVersion: p.Version, JobVersion: j.Version}
	if err := h.db.CreateCVDraft(ctx, d); err != nil {
		return nil, err
	}
	err = h.runDraft(ctx, wait, "cv", &models.CVDraft{}, d.ID, func(ctx context.Context) (func(context.Context) error, error) {
		cv, err := h.drafter.DraftCV(ctx, userID, p.Document, j.Posting, force)
		return func(ctx context.Context) error { return h.db.FinishCVDraft(ctx, d.ID, cv, h.offline(ctx), false) }, err
	})
	if err != nil {
		return nil, err
	}
	return h.db.CVDraftOf(ctx, userID, d.ID)
}

// runDraft runs one draft in the pool and records its outcome on row id
// of model (a *models.CVDraft or *models.CoverLetter): draft does the
// work and returns how to save it. The outcome is recorded even when the
// pool shuts down mid-way, so no page waits forever.
func (h *Handler) runDraft(ctx context.Context, wait bool, what string, model any, id uint,
	draft func(ctx context.Context) (save func(context.Context) error, err error)) error {
	work := func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, h.workTimeout)
		defer cancel()
		_ = h.db.SetDraftRunning(ctx, model, id)
		save, err := draft(ctx)
		done := context.WithoutCancel(ctx)
		if err != nil {
			h.logWorkError(what, id, err)
			_ = h.db.FailDraft(done, model, id, apperr.Code(err), workMessage(err))
			return err
		}
		return save(done)
	}
	if err := h.run(ctx, wait, work); err != nil {
		if !wait {
			_ = h.db.FailDraft(context.WithoutCancel(ctx), model, id, apperr.EUNAVAILABLE, "Tailor is restarting. Try again in a minute.")
		}
		return err
	}
	return nil
}

// run submits work to the pool, waiting for it when wait is set.
func (h *Handler) run(ctx context.Context, wait bool, work func(ctx context.Context) error) error {
	if wait {
		return h.pool.Do(ctx, work)
	}
	err := h.pool.Submit(ctx, func(ctx context.Context) { _ = work(ctx) })
	if err != nil {
		return apperr.Wrap(err, apperr.EUNAVAILABLE, "Tailor is restarting. Try again in a minute.")
	}
	return nil
}

func (h *Handler) startLetter(ctx context.Context, userID, jobID uint, tone string, force, wait bool) (*models.CoverLetter, error) {
	if tone == "" {
		tone = drafting.ToneProfessional
	}
	if !drafting.ValidTone(tone) {
		return nil, apperr.Invalid(map[string]string{"tone": "Choose professional, enthusiastic or concise."},
			"Unknown tone %q: choose professional, enthusiastic or concise.", tone)
	}
	j, p, err := h.draftInputs(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	l := &models.CoverLetter{UserID: userID, JobID: jobID, Tone: tone, ProfileVersion: p.Version, JobVersion: j.Version}
	if err := h.db.CreateCoverLetter(ctx, l); err != nil {
		return nil, err
	}
	err = h.runDraft(ctx, wait, "letter", &models.CoverLetter{}, l.ID, func(ctx context.Context) (func(context.Context) error, error) {
		letter, err := h.drafter.WriteLetter(ctx, userID, p.Document, j.Posting, tone, force)
		return func(ctx context.Context) error {
			return h.db.FinishCoverLetter(ctx, l.ID, letter, h.offline(ctx), false)
		}, err
	})
	if err != nil {
		return nil, err
	}
	return h.db.CoverLetterOf(ctx, userID, l.ID)
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
	return h.renderCV(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *Handler) draftCV(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if _, err := h.startCV(c.UserContext(), j.UserID, j.ID, c.FormValue("force") != "", false); err != nil {
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
	return h.renderLetter(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *Handler) writeLetter(c *fiber.Ctx) error {
	j, err := h.loadJob(c)
	if err != nil {
		return err
	}
	if _, err := h.startLetter(c.UserContext(), j.UserID, j.ID, c.FormValue("tone"), c.FormValue("force") != "", false); err != nil {
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
}

func (h *Handler) apiDraftCV(c *fiber.Ctx) error {
	var r draftRequest
	if err := parseJSON(c, &r); err != nil {
		return err
	}
	if r.JobID == 0 {
		return apperr.Invalid(map[string]string{"job_id": "required"}, "Send job_id: the id the extract call answered with.")
	}
	d, err := h.startCV(c.UserContext(), currentUser(c).ID, r.JobID, r.Force, true)
	if err != nil {
		return err
	}
	return c.JSON(cvJSON(d, false))
}

func (h *Handler) apiWriteLetter(c *fiber.Ctx) error {
	var r draftRequest
	if err := parseJSON(c, &r); err != nil {
		return err
	}
	if r.JobID == 0 {
		return apperr.Invalid(map[string]string{"job_id": "required"}, "Send job_id: the id the extract call answered with.")
	}
	l, err := h.startLetter(c.UserContext(), currentUser(c).ID, r.JobID, r.Tone, r.Force, true)
	if err != nil {
		return err
	}
	return c.JSON(letterJSON(l, false))
}
