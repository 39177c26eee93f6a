package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tailor/apperr"
)

// Class says what the orchestrator should do after a failed attempt. It is
// stored in Usage.ErrorClass so the admin pages can tell an outage from a
// bad key.
type Class string

const (
	// ClassNone is the class of a nil error.
	ClassNone Class = ""
	// ClassRetryable failures may pass on their own: 429, 5xx (Anthropic's
	// 529 too), timeouts, refused or reset connections. The same link is tried
	// again after a backoff.
	ClassRetryable Class = "retryable"
	// ClassFatal failures will not pass by retrying the same link: a 400, a
	// schema the provider rejects. Providers differ in what they accept, so
	// the next link is tried. An answer that is not the JSON asked for is
	// fatal too, but models slip, so it is asked for once more first.
	ClassFatal Class = "fatal"
	// ClassAuth failures say the link cannot serve anyone: a bad or revoked
	// key, no permission, no credit left. The link's circuit opens at once.
	ClassAuth Class = "auth"
	// ClassContent is an *apperr.Error returned by a provider: its verdict on
	// the content (a login wall, an image that is not a job ad). No other
	// provider will do better, so Generate returns it as it is.
	ClassContent Class = "content"
	// ClassInvalid is an answer the caller's Request.Validate refused (not
	// the JSON asked for): asked for once more at the same link, then the
	// next link is tried.
	ClassInvalid Class = "invalid"
	// ClassCanceled is the caller's context ending; nothing else is tried.
	ClassCanceled Class = "canceled"
)

// Error is a failed provider call with what Generate needs to decide
// the next step. Providers built by this package return it; Classify also
// understands raw SDK errors so a hand-written Provider may return those.
type Error struct {
	Class Class
	// StatusCode is the HTTP status the provider answered, 0 when none.
	StatusCode int
	// RetryAfter is how long the provider asked us to wait, 0 when it did not say.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.StatusCode != 0 {
		return fmt.Sprintf("%s (HTTP %d): %v", e.Class, e.StatusCode, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Class, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrMalformed marks an answer that came back but cannot be used.
var ErrMalformed = errors.New("malformed answer")

// Unusable reports whether err, from Generate, means the providers answered
// but no answer was usable (not the JSON asked for, or refused by
// Request.Validate): the caller may fall back to writing it offline.
func Unusable(err error) bool {
	var pe *Error
	return errors.Is(err, ErrMalformed) || errors.As(err, &pe) && pe.Class == ClassInvalid
}

// malformed returns a fatal error for an unusable answer.
func Malformed(format string, args ...any) error {
	return &Error{Class: ClassFatal, Err: fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))}
}

// Classify tells the class of err: nil is ClassNone, a *Error keeps
// its class, SDK errors are sorted by status and error type, network
// failures and deadlines are retryable, and anything unknown is fatal (it is
// not worth retrying what we do not understand, but another link may work).
func Classify(err error) Class {
	c, _, _ := Inspect(err)
	return c
}

// Classifier sorts the raw errors of one SDK: ok is false for an error
// that is not the SDK's.
type Classifier func(err error) (class Class, status int, retryAfter time.Duration, ok bool)

var classifiers []Classifier

// RegisterClassifier adds an SDK's Classifier; each adapter package
// registers its own in init, so Classify understands the raw errors of
// every SDK linked in (a hand-written Provider may return those).
func RegisterClassifier(c Classifier) { classifiers = append(classifiers, c) }

// Inspect returns the class, the HTTP status and the Retry-After of err.
func Inspect(err error) (Class, int, time.Duration) {
	if err == nil {
		return ClassNone, 0, 0
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Class, pe.StatusCode, pe.RetryAfter
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ClassContent, 0, 0
	}
	if errors.Is(err, context.Canceled) {
		return ClassCanceled, 0, 0
	}
	for _, c := range classifiers {
		if class, status, ra, ok := c(err); ok {
			return class, status, ra
		}
	}
	return ClassifyTransport(err), 0, 0
}

// classifyStatus sorts an HTTP status.
func ClassifyStatus(code int) Class {
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusPaymentRequired:
		return ClassAuth
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code == http.StatusConflict || code >= 500:
		return ClassRetryable
	case code == 0:
		return ClassRetryable
	}
	return ClassFatal
}

// classifyTransport sorts errors that happened before any HTTP status:
// deadlines, refused and reset connections, cut streams.
func ClassifyTransport(err error) Class {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ClassRetryable
	case errors.As(err, &ne) && ne.Timeout():
		return ClassRetryable
	}
	var oe *net.OpError
	var dnsErr *net.DNSError
	if errors.As(err, &oe) || errors.As(err, &dnsErr) {
		return ClassRetryable
	}
	return ClassFatal
}

// parseRetryAfter reads retry-after-ms, then Retry-After (seconds or an HTTP date).
func ParseRetryAfter(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// Wrap turns an SDK error into a *Error, using the
// status and headers the transport saw when the SDK hides them.
func Wrap(err error, m *RespMeta) error {
	if err == nil {
		return nil
	}
	var pe *Error
	var ae *apperr.Error
	if errors.As(err, &pe) || errors.As(err, &ae) {
		return err
	}
	class, status, ra := Inspect(err)
	if class == ClassCanceled {
		return err
	}
	if m != nil {
		ms, mh := m.get()
		if status == 0 && ms >= 400 {
			status = ms
			if class == ClassFatal {
				class = ClassifyStatus(ms)
			}
		}
		if ra == 0 {
			ra = ParseRetryAfter(mh)
		}
	}
	return &Error{Class: class, StatusCode: status, RetryAfter: ra, Err: err}
}

// validJSON checks an answer that had to follow a schema, after removing a
// Markdown fence some OpenAI-compatible servers add.
func ValidJSON(text string) (string, error) {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "```") {
		t = strings.TrimPrefix(t, "```json")
		t = strings.TrimPrefix(t, "```")
		t = strings.TrimSuffix(strings.TrimSpace(t), "```")
		t = strings.TrimSpace(t)
	}
	if t == "" {
		return "", Malformed("the answer is empty")
	}
	if !json.Valid([]byte(t)) {
		return "", Malformed("the answer is not valid JSON")
	}
	return t, nil
}
