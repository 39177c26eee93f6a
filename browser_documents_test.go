package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

const documentsPosting = `Café Manager
Café Señor GmbH — Hamburg, Germany · Full-time

About the role
Café Señor GmbH runs four specialty coffee bars in Hamburg. We need a Café Manager to lead the team at our busiest site.

Responsibilities
- Lead a team of twelve baristas and plan the weekly rota
- Keep stock, waste and costs under control

Requirements
- 3+ years running a café or bar
- Experience with rota planning and stock control`

// TestBrowserDocuments drives the documents panel in headless Chromium:
// it appears when the CV is drafted, the template picker changes the
// preview and is remembered, the PDF downloads under the person's name,
// Copy holds plain text, and the print view hides its toolbar in print.
func TestBrowserDocuments(t *testing.T) {
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
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return s
	}
	set := func(sel, v string) { t.Helper(); do("fill "+sel, chromedp.SetValue(chromedp.CSS(sel), v)) }
	click := func(sel string) { t.Helper(); do("click "+sel, chromedp.Click(chromedp.CSS(sel))) }
	wait := func(sel string) { t.Helper(); do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel))) }
	waitReady := func(sel string) { t.Helper(); do("wait for "+sel, chromedp.WaitReady(chromedp.CSS(sel))) }

	do("type name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Zoë Müller-Łukasz"))
	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "zoe@example.org"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="register-submit"]`)
	// Registration ends on the login page with the email filled in.
	wait(`[data-testid="login-submit"]`)
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	click(`[data-testid="login-submit"]`)
	wait(`[data-testid="profile-save"]`)
	set(`[name="basics.name"]`, "Zoë Müller-Łukasz")
	set(`[name="basics.label"]`, "Café operations lead")
	set(`[name="basics.summary"]`, "Operations lead with twelve years in specialty coffee.")
	set(`[name="basics.location.city"]`, "Berlin")
	set(`[name="basics.location.countryCode"]`, "DE")
	set(`[name="work.0.name"]`, "Bäckerei Größer & Söhne")
	set(`[name="work.0.position"]`, "Café Manager")
	set(`[name="work.0.startDate"]`, "2017-01")
	set(`[name="work.0.highlights"]`, "Planned the weekly rota for a team of twelve baristas\nBrought stock waste down 23% with a weekly stock sheet")
	set(`[name="education.0.institution"]`, "Hochschule für Wirtschaft und Recht Berlin")
	set(`[name="skills"]`, "Operations: Rota planning, Stock control")
	click(`[data-testid="profile-save"]`)
	wait(`[data-testid="profile-saved"]`)

	do("open the job form", chromedp.Navigate(base+"/jobs/new?mode=text"))
	set(`textarea[name="text"]`, documentsPosting)
	click(`[data-testid="extract-submit"]`)
	wait(`[data-testid="job-title"]`)
	jobURL := eval(`location.pathname`)

	// Before a draft the panel says what to do.
	wait(`[data-testid="documents-empty"]`)
	// Drafting the CV brings the CV's documents into the panel by itself.
	click(`[data-testid="draft-cv"]`)
	wait(`[data-testid="cv-summary"]`)
	wait(`[data-testid="documents-cv"] [data-testid="doc-preview"]`)
	if got := eval(`document.querySelector('[data-testid="documents-panel"]').dataset.template`); got != "classic" {
		t.Errorf("first template = %q, want classic", got)
	}
	classicName := eval(`getComputedStyle(document.querySelector('[data-testid="documents-cv"] .b-name')).textAlign`)

	// Pick "modern": the preview redraws in it, with its colours.
	click(`[data-testid="template-option-modern"]`)
	wait(`[data-testid="documents-panel"][data-template="modern"] [data-testid="documents-cv"] .doc-modern`)
	if got := eval(`getComputedStyle(document.querySelector('[data-testid="documents-cv"] .b-name')).color`); got != "rgb(31, 78, 121)" {
		t.Errorf("modern name colour = %q, want rgb(31, 78, 121)", got)
	}
	if got := eval(`getComputedStyle(document.querySelector('[data-testid="documents-cv"] .b-name')).textAlign`); got == classicName {
		t.Errorf("the name is aligned %q in both templates", got)
	}
	// It is remembered.
	do("reload", chromedp.Navigate(base+jobURL))
	wait(`[data-testid="documents-panel"][data-template="modern"]`)
	if got := eval(`String(document.querySelector('[data-testid="template-modern"]').checked)`); got != "true" {
		t.Error("the chosen template is not checked after a reload")
	}

	// The PDF downloads under the person's name.
	dir := t.TempDir()
	do("allow downloads", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}))
	click(`[data-testid="download-cv-pdf"]`)
	want := filepath.Join(dir, "Zoe-Mueller-Lukasz-CV-Cafe-Senor-GmbH-Cafe-Manager.pdf")
	var pdf []byte
	for i := 0; i < 100 && len(pdf) == 0; i++ {
		time.Sleep(100 * time.Millisecond)
		pdf, _ = os.ReadFile(want)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("no PDF downloaded as %s; the folder has %v", filepath.Base(want), names)
	}
	// The Word file answers with its type and name.
	if got := eval(`fetch(document.querySelector('[data-testid="download-cv-docx"]').href).then(r => r.status + " " + r.headers.get("content-disposition"))`); got != `200 attachment; filename="Zoe-Mueller-Lukasz-CV-Cafe-Senor-GmbH-Cafe-Manager.docx"` {
		t.Errorf("docx download: %s", got)
	}

	// Copy takes plain text, not Markdown.
	plain := eval(`document.querySelector('#cv-plain').value`)
	if !strings.HasPrefix(plain, "Zoë Müller-Łukasz\n") || strings.Contains(plain, "# ") || strings.Contains(plain, "**") {
		t.Errorf("copy text:\n%s", plain)
	}
	click(`[data-testid="copy-cv-text"]`)

	// Print opens the print view; printed, only the document shows.
	if got := eval(`document.querySelector('[data-testid="print-cv"]').getAttribute("href")`); !strings.HasPrefix(got, jobURL+"/cv/print?") {
		t.Errorf("print link %q", got)
	}
	do("open the print view", chromedp.Navigate(base+jobURL+"/cv/print?template=modern"))
	waitReady(`[data-testid="print-view"] [data-testid="doc-preview"]`)
	do("print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if got := eval(`getComputedStyle(document.querySelector('.print-toolbar')).display`); got != "none" {
		t.Errorf("print toolbar display in print = %q", got)
	}
	if got := eval(`document.querySelector('[data-testid="doc-preview"]').innerText`); !strings.Contains(got, "Bäckerei Größer & Söhne") {
		t.Errorf("print view text:\n%s", got)
	}
}
