package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestStatusOfEveryCode(t *testing.T) {
	want := map[string]int{
		EINVALID: http.StatusBadRequest, EUNAUTHORIZED: http.StatusUnauthorized, EFORBIDDEN: http.StatusForbidden,
		ENOTFOUND: http.StatusNotFound, ECONFLICT: http.StatusConflict, ETOOLARGE: http.StatusRequestEntityTooLarge,
		EUNPROCESSABLE: http.StatusUnprocessableEntity, EQUOTA: http.StatusTooManyRequests, ERATELIMIT: http.StatusTooManyRequests,
		EBADGATEWAY: http.StatusBadGateway, EUNAVAILABLE: http.StatusServiceUnavailable, EINTERNAL: http.StatusInternalServerError,
	}
	for code, status := range want {
		if got := Status(code); got != status {
			t.Errorf("Status(%s) = %d, want %d", code, got, status)
		}
	}
}

func TestWrappedErrorsKeepCodeAndHideCause(t *testing.T) {
	cause := errors.New("dial tcp 10.0.0.1:443: secret internals")
	err := fmt.Errorf("fetch: %w", Wrap(cause, EUNPROCESSABLE, "The site refused Tailor. Paste the text instead."))
	if Code(err) != EUNPROCESSABLE || !errors.Is(err, cause) {
		t.Fatalf("Code = %s, Is(cause) = %v", Code(err), errors.Is(err, cause))
	}
	if msg := Message(err); strings.Contains(msg, "secret") || !strings.Contains(msg, "Paste the text") {
		t.Fatalf("Message = %q", msg)
	}
	plain := errors.New("boom")
	if Code(plain) != EINTERNAL || strings.Contains(Message(plain), "boom") {
		t.Fatalf("a plain error leaks: %s %q", Code(plain), Message(plain))
	}
	inv := Invalid(map[string]string{"email": "Enter an email."}, "Fix %d field", 1)
	if inv.Fields["email"] == "" || inv.Message != "Fix 1 field" {
		t.Fatalf("Invalid = %+v", inv)
	}
}
