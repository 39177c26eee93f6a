package gemini

import (
	"testing"

	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/providertest"
)

// TestConformance runs the shared provider suite against a fake of the
// generateContent and streamGenerateContent endpoints: the key travels in
// its header, an invalid key (400 API_KEY_INVALID) is an auth failure and
// a 429 carries its RetryInfo delay.
func TestConformance(t *testing.T) {
	providertest.Run(t, func(o provider.Options) (provider.Provider, error) {
		p, err := New(o)
		if err != nil {
			return nil, err
		}
		return p, nil
	}, providertest.Gemini())
}

func TestNewNeedsKey(t *testing.T) {
	if _, err := New(provider.Options{BaseURL: "http://127.0.0.1:1"}); err == nil {
		t.Fatal("New without a key succeeded")
	}
}
