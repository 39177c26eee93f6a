package jobs

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"strings"
	"testing"
)

// hugeScreenshot is a 6000×6000 PNG of mostly white with dark bars: small
// as a file (it compresses), large in pixels.
func hugeScreenshot(t testing.TB) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 6000, 6000))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := 200; y < 6000; y += 300 {
		for x := 300; x < 5000; x++ {
			for dy := 0; dy < 40; dy++ {
				img.SetGray(x, y+dy, color.Gray{Y: 0x20})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestShrinkForOCR(t *testing.T) {
	big := hugeScreenshot(t)
	out, err := shrinkForOCR(big)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != ocrMaxSide || cfg.Height != ocrMaxSide {
		t.Fatalf("shrunk to %d×%d, want %d on the long side", cfg.Width, cfg.Height, ocrMaxSide)
	}
	small := image.NewGray(image.Rect(0, 0, 800, 600))
	var buf bytes.Buffer
	_ = png.Encode(&buf, small)
	if out, _ := shrinkForOCR(buf.Bytes()); !bytes.Equal(out, buf.Bytes()) {
		t.Fatal("a screen-sized image was re-encoded")
	}
}

// A 6000×6000 PNG is read by tesseract in well under 300 MB, one at a time.
func TestOCRMemoryOfAHugeImage(t *testing.T) {
	path, err := exec.LookPath("tesseract")
	if err != nil {
		t.Skip("SKIPPED: no tesseract")
	}
	release, err := acquireOCR(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	img, err := shrinkForOCR(hugeScreenshot(t))
	if err != nil {
		t.Fatal(err)
	}
	// runTesseract does these same steps; this runs them by hand to read
	// the child's peak memory.
	cmd := exec.Command(path, "stdin", "stdout", "tsv")
	limitOCR(cmd)
	cmd.Stdin = bytes.NewReader(img)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tesseract: %v: %s", err, out)
	}
	peak := peakRSS(cmd)
	t.Logf("tesseract peak RSS on a 6000×6000 PNG: %d MB", peak>>20)
	if peak == 0 || peak > 300<<20 {
		t.Fatalf("tesseract used %d MB, want under 300", peak>>20)
	}
	// A second caller waits for the slot instead of starting another.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := acquireOCR(ctx); err == nil {
		t.Fatal("a second OCR started while one held the slot")
	}
}

// The whole path: a 6000×6000 image goes through runTesseract (shrunk,
// one at a time, limited) and comes back as layout rows.
func TestRunTesseractOnAHugeImage(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("SKIPPED: no tesseract")
	}
	out, err := runTesseract(context.Background(), hugeScreenshot(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "level\t") {
		t.Fatalf("not tesseract's TSV: %.80q", out)
	}
}
