package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
)

// TestAuditLogRecordsAdminChanges makes each kind of admin change through
// the pages and the API and reads them back from /admin/audit and the
// JSON API: who, what, before → after, and never a key.
func TestAuditLogRecordsAdminChanges(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, tok := admin(t, s)
		csrf := b.csrf("/admin/providers/new")
		const key1, key2 = "sk-first-0123456789abcdefWXYZ", "sk-second-0123456789abcdef9876"
		post := func(path string, f url.Values) {
			t.Helper()
			f.Set("_csrf", csrf)
			if resp, _ := b.post(path, f); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: %d", path, resp.StatusCode)
			}
		}
		post("/admin/providers", url.Values{"name": {"OpenAI"}, "provider_type": {"openai"}, "api_key": {key1}, "priority": {"10"}, "rpm_limit": {"0"}, "is_active": {"1"}})
		cfgs, err := db.ProviderConfigs(t.Context())
		if err != nil || len(cfgs) != 1 {
			t.Fatalf("configs: %v %d", err, len(cfgs))
		}
		id := cfgs[0].ID
		post(fmt.Sprintf("/admin/providers/%d", id), url.Values{"name": {"OpenAI prod"}, "provider_type": {"openai"}, "api_key": {key2}, "priority": {"5"}, "rpm_limit": {"0"}, "is_active": {"1"}})
		post(fmt.Sprintf("/admin/providers/%d/toggle", id), url.Values{})
		routing := url.Values{}
		for _, plan := range billing.Plans {
			for _, task := range billing.Tasks {
				routing.Set("tier."+plan+"."+string(task), string(billing.DefaultPolicy().Tier(plan, task)))
			}
		}
		routing.Set("tier.FREEMIUM.cv_draft", "quality")
		post("/admin/routing", routing)
		post("/admin/prices", url.Values{"model": {"gpt-4o"}, "input": {"3.00"}, "output": {"12"}})
		post("/admin/plans/PAYGO", url.Values{"daily_requests": {"7"}, "monthly_tokens": {"0"}, "monthly_budget": {"2.50"}})
		s.apiUser(t, "bob@example.com")
		bob, _ := db.UserByEmail(t.Context(), "bob@example.com")
		if code := s.api(t, "PATCH", fmt.Sprintf("/api/v1/super-admin/users/%d", bob.ID), tok, map[string]string{"plan": "PRO_ANNUAL"}, nil); code != 200 {
			t.Fatalf("patch user: %d", code)
		}
		if code := s.api(t, "DELETE", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", id), tok, nil, nil); code != 204 {
			t.Fatalf("delete provider: %d", code)
		}

		req := httptest.NewRequest(http.MethodGet, "/api/v1/super-admin/audit", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := s.app.Test(req, 30_000)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, k := range []string{key1, key2, key1[:12], "api_key_encrypted"} {
			if strings.Contains(string(raw), k) {
				t.Fatalf("the audit API shows a key (%q)", k)
			}
		}
		var out struct {
			Entries []struct {
				Action  string `json:"action"`
				Actor   string `json:"actor_email"`
				Changes []struct {
					Field         string
					Before, After any
				}
			}
		}
		s.api(t, "GET", "/api/v1/super-admin/audit", tok, nil, &out)
		var actions []string
		changes := map[string]string{}
		for _, e := range out.Entries {
			actions = append(actions, e.Action)
			if e.Actor != "root@example.com" {
				t.Errorf("%s recorded by %q", e.Action, e.Actor)
			}
			for _, c := range e.Changes {
				changes[e.Action+" "+c.Field] = fmt.Sprintf("%v→%v", c.Before, c.After)
			}
		}
		want := "provider.deleted user.changed plan.limits_changed price.set routing.changed provider.disabled provider.key_replaced provider.updated provider.created"
		if strings.Join(actions, " ") != want {
			t.Fatalf("actions = %v\nwant %s", actions, want)
		}
		for k, v := range map[string]string{
			"provider.updated name":               "OpenAI→OpenAI prod",
			"provider.updated priority":           "10→5",
			"provider.key_replaced api_key_last4": "WXYZ→9876",
			"provider.disabled is_active":         "true→false",
			"routing.changed FREEMIUM.cv_draft":   "fast→quality",
			"price.set input_micros_per_mtok":     "2.5e+06→3e+06",
			"plan.limits_changed daily_requests":  "0→7",
			"user.changed plan":                   "FREEMIUM→PRO_ANNUAL",
			"provider.deleted name":               "OpenAI prod→<nil>",
		} {
			if changes[k] != v {
				t.Errorf("%s = %q, want %q", k, changes[k], v)
			}
		}
		_, d := b.get("/admin/audit?action=provider.")
		if n := d.Find(`[data-testid="audit-row"]`).Length(); n != 5 {
			t.Errorf("provider filter: %d rows, want 5", n)
		}
		if !strings.Contains(d.Text(), "OpenAI → OpenAI prod") && !strings.Contains(d.Find(`[data-testid="audit-change"]`).Text(), "OpenAI prod") {
			t.Errorf("page shows no before → after: %q", d.Find(`[data-testid="audit-change"]`).Text())
		}
	})
}

// TestUsersPage shows emails, names, this month's use and the search, and
// keeps the last admin an admin.
func TestUsersPage(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, tok := admin(t, s)
		s.apiUser(t, "grace@example.com")
		grace, _ := db.UserByEmail(t.Context(), "grace@example.com")
		now := db.Gorm().NowFunc()
		rows := []billing.Usage{
			{UserID: grace.ID, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "FREEMIUM", Status: "success", CostMicros: 2500, Attempt: 1, CreatedAt: now},
			{UserID: grace.ID, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "FREEMIUM", Status: "error", Attempt: 2, CreatedAt: now},
			{UserID: grace.ID, ProviderType: "openai", TaskType: "cv_draft", Plan: "FREEMIUM", Status: "quota_exceeded", Attempt: 1, CreatedAt: now},
		}
		if err := db.WriteUsage(t.Context(), rows); err != nil {
			t.Fatal(err)
		}
		_, d := b.get("/admin/users?q=GRACE")
		r := d.Find(`[data-testid="user-row"]`)
		if r.Length() != 1 || !strings.Contains(r.Text(), "grace@example.com") || !strings.Contains(r.Text(), "Ada Lovelace") {
			t.Fatalf("search: %d rows %q", r.Length(), r.Text())
		}
		if r.Find(`[data-testid="user-calls"]`).Text() != "2" || r.Find(`[data-testid="user-cost"]`).Text() != "$0.0025" {
			t.Errorf("month use: %q calls %q", r.Find(`[data-testid="user-calls"]`).Text(), r.Find(`[data-testid="user-cost"]`).Text())
		}
		_, d = b.get("/admin/users?q=nobody")
		if d.Find(`[data-testid="users-none"]`).Length() != 1 {
			t.Error("no empty search state")
		}
		root, _ := db.UserByEmail(t.Context(), "root@example.com")
		var e apiError
		if code := s.api(t, "PATCH", fmt.Sprintf("/api/v1/super-admin/users/%d", root.ID), tok, map[string]string{"role": "user"}, &e); code != 409 {
			t.Fatalf("demoting the last admin: %d %+v", code, e)
		}
		entries, _, _ := db.ListAudit(t.Context(), models.AuditQuery{Action: "user.changed"})
		if len(entries) != 0 {
			t.Fatalf("a refused change was audited: %+v", entries)
		}
	})
}
