package orchestrator

import (
	"context"
	"fmt"

	"tailor/billing"
)

// BuiltinType is the provider type of the offline provider.
const BuiltinType = "builtin"

// BuiltinFunc answers one task offline from the request's typed Input. It
// returns text in the same shape a language model would (JSON when the task
// has a schema), so the domain code parses both the same way.
type BuiltinFunc func(ctx context.Context, call Call) (string, error)

// Builtin is the offline, deterministic provider: it needs no key and costs
// nothing. The domain packages supply one function per task.
type Builtin struct {
	funcs map[billing.Task]BuiltinFunc
}

// NewBuiltin returns the offline provider with a function per task.
func NewBuiltin(funcs map[billing.Task]BuiltinFunc) *Builtin {
	return &Builtin{funcs: funcs}
}

// Type implements Provider.
func (b *Builtin) Type() string { return BuiltinType }

// Generate implements Provider. Token counts are estimated (about four
// characters a token) so the usage log and quotas stay meaningful.
func (b *Builtin) Generate(ctx context.Context, call Call) (Result, error) {
	f, ok := b.funcs[call.Task]
	if !ok {
		return Result{}, fmt.Errorf("builtin provider has no %s task", call.Task)
	}
	text, err := f(ctx, call)
	if err != nil {
		return Result{}, err
	}
	return Result{Text: text, InputTokens: EstimateTokens(call.System + call.Prompt), OutputTokens: EstimateTokens(text)}, nil
}

// EstimateTokens approximates a token count for text: about four bytes a token.
func EstimateTokens(s string) int {
	if s == "" {
		return 0
	}
	return (len(s) + 3) / 4
}
