package jobs

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os/exec"
	"strconv"
	"syscall"

	// Decoders for the formats people upload.
	_ "image/gif"
	_ "image/jpeg"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"tailor/apperr"
)

// OCR limits: tesseract's memory grows with the pixels it is given (a
// 6000×6000 PNG took 477 MB, and four at once 1.87 GB), so each instance
// runs one tesseract at a time on an image no longer than ocrMaxSide on its
// long side; that is ample for text set at screen sizes.
const (
	ocrMaxSide = 2500
	// ocrMaxPixels refuses images whose decoding alone would be costly.
	ocrMaxPixels = 80_000_000
	// ocrMemLimit caps tesseract's address space, so a pathological image
	// fails on its own instead of starving the server.
	ocrMemLimit = 1 << 30
)

// ocrSlots lets one tesseract run at a time per instance.
var ocrSlots = make(chan struct{}, 1)

// acquireOCR waits for the OCR slot or the context; release it after.
func acquireOCR(ctx context.Context) (release func(), err error) {
	select {
	case ocrSlots <- struct{}{}:
		return func() { <-ocrSlots }, nil
	case <-ctx.Done():
		return nil, apperr.Wrap(ctx.Err(), apperr.EUNAVAILABLE, "The server is busy reading other screenshots. Try again in a minute, or paste the posting's text.")
	}
}

// shrinkForOCR returns img as a PNG no longer than ocrMaxSide on its long
// side; a smaller image is returned as it came.
func shrinkForOCR(img []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		// tesseract reads formats Go does not (TIFF, BMP); let it try.
		return img, nil
	}
	if cfg.Width*cfg.Height > ocrMaxPixels {
		return nil, apperr.New(apperr.ETOOLARGE, "That image is %d×%d pixels, too large to read. Crop the screenshot to the posting (or take it at normal screen size) and try again.", cfg.Width, cfg.Height)
	}
	long := max(cfg.Width, cfg.Height)
	if long <= ocrMaxSide {
		return img, nil
	}
	src, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return img, nil
	}
	scale := float64(ocrMaxSide) / float64(long)
	w, h := max(1, int(float64(cfg.Width)*scale)), max(1, int(float64(cfg.Height)*scale))
	dst := image.NewGray(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// limitOCR makes tesseract single-threaded (its OpenMP threads each take
// memory and the server has other work) and caps its memory.
func limitOCR(cmd *exec.Cmd) {
	cmd.Env = append(cmd.Environ(), "OMP_THREAD_LIMIT=1")
	if p, err := exec.LookPath("prlimit"); err == nil {
		// prlimit (util-linux) sets RLIMIT_AS on the command it starts.
		cmd.Args = append([]string{p, "--as=" + strconv.Itoa(ocrMemLimit), "--"}, cmd.Args...)
		cmd.Path = p
	}
}

// peakRSS is the largest resident memory a finished command used, in bytes.
func peakRSS(cmd *exec.Cmd) int64 {
	if cmd.ProcessState == nil {
		return 0
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024 // kilobytes on Linux
	}
	return 0
}
