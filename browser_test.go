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
	bctx := newBrowser(t)
	base := startApp(t, map[string]string{})
	// The first Run starts the browser and must not carry a timeout.
	if _, err := chromedp.Run(bctx, chromedp.Navigate(base+"/register")); err != nil {
		t.Fatalf("open /register: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	do := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	set := func(sel, v string) { t.Helper(); do("fill "+sel, chromedp.SetValue(chromedp.CSS(sel), v)) }
	click := func(sel string) { t.Helper(); do("click "+sel, chromedp.Click(chromedp.CSS(sel))) }
	wait := func(sel string) { t.Helper(); do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel))) }

	do("type name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Lin Chen"))
	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "lin@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="register-submit"]`)
	// Registration answers the same for new and taken emails, so it ends
	// on the login page with the email filled in.
	wait(`[data-testid="login-submit"]`)
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="login-submit"]`)
	wait(`[data-testid="profile-save"]`)

	set(`[name="basics.label"]`, "Data Engineer")
	set(`[name="basics.summary"]`, "Data engineer who builds dependable pipelines.")
	set(`[name="work.0.name"]`, "Contoso Retail")
	set(`[name="work.0.position"]`, "Data Engineer")
	set(`[name="work.0.startDate"]`, "2020-02")
	set(`[name="work.0.highlights"]`, "Built Python and SQL pipelines loading 50 GB a day into PostgreSQL\nMoved nightly jobs to Airflow and cut failures by half\nRan the team's football sweepstake")
	set(`[name="education.0.institution"]`, "Delft University of Technology")
	set(`[name="education.0.studyType"]`, "MSc")
	set(`[name="education.0.area"]`, "Computer Science")
	set(`[name="skills"]`, "Data: Python, SQL, PostgreSQL, Airflow")
	click(`[data-testid="profile-save"]`)
	wait(`[data-testid="profile-saved"]`)

	do("open the job form", chromedp.Navigate(base+"/jobs/new?mode=text"))
	set(`textarea[name="text"]`, browserPosting)
	click(`[data-testid="extract-submit"]`)
	wait(`[data-testid="job-title"]`)
	if title := text(`[data-testid="job-title"]`); title != "Data Engineer" {
		t.Errorf("job title on the page = %q", title)
	}
	if company := text(`[data-testid="job-company"]`); !strings.Contains(company, "Northwind Analytics") {
		t.Errorf("company on the page = %q", company)
	}

	click(`[data-testid="draft-cv"]`)
	wait(`[data-testid="cv-summary"]`)
	if s := text(`[data-testid="cv-summary"]`); s == "" {
		t.Error("CV summary is empty")
	}

	set(`select[name="tone"]`, "concise")
	click(`[data-testid="write-letter"]`)
	wait(`[data-testid="letter-word-count"]`)
	paragraphs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="letter-paragraph"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if paragraphs != 3 {
		t.Errorf("letter has %d paragraphs on the page, want 3", paragraphs)
	}
	wc := text(`[data-testid="letter-word-count"]`)
	if n, err := strconv.Atoi(wc); err != nil || n < 220 || n > 320 {
		t.Errorf("letter word count %q, want 220–320", wc)
	}
}
