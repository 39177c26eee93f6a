package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
	"tailor/profile"
)

// A hand-written profile and posting with the letters a document must keep.
const zoePosting = `Café Manager
Café Señor GmbH — Hamburg, Germany · Full-time

About the role
Café Señor GmbH runs four specialty coffee bars in Hamburg. We need a Café Manager to lead the team at our busiest site.

Responsibilities
- Lead a team of twelve baristas and plan the weekly rota
- Keep stock, waste and costs under control
- Train new staff on espresso and service

Requirements
- 3+ years running a café or bar
- Experience with rota planning and stock control
- German and English`

var zoeProfile = map[string]any{
	"basics": map[string]any{"name": "Zoë Müller-Łukasz", "label": "Café operations lead", "email": "zoe@example.org",
		"phone":    "+49 30 1234567",
		"summary":  "Operations lead with twelve years in specialty coffee across Germany, Poland and Türkiye.",
		"location": map[string]any{"address": "Straße des 17. Juni 135", "postalCode": "10623", "city": "Berlin", "countryCode": "DE"}},
	"work": []map[string]any{
		{"name": "Café Señor GmbH", "position": "Shift Lead", "startDate": "2021-03",
			"highlights": []string{"Cut the morning queue from 11 to 4 minutes", "Trained 14 baristas on espresso and service"}},
		{"name": "Bäckerei Größer & Söhne", "position": "Café Manager", "startDate": "2017-01", "endDate": "2021-02",
			"highlights": []string{"Planned the rota for a team of twelve", "Brought stock waste down 23% with a weekly stock sheet"}},
	},
	"education": []map[string]any{{"institution": "Hochschule für Wirtschaft und Recht Berlin", "studyType": "B.A.", "area": "Business"}},
	"skills":    []map[string]any{{"name": "Operations", "keywords": []string{"Rota planning", "Stock control", "Staff training"}}},
}

// zoeJob signs Zoë up, imports her profile and extracts the posting.
func zoeJob(t *testing.T, s *server) (*browser, string) {
	t.Helper()
	b := s.browser(t)
	b.register("Zoë", "zoe-docs@example.org", "long enough")
	doc, _ := json.Marshal(zoeProfile)
	tok := b.csrf("/profile")
	if resp, _ := b.postMultipart("/profile/import", map[string]string{"_csrf": tok}, "file", doc); resp.StatusCode != http.StatusOK {
		t.Fatalf("import profile: %d", resp.StatusCode)
	}
	tok = b.csrf("/jobs/new")
	resp, _ := b.postMultipart("/jobs", map[string]string{"_csrf": tok, "text": zoePosting}, "", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create job: %d", resp.StatusCode)
	}
	job := resp.Header.Get("Location")
	waitFor(t, b, job+"/body", `data-testid="job-title"`)
	return b, job
}

