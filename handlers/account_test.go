package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
)

// fakeMailer keeps the emails the app sends.
type fakeMailer struct {
	mu   sync.Mutex
	sent []sentMail
	got  chan struct{}
}

type sentMail struct{ to, subject, body string }

func newFakeMailer() *fakeMailer { return &fakeMailer{got: make(chan struct{}, 16)} }

func (m *fakeMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	m.sent = append(m.sent, sentMail{to, subject, body})
	m.mu.Unlock()
	m.got <- struct{}{}
	return nil
}

func (m *fakeMailer) wait(t *testing.T) sentMail {
	t.Helper()
	select {
	case <-m.got:
	case <-time.After(5 * time.Second):
		t.Fatal("no email was sent")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent[len(m.sent)-1]
}

// A session cookie copied before logout opens nothing after it: the
// session is gone from the database, not just from the browser.
func TestLogoutRevokesTheSession(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.register("Ria", "ria@example.com", "a good password")
		saved := map[string]string{}
		for k, v := range b.cookies {
			saved[k] = v
		}
		if resp, _ := b.get("/profile"); resp.StatusCode != 200 {
			t.Fatalf("profile while logged in: %d", resp.StatusCode)
		}
		tok := b.csrf("/profile")
		if resp, _ := b.post("/logout", url.Values{"_csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", resp.StatusCode)
		}
		replay := s.browser(t)
		replay.cookies = saved
		resp, _ := replay.get("/profile")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("replayed cookie after logout: %d to %q, want the login page", resp.StatusCode, resp.Header.Get("Location"))
		}
		if n := count(t, db, "sessions WHERE user_id > 0"); n != 0 {
			t.Fatalf("%d signed-in sessions left after logout", n)
		}
	})
}

