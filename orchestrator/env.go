package orchestrator

import (
	"log/slog"
	"net/http"
)

// Default models per provider type and tier (DESIGN.md). Any name can be
// typed into a provider config instead.
const (
	GeminiFastModel       = "gemini-2.5-flash"
	GeminiQualityModel    = "gemini-2.5-pro"
	OpenAIFastModel       = "gpt-4o-mini"
	OpenAIQualityModel    = "gpt-4o"
	AnthropicFastModel    = "claude-haiku-4-5"
	AnthropicQualityModel = "claude-sonnet-4-5"
)

// DefaultModels returns the fast and quality models of a provider type; an
// openai_compatible server has no defaults (its models are whatever it serves).
func DefaultModels(providerType string) (fast, quality string) {
	switch providerType {
	case TypeGemini:
		return GeminiFastModel, GeminiQualityModel
	case TypeOpenAI:
		return OpenAIFastModel, OpenAIQualityModel
	case TypeAnthropic:
		return AnthropicFastModel, AnthropicQualityModel
	}
	return "", ""
}

// EnvChain builds the fallback chain from the environment: one link for each
// of GEMINI_API_KEY, OPENAI_API_KEY and ANTHROPIC_API_KEY that is set, in
// that order, each with its *_BASE_URL override and the default models.
// getenv is os.Getenv in production and a map in tests. A link that cannot
// be built is logged and left out; the builtin provider is not added here.
func EnvChain(getenv func(string) string, client *http.Client) []Link {
	var chain []Link
	for _, e := range []struct{ typ, key, base string }{
		{TypeGemini, "GEMINI_API_KEY", "GEMINI_BASE_URL"},
		{TypeOpenAI, "OPENAI_API_KEY", "OPENAI_BASE_URL"},
		{TypeAnthropic, "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"},
	} {
		key := getenv(e.key)
		if key == "" {
			continue
		}
		p, err := NewProvider(e.typ, ProviderOptions{APIKey: key, BaseURL: getenv(e.base), HTTPClient: client})
		if err != nil {
			slog.Warn("provider from the environment left out", "provider", e.typ, "error", Redact(err.Error()))
			continue
		}
		fast, quality := DefaultModels(e.typ)
		chain = append(chain, Link{Provider: WithSecret(p, key), FastModel: fast, QualityModel: quality})
	}
	return chain
}
