package orchestrator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/secret"
)

func TestWithSecretScrubsFreeFormKeys(t *testing.T) {
	const key = "plain-LEAKCHECK-123456"
	cause := &provider.Error{Class: provider.ClassAuth, StatusCode: 401, Err: errors.New("Incorrect API key provided: " + key)}
	p := WithSecret(&scripted{typ: domain.ProviderOpenAICompatible, fn: func(int, provider.Call) (provider.Result, error) { return provider.Result{}, cause }}, key)
	_, err := p.Generate(context.Background(), provider.Call{})
	if err == nil || strings.Contains(err.Error(), key) || strings.Contains(secret.Redact(err.Error()), "LEAKCHECK") {
		t.Fatalf("error text still holds the key: %v", err)
	}
	var pe *provider.Error
	if !errors.As(err, &pe) || provider.Classify(err) != provider.ClassAuth {
		t.Fatalf("scrubbed error lost its cause: %v (class %s)", err, provider.Classify(err))
	}
	h := newHarness(t, []Link{link(p, "m", "")}, nil)
	if _, err := h.o.Generate(context.Background(), req(1)); err == nil {
		t.Fatal("want an error")
	}
	for _, r := range h.rows() {
		if strings.Contains(r.ErrorMessage, key) {
			t.Fatalf("usage row holds the key: %q", r.ErrorMessage)
		}
	}
}
