package orchestrator

import (
	"context"
	"testing"
	"time"

	"github.com/sashabaranov/go-openai"

	"tailor/billing"
	"tailor/domain"
	"tailor/mock"
	"tailor/orchestrator/provider"
)

// BenchmarkGenerateOverhead compares one chat completion made with the bare
// go-openai client to the same call through Generate (plan lookup, quota
// reservation and settlement in memory, circuit, cost, usage row), both
// against the same local fake.
func BenchmarkGenerateOverhead(b *testing.B) {
	w := openAIWire()
	f := newFakeAPI(b, reply{body: w.text("Hello", 120, 30)})
	ctx := context.Background()

	b.Run("bare_sdk", func(b *testing.B) {
		cfg := openai.DefaultConfig(w.key)
		cfg.BaseURL = f.srv.URL + "/v1"
		c := openai.NewClientWithConfig(cfg)
		r := openai.ChatCompletionRequest{Model: w.model, Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "sys"}, {Role: openai.ChatMessageRoleUser, Content: "Extract the job."}}}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.CreateChatCompletion(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("orchestrator", func(b *testing.B) {
		p, err := w.newProvider(f.srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		o, done := benchOrchestrator(b, p)
		defer done()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := o.Generate(ctx, req(1)); err != nil {
				b.Fatal(err)
			}
		}
	})

	// Without HTTP: what Generate itself costs around a provider that
	// answers at once.
	b.Run("orchestrator_only", func(b *testing.B) {
		p := &scripted{typ: domain.ProviderOpenAI, fn: ok("Hello", 120, 30)}
		o, done := benchOrchestrator(b, p)
		defer done()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := o.Generate(ctx, req(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchOrchestrator(b *testing.B, p provider.Provider) (*Orchestrator, func()) {
	sink := &memSink{}
	uw := billing.NewUsageWriter(sink, nil, 200, 50*time.Millisecond)
	o := New(Options{
		Chain: StaticChain{link(p, "gpt-4o-mini", "gpt-4o")}, Plans: planMap{}, Usage: uw,
		Quota: mock.NewQuota(nil, nil),
	})
	return o, func() {
		uw.Close()
		sink.mu.Lock()
		sink.rows = nil
		sink.mu.Unlock()
	}
}
