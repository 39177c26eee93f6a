// Package apperr is Tailor's one application error type. Every package
// returns *Error for failures a person can act on; handlers turn it into a
// page, a fragment or JSON in exactly one place (the Fiber ErrorHandler).
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Codes name what went wrong in a way a JSON client can branch on.
const (
	EINVALID       = "invalid_input"
	EUNAUTHORIZED  = "unauthorized"
	EFORBIDDEN     = "forbidden"
	ENOTFOUND      = "not_found"
	ECONFLICT      = "conflict"
	ETOOLARGE      = "too_large"
	EUNPROCESSABLE = "unprocessable"
	EQUOTA         = "quota_exceeded"
	EUNAVAILABLE   = "provider_unavailable"
	EBADGATEWAY    = "provider_error"
	ERATELIMIT     = "rate_limited"
	EINTERNAL      = "internal"
)

// Error is an error with a code and a message meant for the person who
// caused it: it says what happened and what to do next.
type Error struct {
	Code    string
	Message string
	// Fields holds per-field messages for a form or JSON body.
	Fields map[string]string
	// Openings are the jobs a page lists when it is not one posting: the
	// person picks one (shown on the page and as "openings" in JSON).
	Openings []Link
	// ResetsAt tells when a quota refills (EQUOTA only).
	ResetsAt time.Time
	// Err is the underlying cause; it is logged, never shown.
	Err error
}

// Link is a titled address a person can follow.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message for the person.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap attaches a cause that is logged but never shown.
func Wrap(err error, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Invalid is an EINVALID error carrying per-field messages.
func Invalid(fields map[string]string, format string, args ...any) *Error {
	e := New(EINVALID, format, args...)
	e.Fields = fields
	return e
}

// Code returns the code of err, EINTERNAL for errors that are not *Error.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Message returns the message a person may see for err.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again in a moment."
}

// Status maps a code to its HTTP status.
func Status(code string) int {
	switch code {
	case EINVALID:
		return http.StatusBadRequest
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case ENOTFOUND:
		return http.StatusNotFound
	case ECONFLICT:
		return http.StatusConflict
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case EUNPROCESSABLE:
		return http.StatusUnprocessableEntity
	case EQUOTA, ERATELIMIT:
		return http.StatusTooManyRequests
	case EBADGATEWAY:
		return http.StatusBadGateway
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
