package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
)

// A login link's next must keep the person on this site: a tab or a
// backslash after the first slash is read by browsers as another host.
func TestLoginNextStaysOnSite(t *testing.T) {
	s := newServer(t, dbtest.Open(t, "sqlite"), serverOptions{})
	cases := map[string]string{
		"/profile":                "/profile",
		"/jobs/3?tab=cv":          "/jobs/3?tab=cv",
		"/":                       "/",
		"/%09/evil.example/":      "/",
		"//evil.example/":         "/",
		"/\\evil.example":         "/",
		"https://evil.example/":   "/",
		"/%0a/evil.example":       "/",
		"/jobs/%09x":              "/",
		"evil.example":            "/",
		"/%5C%5Cevil.example/foo": "/",
	}
	for next, want := range cases {
		b := s.browser(t)
		_, d := b.get("/login?next=" + url.QueryEscape(mustUnescape(t, next)))
		got, _ := d.Find(`input[name="next"]`).Attr("value")
		if got != want {
			t.Errorf("next=%q: form keeps %q, want %q", next, got, want)
		}
	}
	// The POST side is checked too: a forged form field cannot leave.
	s.apiUser(t, "nina@example.com")
	b := s.browser(t)
	tok := b.csrf("/login")
	resp, _ := b.post("/login", url.Values{"_csrf": {tok}, "email": {"nina@example.com"}, "password": {"correct horse"}, "next": {"/\t/evil.example/"}})
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Fatalf("after login with a tab in next: Location %q, want /", loc)
	}
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.PathUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Pages and API answers for one person are never stored by a cache; public
// pages may be. HSTS is sent only when the app is served over https.
func TestPrivateAnswersAreNotCached(t *testing.T) {
	s := newServer(t, dbtest.Open(t, "sqlite"), serverOptions{})
	b := s.browser(t)
	b.register("Ola", "ola@example.com", "correct horse")
	resp, _ := b.get("/profile")
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("/profile Cache-Control %q, want no-store", cc)
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Fatalf("HSTS on a plain-http app: %q", hsts)
	}
	tok := s.apiUser(t, "api@example.com")
	req := httptest.NewRequest(http.MethodGet, "/api/v1/profile", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	r, err := s.app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("API Cache-Control %q, want no-store", cc)
	}
	resp, _ = s.browser(t).get("/login")
	if cc := resp.Header.Get("Cache-Control"); cc == "no-store" {
		t.Fatalf("the public login page needs no no-store")
	}
}

// The last admin can never be demoted, through the API or the users page,
// or nobody could run the admin pages any more.
func TestLastAdminCannotBeDemoted(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		if _, err := db.EnsureAdmin(t.Context(), "root@example.com", "admin-password"); err != nil {
			t.Fatal(err)
		}
		root, err := db.UserByEmail(t.Context(), "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "root@example.com", "password": "admin-password"}, &login)
		path := "/api/v1/super-admin/users/" + strconv.Itoa(int(root.ID))
		var e apiError
		if code := s.api(t, "PATCH", path, login.Token, map[string]string{"role": "user"}, &e); code != http.StatusConflict {
			t.Fatalf("demote the only admin: %d %+v", code, e)
		}
		if u, _ := db.UserByID(t.Context(), root.ID); u.Role != models.RoleAdmin {
			t.Fatalf("the only admin became %q", u.Role)
		}
		// With a second admin, the first may be demoted; then the second
		// is the last one and is kept.
		secondTok := s.apiUser(t, "second@example.com")
		second, _ := db.UserByEmail(t.Context(), "second@example.com")
		if code := s.api(t, "PATCH", "/api/v1/super-admin/users/"+strconv.Itoa(int(second.ID)), login.Token, map[string]string{"role": "admin"}, nil); code != 200 {
			t.Fatalf("promote: %d", code)
		}
		if code := s.api(t, "PATCH", path, login.Token, map[string]string{"role": "user"}, &e); code != 200 {
			t.Fatalf("demote one of two admins: %d %+v", code, e)
		}
		if _, err := db.UpdateUserPlanRole(t.Context(), second.ID, "", models.RoleUser); err == nil {
			t.Fatal("the store demoted the last admin")
		}
		if code := s.api(t, "PATCH", "/api/v1/super-admin/users/999999", secondTok, map[string]string{"role": "user"}, &e); code != http.StatusNotFound {
			t.Fatalf("unknown user: %d", code)
		}
	})
}

// The users page refuses the only admin's own demotion too.
func TestLastAdminCannotBeDemotedOnThePage(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		if _, err := db.EnsureAdmin(t.Context(), "root@example.com", "admin-password"); err != nil {
			t.Fatal(err)
		}
		root, _ := db.UserByEmail(t.Context(), "root@example.com")
		b := s.browser(t)
		b.login("root@example.com", "admin-password")
		tok := b.csrf("/admin/users")
		resp, _ := b.post("/admin/users/"+strconv.Itoa(int(root.ID)), url.Values{"_csrf": {tok}, "plan": {root.Plan}, "role": {models.RoleUser}})
		if resp.StatusCode < 400 {
			t.Fatalf("demoting the only admin on the page: %d", resp.StatusCode)
		}
		if u, _ := db.UserByID(t.Context(), root.ID); u.Role != models.RoleAdmin {
			t.Fatalf("the only admin became %q", u.Role)
		}
	})
}

// A job that could not be read can be dismissed or retried from the
// dashboard, so it does not linger as "Untitled job".
func TestFailedJobCanBeDismissedFromTheDashboard(t *testing.T) {
	s := newServer(t, dbtest.Open(t, "sqlite"), serverOptions{})
	b := s.browser(t)
	b.register("Una", "una@example.com", "a good password")
	u, _ := s.db.UserByEmail(t.Context(), "una@example.com")
	j := &models.Job{UserID: u.ID, SourceKind: models.SourceImage}
	if err := s.db.CreateJob(t.Context(), j); err != nil {
		t.Fatal(err)
	}
	if err := s.db.FailJob(t.Context(), j.ID, "unprocessable", "This image does not look like a job ad."); err != nil {
		t.Fatal(err)
	}
	_, d := b.get("/")
	if d.Find(`[data-testid="job-row-dismiss"]`).Length() != 1 || d.Find(`[data-testid="job-row-retry"]`).Length() != 1 {
		t.Fatal("a failed job's row has no Dismiss and Try again")
	}
	tok := b.csrf("/")
	if resp, _ := b.post("/jobs/"+strconv.Itoa(int(j.ID))+"/delete", url.Values{"_csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", resp.StatusCode)
	}
	if _, d = b.get("/"); d.Find(`[data-testid="job-row"]`).Length() != 0 {
		t.Fatal("the dismissed job is still listed")
	}
}
