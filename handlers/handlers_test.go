package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
)

const postingText = `Senior Backend Engineer
Acme Logistics — Nairobi, Kenya (Hybrid) · Full-time
Salary: KES 350,000 – 450,000 per month

About the role
Acme Logistics moves parcels across East Africa. We are looking for a Senior Backend Engineer to build the services behind our delivery platform.

Responsibilities
- Design, build and operate Go services on PostgreSQL
- Improve the reliability and latency of our routing APIs
- Mentor engineers and review code

Requirements
- 5+ years of backend development experience
- Strong Go and SQL skills; PostgreSQL in production
- Experience with Docker, Kubernetes and AWS

How to apply
Send your CV to jobs@acme.example.`

var profileDoc = map[string]any{
	"basics": map[string]any{"name": "Ada Lovelace", "label": "Backend Engineer", "email": "ada@example.com",
		"summary": "Backend engineer who builds reliable Go services."},
	"work": []map[string]any{
		{"name": "Parcelly", "position": "Backend Engineer", "startDate": "2019-01", "endDate": "2024-06",
			"highlights": []string{"Built Go services on PostgreSQL serving 2M requests a day",
				"Cut routing API latency by 40% with better indexes", "Organised the office book club"}},
		{"name": "Shopwise", "position": "Software Developer", "startDate": "2016-03", "endDate": "2018-12",
			"highlights": []string{"Maintained a PHP storefront", "Introduced Docker for local development"}},
	},
	"education": []map[string]any{{"institution": "University of Nairobi", "studyType": "BSc", "area": "Computer Science",
		"startDate": "2012", "endDate": "2016"}},
	"skills":   []map[string]any{{"name": "Backend", "keywords": []string{"Go", "PostgreSQL", "Docker", "Kubernetes"}}},
	"projects": []map[string]any{},
}

func TestAPIFlowProfileJobCVLetter(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "ada@example.com")

		var prof map[string]any
		if code := s.api(t, "PUT", "/api/v1/profile", tok, profileDoc, &prof); code != 200 {
			t.Fatalf("PUT profile: %d %v", code, prof)
		}
		if prof["version"].(float64) != 1 {
			t.Fatalf("first save version = %v, want 1", prof["version"])
		}
		s.api(t, "PUT", "/api/v1/profile", tok, profileDoc, &prof)
		if prof["version"].(float64) != 2 {
			t.Fatalf("second save version = %v, want 2", prof["version"])
		}

		var job map[string]any
		if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, &job); code != 200 {
			t.Fatalf("extract: %d %v", code, job)
		}
		if job["title"] != "Senior Backend Engineer" || job["company"] != "Acme Logistics" {
			t.Fatalf("extracted title/company = %q/%q", job["title"], job["company"])
		}
		// The job's JSON always carries these, empty or not.
		for _, k := range []string{"language", "expired", "application_notes", "sources", "confidence"} {
			if _, ok := job[k]; !ok {
				t.Errorf("the job's JSON has no %q", k)
			}
		}
		jobID := job["id"]

		var cv map[string]any
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": jobID}, &cv); code != 200 {
			t.Fatalf("cv: %d %v", code, cv)
		}
		body := cv["cv"].(map[string]any)
		if body["job_title"] != "Senior Backend Engineer" {
			t.Errorf("cv job_title = %v", body["job_title"])
		}
		for _, e := range body["experience"].([]any) {
			company := e.(map[string]any)["company"]
			if company != "Parcelly" && company != "Shopwise" {
				t.Errorf("cv names an employer not in the profile: %v", company)
			}
		}

		var letter struct {
			Subject    string   `json:"subject"`
			Greeting   string   `json:"greeting"`
			Paragraphs []string `json:"paragraphs"`
			Closing    string   `json:"closing"`
			WordCount  int      `json:"word_count"`
		}
		if code := s.api(t, "POST", "/api/v1/cover-letter/generate", tok, map[string]any{"job_id": jobID, "tone": "enthusiastic"}, &letter); code != 200 {
			t.Fatalf("letter: %d", code)
		}
		if len(letter.Paragraphs) != 3 || letter.WordCount < 220 || letter.WordCount > 320 || letter.Subject == "" || letter.Greeting == "" || letter.Closing == "" {
			t.Fatalf("letter breaks the rules: %d paragraphs, %d words", len(letter.Paragraphs), letter.WordCount)
		}

		s.flushUsage()
		if n := count(t, db, "ai_provider_usage_logs"); n != 3 {
			t.Errorf("usage rows = %d, want 3 (extraction, cv, letter)", n)
		}
	})
}

func TestAPIBadInputWritesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "bad@example.com")
		cases := []struct {
			name   string
			path   string
			body   any
			status int
			code   string
		}{
			{"malformed json", "/api/v1/job-extractor/extract", `{"text": "abc`, 400, "invalid_input"},
			{"empty text", "/api/v1/job-extractor/extract", map[string]any{"text": "   "}, 400, "invalid_input"},
			{"oversized text", "/api/v1/job-extractor/extract", map[string]any{"text": strings.Repeat("word ", 30_000)}, 413, "too_large"},
			{"loopback url", "/api/v1/job-extractor/extract", map[string]any{"url": "http://127.0.0.1:9/job"}, 400, "invalid_input"},
			{"two sources", "/api/v1/job-extractor/extract", map[string]any{"url": "https://example.com/j", "text": postingText}, 400, "invalid_input"},
			{"bad base64", "/api/v1/job-extractor/extract", map[string]any{"image_base64": "%%%", "mime_type": "image/png"}, 400, "invalid_input"},
			{"malformed profile", "/api/v1/profile", `[1,2`, 400, "invalid_input"},
			{"letter for missing job", "/api/v1/cover-letter/generate", map[string]any{"job_id": 999}, 404, "not_found"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiError
				method := "POST"
				if strings.HasSuffix(tc.path, "/profile") {
					method = "PUT"
				}
				if code := s.api(t, method, tc.path, tok, tc.body, &e); code != tc.status {
					t.Fatalf("status %d, want %d (%+v)", code, tc.status, e)
				}
				if e.Error.Code != tc.code || len(e.Error.Message) < 20 {
					t.Fatalf("error = %+v, want code %s and a helpful message", e.Error, tc.code)
				}
			})
		}
		for _, table := range []string{"extracted_job_data", "profiles", "cover_letters"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%s has %d rows after bad input, want 0", table, n)
			}
		}
		var e apiError
		if code := s.api(t, "GET", "/api/v1/profile", "", nil, &e); code != 401 || e.Error.Code != "unauthorized" {
			t.Errorf("no token: %d %+v", code, e)
		}
	})
}

