package views

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/profile"
)

// render renders c and parses the HTML, so tests look at what a browser
// would see, by data-testid where they can.
func render(t *testing.T, c templ.Component) (*goquery.Document, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc, buf.String()
}

func count(doc *goquery.Document, sel string) int { return doc.Find(sel).Length() }

func page(u *models.User) Page {
	return Page{Title: "Test", User: u, CSRF: "tok-123", Path: "/", Asset: func(n string) string { return "/static/abc/" + n }}
}

var (
	alice = &models.User{ID: 1, Email: "alice@example.com", Name: "Alice", Role: models.RoleUser, Plan: "FREEMIUM"}
	admin = &models.User{ID: 2, Email: "root@example.com", Name: "Root", Role: models.RoleAdmin, Plan: "PRO_ANNUAL"}
)

func TestLayout(t *testing.T) {
	tests := []struct {
		name       string
		user       *models.User
		path       string
		offline    bool
		flash      string
		wantLinks  []string
		wantAdmin  bool
		wantLogout bool
		current    string
	}{
		{name: "logged out", wantLinks: []string{"/login", "/register"}, path: "/login", current: "/login"},
		{name: "user", user: alice, path: "/jobs/new", wantLinks: []string{"/", "/jobs/new", "/profile", "/settings"}, wantLogout: true, current: "/jobs/new"},
		{name: "admin offline flash", user: admin, path: "/admin/usage", offline: true, flash: "Saved.", wantLinks: []string{"/", "/jobs/new", "/profile", "/settings", "/admin/users"}, wantAdmin: true, wantLogout: true, current: "/admin/users"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := page(tt.user)
			p.Path, p.Offline, p.Flash = tt.path, tt.offline, tt.flash
			doc, _ := render(t, Landing(p))
			if got := doc.Find("title").Text(); got != "Test · Tailor" {
				t.Errorf("title = %q", got)
			}
			var links []string
			doc.Find(".site-nav ul a").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
			if strings.Join(links, " ") != strings.Join(tt.wantLinks, " ") {
				t.Errorf("nav links = %v, want %v", links, tt.wantLinks)
			}
			cur := doc.Find(`.site-nav a[aria-current="page"]`)
			if cur.Length() != 1 || cur.AttrOr("href", "") != tt.current {
				t.Errorf("current link = %d %q, want %q", cur.Length(), cur.AttrOr("href", ""), tt.current)
			}
			if got := count(doc, `form[action="/logout"] input[name="_csrf"][value="tok-123"]`) == 1; got != tt.wantLogout {
				t.Errorf("logout form present = %v", got)
			}
			if got := count(doc, `[data-testid="offline-banner"]`) == 1; got != tt.offline {
				t.Errorf("offline banner present = %v", got)
			}
			if got := doc.Find(`[data-testid="flash"][role="status"]`).Text(); !strings.Contains(got, tt.flash) || (tt.flash == "") != (got == "") {
				t.Errorf("flash = %q, want %q", got, tt.flash)
			}
			var hdr map[string]string
			if err := json.Unmarshal([]byte(doc.Find("body").AttrOr("hx-headers", "")), &hdr); err != nil || hdr["X-CSRF-Token"] != "tok-123" {
				t.Errorf("hx-headers = %v (%v)", hdr, err)
			}
			for _, src := range []string{"/static/abc/htmx.min.js", "/static/abc/app.js"} {
				if count(doc, `script[defer][src="`+src+`"]`) != 1 {
					t.Errorf("script %s missing", src)
				}
			}
		})
	}
}

