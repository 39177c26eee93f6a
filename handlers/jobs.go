package handlers

import (
	"context"
	"encoding/base64"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/jobs"
	"tailor/models"
	"tailor/views"
	"tailor/work"
)

// jobWork is the job workflows of the work service: create a job and
// queue its extraction, the same and wait (the API), retry a failed one.
type jobWork interface {
	CreateJob(ctx context.Context, n work.NewJob) (j *models.Job, existing bool, err error)
	ExtractJob(ctx context.Context, n work.NewJob) (j *models.Job, existing bool, err error)
	RetryJob(ctx context.Context, userID, jobID uint) (*models.Job, error)
}

// jobsStore changes and lists jobs.
type jobsStore interface {
	FilterJobs(ctx context.Context, userID uint, f models.JobFilter) ([]models.Job, error)
	UpdatePosting(ctx context.Context, userID, id uint, p jobs.Posting) error
	UpdateTracker(ctx context.Context, userID, id uint, u models.TrackerUpdate) (*models.Job, error)
	DeleteJob(ctx context.Context, userID, id uint) error
}

// jobsHandler is adding a job, its page, corrections, retries, the
// application tracker and the jobs API.
type jobsHandler struct {
	site      *site
	store     jobsStore
	pages     *jobPage
	work      jobWork
	maxUpload int64
}

func newJobsHandler(s *site, store jobsStore, pages *jobPage, w jobWork, maxUpload int64) *jobsHandler {
	return &jobsHandler{site: s, store: store, pages: pages, work: w, maxUpload: maxUpload}
}

// jobForm is the new-job form and the extract API body.
type jobForm struct {
	URL         string `json:"url"`
	Text        string `json:"text"`
	ImageBase64 string `json:"image_base64"`
	MimeType    string `json:"mime_type"`
	Force       bool   `json:"force"`
	image       []byte
	imageSize   int64 // of an upload refused unread for its size
}

// maxTextBytes bounds pasted text; a long posting is 20 KB.
const maxTextBytes = 100_000

// Validate returns a message per broken field. The URL's address is
// checked later by the extractor, which also resolves it.
func (f *jobForm) Validate(maxUpload int64) map[string]string {
	f.URL, f.Text = strings.TrimSpace(f.URL), strings.TrimSpace(f.Text)
	errs := map[string]string{}
	n := 0
	for _, set := range []bool{f.URL != "", f.Text != "", len(f.image) > 0 || f.imageSize > 0} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		errs["form"] = "Give the job posting one way: paste its link, paste its text, or upload a screenshot."
	case n > 1:
		errs["form"] = "Use one way at a time: a link, the text, or a screenshot. Clear the others and try again."
	}
	if f.URL != "" && !(strings.HasPrefix(strings.ToLower(f.URL), "http://") || strings.HasPrefix(strings.ToLower(f.URL), "https://")) {
		errs["url"] = "Enter a full link starting with https://, or paste the posting's text instead."
	}
	if len(f.Text) > maxTextBytes {
		errs["text"] = "That text is longer than 100,000 characters. Paste only the job posting itself."
	} else if f.Text != "" && len(strings.Fields(f.Text)) < 15 {
		errs["text"] = "That is too short to be a job posting. Paste the whole posting: title, company, what the job involves and what it asks for."
	}
	if f.imageSize > maxUpload || int64(len(f.image)) > maxUpload {
		errs["image"] = "That image is larger than " + mb(maxUpload) + ". Crop it to the job ad, or paste the text instead."
	}
	return errs
}

func mb(n int64) string { return itoa(int(n>>20)) + " MB" }

// validate is Validate as one error: EINVALID with the fields, or
// ETOOLARGE when something is over its size limit.
func (f *jobForm) validate(maxUpload int64) error {
	errs := f.Validate(maxUpload)
	if len(errs) == 0 {
		return nil
	}
	e := apperr.Invalid(errs, "%s", firstValue(errs))
	if len(f.Text) > maxTextBytes || f.imageSize > maxUpload || int64(len(f.image)) > maxUpload {
		e.Code = apperr.ETOOLARGE
	}
	return e
}

// job is the valid form as the work service takes it.
func (f *jobForm) job(userID uint) work.NewJob {
	return work.NewJob{UserID: userID, URL: f.URL, Text: f.Text, Image: f.image, ImageMIME: f.MimeType, Force: f.Force}
}

func (f *jobForm) kind() string {
	switch {
	case f.URL != "":
		return models.SourceURL
	case len(f.image) > 0 || f.imageSize > 0:
		return models.SourceImage
	}
	return models.SourceText
}

func (h *jobsHandler) showNewJob(c *fiber.Ctx) error {
	mode := c.Query("mode")
	if mode == "" {
		mode = "url"
	}
	return render(c, fiber.StatusOK, views.NewJobPage(h.site.page(c, "Add a job"), views.JobForm{Mode: mode, MaxUploadMB: int(h.maxUpload >> 20)}))
}

