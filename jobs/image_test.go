package jobs

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"tailor/apperr"
	"tailor/billing"
	"tailor/orchestrator"
)

// renderText draws lines of text in black on white with the basic 7×13
// font, scaled up so OCR reads it like a screenshot.
func renderText(t testing.TB, lines []string, scale int) []byte {
	t.Helper()
	w, h := 0, 20+len(lines)*18
	for _, l := range lines {
		w = max(w, 20+len(l)*7)
	}
	small := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(small, small.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.Black, Face: basicfont.Face7x13}
	for i, l := range lines {
		d.Dot = fixed.P(10, 22+i*18)
		d.DrawString(l)
	}
	big := image.NewRGBA(image.Rect(0, 0, w*scale, h*scale))
	draw.CatmullRom.Scale(big, big.Bounds(), small, small.Bounds(), draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, big); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// photo draws smooth colour gradients with no text, like a photo.
func photo(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := 0; y < 300; y++ {
		for x := 0; x < 400; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / 400), uint8(y * 255 / 300), uint8((x + y) % 256), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngWithSize returns a PNG whose header claims w×h pixels: DecodeConfig
// reads only the header, which is what a decompression bomb abuses.
func pngWithSize(t testing.TB, w, h uint32) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// signature (8) + length (4) + "IHDR" (4), then width and height.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// webpHeader is a minimal lossless WebP of 1×1 pixels.
func webpHeader() []byte {
	vp8l := []byte{0x2f, 0, 0, 0, 0}
	b := []byte("RIFF\x00\x00\x00\x00WEBPVP8L")
	b = binary.LittleEndian.AppendUint32(b, uint32(len(vp8l)))
	b = append(b, vp8l...)
	b = append(b, 0) // pad to even
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
	return b
}

func TestCheckImage(t *testing.T) {
	jpg := photo(t)
	tests := []struct {
		name     string
		data     []byte
		maxBytes int64
		mime     string
		code     string
		msg      string
	}{
		{"png", renderText(t, []string{"hello"}, 1), 1 << 20, "image/png", "", ""},
		{"jpeg", jpg, 1 << 20, "image/jpeg", "", ""},
		{"webp", webpHeader(), 1 << 20, "image/webp", "", ""},
		{"gif is refused", []byte("GIF89a\x01\x00\x01\x00"), 1 << 20, "", apperr.EINVALID, "isn't a PNG, JPEG or WebP"},
		{"html named .png", []byte("<html>hi</html>"), 1 << 20, "", apperr.EINVALID, "isn't a PNG"},
		{"too many bytes", jpg, 100, "", apperr.ETOOLARGE, "the limit is"},
		{"decompression bomb", pngWithSize(t, 20000, 20000), 1 << 20, "", apperr.ETOOLARGE, "20000×20000 pixels"},
		{"too many pixels", pngWithSize(t, 8000, 8000), 1 << 20, "", apperr.ETOOLARGE, "megapixels"},
		{"truncated png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), 1 << 20, "", apperr.EINVALID, "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mime, err := checkImage(tt.data, tt.maxBytes)
			if tt.code == "" {
				if err != nil || mime != tt.mime {
					t.Fatalf("checkImage = %q, %v; want %q", mime, err, tt.mime)
				}
				return
			}
			if apperr.Code(err) != tt.code || !strings.Contains(apperr.Message(err), tt.msg) {
				t.Errorf("err = %v, want %s containing %q", err, tt.code, tt.msg)
			}
		})
	}
}

func TestExtractImageUsesRealType(t *testing.T) {
	jpg := photo(t)
	gen := &fakeGen{fn: func(req orchestrator.Request) (orchestrator.Response, error) {
		return orchestrator.Response{Text: `{"is_job_posting": true, "title": "Chef", "company": "Diner", "description": "Cook."}`}, nil
	}}
	ex := NewExtractor(gen, nil, ExtractorOptions{})
	p, err := ex.Extract(context.Background(), 3, Source{Image: jpg, ImageMIME: "image/png"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Chef" || p.Sources["title"] != SourceAI {
		t.Errorf("posting = %+v", p)
	}
	// One vision call validates and extracts: no image_validation call.
	if len(gen.reqs) != 1 || gen.reqs[0].Task != billing.TaskExtraction {
		t.Fatalf("requests = %d, want one extraction call", len(gen.reqs))
	}
	r := gen.reqs[0]
	if r.ImageMIME != "image/jpeg" || !bytes.Equal(r.Image, jpg) {
		t.Errorf("request: mime %q, image %d bytes", r.ImageMIME, len(r.Image))
	}
	if !strings.Contains(r.System, "is_job_posting") || !strings.Contains(r.System, "side columns") {
		t.Errorf("system prompt lacks the validation rules: %q", r.System)
	}

	// A model that says "not a job ad" stops the extraction with its reason.
	gen.fn = func(orchestrator.Request) (orchestrator.Response, error) {
		return orchestrator.Response{Text: `{"is_job_posting": false, "not_job_reason": "It is a photo of a cat."}`}, nil
	}
	_, err = ex.Extract(context.Background(), 3, Source{Image: jpg}, false)
	if apperr.Code(err) != apperr.EUNPROCESSABLE || !strings.Contains(apperr.Message(err), "doesn't look like a job ad (It is a photo of a cat)") {
		t.Errorf("err = %v", err)
	}
}

func requireOCR(t *testing.T) {
	if !ocrAvailable() {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract is not installed; CI must run the OCR tests")
		}
		t.Skip("tesseract not installed")
	}
}

func TestBuiltinScreenshotOCR(t *testing.T) {
	requireOCR(t)
	ad := renderText(t, []string{
		"Senior Backend Engineer",
		"Acme Robotics - Austin, TX",
		"Full-time   Hybrid",
		"$140,000/yr - $180,000/yr",
		"",
		"Responsibilities",
		"- Design and build APIs in Go",
		"- Run PostgreSQL and Kubernetes in production",
		"Requirements",
		"- 5+ years of backend experience",
		"Apply on our careers page.",
	}, 3)
	ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
	p, err := ex.Extract(context.Background(), 1, Source{Image: ad, ImageMIME: "image/png"}, false)
	if err != nil {
		t.Fatal(err)
	}
	// The bitmap font's comma is tiny and OCR may misread the state code, so
	// only the city is checked.
	if !strings.HasPrefix(p.Location, "Austin, ") {
		t.Errorf("location = %q, want Austin, ...", p.Location)
	}
	checkPosting(t, p, want{title: "Senior Backend Engineer", company: "Acme Robotics", workplace: "hybrid", employment: "Full-time",
		currency: "USD", period: "year", min: fp(140000), max: fp(180000), seniority: "senior",
		sources: map[string]string{"title": SourcePage}})

	_, err = ex.Extract(context.Background(), 1, Source{Image: photo(t)}, false)
	if apperr.Code(err) != apperr.EUNPROCESSABLE || !strings.Contains(apperr.Message(err), "doesn't look like a job ad") {
		t.Errorf("photo: err = %v, want EUNPROCESSABLE", err)
	}
}

func TestBuiltinScreenshotWithoutOCR(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
	_, err := ex.Extract(context.Background(), 1, Source{Image: renderText(t, []string{"Chef"}, 1)}, false)
	if apperr.Code(err) != apperr.EUNAVAILABLE || !strings.Contains(apperr.Message(err), "tesseract-ocr") ||
		!strings.Contains(apperr.Message(err), "AI provider") {
		t.Errorf("err = %v, want EUNAVAILABLE with how to enable screenshots", err)
	}
}

func TestImageJobSignals(t *testing.T) {
	tests := []struct {
		text string
		job  bool
	}{
		{"Data Engineer II\nMicrosoft - Redmond, WA\nBase pay range\n$100,600.00/yr - $215,400.00/yr\nMicrosoft is looking for an engineer with experience in data", true},
		{"", false},
		{"Menu Home Settings Profile Logout Notifications Help Search", false},
		{"The quick brown fox jumps over the lazy dog while the cat sleeps by the warm fire tonight", false},
	}
	for _, tt := range tests {
		score, reason := imageJobSignals(tt.text)
		if (score >= 4) != tt.job {
			t.Errorf("imageJobSignals(%q) = %d (%s), want job=%v", tt.text, score, reason, tt.job)
		}
	}
}
