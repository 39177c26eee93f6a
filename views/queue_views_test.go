package views

import (
	"strings"
	"testing"
)

// TestProvidersPageSaysWhatHappensWhenEveryProviderFails: with providers
// configured, the page states the failure policy as it is: extraction
// goes offline and says so, drafts fail with the offline draft one click
// away, nothing is charged.
func TestProvidersPageSaysWhatHappensWhenEveryProviderFails(t *testing.T) {
	doc, _ := render(t, AdminProvidersPage(page(admin), AdminProviders{Rows: []ProviderRow{{ID: 1, Name: "Main", Type: "openai", Active: true}}}))
	text := strings.Join(strings.Fields(doc.Find(`[data-testid="providers-fallback"]`).Text()), " ")
	for _, want := range []string{"every active provider fails", "offline rules", "read offline", "Use the offline draft", "nothing is charged"} {
		if !strings.Contains(text, want) {
			t.Errorf("the failure policy does not say %q: %q", want, text)
		}
	}
	if strings.Contains(text, "falls back to the built-in") {
		t.Error("the page still promises a fallback for everything")
	}
}
