package handlers

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/documents"
	"tailor/drafting"
	"tailor/models"
	"tailor/profile"
	"tailor/views"
)

// The documents a person sends: the CV and the letter as PDF, Word, text,
// Markdown and JSON Resume, the template picker with its preview, and the
// print view. The same handlers answer the browser (session) and the JSON
// API (bearer token); jobPage.load keeps everyone to their own jobs.

// documentStore reads what a job's documents are made from and keeps the
// person's template and paper.
type documentStore interface {
	LatestCVDraft(ctx context.Context, userID, jobID uint) (*models.CVDraft, error)
	LatestCoverLetter(ctx context.Context, userID, jobID uint) (*models.CoverLetter, error)
	ProfileOf(ctx context.Context, userID uint) (*models.Profile, error)
	DocumentPreferenceOf(ctx context.Context, userID uint) (models.DocumentPreference, error)
	SaveDocumentPreference(ctx context.Context, p models.DocumentPreference) error
}

// documentsHandler is a job's documents: downloads, the template picker
// and the print views.
type documentsHandler struct {
	site  *site
	store documentStore
	pages *jobPage
}

func newDocumentsHandler(s *site, store documentStore, pages *jobPage) *documentsHandler {
	return &documentsHandler{site: s, store: store, pages: pages}
}

// docSources is what a job's documents are made from.
type docSources struct {
	job    *models.Job
	cv     *drafting.CV     // nil: no finished CV yet
	letter *drafting.Letter // nil: no finished letter yet
	// cvBusy and letterBusy say a draft is being written right now.
	cvBusy, letterBusy bool
	basics             profile.Basics
	template           documents.Template
	pref               models.DocumentPreference
	paper              documents.Paper // resolved: A4 or US Letter
}

// loadDocSources loads the job, its newest finished drafts, the profile's
// basics and the person's template, letting ?template= and ?paper= win.
func (h *documentsHandler) loadDocSources(c *fiber.Ctx) (*docSources, error) {
	j, err := h.pages.load(c)
	if err != nil {
		return nil, err
	}
	ctx := c.UserContext()
	s := &docSources{job: j}
	if d, err := h.store.LatestCVDraft(ctx, j.UserID, j.ID); err != nil {
		return nil, err
	} else if d != nil {
		s.cv, s.cvBusy = finished(d.Status, &d.Content)
	}
	if l, err := h.store.LatestCoverLetter(ctx, j.UserID, j.ID); err != nil {
		return nil, err
	} else if l != nil {
		s.letter, s.letterBusy = finished(l.Status, &l.Content)
	}
	p, err := h.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return nil, err
	}
	s.basics = p.Document.Basics
	if s.pref, err = h.store.DocumentPreferenceOf(ctx, j.UserID); err != nil {
		return nil, err
	}
	name := s.pref.Template
	if q := c.Query("template"); q != "" {
		if _, ok := documents.TemplateByName(q); !ok {
			return nil, apperr.Invalid(map[string]string{"template": "unknown"},
				"There is no template %q. Choose one of: %s.", q, templateNames())
		}
		name = q
	}
	s.template, _ = documents.TemplateByName(name)
	paper := documents.ParsePaper(s.pref.Paper)
	if q := c.Query("paper"); q != "" {
		if paper = documents.ParsePaper(q); paper == documents.PaperAuto && q != string(documents.PaperAuto) {
			return nil, apperr.Invalid(map[string]string{"paper": "unknown"}, "There is no paper %q. Choose a4, letter or auto.", q)
		}
	}
	s.paper = paper.Resolve(s.basics.Location.CountryCode)
	return s, nil
}

// finished gives a draft's content when it is done, and says whether it is
// still being written.
func finished[T any](status string, content *T) (*T, bool) {
	switch status {
	case models.StatusDone:
		return content, false
	case models.StatusPending, models.StatusRunning:
		return nil, true
	}
	return nil, false
}

