package anthropic

import (
	"errors"
	"net/http"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go"

	"tailor/orchestrator/provider"
)

func init() { provider.RegisterClassifier(classify) }

// classify sorts the Anthropic SDK's errors, with the Retry-After they carry.
func classify(err error) (provider.Class, int, time.Duration, bool) {
	var anerr *sdk.Error
	if errors.As(err, &anerr) {
		var ra time.Duration
		if anerr.Response != nil {
			ra = provider.ParseRetryAfter(anerr.Response.Header)
		}
		return classifyAnthropic(anerr), anerr.StatusCode, ra, true
	}
	return provider.ClassNone, 0, 0, false
}

func classifyAnthropic(e *sdk.Error) provider.Class {
	switch e.Type() {
	case sdk.ErrorTypeOverloadedError, sdk.ErrorTypeRateLimitError, sdk.ErrorTypeAPIError,
		sdk.ErrorTypeTimeoutError:
		return provider.ClassRetryable
	case sdk.ErrorTypeAuthenticationError, sdk.ErrorTypePermissionError, sdk.ErrorTypeBillingError:
		return provider.ClassAuth
	case sdk.ErrorTypeInvalidRequestError, sdk.ErrorTypeNotFoundError:
		return provider.ClassFatal
	}
	if e.StatusCode == http.StatusOK {
		// An error event in the middle of a stream without a known type.
		return provider.ClassRetryable
	}
	return provider.ClassifyStatus(e.StatusCode)
}
