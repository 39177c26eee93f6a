package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig for JPEG screenshots
	_ "image/png"  // DecodeConfig for PNG screenshots
	"strings"

	_ "golang.org/x/image/webp" // DecodeConfig for WebP screenshots

	"tailor/apperr"
	"tailor/orchestrator"
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

// extractImage checks the upload, asks whether it is a job ad, then
// extracts the posting from it.
func (e *Extractor) extractImage(ctx context.Context, userID uint, src Source, force bool) (Posting, error) {
	mime, err := checkImage(src.Image, e.opts.MaxUploadBytes)
	if err != nil {
		return Posting{}, err
	}
	in := ExtractInput{Image: src.Image, ImageMIME: mime}
	resp, err := e.gen.Generate(ctx, orchestrator.Request{
		UserID: userID, Task: orchestrator.TaskImageValidation, System: imageValidationSystem,
		Prompt: "Is this image a job advertisement? Answer in JSON.", Schema: imageValidationSchema(),
		Input: in, Image: src.Image, ImageMIME: mime, Force: force,
	})
	if err != nil {
		return Posting{}, err
	}
	raw, err := extractJSONObject(resp.Text)
	var v imageVerdict
	if err == nil {
		err = json.Unmarshal(raw, &v)
	}
	if err != nil {
		return Posting{}, apperr.Wrap(err, apperr.EBADGATEWAY, "The AI answer about the image could not be read. Please try again, or paste the posting's text.")
	}
	if !v.IsJobAd {
		reason := strings.TrimSuffix(strings.TrimSpace(v.Reason), ".")
		if reason == "" {
			reason = "Tailor found no job title, duties or requirements in it"
		}
		return Posting{}, apperr.New(apperr.EUNPROCESSABLE, "This image doesn't look like a job ad (%s). Upload a screenshot of the posting itself, or paste its text.", reason)
	}
	in.Text = truncateUTF8(strings.TrimSpace(v.Text), e.opts.MaxTextBytes)
	return e.runModel(ctx, userID, in, force, "This image doesn't look like a job ad: Tailor found no job title, duties or requirements in it. Upload a screenshot of the posting itself, or paste its text.")
}
