// Package builtin is the offline provider: deterministic, free, needing no
// key; the domain packages give it one function per task.
package builtin

import (
	"context"
	"fmt"

	"tailor/billing"
	"tailor/orchestrator/provider"
)

// Type is the provider type of the offline provider.
const Type = "builtin"

// Func answers one task offline from the request's typed Input. It
// returns text in the same shape a language model would (JSON when the task
// has a schema), so the domain code parses both the same way.
type Func func(ctx context.Context, call provider.Call) (string, error)

// Provider is the offline, deterministic provider: it needs no key and costs
// nothing. The domain packages supply one function per task.
type Provider struct {
	funcs map[billing.Task]Func
}

// New returns the offline provider with a function per task.
func New(funcs map[billing.Task]Func) *Provider {
	return &Provider{funcs: funcs}
}

// Type implements Provider.
func (b *Provider) Type() string { return Type }

// Generate implements Provider. Token counts are estimated (about four
// characters a token) so the usage log and quotas stay meaningful.
func (b *Provider) Generate(ctx context.Context, call provider.Call) (provider.Result, error) {
	f, ok := b.funcs[call.Task]
	if !ok {
		return provider.Result{}, fmt.Errorf("builtin provider has no %s task", call.Task)
	}
	text, err := f(ctx, call)
	if err != nil {
		return provider.Result{}, err
	}
	return provider.Result{Text: text, InputTokens: provider.EstimateTokens(call.System + call.Prompt), OutputTokens: provider.EstimateTokens(text)}, nil
}
