// Package provider is what the orchestrator's SDK adapters share: the
// Provider interface, a Call and its Result, Options, and the errors and
// their classes (Error, Class, Classify) that tell the orchestrator what
// to do after a failed attempt. Each adapter lives in a subpackage
// (gemini, openai, anthropic, builtin) and is the only code that imports
// its SDK; each registers how to classify its SDK's raw errors.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"tailor/billing"
)

// Options configure one SDK-backed provider.
type Options struct {
	// APIKey may be empty only for openai_compatible servers without auth.
	APIKey string
	// BaseURL overrides the provider's endpoint (a proxy, Ollama, a test
	// server). Gemini takes the host without /v1beta; OpenAI-style servers
	// take the root or a URL that already ends in /v1.
	BaseURL string
	// HTTPClient is used for every request; nil means a fresh client. It is
	// copied, never changed.
	HTTPClient *http.Client
	// MaxOutputTokens caps an answer where the API needs a cap (Anthropic);
	// 0 means 8192.
	MaxOutputTokens int
}

// Call is what a Provider receives: a Request with its model chosen.
type Call struct {
	Task      billing.Task
	Model     string
	System    string
	Prompt    string
	Image     []byte
	ImageMIME string
	Schema    map[string]any
	Input     any
}

// Result is a provider's answer with the token counts it reported.
type Result struct {
	Text         string
	InputTokens  int
	OutputTokens int
}

// Provider is one way to reach a model.
type Provider interface {
	// Type names the provider kind: builtin, gemini, openai, anthropic, ...
	Type() string
	Generate(ctx context.Context, call Call) (Result, error)
}

// StreamingProvider is a Provider that can hand out the answer as it is
// written. onDelta gets each new piece of text in order; the Result is the
// same as Generate's, with the token counts from the end of the stream.
type StreamingProvider interface {
	Provider
	GenerateStream(ctx context.Context, call Call, onDelta func(string)) (Result, error)
}

// Endpointer is implemented by providers that know where they send requests;
// the circuit breaker keys on it so two configs of one type do not share a
// circuit.
type Endpointer interface {
	Endpoint() string
}

// RespMeta records the last HTTP status and headers a call saw. go-openai
// drops the headers of an error answer, and Retry-After lives there.
type RespMeta struct {
	mu     sync.Mutex
	status int
	header http.Header
}

func (m *RespMeta) set(status int, h http.Header) {
	m.mu.Lock()
	m.status, m.header = status, h
	m.mu.Unlock()
}

func (m *RespMeta) get() (int, http.Header) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status, m.header
}

type respMetaKey struct{}

func WithRespMeta(ctx context.Context) (context.Context, *RespMeta) {
	m := &RespMeta{}
	return context.WithValue(ctx, respMetaKey{}, m), m
}

// metaTransport fills the RespMeta of the request's context.
type metaTransport struct{ base http.RoundTripper }

func (t metaTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if m, ok := r.Context().Value(respMetaKey{}).(*RespMeta); ok && resp != nil {
		m.set(resp.StatusCode, resp.Header.Clone())
	}
	return resp, err
}

// httpClient copies c (or makes a client) with a transport that records
// response metadata. Timeouts come from the context of each call.
func HTTPClient(c *http.Client) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	}
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = metaTransport{base: base}
	return &cp
}

// imageMIME returns the declared MIME type of an image or sniffs it.
func ImageMIME(img []byte, declared string) (string, error) {
	mime := strings.ToLower(strings.TrimSpace(declared))
	if mime == "" || mime == "application/octet-stream" {
		mime = http.DetectContentType(img)
	}
	if i := strings.IndexByte(mime, ';'); i >= 0 {
		mime = strings.TrimSpace(mime[:i])
	}
	switch mime {
	case "image/png", "image/jpeg", "image/webp", "image/gif":
		return mime, nil
	case "image/jpg":
		return "image/jpeg", nil
	}
	return "", &Error{Class: ClassFatal, Err: fmt.Errorf("unsupported image type %q (use PNG, JPEG or WebP)", mime)}
}

// schemaName is a name for a schema or tool that every API accepts.
func SchemaName(t billing.Task) string {
	var b strings.Builder
	for _, r := range string(t) {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "answer"
	}
	return b.String()
}

// finish checks an answer: it must not be empty and, with a schema, it must
// be JSON. why explains an empty answer when the provider said something.
func Finish(res Result, call Call, why string) (Result, error) {
	if strings.TrimSpace(res.Text) == "" {
		if why == "" {
			why = "no text"
		}
		return res, Malformed("the answer is empty (%s)", why)
	}
	if call.Schema != nil {
		t, err := ValidJSON(res.Text)
		if err != nil {
			return res, err
		}
		res.Text = t
	}
	return res, nil
}

// EstimateTokens approximates a token count for text: about four bytes a token.
func EstimateTokens(s string) int {
	if s == "" {
		return 0
	}
	return (len(s) + 3) / 4
}
