package main

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium binary, skipping loudly (or failing under
// CI=true) when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is required under CI=true (install Debian's chromium package)")
	}
	t.Skip("SKIPPED: no Chromium on this machine; install Debian's chromium package to run the browser test")
	return ""
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

const browserPosting = `Data Engineer
Northwind Analytics — Remote (EU) · Full-time
€55k–70k per year

Northwind Analytics builds reporting for retailers. We need a Data Engineer to own our pipelines.

Responsibilities
- Build and operate batch and streaming data pipelines in Python and SQL
- Model data in PostgreSQL and keep it fast
- Work with analysts to ship dashboards

Requirements
- 3+ years in data engineering
- Python, SQL and PostgreSQL
- Experience with Airflow or similar orchestration tools`

// TestBrowserFlow drives the real app in headless Chromium: register, fill
// the profile, paste a posting, see the job, draft a CV, write a letter.
func TestBrowserFlow(t *testing.T) {
	ctx := newBrowser(t)
	base := startApp(t, map[string]string{})
	var title, wordCount, cvSummary string
	var paragraphs int
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/register"),
		chromedp.SendKeys(`input[name="name"]`, "Lin Chen", chromedp.ByQuery),
		chromedp.SendKeys(`input[name="email"]`, "lin@example.com", chromedp.ByQuery),
		chromedp.SendKeys(`input[name="password"]`, "a good password", chromedp.ByQuery),
		chromedp.Click(`[data-testid="register-submit"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid="profile-save"]`, chromedp.ByQuery),

		chromedp.SetValue(`[name="basics.label"]`, "Data Engineer", chromedp.ByQuery),
		chromedp.SetValue(`[name="basics.summary"]`, "Data engineer who builds dependable pipelines.", chromedp.ByQuery),
		chromedp.SetValue(`[name="work.0.name"]`, "Contoso Retail", chromedp.ByQuery),
		chromedp.SetValue(`[name="work.0.position"]`, "Data Engineer", chromedp.ByQuery),
		chromedp.SetValue(`[name="work.0.startDate"]`, "2020-02", chromedp.ByQuery),
		chromedp.SetValue(`[name="work.0.highlights"]`, "Built Python and SQL pipelines loading 50 GB a day into PostgreSQL\nMoved nightly jobs to Airflow and cut failures by half\nRan the team's football sweepstake", chromedp.ByQuery),
		chromedp.SetValue(`[name="education.0.institution"]`, "Delft University of Technology", chromedp.ByQuery),
		chromedp.SetValue(`[name="education.0.studyType"]`, "MSc", chromedp.ByQuery),
		chromedp.SetValue(`[name="education.0.area"]`, "Computer Science", chromedp.ByQuery),
		chromedp.SetValue(`[name="skills"]`, "Data: Python, SQL, PostgreSQL, Airflow", chromedp.ByQuery),
		chromedp.Click(`[data-testid="profile-save"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid="profile-saved"]`, chromedp.ByQuery),

		chromedp.Navigate(base+"/jobs/new?mode=text"),
		chromedp.SetValue(`textarea[name="text"]`, browserPosting, chromedp.ByQuery),
		chromedp.Click(`[data-testid="extract-submit"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid="job-title"]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid="job-title"]`, &title, chromedp.ByQuery),

		chromedp.Click(`[data-testid="draft-cv"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid="cv-summary"]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid="cv-summary"]`, &cvSummary, chromedp.ByQuery),

		chromedp.SetValue(`select[name="tone"]`, "concise", chromedp.ByQuery),
		chromedp.Click(`[data-testid="write-letter"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-testid="letter-word-count"]`, chromedp.ByQuery),
		chromedp.Text(`[data-testid="letter-word-count"]`, &wordCount, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('[data-testid="letter-paragraph"]').length`, &paragraphs),
	)
	if err != nil {
		t.Fatalf("browser flow: %v", err)
	}
	if strings.TrimSpace(title) != "Data Engineer" {
		t.Errorf("job title on the page = %q", title)
	}
	if strings.TrimSpace(cvSummary) == "" {
		t.Error("CV summary is empty")
	}
	if paragraphs != 3 {
		t.Errorf("letter has %d paragraphs on the page, want 3", paragraphs)
	}
	n, err := strconv.Atoi(strings.TrimSpace(wordCount))
	if err != nil || n < 220 || n > 320 {
		t.Errorf("letter word count %q, want 220–320", wordCount)
	}
}