func TestFormsNeedCSRFToken(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.get("/register") // gets a session with a token
		resp, d := b.post("/register", url.Values{"name": {"Eve"}, "email": {"eve@example.com"}, "password": {"long enough"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("register without token: %d, want 403", resp.StatusCode)
		}
		if !strings.Contains(d.Text(), "Reload the page") {
			t.Errorf("403 page does not say what to do: %q", strings.TrimSpace(d.Find("main").Text()))
		}
		if n := count(t, db, "users"); n != 0 {
			t.Fatalf("users = %d after a forged form, want 0", n)
		}
		b.register("Eve", "eve@example.com", "long enough")
		// A logged-in user's job form without the token writes nothing either.
		req := httptest.NewRequest("POST", "/jobs", strings.NewReader(url.Values{"text": {postingText}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if resp := b.do(req); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("job form without token: %d", resp.StatusCode)
		}
		if n := count(t, db, "extracted_job_data"); n != 0 {
			t.Fatalf("jobs = %d after a forged form, want 0", n)
		}
	})
}

func TestPagesFlowAndValidation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		resp, d := b.get("/login")
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Fatalf("security headers missing: CSP %q", csp)
		}
		resp, d = b.get("/jobs/new")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous /jobs/new: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		tok := b.csrf("/register")
		resp, d = b.post("/register", url.Values{"_csrf": {tok}, "name": {""}, "email": {"nope"}, "password": {"short"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad register: %d", resp.StatusCode)
		}
		for _, want := range []string{"Enter your name", "name@example.com", "at least 8"} {
			if !strings.Contains(d.Text(), want) {
				t.Errorf("register errors do not mention %q", want)
			}
		}
		b.register("Grace", "grace@example.com", "hopper1906")

		tok = b.csrf("/jobs/new")
		resp, d = b.postMultipart("/jobs", map[string]string{"_csrf": tok, "url": "http://10.0.0.1/jobs/1"}, "", nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(strings.ToLower(d.Text()), "paste") {
			t.Fatalf("private URL: %d %q", resp.StatusCode, d.Find("[role=alert]").Text())
		}
		resp, _ = b.postMultipart("/jobs", map[string]string{"_csrf": tok, "text": ""}, "", nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("empty form: %d", resp.StatusCode)
		}
		if n := count(t, db, "extracted_job_data"); n != 0 {
			t.Fatalf("jobs = %d after refused input, want 0", n)
		}

		resp, _ = b.postMultipart("/jobs", map[string]string{"_csrf": tok, "text": postingText}, "", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create job: %d", resp.StatusCode)
		}
		loc := resp.Header.Get("Location")
		s.idle(t) // let the extraction finish
		resp, d = b.get(loc)
		if resp.StatusCode != 200 || d.Find(`[data-testid="job-title"]`).Text() != "Senior Backend Engineer" {
			t.Fatalf("job page: %d title %q", resp.StatusCode, d.Find(`[data-testid="job-title"]`).Text())
		}

		_, d = b.get("/settings")
		if got := d.Find(`[data-testid="account-usage"]`).Text(); !strings.Contains(got, "1 / 200") {
			t.Errorf("settings show AI use %q, want 1 of the 200 daily requests", strings.Join(strings.Fields(got), " "))
		}

		resp, _ = b.get("/admin/users")
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("non-admin /admin/users: %d, want 403", resp.StatusCode)
		}
		if _, err := db.UpdateUserPlanRole(t.Context(), 1, "", models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		resp, d = b.get("/admin/users")
		if resp.StatusCode != 200 || d.Find(`[data-testid="user-row"]`).Length() != 1 {
			t.Fatalf("admin /admin/users: %d rows %d", resp.StatusCode, d.Find(`[data-testid="user-row"]`).Length())
		}
	})
}

func TestSuperAdminAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		userTok := s.apiUser(t, "user@example.com")
		var e apiError
		if code := s.api(t, "GET", "/api/v1/super-admin/usage-logs", userTok, nil, &e); code != 403 {
			t.Fatalf("user on super-admin: %d", code)
		}
		if _, err := db.EnsureAdmin(t.Context(), "root@example.com", "admin-password"); err != nil {
			t.Fatal(err)
		}
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "root@example.com", "password": "admin-password"}, &login)
		var u map[string]any
		if code := s.api(t, "PATCH", "/api/v1/super-admin/users/1", login.Token, map[string]string{"plan": "PRO_MONTHLY"}, &u); code != 200 || u["plan"] != "PRO_MONTHLY" {
			t.Fatalf("patch user: %d %v", code, u)
		}
		if code := s.api(t, "PATCH", "/api/v1/super-admin/users/1", login.Token, map[string]string{"plan": "GOLD"}, &e); code != 400 {
			t.Fatalf("bad plan: %d", code)
		}
		if code := s.api(t, "PATCH", "/api/v1/super-admin/users/1", login.Token, map[string]string{"password": "x"}, &e); code != 400 {
			t.Fatalf("no plan or role: %d", code)
		}
		var rows []map[string]any
		if code := s.api(t, "GET", "/api/v1/super-admin/usage-logs?status=success", login.Token, nil, &rows); code != 200 {
			t.Fatalf("usage logs: %d", code)
		}
		if code := s.api(t, "GET", "/api/v1/super-admin/usage-logs?since=yesterday", login.Token, nil, &e); code != 400 {
			t.Fatalf("bad since: %d", code)
		}
	})
}

func TestLoginIsThrottled(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	s := newServer(t, db, serverOptions{})
	s.apiUser(t, "tom@example.com")
	var e apiError
	for i := 0; i < 5; i++ {
		if code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "tom@example.com", "password": "wrong"}, &e); code != 401 {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	if code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "tom@example.com", "password": "correct horse"}, &e); code != 429 {
		t.Fatalf("6th attempt: %d, want 429 even with the right password", code)
	}
	req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"tom@example.com","password":"wrong"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	if ra, _ := strconv.Atoi(resp.Header.Get("Retry-After")); resp.StatusCode != 429 || ra < 60 || ra > 15*60 {
		t.Fatalf("throttled login: %d, Retry-After %q, want seconds until the window frees", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
