package gemini

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tailor/billing"
	"tailor/orchestrator/provider"
)

// TestGeminiWire talks to a fake of the generateContent endpoint: the key
// travels in its header, the answer and its token counts come back, an
// invalid key (400 API_KEY_INVALID) is an auth failure and a 429 carries
// its RetryInfo delay.
func TestGeminiWire(t *testing.T) {
	var status int
	var body, gotKey, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey, gotPath = r.Header.Get("X-Goog-Api-Key"), r.URL.Path
		_, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	p, err := New(provider.Options{APIKey: "AIzaTESTKEY0123456789abcdef", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	call := provider.Call{Task: billing.TaskExtraction, Model: "gemini-2.5-flash", Prompt: "Hi"}

	status, body = 200, `{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"totalTokenCount":9}}`
	res, err := p.Generate(context.Background(), call)
	if err != nil || res.Text != "Hello" || res.InputTokens != 7 || res.OutputTokens != 2 {
		t.Fatalf("Generate = %+v, %v", res, err)
	}
	if gotKey != "AIzaTESTKEY0123456789abcdef" || !strings.HasSuffix(gotPath, "/models/gemini-2.5-flash:generateContent") {
		t.Fatalf("request: key %q path %q", gotKey, gotPath)
	}

	status, body = 400, `{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}`
	if _, err := p.Generate(context.Background(), call); provider.Classify(err) != provider.ClassAuth {
		t.Fatalf("invalid key: %v (class %s), want auth", err, provider.Classify(err))
	}

	status, body = 429, `{"error":{"code":429,"message":"exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}`
	_, err = p.Generate(context.Background(), call)
	if class, code, ra := provider.Inspect(err); class != provider.ClassRetryable || code != 429 || ra != 7*time.Second {
		t.Fatalf("429: class %s status %d retry after %v", class, code, ra)
	}
}
