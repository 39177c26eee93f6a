package views

import (
	"strings"
	"testing"

	"tailor/jobs"
	"tailor/models"
)

func TestJobBodyShowsExpiredAndRecruiter(t *testing.T) {
	p := donePosting()
	p.Expired, p.Recruiter = true, true
	p.Company = "Hays"
	p.Sources["company"] = jobs.SourceBoard("seek")
	doc, _ := render(t, JobBody(page(alice), JobView{ID: 5, Status: models.StatusDone, Posting: p}))
	if w := doc.Find(`[data-testid="job-expired"][role="alert"]`).Text(); !strings.Contains(w, "closed") {
		t.Errorf("expired warning = %q", w)
	}
	if count(doc, `[data-testid="job-recruiter"]`) != 1 {
		t.Error("the recruiter is not named as such")
	}
	if got := doc.Find(`[data-testid="source-company"]`).Text(); got != "from the SEEK page" {
		t.Errorf("company provenance = %q", got)
	}

	open := donePosting()
	doc, _ = render(t, JobBody(page(alice), JobView{ID: 5, Status: models.StatusDone, Posting: open}))
	if count(doc, `[data-testid="job-expired"]`) != 0 || count(doc, `[data-testid="job-recruiter"]`) != 0 {
		t.Error("an open posting by its employer shows a warning or a recruiter badge")
	}
}

func TestFailedListingShowsOpenings(t *testing.T) {
	msg := jobs.FormatOpenings("This looks like a list of jobs. Tailor found 2 openings on it:", []jobs.Opening{
		{Title: "Hydrologist", URL: "https://water.example/careers/hydrologist"},
		{Title: "Driver", URL: "https://water.example/careers/driver"},
	})
	doc, html := render(t, JobBody(page(alice), JobView{ID: 5, Status: models.StatusFailed, ErrorMessage: msg}))
	if got := doc.Find(`[data-testid="job-error"]`).Text(); strings.Contains(got, "https://") || !strings.Contains(got, "list of jobs") {
		t.Errorf("error text = %q", got)
	}
	links := doc.Find(`[data-testid="job-openings"] a[rel~="noopener"]`)
	if links.Length() != 2 || links.First().AttrOr("href", "") != "https://water.example/careers/hydrologist" || links.First().Text() != "Hydrologist" {
		t.Errorf("openings = %d links in %s", links.Length(), html)
	}
}
