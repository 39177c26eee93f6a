package orchestrator

import (
	"context"
	"errors"

	"tailor/orchestrator/provider"
)

// ErrProvidersFailed is wrapped in Generate's error when every link of the
// chain was tried and none answered: callers with an offline fallback (job
// extraction) use it, and background work does not retry it (Generate
// already retried each link).
var ErrProvidersFailed = errors.New("every AI provider failed")

type ctxKey int

const (
	keyDeltas ctxKey = iota
)

// WithDeltas returns ctx whose Generate calls stream their answers to f
// when the Request has no OnDelta of its own: background work shows the
// model's text as it is written without every domain call passing it down.
func WithDeltas(ctx context.Context, f func(attempt int, text string)) context.Context {
	return context.WithValue(ctx, keyDeltas, f)
}

func deltasOf(ctx context.Context) func(attempt int, text string) {
	f, _ := ctx.Value(keyDeltas).(func(attempt int, text string))
	return f
}

// providersFailed is Generate's error when no link answered: it is
// ErrProvidersFailed and wraps the last attempt's error.
type providersFailed struct{ last error }

func (e *providersFailed) Error() string        { return "every AI provider failed: " + e.last.Error() }
func (e *providersFailed) Is(target error) bool { return target == ErrProvidersFailed }
func (e *providersFailed) Unwrap() error        { return e.last }

// LastFailure describes the last provider attempt of a Generate error
// that is ErrProvidersFailed: its class and the HTTP status the provider
// answered (0 when none), so a person can be told what failed.
func LastFailure(err error) (class provider.Class, status int, ok bool) {
	var pf *providersFailed
	if !errors.As(err, &pf) {
		return provider.ClassNone, 0, false
	}
	var co *circuitOpen
	if errors.As(pf.last, &co) {
		return ClassCircuitOpen, 0, true
	}
	class, status, _ = provider.Inspect(pf.last)
	return class, status, true
}

// ClassCircuitOpen is what LastFailure reports when the last link was
// skipped because its circuit breaker is open (it failed repeatedly).
const ClassCircuitOpen provider.Class = "circuit_open"

type circuitOpen struct{ key string }

func (e *circuitOpen) Error() string { return "circuit open for " + e.key }
