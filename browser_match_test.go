package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const matchPostingText = `Registered Nurse – Emergency Department
Mercy General Hospital — Denver, CO · Full-time

Mercy General is a Level I trauma centre. We are looking for an ER nurse to join our emergency department team.

Responsibilities
- Triage and assess patients arriving at the emergency department
- Administer medications and document care in Epic

Requirements
- Current RN license
- BLS and ACLS certification
- 2+ years of emergency department nursing experience
- Experience with Epic EHR
- Valid driver's license`

// TestBrowserMatchPanel drives headless Chromium: a nurse fills in her
// profile, pastes a posting, and the job page shows how she matches before
// any draft, with the source of each piece of evidence on focus.
func TestBrowserMatchPanel(t *testing.T) {
	bctx := newBrowser(t)
	base := startApp(t, map[string]string{})
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

	do("type name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Maria Lopez"))
	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "maria@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="register-submit"]`)
	// Registration ends on the login page with the email filled in.
	wait(`[data-testid="login-submit"]`)
	do("type password again", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="login-submit"]`)
	wait(`[data-testid="profile-save"]`)

	set(`[name="basics.label"]`, "Registered Nurse")
	set(`[name="basics.summary"]`, "Emergency nurse, ACLS and BLS certified.")
	set(`[name="work.0.name"]`, "Denver Regional Medical Center")
	set(`[name="work.0.position"]`, "Emergency Room Registered Nurse")
	set(`[name="work.0.startDate"]`, "2020-06")
	set(`[name="work.0.highlights"]`, "Triage 15-20 patients per shift in a Level I trauma centre\nDocumented assessments in Epic EHR with zero charting errors")
	set(`[name="education.0.institution"]`, "University of Colorado")
	set(`[name="education.0.studyType"]`, "Bachelor of Science")
	set(`[name="education.0.area"]`, "Nursing")
	set(`[name="skills"]`, "Clinical: Triage, Patient Assessment, BLS, ACLS")
	click(`[data-testid="profile-save"]`)
	wait(`[data-testid="profile-saved"]`)

	do("open the job form", chromedp.Navigate(base+"/jobs/new?mode=text"))
	set(`textarea[name="text"]`, matchPostingText)
	click(`[data-testid="extract-submit"]`)
	wait(`[data-testid="match-panel"]`)

	// The panel is there before any draft, with a score and a verdict.
	drafts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="cv-summary"], [data-testid="letter-paragraph"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if drafts != 0 {
		t.Errorf("drafts on the page before any was asked for: %d", drafts)
	}
	score, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="match-score"]').dataset.score`))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := strconv.Atoi(score); err != nil || n < 50 || n > 100 {
		t.Errorf("match score %q, want a strong match for this nurse", score)
	}
	met := text(`[data-testid="match-met"]`)
	for _, want := range []string{"Epic EHR", "BLS and ACLS"} {
		if !strings.Contains(met, want) {
			t.Errorf("what you match = %q, missing %q", met, want)
		}
	}
	if s := text(`[data-testid="match-unjudged"]`); !strings.Contains(s, "driver's license") {
		t.Errorf("check yourself = %q", s)
	}

	// Evidence shows where it comes from on keyboard focus.
	const ev = `[data-testid="match-met"] [data-testid="match-evidence"]`
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('`+ev+` .evidence-source')).display === 'none'`))
	if err != nil {
		t.Fatal(err)
	}
	if !hidden {
		t.Error("evidence source shown before hover or focus")
	}
	do("focus evidence", chromedp.Focus(chromedp.CSS(ev)))
	wait(ev + ` .evidence-source`)
	if src := text(ev + ` .evidence-source`); !strings.HasPrefix(src, "From your profile: /") {
		t.Errorf("evidence tooltip = %q", src)
	}

	// On a phone the panel fits the screen, the focused tooltip too.
	do("phone viewport", chromedp.EmulateViewport(390, 844))
	do("reload", chromedp.Reload())
	wait(`[data-testid="match-panel"]`)
	do("focus evidence", chromedp.Focus(chromedp.CSS(ev)))
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow > 0 {
		t.Errorf("job page with the match panel is %d px wider than a 390 px screen", overflow)
	}
}
