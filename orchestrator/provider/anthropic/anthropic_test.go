package anthropic

import (
	"context"
	"testing"

	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/providertest"
)

func newProvider(o provider.Options) (provider.Provider, error) {
	p, err := New(o)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// TestConformance runs the shared provider suite against a fake of the
// Messages endpoint: the key travels in x-api-key, a schema is a forced
// tool, a bad key is an auth failure and an overloaded 529 is retryable
// with its Retry-After.
func TestConformance(t *testing.T) {
	if ToolName != providertest.AnthropicToolName {
		t.Fatalf("ToolName = %q, the fake expects %q", ToolName, providertest.AnthropicToolName)
	}
	providertest.Run(t, newProvider, providertest.Anthropic())
}

// TestStreamError covers an error event in the middle of an SSE stream:
// Anthropic sends overloaded_error that way, with status 200.
func TestStreamError(t *testing.T) {
	w := providertest.Anthropic()
	body := providertest.SSE([2]string{"message_start", `{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}`},
		[2]string{"error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`})
	f := providertest.NewServer(t, providertest.Reply{SSE: true, Body: body})
	p, err := New(provider.Options{APIKey: w.Key, BaseURL: f.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.GenerateStream(context.Background(), provider.Call{Model: w.Model, Prompt: "p"}, nil)
	if provider.Classify(err) != provider.ClassRetryable {
		t.Fatalf("class = %q, want retryable (%v)", provider.Classify(err), err)
	}
}
