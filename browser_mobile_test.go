package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhoneWidth opens every main page at 390 px, as on a phone, and
// measures that none is wider than the screen; the header collapses to a
// menu that opens. It also drives the application tracker.
func TestBrowserPhoneWidth(t *testing.T) {
	bctx := newBrowser(t)
	base := startApp(t, map[string]string{"ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "an admin password"})
	if _, err := chromedp.Run(bctx, chromedp.Navigate(base+"/login")); err != nil {
		t.Fatalf("open /login: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 120*time.Second)
	defer cancel()
	do := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	click := func(sel string) { t.Helper(); do("click "+sel, chromedp.Click(chromedp.CSS(sel))) }
	wait := func(sel string) { t.Helper(); do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel))) }
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "admin@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "an admin password"))
	click(`[data-testid="login-submit"]`)
	wait(`a[href="/jobs/new"]`)

	// A job to look at, with the tracker on its page.
	do("open the job form", chromedp.Navigate(base+"/jobs/new?mode=text"))
	do("paste", chromedp.SetValue(chromedp.CSS(`textarea[name="text"]`), browserPosting))
	click(`[data-testid="extract-submit"]`)
	wait(`[data-testid="job-title"]`)
	jobURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	do("choose applied", chromedp.SetValue(chromedp.CSS(`[data-testid="tracker-status"]`), "applied"))
	do("type notes", chromedp.SendKeys(chromedp.CSS(`[data-testid="tracker-notes"]`), "Sent through their portal"))
	click(`[data-testid="tracker-save"]`)
	wait(`[data-testid="tracker-saved"]`)
	if h := text(`[data-testid="tracker-history"]`); !strings.Contains(h, "Applied") {
		t.Fatalf("tracker history: %q", h)
	}
	do("dashboard", chromedp.Navigate(base+"/?status=applied"))
	wait(`[data-testid="app-status"]`)
	if s := text(`[data-testid="app-status"]`); s != "Applied" {
		t.Fatalf("dashboard status: %q", s)
	}

	// Phone width: nothing wider than the screen.
	do("phone viewport", chromedp.EmulateViewport(390, 844))
	for _, path := range []string{"/", strings.TrimPrefix(jobURL, base), "/profile", "/jobs/new", "/settings",
		"/admin/users", "/admin/usage", "/admin/providers", "/admin/routing"} {
		do("open "+path, chromedp.Navigate(base+path))
		wait(`main`)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow > 0 {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap')).slice(0, 4).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(', ')`))
			t.Errorf("%s is %d px wider than a 390 px screen (%s)", path, overflow, wide)
		}
	}
	// The header is one row with a menu button; the menu opens.
	do("home", chromedp.Navigate(base+"/"))
	wait(`[data-testid="nav-toggle"]`)
	navShown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('site-nav')).display !== 'none'`))
	if navShown {
		t.Fatal("at 390 px the menu is open before it is asked for")
	}
	click(`[data-testid="nav-toggle"]`)
	wait(`#site-nav a[href="/profile"]`)
}