func (h *jobsHandler) createJob(c *fiber.Ctx) error {
	f := jobForm{URL: c.FormValue("url"), Text: c.FormValue("text"), Force: c.FormValue("force") != ""}
	if fh, err := c.FormFile("image"); err == nil && fh.Size > 0 {
		if fh.Size > h.maxUpload {
			f.imageSize = fh.Size // too big: not read at all
		} else {
			file, err := fh.Open()
			if err != nil {
				return err
			}
			f.image, err = io.ReadAll(io.LimitReader(file, h.maxUpload+1))
			file.Close()
			if err != nil {
				return err
			}
			f.MimeType = fh.Header.Get("Content-Type")
		}
	}
	job, existing, err := h.createFrom(c, &f)
	if err != nil && job != nil {
		return err // stored, but not queued: the job page shows it failed
	}
	if err != nil {
		form := views.JobForm{URL: f.URL, Text: f.Text, Mode: f.kind(), MaxUploadMB: int(h.maxUpload >> 20)}
		if ae, ok := err.(*apperr.Error); ok && (ae.Fields != nil || ae.Code != apperr.EINTERNAL) {
			form.Errors = ae.Fields
			if form.Errors == nil {
				form.Errors = map[string]string{f.kind(): ae.Message}
			}
			return render(c, apperr.Status(ae.Code), views.NewJobPage(h.site.page(c, "Add a job"), form))
		}
		return err
	}
	if existing {
		flash(c, "You already added this posting, so here it is. Tick “extract again” on the form to read it afresh.")
	}
	return c.Redirect("/jobs/"+itoa(int(job.ID)), fiber.StatusSeeOther)
}

// createFrom validates f and has the work service store the job and queue
// its extraction (or find the same link's job).
func (h *jobsHandler) createFrom(c *fiber.Ctx, f *jobForm) (*models.Job, bool, error) {
	if err := f.validate(h.maxUpload); err != nil {
		return nil, false, err
	}
	return h.work.CreateJob(c.UserContext(), f.job(currentUser(c).ID))
}

func (h *jobsHandler) showJob(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	v, err := h.pages.view(c, j)
	if err != nil {
		return err
	}
	title := j.Title
	if title == "" {
		title = "Job"
	}
	return render(c, fiber.StatusOK, views.JobPage(h.site.page(c, title), v))
}

// showJobBody is what the job page polls while extraction runs (the
// fallback when Server-Sent Events do not get through): with ?busy=1 it
// answers 204, nothing to swap, until the work is over, so the progress
// and the streamed text the events brought stay on the page.
func (h *jobsHandler) showJobBody(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if c.Query("busy") != "" && isBusyStatus(j.Status) {
		return c.SendStatus(fiber.StatusNoContent)
	}
	v, err := h.pages.view(c, j)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.JobBody(h.site.page(c, j.Title), v))
}

// correctJob saves the user's corrections of the extracted fields.
func (h *jobsHandler) correctJob(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	p := j.Posting
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	set := func(field string, dst *string, value string) {
		value = strings.TrimSpace(value)
		if value != *dst {
			*dst = value
			p.Sources[field] = "user"
		}
	}
	setList := func(field string, dst *[]string, value string) {
		l := lines(value)
		if strings.Join(l, "\n") != strings.Join(*dst, "\n") {
			*dst = l
			p.Sources[field] = "user"
		}
	}
	set("title", &p.Title, c.FormValue("title"))
	set("company", &p.Company, c.FormValue("company"))
	set("location", &p.Location, c.FormValue("location"))
	set("employment_type", &p.EmploymentType, c.FormValue("employment_type"))
	set("workplace", &p.Workplace, c.FormValue("workplace"))
	set("description", &p.Description, c.FormValue("description"))
	if raw := strings.TrimSpace(c.FormValue("salary")); raw != p.Salary.Raw {
		p.Salary = jobs.ParseSalary(raw)
		p.Salary.Raw = raw
		p.Sources["salary"] = "user"
	}
	setList("responsibilities", &p.Responsibilities, c.FormValue("responsibilities"))
	setList("requirements", &p.Requirements, c.FormValue("requirements"))
	setList("skills", &p.Skills, c.FormValue("skills"))

	v, err := h.pages.view(c, j)
	if err != nil {
		return err
	}
	if p.Title == "" {
		v.Posting = p
		v.Errors = map[string]string{"title": "A job needs a title: it goes on your CV and letter."}
		return h.renderJobBody(c, fiber.StatusUnprocessableEntity, v)
	}
	if err := h.store.UpdatePosting(c.UserContext(), j.UserID, j.ID, p); err != nil {
		return err
	}
	v.Posting, v.Saved = p, true
	return h.renderJobBody(c, fiber.StatusOK, v)
}

func (h *jobsHandler) renderJobBody(c *fiber.Ctx, status int, v views.JobView) error {
	if isHTMX(c) {
		return render(c, status, views.JobBody(h.site.page(c, v.Posting.Title), v))
	}
	return render(c, status, views.JobPage(h.site.page(c, v.Posting.Title), v))
}