// Changing the password needs the current one, logs out every other
// browser and revokes the API tokens; the browser that changed it stays in.
func TestPasswordChangeEndsOtherSessionsAndTokens(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		laptop := s.browser(t)
		laptop.register("Ana", "ana@example.com", "first password ok")
		phone := s.browser(t)
		phone.login("ana@example.com", "first password ok")
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "first password ok"}, &login)

		_, d := laptop.get("/settings")
		if n := d.Find(`[data-testid="session-row"]`).Length(); n != 2 {
			t.Fatalf("settings lists %d sessions, want 2", n)
		}
		if d.Find(`[data-testid="this-session"]`).Length() != 1 {
			t.Fatal("this browser is not marked")
		}
		tok := laptop.csrf("/settings")
		resp, d := laptop.post("/settings/password", url.Values{"_csrf": {tok}, "current": {"wrong one"}, "password": {"second password ok"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Text(), "not your current password") {
			t.Fatalf("wrong current password: %d", resp.StatusCode)
		}
		resp, d = laptop.post("/settings/password", url.Values{"_csrf": {tok}, "current": {"first password ok"}, "password": {"password123"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Text(), "attackers try") {
			t.Fatalf("common new password: %d", resp.StatusCode)
		}
		resp, _ = laptop.post("/settings/password", url.Values{"_csrf": {tok}, "current": {"first password ok"}, "password": {"second password ok"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: %d", resp.StatusCode)
		}
		if resp, _ := laptop.get("/profile"); resp.StatusCode != 200 {
			t.Fatalf("the browser that changed the password was logged out: %d", resp.StatusCode)
		}
		if resp, _ := phone.get("/profile"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the other browser is still in: %d", resp.StatusCode)
		}
		if code := s.api(t, "GET", "/api/v1/profile", login.Token, nil, nil); code != http.StatusUnauthorized {
			t.Fatalf("an API token from before the change: %d", code)
		}
		phone.login("ana@example.com", "second password ok")
	})
}

// "Log out everywhere" ends every session, this one too.
func TestLogoutEverywhere(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		a := s.browser(t)
		a.register("Bo", "bo@example.com", "a good password")
		b := s.browser(t)
		b.login("bo@example.com", "a good password")
		tok := a.csrf("/settings")
		if resp, _ := a.post("/settings/sessions/logout-all", url.Values{"_csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout everywhere: %d", resp.StatusCode)
		}
		for name, br := range map[string]*browser{"this": a, "other": b} {
			if resp, _ := br.get("/settings"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s browser still logged in: %d", name, resp.StatusCode)
			}
		}
	})
}

// Registration answers the same for a new and a taken email, so it can't
// be used to find out who has an account; the owner is told by email.
func TestRegistrationDoesNotRevealAccounts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		mail := newFakeMailer()
		s := newServer(t, db, serverOptions{mailer: mail})
		answer := func(email string) (int, string) {
			req := httptest.NewRequest("POST", "/api/v1/auth/register", strings.NewReader(`{"email":"`+email+`","password":"a fine password","name":"X"}`))
			req.Header.Set("Content-Type", "application/json")
			resp, err := s.app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, strings.ReplaceAll(string(b), email, "EMAIL")
		}
		c1, b1 := answer("new@example.com")
		c2, b2 := answer("new@example.com")
		if c1 != http.StatusCreated || c1 != c2 || b1 != b2 {
			t.Fatalf("new: %d %s\ntaken: %d %s", c1, b1, c2, b2)
		}
		if m := mail.wait(t); m.to != "new@example.com" || !strings.Contains(m.body, "already has one") {
			t.Fatalf("owner's notice: %+v", m)
		}
		// The page: both go to the login page with the same words.
		p1, p2 := s.browser(t), s.browser(t)
		for i, br := range []*browser{p1, p2} {
			tok := br.csrf("/register")
			resp, _ := br.post("/register", url.Values{"_csrf": {tok}, "name": {"Y"}, "email": {"page@example.com"}, "password": {"a fine password"}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=/profile" {
				t.Fatalf("page registration %d: %d to %q", i, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})
}

// Registrations and failed logins are throttled per address, and failed
// logins across many accounts from one address too; every 429 says when.
func TestRegistrationAndSprayingAreThrottled(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		var limited int
		for i := 0; i < 30; i++ {
			req := httptest.NewRequest("POST", "/api/v1/auth/register", strings.NewReader(`{"email":"r`+strconv.Itoa(i)+`@example.com","password":"a fine password","name":"R"}`))
			req.Header.Set("Content-Type", "application/json")
			resp, err := s.app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode == http.StatusTooManyRequests {
				limited++
				if ra, _ := strconv.Atoi(resp.Header.Get("Retry-After")); ra < 1 || ra > 3600 {
					t.Fatalf("429 without a sane Retry-After: %q", resp.Header.Get("Retry-After"))
				}
			}
		}
		if limited < 20 {
			t.Fatalf("30 registrations from one address: %d refused, want most of them", limited)
		}
		// Spraying one password over many accounts from one address.
		var sprayed int
		for i := 0; i < 30; i++ {
			code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "victim" + strconv.Itoa(i) + "@example.com", "password": "Summer2026!"}, nil)
			if code == http.StatusTooManyRequests {
				sprayed++
			}
		}
		if sprayed < 5 {
			t.Fatalf("password spraying over 30 accounts: only %d refused", sprayed)
		}
	})
}

