package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"tailor/apperr"
)

// ocrTimeout bounds one tesseract run; a screenshot takes a second or two.
const ocrTimeout = 60 * time.Second

// errNoOCR is returned when screenshots arrive and nothing can read them.
var errNoOCR = apperr.New(apperr.EUNAVAILABLE,
	"Screenshots need text recognition or an AI provider, and this server has neither. Paste the posting's text instead, or ask an admin to install tesseract-ocr on the server or add an AI provider key under Admin → Providers.")

// ocrAvailable reports whether the tesseract command is on PATH.
func ocrAvailable() bool {
	_, err := exec.LookPath("tesseract")
	return err == nil
}

// runOCR reads the text of an image with the tesseract command (no cgo),
// feeding the image on stdin and reading the text from stdout.
func runOCR(ctx context.Context, img []byte) (string, error) {
	path, err := exec.LookPath("tesseract")
	if err != nil {
		return "", errNoOCR
	}
	ctx, cancel := context.WithTimeout(ctx, ocrTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "stdin", "stdout")
	cmd.Stdin = bytes.NewReader(img)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", apperr.Wrap(ctx.Err(), apperr.EUNAVAILABLE, "Reading the screenshot took too long. Crop it to the posting and try again, or paste the text.")
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("tesseract: %w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return "", fmt.Errorf("tesseract: %w", err)
	}
	return cleanText(out.String()), nil
}
