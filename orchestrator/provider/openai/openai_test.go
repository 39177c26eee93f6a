package openai

import (
	"context"
	"testing"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/providertest"
)

// TestConformance runs the shared provider suite against a fake of the
// chat completions endpoint, as OpenAI and as an OpenAI-compatible server
// (the same wire under another provider type).
func TestConformance(t *testing.T) {
	t.Run("openai", func(t *testing.T) {
		providertest.Run(t, func(o provider.Options) (provider.Provider, error) {
			p, err := New(o)
			if err != nil {
				return nil, err
			}
			return p, nil
		}, providertest.OpenAI())
	})
	t.Run("openai_compatible", func(t *testing.T) {
		providertest.Run(t, func(o provider.Options) (provider.Provider, error) {
			p, err := NewCompatible(o)
			if err != nil {
				return nil, err
			}
			return p, nil
		}, providertest.OpenAICompatible())
	})
}

func TestCompatibleBaseURL(t *testing.T) {
	w := providertest.OpenAI()
	for _, c := range []struct{ suffix, wantPath string }{
		{"", "/v1/chat/completions"},
		{"/", "/v1/chat/completions"},
		{"/api/v1", "/api/v1/chat/completions"},
		{"/api", "/api/v1/chat/completions"},
	} {
		f := providertest.NewServer(t, providertest.Reply{Body: w.Text("ok", 1, 1)})
		// Ollama needs no key.
		p, err := NewCompatible(provider.Options{BaseURL: f.URL + c.suffix})
		if err != nil {
			t.Fatal(err)
		}
		if p.Type() != domain.ProviderOpenAICompatible {
			t.Errorf("type = %q", p.Type())
		}
		if _, err := p.Generate(context.Background(), provider.Call{Model: "llama3.2", Prompt: "p"}); err != nil {
			t.Fatalf("%q: %v", c.suffix, err)
		}
		r := f.Requests()[0]
		if r.Path != c.wantPath {
			t.Errorf("base %q: path = %s, want %s", c.suffix, r.Path, c.wantPath)
		}
		if h := r.Header.Get("Authorization"); h != "" && h != "Bearer" && h != "Bearer " {
			t.Errorf("base %q: a keyless provider sent Authorization %q", c.suffix, h)
		}
	}
}

func TestStrictSchema(t *testing.T) {
	for _, c := range []struct {
		name   string
		schema map[string]any
		want   bool
	}{
		{"strict object", providertest.JobSchema(), true},
		{"extra properties allowed", map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}, "required": []any{"a"}}, false},
		{"optional property", map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{"a": map[string]any{"type": "string"}}, "required": []any{}}, false},
		{"nested loose object", map[string]any{"type": "object", "additionalProperties": false, "required": []any{"a"},
			"properties": map[string]any{"a": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"b": map[string]any{"type": "string"}}}}}}, false},
		{"nested strict object", map[string]any{"type": "object", "additionalProperties": false, "required": []string{"a"},
			"properties": map[string]any{"a": map[string]any{"type": "array", "items": map[string]any{"type": "object", "additionalProperties": false, "required": []any{"b"}, "properties": map[string]any{"b": map[string]any{"type": "string"}}}}}}, true},
	} {
		if got := strictSchema(c.schema); got != c.want {
			t.Errorf("%s: strictSchema = %v, want %v", c.name, got, c.want)
		}
	}
}
