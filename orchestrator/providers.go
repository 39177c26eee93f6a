package orchestrator

import (
	"fmt"
	"strings"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/anthropic"
	"tailor/orchestrator/provider/gemini"
	"tailor/orchestrator/provider/openai"
)

// NewProvider builds the provider of a type (a provider config's
// provider_type) from its options, with the adapter of its subpackage.
func NewProvider(providerType string, o provider.Options) (provider.Provider, error) {
	switch providerType {
	case domain.ProviderGemini:
		return gemini.New(o)
	case domain.ProviderOpenAI:
		return openai.New(o)
	case domain.ProviderOpenAICompatible:
		return openai.NewCompatible(o)
	case domain.ProviderAnthropic:
		return anthropic.New(o)
	}
	return nil, fmt.Errorf("unknown provider type %q (known: %s)", providerType, strings.Join(domain.ProviderTypes, ", "))
}
