package metrics_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"tailor/billing"
	"tailor/metrics"
)

type flakySink struct{ fail bool }

func (f *flakySink) WriteUsage(context.Context, []billing.Usage) error {
	if f.fail {
		return errors.New("database down")
	}
	return nil
}

func TestSinkCountsStoredRowsOnce(t *testing.T) {
	m := metrics.New()
	next := &flakySink{fail: true}
	s := m.Sink(next)
	rows := []billing.Usage{
		{ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO", Status: "success", InputTokens: 100, OutputTokens: 40, CostMicros: 2500, LatencyMS: 1200},
		{ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO", Status: "error", LatencyMS: 300},
		{ProviderType: "openai", TaskType: "cover_letter", Plan: "FREEMIUM", Status: "quota_exceeded"},
		{ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO", Status: "cache_hit", CostSavedMicros: 2500},
	}
	if err := s.WriteUsage(context.Background(), rows); err == nil {
		t.Fatal("the sink's error was swallowed")
	}
	if n := testutil.CollectAndCount(m.Registry(), "tailor_llm_calls_total"); n != 0 {
		t.Fatalf("a failed batch was counted (%d series)", n)
	}
	next.fail = false // the usage writer retries
	if err := s.WriteUsage(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
	const want = `
# HELP tailor_llm_tokens_total Tokens used, by direction (input, output).
# TYPE tailor_llm_tokens_total counter
tailor_llm_tokens_total{direction="input",model="gpt-4o",provider="openai",task="cv_draft"} 100
tailor_llm_tokens_total{direction="output",model="gpt-4o",provider="openai",task="cv_draft"} 40
# HELP tailor_quota_refusals_total Requests refused because the user reached a limit of their plan.
# TYPE tailor_quota_refusals_total counter
tailor_quota_refusals_total{plan="FREEMIUM",task="cover_letter"} 1
# HELP tailor_llm_cost_usd_total What LLM calls cost, in US dollars (from the price table; unpriced models count 0).
# TYPE tailor_llm_cost_usd_total counter
tailor_llm_cost_usd_total{model="gpt-4o",plan="PAYGO",provider="openai"} 0.0025
# HELP tailor_llm_cache_saved_usd_total What answers served from the cache would have cost, in US dollars.
# TYPE tailor_llm_cache_saved_usd_total counter
tailor_llm_cache_saved_usd_total{task="cv_draft"} 0.0025
`
	if err := testutil.GatherAndCompare(m.Registry(), stringsReader(want), "tailor_llm_tokens_total", "tailor_quota_refusals_total",
		"tailor_llm_cost_usd_total", "tailor_llm_cache_saved_usd_total"); err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(m.Registry(), "tailor_llm_calls_total"); n != 4 {
		t.Fatalf("call series = %d, want 4 (one per status)", n)
	}
	if n := testutil.CollectAndCount(m.Registry(), "tailor_llm_latency_seconds"); n != 1 {
		t.Fatalf("latency series = %d, want 1 (attempts at a provider only)", n)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
