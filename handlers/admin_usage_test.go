package handlers_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

// seedUsage writes rows for user 1 on the three days before today: 24
// openai calls a day (every 6th an error), a cache hit and a quota refusal.
func seedUsage(t *testing.T, db *models.DB, now time.Time) {
	t.Helper()
	var rows []billing.Usage
	noon := now.Truncate(24 * time.Hour).Add(-12 * time.Hour) // yesterday noon: three whole days of calls
	for d := 0; d < 3; d++ {
		for i := 0; i < 24; i++ {
			st := billing.StatusSuccess
			if i%6 == 0 {
				st = billing.StatusError
			}
			rows = append(rows, billing.Usage{UserID: 1, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft",
				Plan: "PAYGO", Status: st, ErrorClass: map[bool]string{true: "retryable"}[st == "error"],
				ErrorMessage: map[bool]string{true: "=HYPERLINK(\"x\") upstream 503"}[st == "error"],
				InputTokens:  100, OutputTokens: 50, TotalTokens: 150, CostMicros: 1000, LatencyMS: int64(400 + 50*i),
				Attempt: 1 + i%2, RequestID: fmt.Sprintf("req-%d-%d", d, i), CreatedAt: noon.Add(-time.Duration(d)*24*time.Hour - time.Duration(i)*time.Minute)})
		}
	}
	rows = append(rows,
		billing.Usage{UserID: 1, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO",
			Status: billing.StatusCacheHit, CostSavedMicros: 1000, Attempt: 1, CreatedAt: now.Add(-time.Minute)},
		billing.Usage{UserID: 1, ProviderType: "openai", TaskType: "cover_letter", Plan: "FREEMIUM",
			Status: billing.StatusQuotaExceeded, Attempt: 1, CreatedAt: now.Add(-2 * time.Minute)})
	if err := db.WriteUsage(t.Context(), rows); err != nil {
		t.Fatal(err)
	}
}

func TestUsageDashboardAndSummaryAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.register("Ada", "ada_admin@example.com", "correct horse battery")
		if _, err := db.UpdateUserPlanRole(t.Context(), 1, "", models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		seedUsage(t, db, now)

		resp, d := b.get("/admin/usage?window=7d")
		if resp.StatusCode != 200 {
			t.Fatalf("dashboard: %d", resp.StatusCode)
		}
		if got := d.Find(`[data-testid="stat-calls"]`).Text(); got != "72" {
			t.Fatalf("7-day calls = %q, want 72", got)
		}
		if got := d.Find(`[data-testid="stat-cost"]`).Text(); got != "$0.072" {
			t.Fatalf("7-day cost = %q", got)
		}
		for _, id := range []string{"cost-by-plan", "calls-by-provider", "error-rate", "latency-0", "cache-savings", "quota-refusals"} {
			if d.Find(`[data-testid="chart-`+id+`"] svg.chart`).Length() != 1 {
				t.Errorf("chart %s missing", id)
			}
		}
		if n := d.Find(`[data-testid="chart-cost-by-plan"] rect.bar`).Length(); n != 3 {
			t.Errorf("cost bars = %d, want one per day with spend", n)
		}
		if d.Find(`script:not([src])`).Length() != 0 {
			t.Error("inline script on the dashboard")
		}
		if p99 := d.Find(`[data-testid="model-p99"]`).Text(); p99 == "" || p99 == "0 ms" {
			t.Errorf("p99 = %q", p99)
		}
		// The filter narrows everything; an unknown window is explained.
		_, d = b.get("/admin/usage?window=7d&task=cover_letter")
		if d.Find(`[data-testid="stat-refusals"]`).Text() != "1" || d.Find(`[data-testid="stat-calls"]`).Text() != "0" {
			t.Errorf("task filter: calls %q refusals %q", d.Find(`[data-testid="stat-calls"]`).Text(), d.Find(`[data-testid="stat-refusals"]`).Text())
		}
		if href := d.Find(`[data-testid="window-30d"]`).AttrOr("href", ""); href != "/admin/usage?task=cover_letter&window=30d" {
			t.Errorf("the 30-day link drops the filter: %q", href)
		}
		if d.Find(`[data-testid="usage-range"] input[name="task"][value="cover_letter"]`).Length() != 1 {
			t.Error("the custom range form drops the filter")
		}
		resp, d = b.get("/admin/usage?window=custom&from=2026-11-10&to=2026-11-01")
		if resp.StatusCode != 400 || !strings.Contains(d.Find(`[data-testid="usage-range-error"]`).Text(), "ends before it starts") {
			t.Errorf("bad range: %d %q", resp.StatusCode, d.Find(`[data-testid="usage-range-error"]`).Text())
		}

		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ada_admin@example.com", "password": "correct horse battery"}, &login)
		var sum struct {
			Calls, Errors, Tokens int64
			CostMicros            int64 `json:"cost_micros"`
			CacheSavedMicros      int64 `json:"cache_saved_micros"`
			QuotaRefusals         int64 `json:"quota_refusals"`
			ByPlan                []struct {
				Plan       string
				Calls      int64
				CostMicros int64 `json:"cost_micros"`
			} `json:"by_plan"`
			ByModel []struct {
				ProviderType string  `json:"provider_type"`
				Calls        int64   `json:"calls"`
				ErrorRate    float64 `json:"error_rate"`
				P50          int64   `json:"p50_ms"`
				P99          int64   `json:"p99_ms"`
			} `json:"by_model"`
			ByDay []struct{ Day, Plan string } `json:"by_day"`
		}
		if code := s.api(t, "GET", "/api/v1/super-admin/usage/summary?window=30d", login.Token, nil, &sum); code != 200 {
			t.Fatalf("summary: %d", code)
		}
		if sum.Calls != 72 || sum.Errors != 12 || sum.Tokens != 72*150 || sum.QuotaRefusals != 1 || sum.CostMicros != 72000 || sum.CacheSavedMicros != 1000 {
			t.Fatalf("summary = %+v", sum)
		}
		if len(sum.ByModel) != 1 || sum.ByModel[0].ErrorRate < 0.166 || sum.ByModel[0].ErrorRate > 0.167 || sum.ByModel[0].P99 < sum.ByModel[0].P50 {
			t.Fatalf("by_model = %+v", sum.ByModel)
		}
		if len(sum.ByPlan) != 2 || len(sum.ByDay) < 3 {
			t.Fatalf("by_plan %+v by_day %+v", sum.ByPlan, sum.ByDay)
		}
		var e apiError
		if code := s.api(t, "GET", "/api/v1/super-admin/usage/summary?window=1y", login.Token, nil, &e); code != 400 || !strings.Contains(e.Error.Message, "24h, 7d, 30d or 90d") {
			t.Fatalf("bad window: %d %+v", code, e)
		}
		day := now.Add(-24 * time.Hour).Format(time.DateOnly)
		if code := s.api(t, "GET", "/api/v1/super-admin/usage/summary?from="+day+"&to="+day, login.Token, nil, &sum); code != 200 || sum.Calls != 24 {
			t.Fatalf("today by from/to: %d, %d calls", code, sum.Calls)
		}

		// The summary CSV.
		resp = b.do(httptest.NewRequest(http.MethodGet, "/admin/usage.csv?window=7d", nil))
		recs, err := csv.NewReader(resp.Body).ReadAll()
		resp.Body.Close()
		if err != nil || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(recs) < 5 || recs[1][0] != "total" || recs[1][5] != "72" {
			t.Fatalf("summary csv: %v %v", err, recs)
		}
	})
}