// fetch GETs path and returns the answer with its body read.
func (b *browser) fetch(path string, header ...string) (*http.Response, []byte) {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp := b.do(req)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

func bearerGet(t *testing.T, s *server, path, token string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.app.Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

// wantFile checks a download's status, type and file name.
func wantFile(t *testing.T, resp *http.Response, body []byte, contentType, name string) {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
		t.Errorf("Content-Type %q, want %q", ct, contentType)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="`+name+`"` {
		t.Errorf("Content-Disposition %q, want file %q", cd, name)
	}
}

// docxParagraphs reads the paragraph texts of a DOCX's document.xml.
func docxParagraphs(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a DOCX: %v", err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		var d struct {
			P []struct {
				T []string `xml:"r>t"`
			} `xml:"body>p"`
		}
		err := xml.NewDecoder(rc).Decode(&d)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range d.P {
			out = append(out, strings.Join(p.T, ""))
		}
		return out
	}
	t.Fatal("no word/document.xml")
	return nil
}

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	f := filepath.Join(t.TempDir(), "d.pdf")
	_ = os.WriteFile(f, b, 0o600)
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestDocumentDownloads(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		s := newServer(t, db, serverOptions{})
		b, job := zoeJob(t, s)
		jobID, _ := strconv.Atoi(strings.TrimPrefix(job, "/jobs/"))
		u, err := db.UserByEmail(ctx, "zoe-docs@example.org")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := db.CreateToken(ctx, u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}

		// The job page has a place for the documents; before any draft the
		// panel says what to do, and downloads say there is nothing yet.
		if _, d := b.get(job); d.Find(`[data-testid="documents-slot"]`).Length() != 1 {
			t.Fatal("the job page has no documents panel")
		}
		_, panel := b.fetch(job+"/documents", "HX-Request", "true")
		if !strings.Contains(string(panel), `data-testid="documents-empty"`) {
			t.Fatalf("empty panel:\n%s", panel)
		}
		resp, body := b.fetch(job + "/cv.pdf")
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "no finished CV yet") {
			t.Fatalf("cv.pdf before a draft: %d", resp.StatusCode)
		}
		resp, body = bearerGet(t, s, "/api/v1"+job+"/letter.pdf", token)
		var e apiError
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(e.Error.Message, "POST /api/v1/cover-letter/generate") {
			t.Fatalf("API letter.pdf before a letter: %d %s", resp.StatusCode, body)
		}

		// Draft both.
		tok := b.csrf(job)
		b.htmxPost(job+"/cv", tok, nil)
		b.htmxPost(job+"/letter", tok, url.Values{"tone": {"professional"}})
		waitFor(t, b, job+"/letter", `data-testid="letter-word-count"`)
		waitFor(t, b, job+"/cv", `data-testid="cv-summary"`)
		letter, err := db.LatestCoverLetter(ctx, u.ID, uint(jobID))
		if err != nil || letter == nil {
			t.Fatal(err)
		}

		const base = "Zoe-Mueller-Lukasz-CV-Cafe-Senor-GmbH-Cafe-Manager"
		resp, body = b.fetch(job + "/cv.pdf")
		wantFile(t, resp, body, "application/pdf", base+".pdf")
		if !bytes.HasPrefix(body, []byte("%PDF-")) || !bytes.Contains(body, []byte("/MediaBox [0 0 595.28 841.89]")) {
			t.Error("cv.pdf is not an A4 PDF (the profile is in Germany)")
		}
		if text := pdfText(t, body); text != "" && (!strings.Contains(text, "Zoë Müller-Łukasz") || !strings.Contains(text, "Bäckerei Größer & Söhne")) {
			t.Errorf("cv.pdf text:\n%s", text)
		}
		resp, body = b.fetch(job + "/cv.docx")
		wantFile(t, resp, body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", base+".docx")
		if ps := docxParagraphs(t, body); len(ps) < 5 || ps[0] != "Zoë Müller-Łukasz" {
			t.Errorf("cv.docx paragraphs: %q", ps)
		}
		resp, body = b.fetch(job + "/cv.md")
		wantFile(t, resp, body, "text/markdown", base+".md")
		if !strings.HasPrefix(string(body), "# Zoë Müller-Łukasz") {
			t.Errorf("cv.md:\n%s", body)
		}
		resp, body = b.fetch(job + "/cv.json")
		wantFile(t, resp, body, "application/json", base+".json")
		r, err := profile.Parse(body)
		if err != nil || r.Basics.Name != "Zoë Müller-Łukasz" || r.Basics.Location.City != "Berlin" || len(r.Work) != 2 {
			t.Errorf("cv.json: %v %+v", err, r)
		}

		const lbase = "Zoe-Mueller-Lukasz-Cover-Letter-Cafe-Senor-GmbH-Cafe-Manager"
		resp, body = b.fetch(job + "/letter.docx")
		wantFile(t, resp, body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", lbase+".docx")
		ps := strings.Join(docxParagraphs(t, body), "\n")
		if !strings.Contains(ps, strings.Join(letter.Content.Paragraphs, "\n")) || !strings.Contains(ps, "Café Señor GmbH\nHamburg") {
			t.Errorf("letter.docx paragraphs:\n%s\nwant the letter's:\n%q", ps, letter.Content.Paragraphs)
		}
		resp, body = b.fetch(job + "/letter.pdf")
		wantFile(t, resp, body, "application/pdf", lbase+".pdf")
		if text := pdfText(t, body); text != "" && !strings.Contains(text, strings.Join(strings.Fields(letter.Content.Paragraphs[1]), " ")) {
			t.Errorf("letter.pdf text lacks the second paragraph:\n%s", text)
		}
		resp, body = b.fetch(job + "/letter.txt")
		wantFile(t, resp, body, "text/plain", lbase+".txt")

		// The same files through the API with a bearer token.
		resp, body = bearerGet(t, s, "/api/v1"+job+"/cv.pdf", token)
		wantFile(t, resp, body, "application/pdf", base+".pdf")
		resp, body = bearerGet(t, s, "/api/v1"+job+"/letter.docx", token)
		wantFile(t, resp, body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", lbase+".docx")
		resp, body = bearerGet(t, s, "/api/v1"+job+"/cv.json", token)
		wantFile(t, resp, body, "application/json", base+".json")
		if resp, _ := bearerGet(t, s, "/api/v1"+job+"/cv.exe", token); resp.StatusCode != http.StatusNotFound {
			t.Errorf("cv.exe: %d", resp.StatusCode)
		}

		// Choosing a template (as the picker does) is remembered and used.
		resp, html := b.htmxPost(job+"/documents", tok, url.Values{"template": {"modern"}, "paper": {"letter"}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(html, `data-template="modern"`) || !strings.Contains(html, "doc-modern") {
			t.Fatalf("choose template: %d\n%s", resp.StatusCode, html)
		}
		if p, _ := db.DocumentPreferenceOf(ctx, u.ID); p.Template != "modern" || p.Paper != "letter" {
			t.Fatalf("preference = %+v", p)
		}
		_, body = b.fetch(job + "/cv.pdf")
		if !bytes.Contains(body, []byte("/MediaBox [0 0 612.00 792.00]")) {
			t.Error("the chosen US Letter paper is not used")
		}
		_, body = b.fetch(job + "/cv.pdf?paper=a4&template=compact")
		if !bytes.Contains(body, []byte("/MediaBox [0 0 595.28 841.89]")) {
			t.Error("?paper=a4 is not used")
		}
		resp, html = b.htmxPost(job+"/documents", tok, url.Values{"template": {"fancy"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(html, "classic, modern, compact") {
			t.Errorf("unknown template: %d %s", resp.StatusCode, html)
		}
		if resp, body := b.fetch(job + "/cv.pdf?paper=b5"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "a4, letter or auto") {
			t.Errorf("?paper=b5: %d", resp.StatusCode)
		}
		if resp, body := b.fetch(job + "/cv.pdf?template=fancy"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("?template=fancy: %d %s", resp.StatusCode, body)
		}

		// The panel: previews in the chosen template, links, plain text to copy.
		_, d := b.get(job + "/documents")
		if d.Find(`[data-testid="template-modern"]`).AttrOr("checked", "no") == "no" {
			t.Error("the remembered template is not checked")
		}
		if got := d.Find(`[data-testid="documents-cv"] [data-testid="doc-preview"] .b-name`).Text(); got != "Zoë Müller-Łukasz" {
			t.Errorf("preview name %q", got)
		}
		if href := d.Find(`[data-testid="download-cv-pdf"]`).AttrOr("href", ""); href != job+"/cv.pdf?template=modern" {
			t.Errorf("PDF link %q", href)
		}
		plain := d.Find(`#cv-plain`).Text()
		if !strings.HasPrefix(plain, "Zoë Müller-Łukasz\n") || strings.Contains(plain, "#") || strings.Contains(plain, "**") {
			t.Errorf("Copy text is not clean plain text:\n%s", plain)
		}

		// The print view.
		resp, d = b.get(job + "/cv/print?autoprint=1")
		if resp.StatusCode != http.StatusOK || d.Find(`body[data-autoprint]`).Length() != 1 ||
			!strings.Contains(d.Find(`[data-testid="doc-preview"]`).Text(), "Bäckerei Größer & Söhne") {
			t.Errorf("print view: %d", resp.StatusCode)
		}
		if resp, _ := b.get(job + "/letter/print"); resp.StatusCode != http.StatusOK {
			t.Errorf("letter print view: %d", resp.StatusCode)
		}

		// Another person sees none of it.
		other := s.browser(t)
		other.register("Eve", "eve-docs@example.org", "long enough")
		for _, p := range []string{"/cv.pdf", "/cv.docx", "/cv.json", "/cv.md", "/letter.pdf", "/letter.docx", "/letter.txt", "/documents", "/cv/print"} {
			if resp, _ := other.fetch(job + p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("another person's %s: %d, want 404", p, resp.StatusCode)
			}
		}
		eve := s.apiUser(t, "eve-api-docs@example.org")
		if resp, _ := bearerGet(t, s, "/api/v1"+job+"/cv.pdf", eve); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another person's API cv.pdf: %d, want 404", resp.StatusCode)
		}
		if resp, _ := bearerGet(t, s, "/api/v1"+job+"/cv.pdf", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("API without a token: %d, want 401", resp.StatusCode)
		}
	})
}
