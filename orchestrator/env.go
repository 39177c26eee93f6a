package orchestrator

import (
	"log/slog"
	"net/http"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/secret"
)

// EnvChain builds the fallback chain from the environment: one link for each
// of GEMINI_API_KEY, OPENAI_API_KEY and ANTHROPIC_API_KEY that is set, in
// that order, each with its *_BASE_URL override and the default models.
// getenv is os.Getenv in production and a map in tests. A link that cannot
// be built is logged and left out; the builtin provider is not added here.
func EnvChain(getenv func(string) string, client *http.Client) []Link {
	var chain []Link
	for _, e := range []struct{ typ, key, base string }{
		{domain.ProviderGemini, "GEMINI_API_KEY", "GEMINI_BASE_URL"},
		{domain.ProviderOpenAI, "OPENAI_API_KEY", "OPENAI_BASE_URL"},
		{domain.ProviderAnthropic, "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"},
	} {
		key := getenv(e.key)
		if key == "" {
			continue
		}
		p, err := NewProvider(e.typ, provider.Options{APIKey: key, BaseURL: getenv(e.base), HTTPClient: client})
		if err != nil {
			slog.Warn("provider from the environment left out", "provider", e.typ, "error", secret.Redact(err.Error()))
			continue
		}
		fast, quality := domain.DefaultModels(e.typ)
		chain = append(chain, Link{Provider: WithSecret(p, key), FastModel: fast, QualityModel: quality})
	}
	return chain
}
