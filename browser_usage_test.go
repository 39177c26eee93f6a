package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tailor/billing"
	"tailor/models"
)

// seedDashboard writes a week of varied usage and a user near their
// monthly budget into the app's database.
func seedDashboard(t *testing.T, dataDir string) {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, models.OpenOptions{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, "near.limit@example.com", "Nia Limit", "a long enough password", models.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := db.Gorm().Create(&models.QuotaUsage{UserID: u.ID, Month: now.Format("2006-01"), Day: now.Format("2006-01-02"),
		DayRequests: 150, Tokens: 90_000, CostMicros: 900_000, UpdatedAt: now}).Error; err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	type pm struct{ provider, model string }
	models_ := []pm{{"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"gemini", "gemini-2.5-flash"}, {"anthropic", "claude-sonnet-4"}}
	var rows []billing.Usage
	for i := 0; i < 4000; i++ {
		m := models_[r.IntN(len(models_))]
		st := billing.StatusSuccess
		switch x := r.IntN(100); {
		case x < 6:
			st = billing.StatusError
		case x < 14:
			st = billing.StatusCacheHit
		case x < 17:
			st = billing.StatusQuotaExceeded
		}
		lat := int64(300 + r.ExpFloat64()*1500)
		if m.model == "gpt-4o-mini" {
			lat /= 3
		}
		cost := int64(200 + r.IntN(9000))
		u := billing.Usage{UserID: u.ID, ProviderType: m.provider, ModelName: m.model,
			TaskType: []string{"extraction", "cv_draft", "cover_letter"}[r.IntN(3)], Plan: billing.Plans[r.IntN(4)],
			Status: st, TotalTokens: 1500 + r.IntN(4000), CostMicros: cost, LatencyMS: lat, Attempt: 1,
			CreatedAt: now.Add(-time.Duration(r.Int64N(int64(7 * 24 * time.Hour))))}
		if st == billing.StatusCacheHit {
			u.CostSavedMicros, u.CostMicros, u.LatencyMS = cost, 0, 3
		}
		if st == billing.StatusQuotaExceeded {
			u.CostMicros, u.TotalTokens, u.LatencyMS = 0, 0, 0
		}
		rows = append(rows, u)
	}
	if err := db.WriteUsage(ctx, rows); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserUsageDashboard opens the usage dashboard in headless Chromium
// at 1280 px, in dark mode and at 390 px, and checks that the charts are
// drawn in the stylesheet's colours and that nothing overflows the page.
// Screenshots go to TAILOR_SCREENSHOT_DIR when it is set.
func TestBrowserUsageDashboard(t *testing.T) {
	bctx := newBrowser(t)
	dir := t.TempDir()
	base := startApp(t, map[string]string{"DATA_DIR": dir, "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "admin-password"})
	seedDashboard(t, dir)
	if _, err := chromedp.Run(bctx, chromedp.Navigate(base+"/login")); err != nil {
		t.Fatalf("open /login: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 150*time.Second)
	defer cancel()
	do := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	shot := func(name string) image.Image {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if out := os.Getenv("TAILOR_SCREENSHOT_DIR"); out != "" {
			_ = os.WriteFile(filepath.Join(out, name+".png"), b, 0o644)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("screenshot %s is not a PNG: %v", name, err)
		}
		return img
	}
	// near says whether the screenshot has at least n pixels close to the
	// colour (r, g, b): the bars of the first series.
	near := func(img image.Image, r0, g0, b0 uint32, n int) bool {
		count := 0
		bnd := img.Bounds()
		for y := bnd.Min.Y; y < bnd.Max.Y; y += 2 {
			for x := bnd.Min.X; x < bnd.Max.X; x += 2 {
				r, g, b, _ := img.At(x, y).RGBA()
				d := func(a, b uint32) uint32 {
					a >>= 8
					if a > b {
						return a - b
					}
					return b - a
				}
				if d(r, r0)+d(g, g0)+d(b, b0) < 30 {
					count++
				}
			}
		}
		return count >= n
	}

	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "root@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "admin-password"))
	do("log in", chromedp.Click(chromedp.CSS(`[data-testid="login-submit"]`)))
	// The home page's "New job" link shows only once the login has gone through.
	do("wait for home", chromedp.WaitVisible(chromedp.CSS(`main a[href="/jobs/new"]`)))

	do("open the dashboard", chromedp.Navigate(base+"/admin/usage?window=7d"))
	do("wait for charts", chromedp.WaitVisible(chromedp.CSS(`[data-testid="chart-cost-by-plan"] svg`)))
	if n := eval(`document.querySelectorAll('svg.chart').length`); n < 7 {
		t.Errorf("%d charts drawn, want cost, calls, error rate, latency per model, savings, refusals", n)
	}
	if n := eval(`document.querySelectorAll('[data-testid="chart-cost-by-plan"] rect.bar').length`); n < 7*3 {
		t.Errorf("cost chart has %d bars, want a stack per day", n)
	}
	if n := eval(`document.querySelectorAll('[data-testid="near-limit"]').length`); n != 1 {
		t.Errorf("near-limit marks = %d, want 1 (90%% of the FREEMIUM budget)", n)
	}
	if w := eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
		t.Errorf("the dashboard overflows 1280 px by %d px", w)
	}
	light := shot("usage-1280-light")
	if !near(light, 0x2d, 0x5b, 0xd7, 200) {
		t.Error("no bars in the first series' light colour (#2d5bd7): the chart styles did not apply")
	}

	// Dark mode: the page and the charts switch palettes.
	do("dark mode", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	}))
	dark := shot("usage-1280-dark")
	if !near(dark, 0x7e, 0xa2, 0xff, 200) || near(dark, 0x2d, 0x5b, 0xd7, 200) {
		t.Error("dark mode did not switch the chart colours to the dark palette")
	}
	if r, g, b, _ := dark.At(5, 5).RGBA(); r>>8 > 0x40 || g>>8 > 0x40 || b>>8 > 0x40 {
		t.Errorf("dark page background is rgb(%d,%d,%d)", r>>8, g>>8, b>>8)
	}

	// A phone: 390 px wide, no sideways scrolling, charts as wide as the screen.
	do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	do("reload", chromedp.Reload())
	do("wait for charts", chromedp.WaitVisible(chromedp.CSS(`[data-testid="chart-cost-by-plan"] svg`)))
	if w := eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
		t.Errorf("the dashboard overflows 390 px by %d px", w)
	}
	if w := eval(`Math.round(document.querySelector('[data-testid="chart-cost-by-plan"] svg').getBoundingClientRect().width)`); w < 300 {
		t.Errorf("a chart is %d px wide on a phone", w)
	}
	shot("usage-390-dark")

	// The raw log's columns fit 1280 px.
	do("desktop", chromedp.EmulateViewport(1280, 1000))
	do("open the log", chromedp.Navigate(base+"/admin/usage/log"))
	do("wait for rows", chromedp.WaitVisible(chromedp.CSS(`[data-testid="usage-row"]`)))
	if w := eval(`(() => { const t = document.querySelector('table.usage-log'); return t.scrollWidth - t.parentElement.clientWidth })()`); w > 0 {
		t.Errorf("the raw log table is %d px wider than its box at 1280 px", w)
	}
	if w := eval(`Math.round(Math.min(...[...document.querySelectorAll('table.usage-log th')].map(th => th.getBoundingClientRect().width)))`); w < 60 {
		t.Errorf("a raw log column is only %d px wide at 1280 px", w)
	}
	shot("usage-log-1280")

	// The users page: find a user, change their plan inline; the audit log
	// then shows who changed what, before → after.
	do("open users", chromedp.Navigate(base+"/admin/users?q=near.limit"))
	do("wait for the row", chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-row"]`)))
	if n := eval(`document.querySelectorAll('[data-testid="user-row"]').length`); n != 1 {
		t.Fatalf("search found %d users, want 1", n)
	}
	do("pick a plan", chromedp.SetValue(chromedp.CSS(`[data-testid="user-row"] [data-testid="user-plan"]`), "PRO_ANNUAL"))
	do("save", chromedp.Click(chromedp.CSS(`[data-testid="user-row"] [data-testid="user-save"]`)))
	do("wait for the flash", chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
	if f, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="flash"]`))); !strings.Contains(f, "PRO_ANNUAL") {
		t.Fatalf("after saving the plan the page says %q", f)
	}
	do("open the audit log", chromedp.Navigate(base+"/admin/audit"))
	do("wait for an entry", chromedp.WaitVisible(chromedp.CSS(`[data-testid="audit-row"]`)))
	change, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="audit-row"] [data-testid="audit-change"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(change, "plan") || !strings.Contains(change, "FREEMIUM") || !strings.Contains(change, "PRO_ANNUAL") {
		t.Errorf("audit entry shows %q, want plan FREEMIUM → PRO_ANNUAL", change)
	}
	if w := eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
		t.Errorf("the audit log overflows 1280 px by %d px", w)
	}
	shot("audit-1280")
}
