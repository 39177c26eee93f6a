package openai

import (
	"errors"
	"time"

	sdk "github.com/sashabaranov/go-openai"

	"tailor/orchestrator/provider"
)

func init() { provider.RegisterClassifier(classify) }

// classify sorts go-openai's API and request errors.
func classify(err error) (provider.Class, int, time.Duration, bool) {
	var oerr *sdk.APIError
	if errors.As(err, &oerr) {
		if c := classifyOpenAICode(oerr); c != provider.ClassNone {
			return c, oerr.HTTPStatusCode, 0, true
		}
		return provider.ClassifyStatus(oerr.HTTPStatusCode), oerr.HTTPStatusCode, 0, true
	}
	var rerr *sdk.RequestError
	if errors.As(err, &rerr) {
		if rerr.HTTPStatusCode == 0 && rerr.Err != nil {
			return provider.ClassifyTransport(rerr.Err), 0, 0, true
		}
		return provider.ClassifyStatus(rerr.HTTPStatusCode), rerr.HTTPStatusCode, 0, true
	}
	return provider.ClassNone, 0, 0, false
}

// classifyOpenAICode catches the 429 that is not a rate limit: an account
// without credit will not recover by waiting.
func classifyOpenAICode(e *sdk.APIError) provider.Class {
	code, _ := e.Code.(string)
	switch {
	case code == "insufficient_quota" || e.Type == "insufficient_quota":
		return provider.ClassAuth
	case code == "invalid_api_key" || e.Type == "authentication_error":
		return provider.ClassAuth
	}
	return provider.ClassNone
}