// A reset link made by an admin works once, for a while, and ends every
// session and token of the account; with SMTP, /forgot emails one.
func TestPasswordReset(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		mail := newFakeMailer()
		s := newServer(t, db, serverOptions{mailer: mail})
		person := s.browser(t)
		person.register("Lou", "lou@example.com", "forgotten password")
		if _, err := db.EnsureAdmin(t.Context(), "root@example.com", "admin-password"); err != nil {
			t.Fatal(err)
		}
		admin := s.browser(t)
		admin.login("root@example.com", "admin-password")
		lou, _ := db.UserByEmail(t.Context(), "lou@example.com")
		tok := admin.csrf("/admin/users")
		resp, d := admin.post("/admin/users/"+strconv.Itoa(int(lou.ID))+"/reset-link", url.Values{"_csrf": {tok}})
		link, _ := d.Find(`[data-testid="reset-link"]`).Attr("value")
		if resp.StatusCode != 200 || !strings.HasPrefix(link, "http://tailor.test/reset/") {
			t.Fatalf("admin reset link: %d %q", resp.StatusCode, link)
		}
		path := strings.TrimPrefix(link, "http://tailor.test")
		var audit []models.AuditEntry
		if err := db.Gorm().Where("action = ?", "user.reset_link").Find(&audit).Error; err != nil || len(audit) != 1 ||
			audit[0].ActorEmail != "root@example.com" || strings.Contains(audit[0].Summary, strings.TrimPrefix(path, "/reset/")) {
			t.Fatalf("audit of the reset link: %v %+v", err, audit)
		}
		other := s.browser(t)
		if resp, _ := other.get(path); resp.StatusCode != 200 {
			t.Fatalf("open reset link: %d", resp.StatusCode)
		}
		ftok := other.csrf(path)
		if resp, _ := other.post(path, url.Values{"_csrf": {ftok}, "password": {"12345678"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a common password through reset: %d", resp.StatusCode)
		}
		if resp, _ := other.post(path, url.Values{"_csrf": {ftok}, "password": {"a brand new one"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d", resp.StatusCode)
		}
		if resp, _ := person.get("/profile"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the old session survived a reset: %d", resp.StatusCode)
		}
		if resp, _ := other.post(path, url.Values{"_csrf": {ftok}, "password": {"yet another one"}}); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("a used link worked again: %d", resp.StatusCode)
		}
		other.login("lou@example.com", "a brand new one")

		// By email: the same answer for a known and an unknown address.
		for _, email := range []string{"nobody@example.com", "lou@example.com"} {
			br := s.browser(t)
			ftok := br.csrf("/forgot")
			resp, d := br.post("/forgot", url.Values{"_csrf": {ftok}, "email": {email}})
			if resp.StatusCode != 200 || d.Find(`[data-testid="reset-sent"]`).Length() != 1 {
				t.Fatalf("forgot %s: %d", email, resp.StatusCode)
			}
		}
		m := mail.wait(t)
		if m.to != "lou@example.com" {
			t.Fatalf("reset mail to %q", m.to)
		}
		if !regexp.MustCompile(`http://tailor\.test/reset/[A-Za-z0-9_-]{20,}`).MatchString(m.body) {
			t.Fatalf("no link in the mail: %s", m.body)
		}
	})
}

// API tokens can expire; an expired token opens nothing.
func TestTokensExpire(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		s.apiUser(t, "exp@example.com")
		u, _ := db.UserByEmail(t.Context(), "exp@example.com")
		past := time.Now().Add(-time.Minute)
		tok, _, err := db.CreateTokenUntil(t.Context(), u.ID, "old", &past)
		if err != nil {
			t.Fatal(err)
		}
		if code := s.api(t, "GET", "/api/v1/profile", tok, nil, nil); code != http.StatusUnauthorized {
			t.Fatalf("expired token: %d", code)
		}
		future := time.Now().Add(time.Hour)
		tok, _, _ = db.CreateTokenUntil(t.Context(), u.ID, "new", &future)
		if code := s.api(t, "GET", "/api/v1/profile", tok, nil, nil); code != 200 {
			t.Fatalf("live token: %d", code)
		}
	})
}

// Export gives everything back as one JSON file; delete needs the email
// typed in and then leaves nothing of the person's.
func TestExportAndDeleteAccount(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "gone@example.com")
		if code := s.api(t, "PUT", "/api/v1/profile", tok, map[string]any{"basics": map[string]any{"name": "Gone Soon"}}, nil); code != 200 {
			t.Fatalf("profile: %d", code)
		}
		var job map[string]any
		if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, &job); code != 200 && code != 201 {
			t.Fatalf("extract: %d", code)
		}
		var out map[string]any
		if code := s.api(t, "GET", "/api/v1/account/export", tok, nil, &out); code != 200 {
			t.Fatalf("export: %d", code)
		}
		raw, _ := json.Marshal(out)
		for _, want := range []string{"gone@example.com", "Gone Soon", "Senior Backend Engineer", `"application_status":"saved"`} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("export lacks %s", want)
			}
		}
		if strings.Contains(string(raw), "password") {
			t.Error("the export mentions a password")
		}
		var e apiError
		if code := s.api(t, "DELETE", "/api/v1/account", tok, map[string]string{"confirm": "someone@example.com"}, &e); code != 400 {
			t.Fatalf("delete with the wrong email: %d", code)
		}
		if code := s.api(t, "DELETE", "/api/v1/account", tok, map[string]string{"confirm": "gone@example.com"}, nil); code != http.StatusNoContent {
			t.Fatalf("delete: %d", code)
		}
		for _, table := range []string{"users", "profiles", "extracted_job_data", "api_tokens"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%s keeps %d rows after the account was deleted", table, n)
			}
		}
		if code := s.api(t, "GET", "/api/v1/profile", tok, nil, nil); code != http.StatusUnauthorized {
			t.Fatalf("token after delete: %d", code)
		}
	})
}