func TestHomePage(t *testing.T) {
	doc, _ := render(t, HomePage(page(alice), Dashboard{ProfileEmpty: true}))
	if count(doc, `[data-testid="jobs-empty"] a[href="/jobs/new"]`) != 1 || count(doc, `[data-testid="profile-empty"] a[href="/profile"]`) != 1 {
		t.Error("empty dashboard lacks the empty state or the profile callout")
	}
	d := Dashboard{Jobs: []JobSummary{
		{ID: 7, Title: "Go Developer", Company: "Acme", Status: models.StatusDone, HasCV: true, CreatedAt: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{ID: 8, Status: models.StatusRunning},
		{ID: 9, Title: "Broken", Status: models.StatusFailed, Error: "The page needs a login."},
	}}
	doc, _ = render(t, HomePage(page(alice), d))
	rows := doc.Find(`[data-testid="job-row"]`)
	if rows.Length() != 3 {
		t.Fatalf("rows = %d, want 3", rows.Length())
	}
	first := rows.Eq(0)
	if first.Find(`a[href="/jobs/7"]`).Text() != "Go Developer" || first.Find(`[data-testid="has-cv"]`).Length() != 1 || first.Find(`[data-testid="has-letter"]`).Length() != 0 {
		t.Errorf("first row wrong: %q", first.Text())
	}
	if !strings.Contains(first.Text(), "4 Mar 2025") {
		t.Errorf("first row has no date: %q", first.Text())
	}
	if got := strings.TrimSpace(rows.Eq(1).Find(`[data-testid="job-status"]`).Text()); got != "Extracting…" {
		t.Errorf("running status = %q", got)
	}
	if !strings.Contains(rows.Eq(2).Text(), "The page needs a login.") {
		t.Error("failed row hides its error")
	}
	if count(doc, `[data-testid="profile-empty"]`) != 0 {
		t.Error("profile callout shown for a filled profile")
	}
}

func TestRegisterPageErrors(t *testing.T) {
	f := RegisterForm{Name: "Bob", Email: "bob@example.com", Errors: map[string]string{"email": "Taken.", "form": "Fix the fields."}}
	doc, _ := render(t, RegisterPage(page(nil), f))
	email := doc.Find(`input[name="email"]`)
	if email.AttrOr("value", "") != "bob@example.com" || email.AttrOr("aria-invalid", "") != "true" {
		t.Errorf("email input: %v", email.Nodes[0].Attr)
	}
	if id := email.AttrOr("aria-describedby", ""); doc.Find("#"+id).Text() != "Taken." {
		t.Errorf("aria-describedby %q does not point at the error", id)
	}
	if _, ok := doc.Find(`input[name="name"]`).Attr("aria-invalid"); ok {
		t.Error("valid field marked invalid")
	}
	if doc.Find(`input[name="password"]`).AttrOr("minlength", "") != "8" || doc.Find(`input[name="password"]`).AttrOr("value", "x") != "" {
		t.Error("password field must have minlength 8 and never echo a value")
	}
	if !strings.Contains(doc.Find(`[role="alert"]`).Text(), "Fix the fields.") || count(doc, `[data-testid="register-submit"]`) != 1 {
		t.Error("form error or submit button missing")
	}
	if count(doc, `form[action="/register"] input[name="_csrf"][value="tok-123"]`) != 1 {
		t.Error("no CSRF field")
	}
}

func TestLoginPage(t *testing.T) {
	doc, _ := render(t, LoginPage(page(nil), LoginForm{Email: "a@b.c", Next: "/jobs/3", Error: "Wrong email or password."}))
	if doc.Find(`input[name="next"]`).AttrOr("value", "") != "/jobs/3" || doc.Find(`[role="alert"]`).Text() != "Wrong email or password." {
		t.Error("next or error missing")
	}
	if count(doc, `[data-testid="login-submit"]`) != 1 || count(doc, `a[href="/register"]`) < 1 {
		t.Error("submit or register link missing")
	}
}

func TestProfilePage(t *testing.T) {
	doc := profile.Resume{
		Basics: profile.Basics{Name: "Alice", Location: profile.Location{City: "Berlin"}},
		Work: []profile.Work{
			{Name: "Acme", Position: "Engineer", StartDate: "2020-01", Highlights: []string{"Cut costs 30%", "Led 4 people"}},
		},
		Skills: []profile.Skill{{Name: "Languages", Keywords: []string{"Go", "SQL"}}, {Name: "Docker"}},
	}
	f := ProfileForm{Resume: models.Profile{Document: doc, Version: 4}, Saved: true,
		Errors: map[string]string{"work.0.position": "Enter your job title."}, ImportError: "Not JSON."}
	d, _ := render(t, ProfilePage(page(alice), f))
	if d.Find(`input[name="version"]`).AttrOr("value", "") != "4" {
		t.Error("version not in the form")
	}
	if d.Find(`input[name="basics.location.city"]`).AttrOr("value", "") != "Berlin" {
		t.Error("city missing")
	}
	// One existing position plus one blank, each with every field.
	for _, i := range []string{"0", "1"} {
		for _, f := range []string{"name", "position", "location", "startDate", "endDate"} {
			if count(d, `input[name="work.`+i+`.`+f+`"]`) != 1 {
				t.Errorf("no input work.%s.%s", i, f)
			}
		}
		for _, f := range []string{"summary", "highlights"} {
			if count(d, `textarea[name="work.`+i+`.`+f+`"]`) != 1 {
				t.Errorf("no textarea work.%s.%s", i, f)
			}
		}
	}
	if count(d, `input[name="work.2.name"]`) != 0 || count(d, `input[name="education.0.institution"]`) != 1 || count(d, `input[name="education.1.institution"]`) != 0 {
		t.Error("wrong number of blank entries")
	}
	if got := d.Find(`textarea[name="work.0.highlights"]`).Text(); got != "Cut costs 30%\nLed 4 people" {
		t.Errorf("highlights = %q", got)
	}
	if got := d.Find(`textarea[name="skills"]`).Text(); got != "Languages: Go, SQL\nDocker" {
		t.Errorf("skills = %q", got)
	}
	pos := d.Find(`input[name="work.0.position"]`)
	if pos.AttrOr("aria-invalid", "") != "true" || d.Find("#"+pos.AttrOr("aria-describedby", "")).Text() != "Enter your job title." {
		t.Error("position error not tied to its field")
	}
	if _, open := pos.Closest("details").Attr("open"); !open {
		t.Error("entry with an error is collapsed")
	}
	if count(d, `[data-testid="profile-saved"]`) != 1 || count(d, `[data-testid="profile-save"]`) != 1 {
		t.Error("saved notice or save button missing")
	}
	imp := d.Find(`form[action="/profile/import"]`)
	if imp.AttrOr("enctype", "") != "multipart/form-data" || imp.Find(`input[type="file"][name="file"]`).Length() != 1 || imp.Find(`input[name="_csrf"]`).Length() != 1 {
		t.Error("import form incomplete")
	}
	if d.Find(`[data-testid="import-error"]`).Text() != "Not JSON." || count(d, `a[href="/profile/export"][download]`) != 1 {
		t.Error("import error or export link missing")
	}
	if count(d, `button[name="add"][value="work"]`) != 1 {
		t.Error("no add-position button")
	}
}

func TestNewJobPage(t *testing.T) {
	tests := []struct {
		mode, wantOpen string
	}{{"", "mode-url"}, {"text", "mode-text"}, {"image", "mode-image"}, {"bogus", "mode-url"}}
	for _, tt := range tests {
		f := JobForm{Mode: tt.mode, Text: "Senior Go dev", MaxUploadMB: 5, Errors: map[string]string{"text": "Too short."}}
		doc, _ := render(t, NewJobPage(page(alice), f))
		var open []string
		doc.Find("details[open]").Each(func(_ int, s *goquery.Selection) { open = append(open, s.AttrOr("data-testid", "")) })
		if len(open) != 1 || open[0] != tt.wantOpen {
			t.Errorf("mode %q: open sections %v, want %s", tt.mode, open, tt.wantOpen)
		}
		form := doc.Find(`form[action="/jobs"]`)
		if form.AttrOr("enctype", "") != "multipart/form-data" || form.Find(`input[type="url"][name="url"]`).Length() != 1 ||
			form.Find(`input[type="file"][name="image"]`).AttrOr("accept", "") != "image/png,image/jpeg,image/webp" ||
			form.Find(`input[type="checkbox"][name="force"]`).Length() != 1 || form.Find(`[data-testid="extract-submit"]`).Length() != 1 {
			t.Fatal("new job form incomplete")
		}
		if form.Find(`textarea[name="text"]`).Text() != "Senior Go dev" || doc.Find(`[data-testid="error-text"][role="alert"]`).Text() != "Too short." {
			t.Error("text or its error lost")
		}
		if !strings.Contains(doc.Text(), "up to 5 MB") {
			t.Error("upload limit not stated")
		}
	}
}

func donePosting() jobs.Posting {
	return jobs.Posting{
		Title: "Go Developer", Company: "Acme", Location: "Berlin", Workplace: "hybrid", EmploymentType: "FULL_TIME",
		Salary:      jobs.Salary{Min: fp(60000), Max: fp(80000), Currency: "EUR", Period: "year"},
		Description: "Build things.", Requirements: []string{"Go", "SQL"}, Skills: []string{"Go", "PostgreSQL"},
		ApplyURL: "javascript:alert(1)", SourceURL: "https://acme.example/jobs/1",
		Sources: map[string]string{"title": jobs.SourceJSONLD, "company": jobs.SourceAI},
	}
}

func TestJobBodyStates(t *testing.T) {
	t.Run("pending polls", func(t *testing.T) {
		doc, _ := render(t, JobBody(page(alice), JobView{ID: 5, Status: models.StatusPending}))
		body := doc.Find("#job-body")
		if body.AttrOr("hx-get", "") != "/jobs/5/body?busy=1" || body.AttrOr("hx-trigger", "") != "every 2s" || body.AttrOr("hx-swap", "") != "outerHTML" {
			t.Errorf("polling attributes wrong: %v", body.Nodes[0].Attr)
		}
		if count(doc, `[data-testid="job-progress"][aria-busy="true"] .spinner`) != 1 {
			t.Error("no progress box")
		}
	})
	t.Run("failed", func(t *testing.T) {
		doc, _ := render(t, JobBody(page(alice), JobView{ID: 5, Status: models.StatusFailed, ErrorMessage: "Login wall. Paste the text."}))
		if _, polls := doc.Find("#job-body").Attr("hx-get"); polls {
			t.Error("a failed job keeps polling")
		}
		if doc.Find(`[data-testid="job-error"]`).Text() != "Login wall. Paste the text." {
			t.Error("error message missing")
		}
		if count(doc, `form[action="/jobs/5/retry"] input[name="_csrf"]`) != 1 || count(doc, `a[href="/jobs/new?mode=text"]`) != 1 || count(doc, `form[action="/jobs/5/delete"]`) != 1 {
			t.Error("next steps missing")
		}
	})
	t.Run("done", func(t *testing.T) {
		v := JobView{ID: 5, Status: models.StatusDone, Posting: donePosting(), Offline: true, Saved: true,
			Errors: map[string]string{"title": "Enter a title."}, Tones: drafting.Tones}
		doc, html := render(t, JobBody(page(alice), v))
		if doc.Find(`[data-testid="job-title"]`).Text() != "Go Developer" || doc.Find(`[data-testid="job-company"]`).Text() != "Acme" {
			t.Error("title or company wrong")
		}
		if doc.Find(`[data-testid="source-title"]`).Text() != "from JSON-LD" || doc.Find(`[data-testid="source-company"]`).Text() != "from AI" {
			t.Error("provenance missing")
		}
		if !strings.Contains(doc.Find(`[data-testid="fact-salary"]`).Text(), "60,000–80,000 EUR per year") {
			t.Error("salary not formatted")
		}
		if count(doc, `[data-testid="job-offline"]`) != 1 || count(doc, `[data-testid="job-skills"] .tag`) != 2 {
			t.Error("offline note or skill tags missing")
		}
		if strings.Contains(html, "javascript:alert") {
			t.Error("a javascript: apply URL reached the page")
		}
		if count(doc, `a[href="https://acme.example/jobs/1"][rel~="noopener"][target="_blank"]`) != 1 {
			t.Error("source link missing")
		}
		form := doc.Find(`[data-testid="job-correct"] form`)
		if form.AttrOr("hx-post", "") != "/jobs/5" || form.AttrOr("action", "") != "/jobs/5" || form.AttrOr("hx-target", "") != "#job-body" {
			t.Error("correction form attributes wrong")
		}
		for _, n := range []string{"title", "company", "location", "employment_type", "workplace", "salary"} {
			if form.Find(`input[name="`+n+`"]`).Length() != 1 {
				t.Errorf("correction field %s missing", n)
			}
		}
		for _, n := range []string{"description", "responsibilities", "requirements", "skills"} {
			if form.Find(`textarea[name="`+n+`"]`).Length() != 1 {
				t.Errorf("correction textarea %s missing", n)
			}
		}
		if form.Find(`textarea[name="requirements"]`).Text() != "Go\nSQL" || form.Find(`input[name="title"]`).AttrOr("aria-invalid", "") != "true" {
			t.Error("correction form values or errors wrong")
		}
		if count(doc, `[data-testid="job-saved"]`) != 1 || count(doc, `#cv-section`) != 1 || count(doc, `#letter-section`) != 1 {
			t.Error("saved notice or draft sections missing")
		}
	})
}

func TestCVSectionStates(t *testing.T) {
	cv := drafting.CV{Name: "Alice", Headline: "Engineer", Summary: "Builds Go services.", JobTitle: "Go Developer", Company: "Acme",
		Experience: []drafting.CVRole{{Company: "Acme", Title: "Engineer", StartDate: "2020-01", Highlights: []string{"Cut costs"}}},
		Skills:     []string{"Go"}}
	tests := []struct {
		name   string
		cv     *CVView
		want   []string // selectors that must match exactly once
		absent []string
	}{
		{"none", nil, []string{`button[data-testid="draft-cv"][hx-post="/jobs/3/cv"][hx-target="#cv-section"][hx-swap="outerHTML"]`}, []string{`[data-testid="cv-progress"]`}},
		{"running", &CVView{Status: models.StatusRunning}, []string{`[data-testid="cv-progress"][hx-get="/jobs/3/cv?busy=1"][hx-trigger="every 2s"][hx-target="#cv-section"]`,
			`[sse-connect="/jobs/3/events?what=cv"] [sse-swap="delta"]`, `[sse-connect="/jobs/3/events?what=cv"] [hx-trigger="sse:done"][hx-get="/jobs/3/cv"]`}, []string{`[data-testid="draft-cv"]`}},
		{"failed", &CVView{Status: models.StatusFailed, ErrorMessage: "Quota used up."}, []string{`[data-testid="cv-error"][role="alert"]`, `button[hx-post="/jobs/3/cv"][hx-vals*="force"]`,
			`button[data-testid="cv-use-offline"][hx-post="/jobs/3/cv"][hx-vals*="offline"]`}, []string{`[data-testid="cv-progress"]`}},
		{"done", &CVView{Status: models.StatusDone, CV: cv, Markdown: "# Alice", Offline: true, Edited: true}, []string{
			`[data-testid="cv-summary"]`, `textarea#cv-markdown`, `button[data-copy="#cv-markdown"][data-testid="copy-cv"]`,
			`a[href="/jobs/3/cv.md"][download]`, `[hx-get="/jobs/3/cv?edit=1"]`, `button[hx-post="/jobs/3/cv"][hx-confirm]`,
			`[data-testid="cv-offline"]`, `[data-testid="cv-edited"]`, `[data-testid="cv-tailored-for"]`,
		}, []string{`[data-testid="cv-edit-form"]`}},
		{"editing", &CVView{Status: models.StatusDone, CV: cv, Editing: true}, []string{
			`form[hx-post="/jobs/3/cv/edit"][hx-target="#cv-section"]`, `input[name="headline"]`, `textarea[name="summary"]`,
			`textarea[name="skills"]`, `textarea[name="experience.0.highlights"]`, `button[hx-get="/jobs/3/cv"]`,
		}, []string{`[data-testid="cv-summary"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := render(t, CVSection(page(alice), JobView{ID: 3, Status: models.StatusDone, CV: tt.cv}))
			if count(doc, `section#cv-section[data-testid="cv-section"]`) != 1 {
				t.Fatal("no section wrapper")
			}
			for _, sel := range tt.want {
				if n := count(doc, sel); n != 1 {
					t.Errorf("%s matched %d times", sel, n)
				}
			}
			for _, sel := range tt.absent {
				if n := count(doc, sel); n != 0 {
					t.Errorf("%s should be absent, matched %d", sel, n)
				}
			}
		})
	}
	doc, _ := render(t, CVSection(page(alice), JobView{ID: 3, CV: &CVView{Status: models.StatusDone, CV: cv, Markdown: "# Alice\n*x*"}}))
	// Copy takes plain text, never the Markdown.
	if doc.Find("#cv-markdown").Text() != CVPlainText(cv) || strings.Contains(doc.Find("#cv-markdown").Text(), "#") ||
		doc.Find(`[data-testid="cv-summary"]`).Text() != "Builds Go services." {
		t.Error("CV content not rendered as given")
	}
	if got := doc.Find(`[data-testid="cv-tailored-for"]`).Text(); !strings.Contains(got, "Tailored for Go Developer at Acme") {
		t.Errorf("tailored-for = %q", got)
	}
}

