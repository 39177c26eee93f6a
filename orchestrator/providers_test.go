package orchestrator

import (
	"context"
	"testing"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/providertest"
)

// wireProvider builds, through NewProvider, the provider of w's type
// pointed at a fake at url. The adapters' own behaviour on each wire is
// covered by providertest.Run in their packages.
func wireProvider(t testing.TB, w providertest.Wire, url string) provider.Provider {
	t.Helper()
	p, err := NewProvider(w.Type, provider.Options{APIKey: w.Key, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNewProviderWires checks NewProvider hands each provider type to the
// adapter that speaks its wire.
func TestNewProviderWires(t *testing.T) {
	for _, w := range append(providertest.Wires(), providertest.OpenAICompatible()) {
		t.Run(w.Type, func(t *testing.T) {
			f := providertest.NewServer(t, w.Answer("ok", 1, 1))
			p := wireProvider(t, w, f.URL)
			if p.Type() != w.Type {
				t.Errorf("Type() = %q, want %q", p.Type(), w.Type)
			}
			res, err := p.Generate(context.Background(), provider.Call{Model: w.Model, Prompt: "p"})
			if err != nil || res.Text != "ok" {
				t.Fatalf("Generate = %+v, %v", res, err)
			}
			if r := f.Requests(); len(r) != 1 || r[0].Path != w.Path {
				t.Errorf("requests = %+v, want one to %s", r, w.Path)
			}
		})
	}
}

func TestNewProviderErrors(t *testing.T) {
	for _, c := range []struct {
		typ string
		o   provider.Options
	}{
		{"mistral", provider.Options{APIKey: "k"}},
		{domain.ProviderGemini, provider.Options{}},
		{domain.ProviderOpenAI, provider.Options{}},
		{domain.ProviderAnthropic, provider.Options{}},
		{domain.ProviderOpenAICompatible, provider.Options{APIKey: "k"}},
	} {
		if _, err := NewProvider(c.typ, c.o); err == nil {
			t.Errorf("NewProvider(%q, %+v) succeeded", c.typ, c.o)
		}
	}
}