func templateNames() string {
	var names []string
	for _, t := range documents.Templates {
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ")
}

// person is the name documents are filed under.
func (s *docSources) person(c *fiber.Ctx) string {
	if s.cv != nil && strings.TrimSpace(s.cv.Name) != "" {
		return s.cv.Name
	}
	if strings.TrimSpace(s.basics.Name) != "" {
		return s.basics.Name
	}
	if u := currentUser(c); u != nil {
		return u.Name
	}
	return ""
}

func (s *docSources) fileName(c *fiber.Ctx, kind string) string {
	return documents.FileName(s.person(c), kind, s.job.Company, s.job.Title)
}

func (s *docSources) needCV(c *fiber.Ctx) error {
	if s.cv != nil {
		return nil
	}
	if s.cvBusy {
		return apperr.New(apperr.ECONFLICT, "The CV is being drafted right now. Download it when it is done, in a few seconds.")
	}
	msg := "This job has no finished CV yet. Draft one on the job page, then download it."
	if isAPI(c) {
		msg = "This job has no finished CV yet. Draft one with POST /api/v1/cv-drafter/draft {\"job_id\": " + itoa(int(s.job.ID)) + "}, then download it."
	}
	return apperr.New(apperr.ENOTFOUND, "%s", msg)
}

func (s *docSources) needLetter(c *fiber.Ctx) error {
	if s.letter != nil {
		return nil
	}
	if s.letterBusy {
		return apperr.New(apperr.ECONFLICT, "The cover letter is being written right now. Download it when it is done, in a few seconds.")
	}
	msg := "This job has no finished cover letter yet. Write one on the job page, then download it."
	if isAPI(c) {
		msg = "This job has no finished cover letter yet. Write one with POST /api/v1/cover-letter/generate {\"job_id\": " + itoa(int(s.job.ID)) + "}, then download it."
	}
	return apperr.New(apperr.ENOTFOUND, "%s", msg)
}

func (s *docSources) cvDocument() documents.Document {
	return documents.CVDocument(*s.cv, s.paper)
}

func (s *docSources) letterDocument(now time.Time) documents.Document {
	return documents.LetterDocument(documents.LetterInput{
		Letter: *s.letter, Sender: documents.SenderFrom(s.basics), Date: now, Paper: s.paper,
		Recipient: documents.Recipient{Company: s.job.Company, Location: s.job.Location}})
}

// Content types of the formats.
const (
	mimePDF  = "application/pdf"
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// downloadCVDocument answers /jobs/{id}/cv.{pdf,docx,md,txt,json}.
func (h *documentsHandler) downloadCVDocument(c *fiber.Ctx) error {
	format := c.Params("format")
	if !oneOf(format, "pdf", "docx", "md", "txt", "json") {
		return apperr.New(apperr.ENOTFOUND, "A CV downloads as cv.pdf, cv.docx, cv.md, cv.txt or cv.json.")
	}
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	if err := s.needCV(c); err != nil {
		return err
	}
	name, now := s.fileName(c, "CV")+"."+format, time.Now()
	switch format {
	case "pdf":
		b, err := documents.PDF(s.cvDocument(), s.template, now)
		if err != nil {
			return apperr.Wrap(err, apperr.EINTERNAL, "The PDF could not be made. Try the Word file, or try again.")
		}
		return sendFile(c, mimePDF, name, b)
	case "docx":
		b, err := documents.DOCX(s.cvDocument(), s.template, now)
		if err != nil {
			return apperr.Wrap(err, apperr.EINTERNAL, "The Word file could not be made. Try the PDF, or try again.")
		}
		return sendFile(c, mimeDOCX, name, b)
	case "md":
		return sendFile(c, "text/markdown; charset=utf-8", name, []byte(drafting.Markdown(*s.cv)))
	case "txt":
		return sendFile(c, "text/plain; charset=utf-8", name, []byte(documents.Text(s.cvDocument())))
	default:
		b, err := documents.JSONResume(*s.cv, s.basics, now)
		if err != nil {
			return err
		}
		return sendFile(c, fiber.MIMEApplicationJSONCharsetUTF8, name, b)
	}
}

// downloadLetterDocument answers /jobs/{id}/letter.{pdf,docx,txt}.
func (h *documentsHandler) downloadLetterDocument(c *fiber.Ctx) error {
	format := c.Params("format")
	if !oneOf(format, "pdf", "docx", "txt") {
		return apperr.New(apperr.ENOTFOUND, "A cover letter downloads as letter.pdf, letter.docx or letter.txt.")
	}
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	if err := s.needLetter(c); err != nil {
		return err
	}
	name, now := s.fileName(c, "Cover-Letter")+"."+format, time.Now()
	switch format {
	case "pdf":
		b, err := documents.PDF(s.letterDocument(now), s.template, now)
		if err != nil {
			return apperr.Wrap(err, apperr.EINTERNAL, "The PDF could not be made. Try the Word file, or try again.")
		}
		return sendFile(c, mimePDF, name, b)
	case "docx":
		b, err := documents.DOCX(s.letterDocument(now), s.template, now)
		if err != nil {
			return apperr.Wrap(err, apperr.EINTERNAL, "The Word file could not be made. Try the PDF, or try again.")
		}
		return sendFile(c, mimeDOCX, name, b)
	default:
		return sendFile(c, "text/plain; charset=utf-8", name, []byte(s.letter.Text()))
	}
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

// sendFile answers with a document to save under name (ASCII, so the
// plain filename parameter is enough). Documents hold personal data: no
// shared caches.
func sendFile(c *fiber.Ctx, contentType, name string, body []byte) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(body)
}

// documentsView builds the panel: the picker, the previews, the links.
func (h *documentsHandler) documentsView(c *fiber.Ctx, s *docSources) views.DocumentsView {
	v := views.DocumentsView{JobID: s.job.ID, Templates: documents.Templates, Template: s.template,
		Paper: documents.ParsePaper(s.pref.Paper), PaperUsed: s.paper, CountryPaper: documents.PaperFor(s.basics.Location.CountryCode),
		Papers: []documents.Paper{documents.PaperAuto, documents.A4, documents.USLetter}}
	if s.cv != nil {
		d := s.cvDocument()
		v.CV, v.CVText, v.CVFile = &d, documents.Text(d), s.fileName(c, "CV")
	}
	if s.letter != nil {
		d := s.letterDocument(time.Now())
		v.Letter, v.LetterText, v.LetterFile = &d, documents.Text(d), s.fileName(c, "Cover-Letter")
	}
	return v
}

// showDocuments is the documents panel: an htmx fragment on the job page,
// or a page of its own without JavaScript.
func (h *documentsHandler) showDocuments(c *fiber.Ctx) error {
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	v := h.documentsView(c, s)
	if isHTMX(c) {
		return render(c, fiber.StatusOK, views.DocumentsPanel(h.site.page(c, s.job.Title), v))
	}
	return render(c, fiber.StatusOK, views.DocumentsPage(h.site.page(c, documentsTitle(s.job)), v))
}

func documentsTitle(j *models.Job) string {
	if j.Title == "" {
		return "Documents"
	}
	return "Documents · " + j.Title
}

// chooseTemplate remembers the template and paper a person picked and
// shows the panel again with the new preview.
func (h *documentsHandler) chooseTemplate(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(c.FormValue("template"))
	t, ok := documents.TemplateByName(name)
	if !ok {
		return apperr.Invalid(map[string]string{"template": "unknown"}, "There is no template %q. Choose one of: %s.", name, templateNames())
	}
	paper := documents.ParsePaper(c.FormValue("paper"))
	if err := h.store.SaveDocumentPreference(c.UserContext(), models.DocumentPreference{UserID: j.UserID, Template: t.Name, Paper: string(paper)}); err != nil {
		return err
	}
	if !isHTMX(c) {
		return c.Redirect("/jobs/"+itoa(int(j.ID))+"/documents", fiber.StatusSeeOther)
	}
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.DocumentsPanel(h.site.page(c, j.Title), h.documentsView(c, s)))
}

// printCV and printLetter are the print views: the document alone, laid
// out like the PDF, printed from the browser.
func (h *documentsHandler) printCV(c *fiber.Ctx) error {
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	if err := s.needCV(c); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.PrintPage(h.site.page(c, s.cvDocument().Title), h.printView(c, s, s.cvDocument(), "/cv.pdf")))
}

func (h *documentsHandler) printLetter(c *fiber.Ctx) error {
	s, err := h.loadDocSources(c)
	if err != nil {
		return err
	}
	if err := s.needLetter(c); err != nil {
		return err
	}
	d := s.letterDocument(time.Now())
	return render(c, fiber.StatusOK, views.PrintPage(h.site.page(c, d.Title), h.printView(c, s, d, "/letter.pdf")))
}

func (h *documentsHandler) printView(c *fiber.Ctx, s *docSources, d documents.Document, pdf string) views.PrintView {
	q := url.Values{"template": {s.template.Name}, "paper": {string(s.paper)}}
	return views.PrintView{JobID: s.job.ID, Doc: d, Template: s.template, AutoPrint: c.Query("autoprint") != "",
		PDFHref: "/jobs/" + itoa(int(s.job.ID)) + pdf + "?" + q.Encode()}
}