func TestUsageRawLog(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.register("Ada", "ada_admin@example.com", "correct horse battery")
		if _, err := db.UpdateUserPlanRole(t.Context(), 1, "", models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		seedUsage(t, db, time.Now().UTC())
		// Walk every page: 74 rows, 50 a page, no gaps or repeats.
		seen := map[string]bool{}
		next := "/admin/usage/log"
		pages := 0
		for next != "" {
			resp, d := b.get(next)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", next, resp.StatusCode)
			}
			pages++
			d.Find(`[data-testid="usage-row-link"]`).Each(func(_ int, a *goquery.Selection) {
				h := a.AttrOr("href", "")
				if seen[h] {
					t.Errorf("row %s repeated", h)
				}
				seen[h] = true
			})
			if pages == 1 && !strings.Contains(d.Find(`[data-testid="usage-row"]`).First().Text(), "ada_admin@example.com") {
				t.Error("rows show no email")
			}
			next = d.Find(`[data-testid="log-next"]`).AttrOr("href", "")
		}
		if len(seen) != 74 || pages != 2 {
			t.Fatalf("%d rows over %d pages, want 74 over 2", len(seen), pages)
		}
		_, d := b.get("/admin/usage/log?status=error&email=ADA_ADMIN")
		if n := d.Find(`[data-testid="usage-row"]`).Length(); n != 12 {
			t.Fatalf("errors filter: %d rows, want 12", n)
		}
		link := d.Find(`[data-testid="usage-row-link"]`).First().AttrOr("href", "")
		resp, d := b.get(link)
		if resp.StatusCode != 200 || d.Find(`[data-testid="detail-error-class"]`).Text() != "retryable" ||
			!strings.HasPrefix(d.Find(`[data-testid="detail-request"]`).Text(), "req-") {
			t.Fatalf("detail: %d %q", resp.StatusCode, d.Find(`[data-testid="usage-detail"]`).Text())
		}
		resp, _ = b.get("/admin/usage/log?after=garbage")
		if resp.StatusCode != 400 {
			t.Fatalf("damaged cursor: %d", resp.StatusCode)
		}
		resp = b.do(httptest.NewRequest(http.MethodGet, "/admin/usage/log.csv?status=error", nil))
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
		if err != nil || len(recs) != 13 || recs[1][3] != "ada_admin@example.com" {
			t.Fatalf("log csv: %v, %d records", err, len(recs))
		}
		if !strings.HasPrefix(recs[1][18], "'=HYPERLINK") {
			t.Fatalf("a formula reached the CSV as is: %q", recs[1][18])
		}

		// The API pages the same way, with the cursor in a header.
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ada_admin@example.com", "password": "correct horse battery"}, &login)
		ids := map[float64]bool{}
		path := "/api/v1/super-admin/usage-logs?limit=30"
		for path != "" {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+login.Token)
			resp, err := s.app.Test(req, 30_000)
			if err != nil {
				t.Fatal(err)
			}
			var rows []map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for _, r := range rows {
				id := r["id"].(float64)
				if ids[id] {
					t.Fatalf("API row %v repeated", id)
				}
				ids[id] = true
				if r["email"] != "ada_admin@example.com" || r["request_id"] == nil {
					t.Fatalf("API row = %v", r)
				}
			}
			path = ""
			if cur := resp.Header.Get("X-Next-Cursor"); cur != "" {
				path = "/api/v1/super-admin/usage-logs?limit=30&after=" + cur
			}
		}
		if len(ids) != 74 {
			t.Fatalf("API pages held %d rows, want 74", len(ids))
		}
	})
}
