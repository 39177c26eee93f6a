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
	"tailor/work"
)

// draftWork is the draft workflows of the work service.
type draftWork interface {
	DraftCV(ctx context.Context, r work.DraftRequest) (*models.CVDraft, error)
	WriteLetter(ctx context.Context, r work.DraftRequest) (*models.CoverLetter, error)
	EditCV(ctx context.Context, userID, jobID uint, e work.CVEdit) (*models.CVDraft, error)
	EditLetter(ctx context.Context, userID, jobID uint, e work.LetterEdit) (*models.CoverLetter, error)
}

// draftStore reads a job's newest drafts and the profile they were made
// from.
type draftStore interface {
	LatestCVDraft(ctx context.Context, userID, jobID uint) (*models.CVDraft, error)
	LatestCoverLetter(ctx context.Context, userID, jobID uint) (*models.CoverLetter, error)
	ProfileOf(ctx context.Context, userID uint) (*models.Profile, error)
}

// draftsHandler is the CV and letter sections of the job page (draft,
// redraft, use the offline draft, edit) and the drafting API.
type draftsHandler struct {
	site  *site
	store draftStore
	pages *jobPage
	work  draftWork
}

func newDraftsHandler(s *site, store draftStore, pages *jobPage, w draftWork) *draftsHandler {
	return &draftsHandler{site: s, store: store, pages: pages, work: w}
}

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

func (h *draftsHandler) renderCV(c *fiber.Ctx, status int, j *models.Job, editing bool) error {
	v, err := h.pages.view(c, j)
	if err != nil {
		return err
	}
	if editing && v.CV != nil && v.CV.Status == models.StatusDone {
		v.CV.Editing = true
	}
	return render(c, status, views.CVSection(h.site.page(c, j.Title), v))
}

func (h *draftsHandler) renderLetter(c *fiber.Ctx, status int, j *models.Job, editing bool) error {
	v, err := h.pages.view(c, j)
	if err != nil {
		return err
	}
	if editing && v.Letter != nil && v.Letter.Status == models.StatusDone {
		v.Letter.Editing = true
	}
	return render(c, status, views.LetterSection(h.site.page(c, j.Title), v))
}

func (h *draftsHandler) showCV(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if c.Query("busy") != "" {
		if d, err := h.store.LatestCVDraft(c.UserContext(), j.UserID, j.ID); err == nil && d != nil && isBusyStatus(d.Status) {
			return c.SendStatus(fiber.StatusNoContent) // still drafting: nothing to swap
		}
	}
	return h.renderCV(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *draftsHandler) draftCV(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	r := work.DraftRequest{UserID: j.UserID, JobID: j.ID, Force: c.FormValue("force") != "", Offline: c.FormValue("offline") != ""}
	if _, err := h.work.DraftCV(c.UserContext(), r); err != nil {
		return err
	}
	return afterStart(c, j, h.renderCV)
}

// afterStart answers a started draft: the section for htmx, else the page.
func afterStart(c *fiber.Ctx, j *models.Job, section func(*fiber.Ctx, int, *models.Job, bool) error) error {
	if isHTMX(c) {
		return section(c, fiber.StatusOK, j, false)
	}
	return c.Redirect("/jobs/"+itoa(int(j.ID)), fiber.StatusSeeOther)
}

func (h *draftsHandler) editCV(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	e := work.CVEdit{Headline: strings.TrimSpace(c.FormValue("headline")), Summary: strings.TrimSpace(c.FormValue("summary")),
		Skills: lines(c.FormValue("skills")), Highlights: highlightsFrom(c)}
	if _, err := h.work.EditCV(c.UserContext(), j.UserID, j.ID, e); err != nil {
		return err
	}
	return h.renderCV(c, fiber.StatusOK, j, false)
}

// highlightsFrom reads the experience.<i>.highlights fields the CV form
// sent, by position; a position the form left out keeps its highlights.
func highlightsFrom(c *fiber.Ctx) map[int][]string {
	out := map[int][]string{}
	add := func(k string) {
		n, ok := strings.CutPrefix(k, "experience.")
		if n, ok = strings.CutSuffix(n, ".highlights"); !ok {
			return
		}
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && strconv.Itoa(i) == n {
			out[i] = lines(c.FormValue(k))
		}
	}
	c.Request().PostArgs().VisitAll(func(k, _ []byte) { add(string(k)) })
	if f, err := c.MultipartForm(); err == nil && f != nil {
		for k := range f.Value {
			add(k)
		}
	}
	return out
}

func (h *draftsHandler) showLetter(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if c.Query("busy") != "" {
		if l, err := h.store.LatestCoverLetter(c.UserContext(), j.UserID, j.ID); err == nil && l != nil && isBusyStatus(l.Status) {
			return c.SendStatus(fiber.StatusNoContent)
		}
	}
	return h.renderLetter(c, fiber.StatusOK, j, c.Query("edit") != "")
}

func (h *draftsHandler) writeLetter(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	r := work.DraftRequest{UserID: j.UserID, JobID: j.ID, Tone: c.FormValue("tone"), Force: c.FormValue("force") != "", Offline: c.FormValue("offline") != ""}
	if _, err := h.work.WriteLetter(c.UserContext(), r); err != nil {
		return err
	}
	return afterStart(c, j, h.renderLetter)
}

func (h *draftsHandler) editLetter(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	e := work.LetterEdit{Subject: strings.TrimSpace(c.FormValue("subject")), Greeting: strings.TrimSpace(c.FormValue("greeting")),
		Closing: strings.TrimSpace(c.FormValue("closing")), Signature: strings.TrimSpace(c.FormValue("signature"))}
	for i := 1; i <= 3; i++ {
		e.Paragraphs = append(e.Paragraphs, strings.TrimSpace(c.FormValue("paragraph"+strconv.Itoa(i))))
	}
	if _, err := h.work.EditLetter(c.UserContext(), j.UserID, j.ID, e); err != nil {
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

// request is the body as the work service takes it: absent wait waits.
func (r *draftRequest) request(userID uint) work.DraftRequest {
	return work.DraftRequest{UserID: userID, JobID: r.JobID, Tone: r.Tone, Force: r.Force, Offline: r.Offline,
		Wait: r.Wait == nil || *r.Wait}
}

func (h *draftsHandler) apiDraftCV(c *fiber.Ctx) error {
	var r draftRequest
	if err := r.parse(c); err != nil {
		return err
	}
	d, err := h.work.DraftCV(c.UserContext(), r.request(currentUser(c).ID))
	if err != nil {
		return err
	}
	switch d.Status {
	case models.StatusDone:
		return c.JSON(cvJSON(d, false))
	case models.StatusFailed:
		return apperr.New(d.ErrorCode, "%s", d.ErrorMessage)
	}
	return c.Status(fiber.StatusAccepted).JSON(draftSummaryJSON(d.ID, d.Status, d.Of(d.Offline), false, d.UpdatedAt))
}

func (h *draftsHandler) apiWriteLetter(c *fiber.Ctx) error {
	var r draftRequest
	if err := r.parse(c); err != nil {
		return err
	}
	l, err := h.work.WriteLetter(c.UserContext(), r.request(currentUser(c).ID))
	if err != nil {
		return err
	}
	switch l.Status {
	case models.StatusDone:
		return c.JSON(letterJSON(l, false))
	case models.StatusFailed:
		return apperr.New(l.ErrorCode, "%s", l.ErrorMessage)
	}
	return c.Status(fiber.StatusAccepted).JSON(draftSummaryJSON(l.ID, l.Status, l.Of(l.Offline), false, l.UpdatedAt))
}
