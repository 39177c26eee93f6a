package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// claimsModel is a fake OpenAI-compatible model: it extracts the posting
// and writes a letter whose sentences come from the profile, bar one.
func claimsModel(t *testing.T) *httptest.Server {
	t.Helper()
	true1 := "At Contoso Retail I built Python and SQL pipelines loading 50 GB a day into PostgreSQL."
	true2 := "I moved nightly jobs to Airflow and cut failures by half."
	para := func(lead string) string {
		return lead + " " + strings.TrimSpace(strings.Repeat(true1+" "+true2+" ", 4))
	}
	letter, _ := json.Marshal(map[string]any{
		"subject": "Application for Data Engineer", "greeting": "Dear Hiring Manager,",
		"paragraphs": []string{
			para("I am applying for the Data Engineer role at Northwind Analytics."),
			para("Pipelines are the work I know best."),
			para("Thank you for reading my application so far."),
		},
		"closing": "Kind regards,", "signature": "Lin Chen"})
	job, _ := json.Marshal(map[string]any{"is_job_posting": true, "title": "Data Engineer", "company": "Northwind Analytics",
		"location": "Remote (EU)", "description": "Northwind Analytics builds reporting for retailers.",
		"responsibilities": []string{"Build and operate batch and streaming data pipelines in Python and SQL"},
		"requirements":     []string{"3+ years in data engineering", "Python, SQL and PostgreSQL"},
		"skills":           []string{"Python", "SQL", "PostgreSQL", "Airflow"}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		content := string(job)
		if strings.Contains(string(raw), "You write a cover letter") {
			content = string(letter)
		}
		answerOpenAI(w, raw, content) // streamed when asked, as drafts are
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserEvidenceTooltip writes a model letter in headless Chromium,
// moves the focus to one of its sentences and reads the evidence the
// tooltip shows; a sentence with no source is marked.
func TestBrowserEvidenceTooltip(t *testing.T) {
	bctx := newBrowser(t)
	model := claimsModel(t)
	base := startApp(t, map[string]string{"OPENAI_API_KEY": "sk-browser-test-0123456789", "OPENAI_BASE_URL": model.URL})
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
	set := func(sel, v string) { t.Helper(); do("fill "+sel, chromedp.SetValue(chromedp.CSS(sel), v)) }
	click := func(sel string) { t.Helper(); do("click "+sel, chromedp.Click(chromedp.CSS(sel))) }
	wait := func(sel string) { t.Helper(); do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel))) }
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return s
	}

	do("type name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Lin Chen"))
	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "lin.claims@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="register-submit"]`)
	// Registration ends on the login page with the email filled in.
	wait(`[data-testid="login-submit"]`)
	do("type password again", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="login-submit"]`)
	wait(`[data-testid="profile-save"]`)
	set(`[name="basics.label"]`, "Data Engineer")
	set(`[name="work.0.name"]`, "Contoso Retail")
	set(`[name="work.0.position"]`, "Data Engineer")
	set(`[name="work.0.startDate"]`, "2020-02")
	set(`[name="work.0.highlights"]`, "Built Python and SQL pipelines loading 50 GB a day into PostgreSQL\nMoved nightly jobs to Airflow and cut failures by half")
	set(`[name="skills"]`, "Data: Python, SQL, PostgreSQL, Airflow")
	click(`[data-testid="profile-save"]`)
	wait(`[data-testid="profile-saved"]`)

	do("open the job form", chromedp.Navigate(base+"/jobs/new?mode=text"))
	set(`textarea[name="text"]`, browserPosting)
	click(`[data-testid="extract-submit"]`)
	wait(`[data-testid="job-title"]`)
	click(`[data-testid="write-letter"]`)
	wait(`[data-testid="letter-source"]`)
	wait(`#letter-section [data-testid="claim"]`)

	// Hidden until the sentence has the focus.
	if v := eval(`getComputedStyle(document.querySelector('#letter-section [data-testid="claim"] [role="tooltip"]')).display`); v != "none" {
		t.Errorf("tooltip shown before focus: display %q", v)
	}
	sel := `#letter-section [data-testid="claim"]:nth-of-type(2)`
	do("focus a sentence", chromedp.Focus(chromedp.CSS(sel)))
	id := eval(`document.activeElement.getAttribute('aria-describedby')`)
	if id == "" || !strings.Contains(eval(`document.activeElement.className`), "claim") {
		t.Fatalf("the focused element is not a claim: %q", eval(`document.activeElement.outerHTML.slice(0, 200)`))
	}
	wait("#" + id)
	tip := eval(`document.getElementById(` + jsString(id) + `).innerText`)
	sentence := eval(`document.activeElement.firstChild.textContent.trim()`)
	if !strings.Contains(tip, "Your profile") || !(strings.Contains(tip, "Airflow") || strings.Contains(tip, "PostgreSQL") || strings.Contains(tip, "Contoso")) {
		t.Errorf("tooltip of %q = %q, want the profile item it rests on", sentence, tip)
	}
	// Escape hides it while the focus stays.
	do("press Escape", chromedp.KeyEvent("\x1b"))
	if v := eval(`getComputedStyle(document.getElementById(` + jsString(id) + `)).display`); v != "none" {
		t.Errorf("tooltip still shown after Escape: display %q", v)
	}
	if n := eval(`String(document.querySelectorAll('#letter-section [data-testid="claim-unsourced"]').length)`); n == "0" {
		t.Error("no sentence is marked as having no source")
	}

	// On a phone, open evidence stays on the screen.
	do("phone width", chromedp.EmulateViewport(390, 844))
	do("reload", chromedp.Reload())
	wait(`#letter-section [data-testid="claim"]`)
	do("focus a sentence on the phone", chromedp.Focus(chromedp.CSS(`#letter-section p:nth-of-type(4) [data-testid="claim"]`)))
	if shown := eval(`getComputedStyle(document.getElementById(document.activeElement.getAttribute('aria-describedby'))).display`); shown == "none" {
		t.Error("evidence not shown on the phone")
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("with evidence open the page is %s px wide on a 390 px phone", w)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