func (h *jobsHandler) retryJob(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if j.Status != models.StatusFailed {
		return c.Redirect("/jobs/"+itoa(int(j.ID)), fiber.StatusSeeOther)
	}
	if j.SourceKind == models.SourceImage {
		flash(c, "Screenshots are not kept, so upload it again to retry.")
		return c.Redirect("/jobs/new?mode=image", fiber.StatusSeeOther)
	}
	nj, err := h.work.RetryJob(c.UserContext(), j.UserID, j.ID)
	if err != nil {
		return err
	}
	return c.Redirect("/jobs/"+itoa(int(nj.ID)), fiber.StatusSeeOther)
}

func (h *jobsHandler) deleteJob(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteJob(c.UserContext(), j.UserID, j.ID); err != nil {
		return err
	}
	flash(c, "Job deleted.")
	if isHTMX(c) {
		c.Set("HX-Redirect", "/")
		return c.SendStatus(fiber.StatusOK)
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

// API

// jobJSON is a job as the API shows it: its id and status beside the posting.
func jobJSON(j *models.Job) fiber.Map {
	m := fiber.Map{"id": j.ID, "status": j.Status, "source_kind": j.SourceKind, "offline": j.Offline,
		"created_at": j.CreatedAt, "updated_at": j.UpdatedAt}
	if j.Status == models.StatusFailed {
		msg, openings := jobs.SplitOpenings(j.ErrorMessage)
		e := fiber.Map{"code": j.ErrorCode, "message": msg}
		if len(openings) > 0 {
			e["openings"] = openings
		}
		m["error"] = e
	}
	p := j.Posting
	m["title"], m["company"], m["location"], m["locations"] = p.Title, p.Company, p.Location, p.Locations
	m["recruiter"], m["expired"] = p.Recruiter, p.Expired
	conf := p.Confidence
	if conf == nil {
		conf = map[string]string{}
	}
	m["application_notes"], m["confidence"] = nonNil(p.ApplicationNotes), conf
	m["workplace"], m["employment_type"], m["seniority"], m["salary"] = p.Workplace, p.EmploymentType, p.Seniority, p.Salary
	m["salary_text"] = p.Salary.Raw
	m["date_posted"], m["application_deadline"], m["description"] = p.DatePosted, p.Deadline, p.Description
	m["responsibilities"], m["requirements"], m["nice_to_have"] = nonNil(p.Responsibilities), nonNil(p.Requirements), nonNil(p.NiceToHave)
	m["skills"], m["benefits"], m["how_to_apply"] = nonNil(p.Skills), nonNil(p.Benefits), p.HowToApply
	m["apply_url"], m["source_url"], m["language"], m["sources"] = p.ApplyURL, p.SourceURL, p.Language, p.Sources
	if p.OfflineReason != "" {
		m["offline_reason"] = p.OfflineReason
	}
	m["application_status"], m["notes"], m["follow_up_on"] = orSaved(j.AppStatus), j.Notes, j.FollowUpOn
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (h *jobsHandler) apiExtractJob(c *fiber.Ctx) error {
	var f jobForm
	if err := parseJSON(c, &f); err != nil {
		return err
	}
	if f.ImageBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(f.ImageBase64)
		if err != nil {
			return apperr.New(apperr.EINVALID, "image_base64 is not valid base64. Send the image bytes base64-encoded, without a data: prefix.")
		}
		f.image = b
	}
	if err := f.validate(h.maxUpload); err != nil {
		return err
	}
	j, existing, err := h.work.ExtractJob(c.UserContext(), f.job(currentUser(c).ID))
	if err != nil {
		return err
	}
	if existing || j.Status == models.StatusDone {
		return c.JSON(jobJSON(j))
	}
	// Still running when the request's time ran out: the work goes on.
	return c.Status(fiber.StatusAccepted).JSON(jobJSON(j))
}

func (h *jobsHandler) apiListJobs(c *fiber.Ctx) error {
	status := c.Query("status")
	if status != "" && !models.ValidAppStatus(status) {
		return apperr.Invalid(map[string]string{"status": "Use one of " + strings.Join(models.AppStatuses, ", ") + "."},
			"Unknown status %q: use one of %s.", status, strings.Join(models.AppStatuses, ", "))
	}
	js, err := h.store.FilterJobs(c.UserContext(), currentUser(c).ID, models.JobFilter{Status: status, Sort: c.Query("sort"), Limit: 500})
	if err != nil {
		return err
	}
	out := make([]fiber.Map, len(js))
	for i := range js {
		out[i] = jobJSON(&js[i])
	}
	return c.JSON(out)
}

func (h *jobsHandler) apiGetJob(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	m := jobJSON(j)
	if err := h.pages.draftsJSON(c.UserContext(), j, m); err != nil {
		return err
	}
	return c.JSON(m)
}
