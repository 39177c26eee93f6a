package domain

import "time"

// Provider types, as stored in provider configs: what an admin can choose
// and what the orchestrator knows how to reach.
const (
	ProviderGemini           = "gemini"
	ProviderOpenAI           = "openai"
	ProviderOpenAICompatible = "openai_compatible"
	ProviderAnthropic        = "anthropic"
)

// ProviderTypes lists the provider types, in the order the admin pages offer them.
var ProviderTypes = []string{ProviderGemini, ProviderOpenAI, ProviderOpenAICompatible, ProviderAnthropic}

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
	case ProviderGemini:
		return GeminiFastModel, GeminiQualityModel
	case ProviderOpenAI:
		return OpenAIFastModel, OpenAIQualityModel
	case ProviderAnthropic:
		return AnthropicFastModel, AnthropicQualityModel
	}
	return "", ""
}

// LinkConfig is a provider config as the orchestrator's chain reads it:
// what to build the provider from, with the key still encrypted (bound to
// ID). Storage returns it, so the chain needs no storage types.
type LinkConfig struct {
	ID              uint
	ProviderType    string
	BaseURL         string
	APIKeyEncrypted string
	FastModel       string
	QualityModel    string
	// RPMLimit caps attempts per minute at this provider (0: no cap).
	RPMLimit int
	// UpdatedAt tells the chain when a provider it built is stale.
	UpdatedAt time.Time
}
