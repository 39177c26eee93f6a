package handlers_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
)

// sharedImage reads a screenshot from ../shared/testdata, skipping when the
// folder is absent (it is not part of the repository).
func sharedImage(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata", "images", name))
	if err != nil {
		t.Skipf("shared testdata not present: %v", err)
	}
	return b
}

func requireTesseract(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract is required under CI=true")
		}
		t.Skip("SKIPPED: tesseract is not installed; the offline screenshot path needs it")
	}
}

func TestScreenshotBecomesAJobOffline(t *testing.T) {
	requireTesseract(t)
	ad := sharedImage(t, "linkedin_microsoft_data_engineer_ii_panel.png")
	photo := sharedImage(t, "skimage_coffee.png")
	db := dbtest.Open(t, "sqlite")
	s := newServer(t, db, serverOptions{})
	tok := s.apiUser(t, "shot@example.com")

	var job map[string]any
	code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok,
		map[string]any{"image_base64": base64.StdEncoding.EncodeToString(ad), "mime_type": "image/png"}, &job)
	if code != http.StatusOK {
		t.Fatalf("job ad screenshot: %d %v", code, job)
	}
	if job["title"] != "Data Engineer II" || job["company"] != "Microsoft" {
		t.Errorf("screenshot extracted as %q at %q", job["title"], job["company"])
	}

	var e apiError
	code = s.api(t, "POST", "/api/v1/job-extractor/extract", tok,
		map[string]any{"image_base64": base64.StdEncoding.EncodeToString(photo), "mime_type": "image/png"}, &e)
	if code != http.StatusUnprocessableEntity || e.Error.Code != "unprocessable" {
		t.Fatalf("photo: %d %+v, want 422", code, e)
	}
	if n := count(t, db, "extracted_job_data"); n != 1 {
		t.Fatalf("jobs = %d, want only the screenshot's", n)
	}
}

func TestUploadsThatAreRefused(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{}) // upload limit: 1 MiB
		b := s.browser(t)
		b.register("Ida", "ida@example.com", "long enough")
		tok := b.csrf("/jobs/new")

		big := bytes.Repeat([]byte{0}, 1<<20+10)
		copy(big, "\x89PNG\r\n\x1a\n")
		resp, d := b.postMultipart("/jobs", map[string]string{"_csrf": tok}, "image", big)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(d.Text(), "paste the text") {
			t.Fatalf("oversized upload: %d %q", resp.StatusCode, d.Find("[role=alert]").Text())
		}
		resp, d = b.postMultipart("/jobs", map[string]string{"_csrf": tok}, "image", []byte("%PDF-1.7 not an image"))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(d.Text(), "PNG, JPEG or WebP") {
			t.Fatalf("pdf upload: %d %q", resp.StatusCode, d.Find("[role=alert]").Text())
		}
		// A decompression bomb: tiny file, huge declared dimensions.
		var buf bytes.Buffer
		img := image.NewGray(image.Rect(0, 0, 1, 1))
		img.Set(0, 0, color.White)
		_ = png.Encode(&buf, img)
		bomb := buf.Bytes()
		// Rewrite the IHDR width and height to 60000 x 60000.
		ihdr := bytes.Index(bomb, []byte("IHDR")) + 4
		copy(bomb[ihdr:], []byte{0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60})
		resp, d = b.postMultipart("/jobs", map[string]string{"_csrf": tok}, "image", bomb)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Fatalf("decompression bomb: %d %q", resp.StatusCode, d.Find("[role=alert]").Text())
		}
		if n := count(t, db, "extracted_job_data"); n != 0 {
			t.Fatalf("jobs = %d after refused uploads, want 0", n)
		}
	})
}
