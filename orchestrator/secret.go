package orchestrator

import (
	"context"
	"strings"

	"tailor/orchestrator/provider"
)

// WithSecret wraps p so that no error it returns carries secret (its API
// key) in its text. Redact only knows the shapes of well-known keys; an
// OpenAI-compatible server may use any string and echo it back in an error
// ("Incorrect API key provided: …"), which would then reach a usage row,
// a log line or a page. The wrapped error keeps its cause for errors.As.
func WithSecret(p provider.Provider, secret string) provider.Provider {
	if len(strings.TrimSpace(secret)) < 4 {
		return p
	}
	return &secretProvider{p: p, secret: secret}
}

type secretProvider struct {
	p      provider.Provider
	secret string
}

func (s *secretProvider) Type() string { return s.p.Type() }

func (s *secretProvider) Generate(ctx context.Context, call provider.Call) (provider.Result, error) {
	r, err := s.p.Generate(ctx, call)
	return r, s.scrub(err)
}

// GenerateStream forwards streaming when the wrapped provider streams.
func (s *secretProvider) GenerateStream(ctx context.Context, call provider.Call, onDelta func(string)) (provider.Result, error) {
	sp, ok := s.p.(provider.StreamingProvider)
	if !ok {
		r, err := s.p.Generate(ctx, call)
		if err == nil && onDelta != nil {
			onDelta(r.Text)
		}
		return r, s.scrub(err)
	}
	r, err := sp.GenerateStream(ctx, call, onDelta)
	return r, s.scrub(err)
}

// Endpoint keeps circuit keys the same as the wrapped provider's.
func (s *secretProvider) Endpoint() string {
	if e, ok := s.p.(provider.Endpointer); ok {
		return e.Endpoint()
	}
	return ""
}

func (s *secretProvider) scrub(err error) error {
	if err == nil || !strings.Contains(err.Error(), s.secret) {
		return err
	}
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), s.secret, "[redacted]"), err: err}
}

// scrubbedError shows a message without the key but unwraps to the cause,
// so Classify and errors.As still see the provider's error.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
