package anthropic

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"tailor/billing"
	"tailor/orchestrator/provider"
)

// TestAnthropicWire talks to a fake of the Messages endpoint: the key
// travels in x-api-key, the text and token counts come back, a bad key is
// an auth failure and an overloaded 529 is retryable with its Retry-After.
func TestAnthropicWire(t *testing.T) {
	var status int
	var body, gotKey, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey, gotPath = r.Header.Get("X-Api-Key"), r.URL.Path
		_, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if status == 529 {
			w.Header().Set("Retry-After", "3")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	p, err := New(provider.Options{APIKey: "sk-ant-test-0123456789", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	call := provider.Call{Task: billing.TaskCoverLetter, Model: "claude-haiku-4-5", Prompt: "Hi"}

	status, body = 200, `{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn","usage":{"input_tokens":11,"output_tokens":3}}`
	res, err := p.Generate(context.Background(), call)
	if err != nil || res.Text != "Hello" || res.InputTokens != 11 || res.OutputTokens != 3 {
		t.Fatalf("Generate = %+v, %v", res, err)
	}
	if gotKey != "sk-ant-test-0123456789" || gotPath != "/v1/messages" {
		t.Fatalf("request: key %q path %q", gotKey, gotPath)
	}

	status, body = 401, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`
	if _, err := p.Generate(context.Background(), call); provider.Classify(err) != provider.ClassAuth {
		t.Fatalf("bad key: %v (class %s), want auth", err, provider.Classify(err))
	}

	status, body = 529, `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`
	_, err = p.Generate(context.Background(), call)
	if class, code, ra := provider.Inspect(err); class != provider.ClassRetryable || code != 529 || ra != 3*time.Second {
		t.Fatalf("529: class %s status %d retry after %v", class, code, ra)
	}
}