func TestLetterSectionStates(t *testing.T) {
	letter := drafting.Letter{Subject: "Application: Go Developer", Greeting: "Dear Acme team,",
		Paragraphs: []string{"One two three.", "Four five — six", "Seven"}, Closing: "Kind regards,", Signature: "Alice"}
	t.Run("none", func(t *testing.T) {
		doc, _ := render(t, LetterSection(page(alice), JobView{ID: 4, Tones: drafting.Tones}))
		btn := doc.Find(`button[data-testid="write-letter"]`)
		if strings.TrimSpace(btn.Text()) != "Write cover letter" || btn.AttrOr("hx-post", "") != "/jobs/4/letter" || btn.AttrOr("hx-target", "") != "#letter-section" {
			t.Errorf("write button wrong: %q", btn.Text())
		}
		if count(doc, `select[name="tone"] option`) != 3 || doc.Find(`option[selected]`).AttrOr("value", "") != drafting.ToneProfessional {
			t.Error("tones wrong")
		}
		if count(doc, `input[name="force"]`) != 0 {
			t.Error("first letter must not force")
		}
	})
	t.Run("running", func(t *testing.T) {
		doc, _ := render(t, LetterSection(page(alice), JobView{ID: 4, Letter: &LetterView{Status: models.StatusPending}}))
		if count(doc, `[data-testid="letter-progress"][hx-get="/jobs/4/letter?busy=1"][hx-trigger="every 2s"][hx-target="#letter-section"]`) != 1 {
			t.Error("no polling progress")
		}
		if count(doc, `[hx-ext="sse"][sse-connect="/jobs/4/events?what=letter"][sse-close="done"] [sse-swap="progress"]`) != 1 {
			t.Error("no live progress over SSE")
		}
	})
	t.Run("failed", func(t *testing.T) {
		doc, _ := render(t, LetterSection(page(alice), JobView{ID: 4, Letter: &LetterView{Status: models.StatusFailed, ErrorMessage: "Provider down.", Tone: "concise"}}))
		if doc.Find(`[data-testid="letter-error"]`).Text() != "Provider down." || count(doc, `input[name="force"][value="1"]`) != 1 {
			t.Error("error or retry missing")
		}
		if doc.Find(`option[selected]`).AttrOr("value", "") != "concise" {
			t.Error("tone of the failed letter not kept")
		}
	})
	t.Run("done", func(t *testing.T) {
		lv := &LetterView{Status: models.StatusDone, Tone: "enthusiastic", Letter: letter, Text: "full text", Problems: []string{"Too short."}}
		doc, _ := render(t, LetterSection(page(alice), JobView{ID: 4, Letter: lv, Tones: drafting.Tones}))
		paras := doc.Find(`p[data-testid="letter-paragraph"]`)
		if paras.Length() != 3 || paras.Eq(1).Text() != "Four five — six" {
			t.Errorf("paragraphs = %d", paras.Length())
		}
		want := 0
		for _, p := range letter.Paragraphs {
			want += drafting.CountWords(p)
		}
		if got := doc.Find(`[data-testid="letter-word-count"]`).Text(); got != strconv.Itoa(want) {
			t.Errorf("word count = %q, want %d", got, want)
		}
		if doc.Find(`[data-testid="letter-subject"]`).Text() != letter.Subject || doc.Find(`[data-testid="letter-greeting"]`).Text() != letter.Greeting {
			t.Error("subject or greeting wrong")
		}
		if c := doc.Find(`[data-testid="letter-closing"]`).Text(); !strings.Contains(c, "Kind regards,") || !strings.Contains(c, "Alice") {
			t.Errorf("closing = %q", c)
		}
		if !strings.Contains(doc.Find(`[data-testid="letter-problems"][role="status"]`).Text(), "Too short.") {
			t.Error("problems hidden")
		}
		if doc.Find("#letter-text").Text() != "full text" || count(doc, `button[data-copy="#letter-text"][data-testid="copy-letter"]`) != 1 ||
			count(doc, `a[href="/jobs/4/letter.txt"][download]`) != 1 || count(doc, `[hx-get="/jobs/4/letter?edit=1"]`) != 1 {
			t.Error("letter actions missing")
		}
		if strings.TrimSpace(doc.Find(`[data-testid="write-letter"]`).Text()) != "Rewrite" || count(doc, `input[name="force"][value="1"]`) != 1 ||
			doc.Find(`option[selected]`).AttrOr("value", "") != "enthusiastic" {
			t.Error("rewrite form wrong")
		}
	})
	t.Run("editing", func(t *testing.T) {
		lv := &LetterView{Status: models.StatusDone, Letter: letter, Editing: true}
		doc, _ := render(t, LetterSection(page(alice), JobView{ID: 4, Letter: lv}))
		form := doc.Find(`form[hx-post="/jobs/4/letter/edit"][hx-target="#letter-section"]`)
		for _, n := range []string{"subject", "greeting", "closing", "signature"} {
			if form.Find(`input[name="`+n+`"]`).Length() != 1 {
				t.Errorf("input %s missing", n)
			}
		}
		for i, n := range []string{"paragraph1", "paragraph2", "paragraph3"} {
			if form.Find(`textarea[name="`+n+`"]`).Text() != letter.Paragraphs[i] {
				t.Errorf("%s does not hold paragraph %d", n, i+1)
			}
		}
		if count(doc, `[data-testid="letter-paragraph"]`) != 0 || count(doc, `button[hx-get="/jobs/4/letter"]`) != 1 {
			t.Error("edit mode shows the letter or lacks cancel")
		}
	})
}

