package gemini

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"google.golang.org/genai"

	"tailor/orchestrator/provider"
)

func init() { provider.RegisterClassifier(classify) }

// classify sorts genai's errors, by value or by pointer.
func classify(err error) (provider.Class, int, time.Duration, bool) {
	var gerr genai.APIError
	if errors.As(err, &gerr) {
		return classifyGemini(gerr), gerr.Code, geminiRetryDelay(gerr), true
	}
	var gperr *genai.APIError
	if errors.As(err, &gperr) && gperr != nil {
		return classifyGemini(*gperr), gperr.Code, geminiRetryDelay(*gperr), true
	}
	return provider.ClassNone, 0, 0, false
}

func classifyGemini(e genai.APIError) provider.Class {
	switch e.Status {
	case "UNAUTHENTICATED", "PERMISSION_DENIED":
		return provider.ClassAuth
	case "RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED":
		return provider.ClassRetryable
	case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND":
		// Gemini answers an invalid key with 400 INVALID_ARGUMENT and an
		// API_KEY_INVALID reason.
		if strings.Contains(fmt.Sprint(e.Details), "API_KEY_INVALID") {
			return provider.ClassAuth
		}
		return provider.ClassFatal
	}
	return provider.ClassifyStatus(e.Code)
}

// geminiRetryDelay reads google.rpc.RetryInfo out of the error details.
func geminiRetryDelay(e genai.APIError) time.Duration {
	for _, d := range e.Details {
		if t, _ := d["@type"].(string); !strings.HasSuffix(t, "google.rpc.RetryInfo") {
			continue
		}
		if s, ok := d["retryDelay"].(string); ok {
			if dur, err := time.ParseDuration(s); err == nil && dur > 0 {
				return dur
			}
		}
	}
	return 0
}
