package handlers_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
)

// readyJob registers a user through the pages, imports a profile file and
// extracts postingText, returning the browser and the job's path.
func readyJob(t *testing.T, s *server) (*browser, string) {
	t.Helper()
	b := s.browser(t)
	b.register("Ada", "ada-pages@example.com", "long enough")
	doc, _ := json.Marshal(profileDoc)
	tok := b.csrf("/profile")
	resp, d := b.postMultipart("/profile/import", map[string]string{"_csrf": tok}, "file", doc)
	if resp.StatusCode != http.StatusOK || d.Find(`[data-testid="profile-saved"]`).Length() == 0 {
		t.Fatalf("import profile: %d", resp.StatusCode)
	}
	tok = b.csrf("/jobs/new")
	resp, _ = b.postMultipart("/jobs", map[string]string{"_csrf": tok, "text": postingText}, "", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create job: %d", resp.StatusCode)
	}
	job := resp.Header.Get("Location")
	waitFor(t, b, job+"/body", `data-testid="job-title"`)
	return b, job
}

// htmxPost sends a form as htmx does: the CSRF token in a header.
func (b *browser) htmxPost(path, token string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", token)
	resp := b.do(req)
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestEditDownloadAndDedupe(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, job := readyJob(t, s)
		tok := b.csrf(job)

		// Draft the CV and write the letter as the page's buttons do.
		resp, body := b.htmxPost(job+"/cv", tok, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="cv-section"`) {
			t.Fatalf("draft cv: %d", resp.StatusCode)
		}
		resp, body = b.htmxPost(job+"/letter", tok, url.Values{"tone": {"enthusiastic"}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="letter-section"`) {
			t.Fatalf("write letter: %d", resp.StatusCode)
		}
		waitFor(t, b, job+"/letter", `data-testid="letter-word-count"`)
		waitFor(t, b, job+"/cv", `data-testid="cv-summary"`)

		// A bad tone is refused with the choices.
		resp, body = b.htmxPost(job+"/letter", tok, url.Values{"tone": {"sarcastic"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "professional, enthusiastic or concise") {
			t.Fatalf("bad tone: %d %s", resp.StatusCode, body)
		}

		// Edit the CV: the person's words are kept and marked as theirs.
		resp, body = b.htmxPost(job+"/cv/edit", tok, url.Values{"headline": {"Backend engineer"},
			"summary": {"I build calm, fast Go services."}, "skills": {"Go\nPostgreSQL"}, "experience.0.highlights": {"Led the move to Go"}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "I build calm, fast Go services.") {
			t.Fatalf("edit cv: %d", resp.StatusCode)
		}
		md := download(t, b, job+"/cv.md", "text/markdown")
		if !strings.Contains(md, "I build calm, fast Go services.") || !strings.Contains(md, "Led the move to Go") {
			t.Fatalf("downloaded CV lacks the edit:\n%s", md)
		}

		// Edit the letter down to a few words: saved, with the broken rules shown.
		resp, body = b.htmxPost(job+"/letter/edit", tok, url.Values{"subject": {"Application"}, "greeting": {"Dear team,"},
			"paragraph1": {"Short one."}, "paragraph2": {"Short two."}, "paragraph3": {"Short three."}, "closing": {"Best regards,"}, "signature": {"Ada"}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Short two.") || !strings.Contains(body, "220") {
			t.Fatalf("edit letter: %d, warnings missing:\n%s", resp.StatusCode, body)
		}
		txt := download(t, b, job+"/letter.txt", "text/plain")
		if !strings.Contains(txt, "Dear team,") || !strings.Contains(txt, "Short three.") {
			t.Fatalf("downloaded letter lacks the edit:\n%s", txt)
		}

		// Export gives back the imported profile.
		exp := download(t, b, "/profile/export", "application/json")
		if !strings.Contains(exp, `"Parcelly"`) {
			t.Fatalf("export lacks the work history: %s", exp)
		}

		// The dashboard lists the job with both drafts.
		_, d := b.get("/")
		row := d.Find(`[data-testid="job-row"]`)
		if row.Length() != 1 || !strings.Contains(row.Text(), "Senior Backend Engineer") {
			t.Fatalf("dashboard rows: %d %q", row.Length(), row.Text())
		}

		// Another user cannot see or download this job.
		other := s.browser(t)
		other.register("Eve", "eve-pages@example.com", "long enough")
		if resp, _ := other.get(job); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("another user's job: %d, want 404", resp.StatusCode)
		}
		if resp := other.do(httptest.NewRequest("GET", job+"/cv.md", nil)); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("another user's CV download: %d, want 404", resp.StatusCode)
		}
	})
}

// waitFor polls a fragment until it holds want, as the page does.
func waitFor(t *testing.T, b *browser, path, want string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if i > 0 {
			time.Sleep(20 * time.Millisecond)
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("HX-Request", "true")
		resp := b.do(req)
		body, _ := io.ReadAll(resp.Body)
		if strings.Contains(string(body), want) {
			return
		}
		if strings.Contains(string(body), `data-testid="cv-error"`) || strings.Contains(string(body), `data-testid="letter-error"`) ||
			strings.Contains(string(body), `data-testid="job-error"`) {
			t.Fatalf("%s failed:\n%s", path, body)
		}
	}
	t.Fatalf("%s never showed %s", path, want)
}

func download(t *testing.T, b *browser, path, contentType string) string {
	t.Helper()
	resp := b.do(httptest.NewRequest("GET", path, nil))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), contentType) ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("GET %s: %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	return string(body)
}

func TestSameURLTwiceGivesTheSameJob(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting",
		"title":"Data Analyst","hiringOrganization":{"@type":"Organization","name":"Kijani Foods"},
		"jobLocation":{"@type":"Place","address":{"addressLocality":"Nairobi","addressCountry":"KE"}},
		"description":"Analyse sales data and build weekly reports for the commercial team. Work with SQL and Python every day.",
		"employmentType":"FULL_TIME","datePosted":"2026-11-01"}</script></head><body><h1>Data Analyst</h1></body></html>`
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	db := dbtest.Open(t, "sqlite")
	s := newServer(t, db, serverOptions{allowPrivate: true})
	tok := s.apiUser(t, "dedupe@example.com")
	var first, second, forced map[string]any
	s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"url": srv.URL + "/jobs/9?utm_source=x"}, &first)
	s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"url": strings.Replace(srv.URL, "http://", "HTTP://", 1) + "/jobs/9#apply"}, &second)
	if first["title"] != "Data Analyst" || first["id"] != second["id"] || hits != 1 {
		t.Fatalf("first %v, second %v, page fetched %d times", first["id"], second["id"], hits)
	}
	if src, _ := first["sources"].(map[string]any); src["title"] != "jsonld" {
		t.Errorf("title source = %v, want jsonld", src["title"])
	}
	s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"url": srv.URL + "/jobs/9", "force": true}, &forced)
	if forced["id"] == first["id"] || hits != 2 {
		t.Fatalf("force gave job %v (first %v), page fetched %d times", forced["id"], first["id"], hits)
	}
}