func TestSettingsPage(t *testing.T) {
	used := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	s := Settings{NewToken: "tlr_secretvalue", Tokens: []models.APIToken{{ID: 9, Name: "laptop", Last4: "abcd", LastUsedAt: &used}, {ID: 8, Name: "ci", Last4: "wxyz"}}}
	doc, _ := render(t, SettingsPage(page(alice), s))
	if doc.Find(`[data-testid="new-token"]`).AttrOr("value", "") != "tlr_secretvalue" || count(doc, `button[data-copy="#new-token"]`) != 1 {
		t.Error("new token box wrong")
	}
	rows := doc.Find(`[data-testid="token-row"]`)
	if rows.Length() != 2 || !strings.Contains(rows.Eq(0).Text(), "tlr_…abcd") || !strings.Contains(rows.Eq(1).Text(), "never") {
		t.Error("token rows wrong")
	}
	if count(doc, `form[action="/settings/tokens/9/delete"] input[name="_csrf"]`) != 1 || count(doc, `form[action="/settings/tokens"] input[name="name"]`) != 1 {
		t.Error("revoke or create form missing")
	}
	if !strings.Contains(doc.Find("pre").Text(), "Authorization: Bearer") {
		t.Error("no curl example")
	}
	doc, _ = render(t, SettingsPage(page(alice), Settings{Tokens: s.Tokens}))
	if count(doc, `[data-testid="new-token-box"]`) != 0 {
		t.Error("token box shown without a new token")
	}
}

