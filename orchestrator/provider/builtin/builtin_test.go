package builtin

import (
	"context"
	"testing"

	"tailor/billing"
	"tailor/orchestrator/provider"
)

func TestBuiltinAnswersItsTasksOnly(t *testing.T) {
	p := New(map[billing.Task]Func{billing.TaskExtraction: func(_ context.Context, c provider.Call) (string, error) {
		return `{"title":"` + c.Input.(string) + `"}`, nil
	}})
	if p.Type() != Type {
		t.Fatalf("Type() = %q", p.Type())
	}
	res, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskExtraction, Prompt: "12345678", Input: "Nurse"})
	if err != nil || res.Text != `{"title":"Nurse"}` || res.InputTokens != 2 || res.OutputTokens != provider.EstimateTokens(res.Text) {
		t.Fatalf("Generate = %+v, %v", res, err)
	}
	if _, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskCVDraft}); err == nil {
		t.Fatal("a task without a function answered")
	}
}
