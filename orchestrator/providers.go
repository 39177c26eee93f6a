package orchestrator

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"tailor/billing"
	"tailor/domain"
)

// ProviderOptions configure one SDK-backed provider.
type ProviderOptions struct {
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

// NewProvider builds the provider of a type from its options.
func NewProvider(providerType string, o ProviderOptions) (Provider, error) {
	switch providerType {
	case domain.ProviderGemini:
		return NewGemini(o)
	case domain.ProviderOpenAI:
		return NewOpenAI(o)
	case domain.ProviderOpenAICompatible:
		return NewOpenAICompatible(o)
	case domain.ProviderAnthropic:
		return NewAnthropic(o)
	}
	return nil, fmt.Errorf("unknown provider type %q (known: %s)", providerType, strings.Join(domain.ProviderTypes, ", "))
}

// respMeta records the last HTTP status and headers a call saw. go-openai
// drops the headers of an error answer, and Retry-After lives there.
type respMeta struct {
	mu     sync.Mutex
	status int
	header http.Header
}

func (m *respMeta) set(status int, h http.Header) {
	m.mu.Lock()
	m.status, m.header = status, h
	m.mu.Unlock()
}

func (m *respMeta) get() (int, http.Header) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status, m.header
}

type respMetaKey struct{}

func withRespMeta(ctx context.Context) (context.Context, *respMeta) {
	m := &respMeta{}
	return context.WithValue(ctx, respMetaKey{}, m), m
}

// metaTransport fills the respMeta of the request's context.
type metaTransport struct{ base http.RoundTripper }

func (t metaTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if m, ok := r.Context().Value(respMetaKey{}).(*respMeta); ok && resp != nil {
		m.set(resp.StatusCode, resp.Header.Clone())
	}
	return resp, err
}

// httpClient copies c (or makes a client) with a transport that records
// response metadata. Timeouts come from the context of each call.
func httpClient(c *http.Client) *http.Client {
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
func imageMIME(img []byte, declared string) (string, error) {
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
	return "", &ProviderError{Class: ClassFatal, Err: fmt.Errorf("unsupported image type %q (use PNG, JPEG or WebP)", mime)}
}

func maxTokens(o ProviderOptions) int {
	if o.MaxOutputTokens > 0 {
		return o.MaxOutputTokens
	}
	return 8192
}

// schemaName is a name for a schema or tool that every API accepts.
func schemaName(t billing.Task) string {
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
