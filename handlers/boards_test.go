package handlers_test

import (
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

// careersPage lists three openings on a company's own careers page.
const careersPage = `<!DOCTYPE html><html lang="en"><head><title>Careers | Pangani Water</title></head><body>
<main><h1>Join Pangani Water</h1><p>See our open positions below.</p><ul>
<li><a href="/careers/field-engineer">Field Engineer</a> · Moshi</li>
<li><a href="/careers/finance-manager">Finance Manager</a> · Dar es Salaam</li>
<li><a href="/careers/gis-analyst">GIS Analyst</a> · Remote</li>
<li><a href="/careers/procurement-officer">Procurement Officer</a> · Dar es Salaam</li>
<li><a href="/careers/data-engineer">Data Engineer</a> · Remote</li>
</ul></main></body></html>`

// closedPage is a posting whose JSON-LD validThrough has passed.
const closedPage = `<!DOCTYPE html><html lang="en"><head><title>Storekeeper</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Storekeeper",
"hiringOrganization":{"@type":"Organization","name":"Lakeside Grocers"},"validThrough":"2024-03-01",
"jobLocation":{"@type":"Place","address":{"addressLocality":"Kisumu","addressCountry":"KE"}},
"description":"<p>Keep our Kisumu store room in order.</p><h3>Requirements</h3><ul><li>2 years of stock-keeping experience</li></ul>"}</script>
</head><body><main><h1>Storekeeper</h1><p>Keep our Kisumu store room in order.</p></main></body></html>`

func boardPages(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/careers":
			fmt.Fprint(w, careersPage)
		case "/jobs/storekeeper":
			fmt.Fprint(w, closedPage)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAPIListingRefusalCarriesOpenings(t *testing.T) {
	srv := boardPages(t)
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{allowPrivate: true})
		tok := s.apiUser(t, "boards-api@example.com")
		var refused struct {
			Error struct {
				Code     string `json:"code"`
				Message  string `json:"message"`
				Openings []struct {
					Title string `json:"title"`
					URL   string `json:"url"`
				} `json:"openings"`
			} `json:"error"`
		}
		code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"url": srv.URL + "/careers"}, &refused)
		if code != http.StatusUnprocessableEntity || refused.Error.Code != "unprocessable" || !strings.Contains(refused.Error.Message, "list of jobs") {
			t.Fatalf("listing: %d %+v", code, refused.Error)
		}
		if strings.Contains(refused.Error.Message, "http") {
			t.Errorf("the message repeats the links: %q", refused.Error.Message)
		}
		if len(refused.Error.Openings) != 5 || refused.Error.Openings[0].Title != "Field Engineer" ||
			refused.Error.Openings[0].URL != srv.URL+"/careers/field-engineer" {
			t.Fatalf("openings = %+v", refused.Error.Openings)
		}

		var job map[string]any
		if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"url": srv.URL + "/jobs/storekeeper"}, &job); code != 200 {
			t.Fatalf("closed posting refused: %d %v", code, job)
		}
		if job["expired"] != true || job["title"] != "Storekeeper" || job["company"] != "Lakeside Grocers" {
			t.Errorf("closed posting: expired %v, title %v, company %v", job["expired"], job["title"], job["company"])
		}
	})
}

func TestJobPageListsOpeningsAndWarnsWhenExpired(t *testing.T) {
	srv := boardPages(t)
	db := dbtest.Open(t, "sqlite")
	s := newServer(t, db, serverOptions{allowPrivate: true})
	b := s.browser(t)
	b.register("Neema", "boards-page@example.com", "long enough")

	tok := b.csrf("/jobs/new")
	resp, _ := b.post("/jobs", url.Values{"_csrf": {tok}, "url": {srv.URL + "/careers"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	body := pollJobBody(t, b, resp.Header.Get("Location"))
	if !strings.Contains(body, `data-testid="job-openings"`) || !strings.Contains(body, `href="`+srv.URL+`/careers/gis-analyst"`) {
		t.Fatalf("the failed job does not list the openings:\n%s", body)
	}

	listing := resp.Header.Get("Location")

	resp, _ = b.post("/jobs", url.Values{"_csrf": {tok}, "url": {srv.URL + "/jobs/storekeeper"}})
	body = pollJobBody(t, b, resp.Header.Get("Location"))
	if !strings.Contains(body, `data-testid="job-expired"`) {
		t.Fatalf("no expired warning:\n%s", body)
	}

	// The same failed job through the API: the message, and the openings apart.
	var out struct{ Token string }
	if code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "boards-page@example.com", "password": "long enough"}, &out); code != 200 {
		t.Fatalf("api login: %d", code)
	}
	var job struct {
		Status string `json:"status"`
		Error  struct {
			Message  string `json:"message"`
			Openings []struct {
				Title string `json:"title"`
				URL   string `json:"url"`
			} `json:"openings"`
		} `json:"error"`
	}
	if code := s.api(t, "GET", "/api/v1"+listing, out.Token, nil, &job); code != 200 {
		t.Fatalf("GET %s: %d", listing, code)
	}
	if !strings.Contains(job.Error.Message, "list of jobs") || strings.Contains(job.Error.Message, "http") ||
		len(job.Error.Openings) != 5 || job.Error.Openings[4].URL != srv.URL+"/careers/data-engineer" {
		t.Errorf("failed job in the API: %+v", job)
	}
}

// pollJobBody fetches a job's body fragment until extraction has ended.
func pollJobBody(t *testing.T, b *browser, job string) string {
	t.Helper()
	for i := 0; i < 200; i++ {
		req := httptest.NewRequest("GET", job+"/body", nil)
		req.Header.Set("HX-Request", "true")
		resp := b.do(req)
		raw, _ := io.ReadAll(resp.Body)
		body := string(raw)
		if !strings.Contains(body, `data-testid="job-progress"`) {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never finished", job)
	return ""
}
