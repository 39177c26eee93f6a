package jobs

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig for JPEG screenshots
	_ "image/png"  // DecodeConfig for PNG screenshots
	"log/slog"
	"strings"

	_ "golang.org/x/image/webp" // DecodeConfig for WebP screenshots

	"tailor/apperr"
)

// Limits against decompression bombs: a small file can claim a huge canvas.
const (
	maxImagePixels = 40_000_000
	maxImageSide   = 12_000
)

// sniffImage returns the real type of an upload from its first bytes; the
// MIME type a client declares is not trusted.
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

// checkImage validates an upload before any model sees it: its real type,
// its size in bytes and its size in pixels.
func checkImage(b []byte, maxBytes int64) (string, error) {
	if int64(len(b)) > maxBytes {
		return "", apperr.New(apperr.ETOOLARGE, "The image is %s; the limit is %s. Crop it to the posting, or paste the text instead.",
			formatMB(int64(len(b))), formatMB(maxBytes))
	}
	mime := sniffImage(b)
	if mime == "" {
		return "", apperr.New(apperr.EINVALID, "This file isn't a PNG, JPEG or WebP image. Upload a screenshot in one of those formats, or paste the posting's text.")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return "", apperr.Wrap(err, apperr.EINVALID, "This image could not be read; it may be damaged. Take the screenshot again, or paste the posting's text.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImageSide || cfg.Height > maxImageSide ||
		int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return "", apperr.New(apperr.ETOOLARGE, "The image is %d×%d pixels, more than Tailor reads (at most %d pixels a side and %d megapixels). Crop it to the posting, or paste the text.",
			cfg.Width, cfg.Height, maxImageSide, maxImagePixels/1_000_000)
	}
	return mime, nil
}

func formatMB(n int64) string {
	mb := float64(n) / (1 << 20)
	if mb < 10 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", mb), ".0") + " MB"
	}
	return fmt.Sprintf("%.0f MB", mb)
}

// imageVerdict is the answer of the image_validation task.
type imageVerdict struct {
	IsJobAd bool   `json:"is_job_ad"`
	Reason  string `json:"reason"`
	Text    string `json:"text"`
}

// extractImage checks the upload and extracts the posting from it in ONE
// model call: the extraction answer says whether the image is a job ad
// (is_job_posting) and, when it is, what the job is. When tesseract is
// installed the screenshot is read here first, so a model's answer can be
// checked against the text the image really shows, and the offline
// provider reads the layout without running tesseract twice.
func (e *Extractor) extractImage(ctx context.Context, userID uint, src Source, force bool) (Posting, error) {
	mime, err := checkImage(src.Image, e.opts.MaxUploadBytes)
	if err != nil {
		return Posting{}, err
	}
	in := ExtractInput{Image: src.Image, ImageMIME: mime}
	if ocrAvailable() {
		s, err := readScreenshot(ctx, src.Image)
		if err != nil {
			// A model can still read the image; the offline provider will
			// say what went wrong when it tries again.
			slog.WarnContext(ctx, "screenshot OCR failed", "err", err)
		} else {
			in.Screen = &s
			in.Text = truncateUTF8(s.Text, e.opts.MaxTextBytes)
		}
	}
	return e.runModelRefusing(ctx, userID, in, force, imageNotJob)
}

// imageNotJob is the refusal of an image that is not a job ad, with the
// reason the model or the offline reader gave.
func imageNotJob(reason string) string {
	reason = strings.TrimSuffix(strings.TrimSpace(reason), ".")
	if reason == "" {
		reason = "Tailor found no job title, duties or requirements in it"
	}
	return fmt.Sprintf("This image doesn't look like a job ad (%s). Upload a screenshot of the posting itself, or paste its text.", reason)
}