func TestAdminPages(t *testing.T) {
	p := page(admin)
	p.Path = "/admin/users"
	doc, _ := render(t, AdminUsersPage(p, AdminUsers{Users: []models.User{*alice, *admin}, Plans: []string{"FREEMIUM", "PAYGO", "PRO_ANNUAL"}}))
	rows := doc.Find(`[data-testid="user-row"]`)
	if rows.Length() != 2 {
		t.Fatalf("user rows = %d", rows.Length())
	}
	r2 := rows.Eq(1)
	if r2.Find(`form[action="/admin/users/2"] input[name="_csrf"]`).Length() != 1 ||
		r2.Find(`select[name="plan"] option[selected]`).AttrOr("value", "") != "PRO_ANNUAL" ||
		r2.Find(`select[name="role"] option[selected]`).AttrOr("value", "") != "admin" {
		t.Error("admin row form wrong")
	}
	if doc.Find(`.subnav a[aria-current="page"]`).AttrOr("href", "") != "/admin/users" || count(doc, `.subnav a[href="/admin/routing"]`) != 1 {
		t.Error("admin subnav wrong")
	}

	log := AdminUsageLog{Filter: UsageLogFilter{Task: "cv_draft"}, Rows: []models.UsageRow{{Email: "ada@example.com", UsageLog: models.UsageLog{ID: 7, UserID: 1,
		TaskType: "cv_draft", Status: "error", CostMicros: 123, InputTokens: 10, OutputTokens: 20, LatencyMS: 42, Attempt: 2,
		RequestID: "0123456789abcdef", ErrorMessage: "timeout"}}}, First: true}
	doc, _ = render(t, AdminUsageLogPage(p, log))
	row := doc.Find(`[data-testid="usage-row"]`)
	if row.Length() != 1 || strings.TrimSpace(row.Find(`[data-testid="usage-cost"]`).Text()) != "$0.000123" ||
		!strings.Contains(row.Text(), "ada@example.com") || !strings.Contains(row.Text(), "timeout") ||
		row.Find(`a[href="/admin/usage/log/7"]`).Length() != 1 {
		t.Errorf("usage row wrong: %q", row.Text())
	}
	if doc.Find(`select[name="task"] option[selected]`).AttrOr("value", "") != "cv_draft" {
		t.Error("task filter not kept")
	}
	doc, _ = render(t, AdminUsageLogPage(p, AdminUsageLog{First: true}))
	if count(doc, `[data-testid="usage-empty"]`) != 1 {
		t.Error("no empty state")
	}
	doc, _ = render(t, AdminUsagePage(p, AdminUsage{Window: "24h"}))
	if count(doc, `[data-testid="usage-empty"]`) != 1 || count(doc, `a[data-testid="window-24h"][aria-current="page"]`) != 1 {
		t.Error("empty dashboard wrong")
	}
}

func TestErrorsAndEscaping(t *testing.T) {
	doc, html := render(t, ErrorPage(page(nil), 404, "There is no job 9. <script>x</script>"))
	if doc.Find(".error-status").Text() != "404" || !strings.Contains(doc.Find(`[data-testid="error"]`).Text(), "There is no job 9.") {
		t.Error("error page wrong")
	}
	if strings.Contains(html, "<script>x</script>") {
		t.Error("message not escaped")
	}
	doc, _ = render(t, ErrorFragment("Try again."))
	if doc.Find(`div.alert.error[role="alert"][data-testid="error"]`).Text() != "Try again." {
		t.Error("fragment wrong")
	}
}
