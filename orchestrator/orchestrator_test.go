package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/billing"
	"tailor/domain"
	"tailor/mock"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/orchestrator/provider/providertest"
)

// scripted is a Provider whose answers come from a function of the call
// number (1-based); it counts its calls.
type scripted struct {
	typ string
	mu  sync.Mutex
	n   int
	fn  func(n int, call provider.Call) (provider.Result, error)
}

func (s *scripted) Type() string { return s.typ }

func (s *scripted) Generate(_ context.Context, call provider.Call) (provider.Result, error) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	return s.fn(n, call)
}

func (s *scripted) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func ok(text string, in, out int) func(int, provider.Call) (provider.Result, error) {
	return func(int, provider.Call) (provider.Result, error) {
		return provider.Result{Text: text, InputTokens: in, OutputTokens: out}, nil
	}
}

func failing(class provider.Class, status int, retryAfter time.Duration) func(int, provider.Call) (provider.Result, error) {
	return func(int, provider.Call) (provider.Result, error) {
		return provider.Result{}, &provider.Error{Class: class, StatusCode: status, RetryAfter: retryAfter,
			Err: fmt.Errorf("HTTP %d from upstream, api_key=sk-secret-0123456789", status)}
	}
}

// harness is an Orchestrator with a memory sink, a fake clock and a sleep
// that only records.
type harness struct {
	o      *Orchestrator
	sink   *mock.UsageSink
	w      *billing.UsageWriter
	clock  *mock.Clock
	mu     sync.Mutex
	sleeps []time.Duration
}

func newHarness(t *testing.T, chain []Link, tweak func(*Options)) *harness {
	h := &harness{sink: &mock.UsageSink{}, clock: mock.NewClock(time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC))}
	h.w = billing.NewUsageWriter(h.sink, nil, 10, time.Hour)
	t.Cleanup(h.w.Close)
	o := Options{
		Chain: StaticChain(chain), Plans: mock.Plans{2: billing.PlanPaygo}, Usage: h.w, Now: h.clock.Now,
		Sleep: func(_ context.Context, d time.Duration) error {
			h.mu.Lock()
			h.sleeps = append(h.sleeps, d)
			h.mu.Unlock()
			return nil
		},
		// The largest jitter, so the bound itself is visible in tests.
		Jitter: func(d time.Duration) time.Duration { return d },
	}
	if tweak != nil {
		tweak(&o)
	}
	h.o = New(o)
	return h
}

// rows flushes the writer and returns every row written so far.
func (h *harness) rows() []billing.Usage {
	h.w.Close()
	return h.sink.Rows()
}

func link(p provider.Provider, fast, quality string) Link {
	return Link{Provider: p, FastModel: fast, QualityModel: quality}
}

func req(user uint) Request {
	return Request{UserID: user, Task: billing.TaskExtraction, System: "sys", Prompt: "Extract the job."}
}

type rowWant struct {
	attempt  int
	provider string
	status   string
	class    provider.Class
}

func checkRows(t *testing.T, rows []billing.Usage, want []rowWant) {
	t.Helper()
	if len(rows) != len(want) {
		t.Fatalf("%d usage rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.Attempt != w.attempt || r.ProviderType != w.provider || r.Status != w.status || r.ErrorClass != string(w.class) {
			t.Errorf("row %d = attempt %d %s %s %q, want attempt %d %s %s %q", i, r.Attempt, r.ProviderType, r.Status, r.ErrorClass,
				w.attempt, w.provider, w.status, w.class)
		}
		if r.RequestID == "" || r.RequestID != rows[0].RequestID && r.Attempt > 1 {
			t.Errorf("row %d request id %q not shared with the request's first row %q", i, r.RequestID, rows[0].RequestID)
		}
	}
}

func TestGenerateRetryThenSuccess(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: func(n int, c provider.Call) (provider.Result, error) {
		if n == 1 {
			return failing(provider.ClassRetryable, 429, 2*time.Second)(n, c)
		}
		return provider.Result{Text: "ok", InputTokens: 1000, OutputTokens: 200}, nil
	}}
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "gemini-2.5-pro")}, nil)
	resp, err := h.o.Generate(context.Background(), req(1))
	if err != nil {
		t.Fatal(err)
	}
	// 1000 × 0.30 + 200 × 2.50 = 300 + 500 micro-USD.
	if resp.Text != "ok" || resp.Attempts != 2 || resp.CostMicros != 800 || resp.CostUnknown {
		t.Errorf("response = %+v", resp)
	}
	rows := h.rows()
	checkRows(t, rows, []rowWant{{1, domain.ProviderGemini, billing.StatusError, provider.ClassRetryable}, {2, domain.ProviderGemini, billing.StatusSuccess, ""}})
	if rows[1].CostMicros != 800 || rows[0].CostMicros != 0 || rows[1].TotalTokens != 1200 || rows[1].ModelName != "gemini-2.5-flash" {
		t.Errorf("rows = %+v", rows)
	}
	if strings.Contains(rows[0].ErrorMessage, "sk-secret") {
		t.Errorf("key in stored error message: %q", rows[0].ErrorMessage)
	}
	// The backoff bound for the first retry is 500 ms; Retry-After says 2 s.
	if len(h.sleeps) != 1 || h.sleeps[0] != 2*time.Second {
		t.Errorf("sleeps = %v, want [2s]", h.sleeps)
	}
}

func TestGenerateBackoffGrowsAndStops(t *testing.T) {
	p := &scripted{typ: domain.ProviderOpenAI, fn: failing(provider.ClassRetryable, 503, 0)}
	h := newHarness(t, []Link{link(p, "gpt-4o-mini", "")}, func(o *Options) {
		o.MaxAttempts = 4
		o.BaseDelay = 100 * time.Millisecond
		o.MaxDelay = 300 * time.Millisecond
	})
	_, err := h.o.Generate(context.Background(), req(1))
	if apperr.Code(err) != apperr.EUNAVAILABLE {
		t.Fatalf("err = %v", err)
	}
	if p.calls() != 4 {
		t.Errorf("calls = %d, want 4", p.calls())
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
	if fmt.Sprint(h.sleeps) != fmt.Sprint(want) {
		t.Errorf("sleeps = %v, want %v", h.sleeps, want)
	}
}

func TestGenerateFallback(t *testing.T) {
	for _, c := range []struct {
		name  string
		fail  func(int, provider.Call) (provider.Result, error)
		class provider.Class
	}{
		{"bad request", failing(provider.ClassFatal, 400, 0), provider.ClassFatal},
		{"malformed answer", func(int, provider.Call) (provider.Result, error) {
			return provider.Result{InputTokens: 50, OutputTokens: 3}, provider.Malformed("not JSON")
		}, provider.ClassFatal},
		{"unknown error", func(int, provider.Call) (provider.Result, error) {
			return provider.Result{}, errors.New("something odd")
		}, provider.ClassFatal},
		{"long Retry-After", failing(provider.ClassRetryable, 429, time.Hour), provider.ClassRetryable},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &scripted{typ: domain.ProviderGemini, fn: c.fail}
			b := &scripted{typ: domain.ProviderAnthropic, fn: ok("from b", 10, 10)}
			h := newHarness(t, []Link{link(a, "gemini-2.5-flash", ""), link(b, "claude-haiku-4-5", "")}, nil)
			resp, err := h.o.Generate(context.Background(), req(1))
			if err != nil || resp.ProviderType != domain.ProviderAnthropic || resp.Text != "from b" {
				t.Fatalf("resp = %+v, err = %v", resp, err)
			}
			// A malformed answer is asked for once more, at once; other
			// fatal errors move on without a retry.
			want := []rowWant{{1, domain.ProviderGemini, billing.StatusError, c.class}, {2, domain.ProviderAnthropic, billing.StatusSuccess, ""}}
			if c.name == "malformed answer" {
				want = []rowWant{{1, domain.ProviderGemini, billing.StatusError, c.class}, {2, domain.ProviderGemini, billing.StatusError, c.class}, {3, domain.ProviderAnthropic, billing.StatusSuccess, ""}}
			}
			if a.calls() != len(want)-1 {
				t.Errorf("first link called %d times, want %d", a.calls(), len(want)-1)
			}
			if len(h.sleeps) != 0 {
				t.Errorf("slept %v before moving on", h.sleeps)
			}
			rows := h.rows()
			checkRows(t, rows, want)
			if c.name == "malformed answer" && rows[0].CostMicros == 0 {
				t.Errorf("a malformed answer the provider billed shows no cost: %+v", rows[0])
			}
		})
	}
}

func TestGenerateAuthOpensCircuit(t *testing.T) {
	a := &scripted{typ: domain.ProviderOpenAI, fn: failing(provider.ClassAuth, 401, 0)}
	b := &scripted{typ: domain.ProviderGemini, fn: ok("b", 1, 1)}
	h := newHarness(t, []Link{link(a, "gpt-4o-mini", ""), link(b, "gemini-2.5-flash", "")}, nil)
	for i := 0; i < 3; i++ {
		if _, err := h.o.Generate(context.Background(), req(1)); err != nil {
			t.Fatal(err)
		}
	}
	if a.calls() != 1 || b.calls() != 3 {
		t.Errorf("calls a=%d b=%d, want 1 and 3", a.calls(), b.calls())
	}
	states := h.o.Circuits()
	if len(states) != 1 || states[0].State != CircuitOpen || states[0].Key != domain.ProviderOpenAI {
		t.Errorf("circuits = %+v", states)
	}
	rows := h.rows()
	checkRows(t, rows[:2], []rowWant{{1, domain.ProviderOpenAI, billing.StatusError, provider.ClassAuth}, {2, domain.ProviderGemini, billing.StatusSuccess, ""}})
	checkRows(t, rows[2:3], []rowWant{{1, domain.ProviderGemini, billing.StatusSuccess, ""}})
}

func TestGenerateHalfOpen(t *testing.T) {
	id := uint(7)
	healthy := false
	var mu sync.Mutex
	a := &scripted{typ: domain.ProviderAnthropic, fn: func(n int, c provider.Call) (provider.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		if healthy {
			return provider.Result{Text: "a is back", InputTokens: 1, OutputTokens: 1}, nil
		}
		return failing(provider.ClassRetryable, 529, 0)(n, c)
	}}
	b := &scripted{typ: TypeBuiltinForTest, fn: ok("b", 1, 1)}
	h := newHarness(t, []Link{{ConfigID: &id, Provider: a, FastModel: "claude-haiku-4-5"}, link(b, "x", "")}, func(o *Options) {
		o.BreakerThreshold = 4
		o.MaxAttempts = 2
	})
	ctx := context.Background()
	// Two requests, two failed attempts each: the circuit opens.
	for i := 0; i < 2; i++ {
		if _, err := h.o.Generate(ctx, req(1)); err != nil {
			t.Fatal(err)
		}
	}
	if a.calls() != 4 {
		t.Fatalf("a called %d times, want 4", a.calls())
	}
	if _, err := h.o.Generate(ctx, req(1)); err != nil {
		t.Fatal(err)
	}
	if a.calls() != 4 {
		t.Fatalf("open circuit let a call through (%d calls)", a.calls())
	}
	// After the cool-down one probe goes through; it fails, the circuit opens again.
	h.clock.Advance(30 * time.Second)
	if st := h.o.Circuits(); len(st) != 1 || st[0].State != CircuitHalfOpen || st[0].Key != "config:7" {
		t.Errorf("circuits = %+v, want config:7 half-open", st)
	}
	if _, err := h.o.Generate(ctx, req(1)); err != nil {
		t.Fatal(err)
	}
	if a.calls() != 5 {
		t.Fatalf("half-open circuit made %d probes, want 1", a.calls()-4)
	}
	if _, err := h.o.Generate(ctx, req(1)); err != nil {
		t.Fatal(err)
	}
	if a.calls() != 5 {
		t.Fatalf("failed probe did not reopen the circuit")
	}
	// Next cool-down: the probe succeeds and closes the circuit.
	mu.Lock()
	healthy = true
	mu.Unlock()
	h.clock.Advance(31 * time.Second)
	for i := 0; i < 2; i++ {
		resp, err := h.o.Generate(ctx, req(1))
		if err != nil || resp.Text != "a is back" {
			t.Fatalf("resp = %+v, err = %v", resp, err)
		}
	}
	if a.calls() != 7 || len(h.o.Circuits()) != 0 {
		t.Errorf("calls = %d, circuits = %+v; want 7 and all closed", a.calls(), h.o.Circuits())
	}
}

// TypeBuiltinForTest is a second provider type for chains in tests.
const TypeBuiltinForTest = "test_provider"

func TestGenerateAllFail(t *testing.T) {
	a := &scripted{typ: domain.ProviderGemini, fn: failing(provider.ClassRetryable, 503, 0)}
	b := &scripted{typ: domain.ProviderOpenAI, fn: failing(provider.ClassFatal, 400, 0)}
	quota := mock.NewQuota(map[string]billing.Limits{billing.PlanFreemium: {DailyRequests: 5}}, nil)
	h := newHarness(t, []Link{link(a, "gemini-2.5-flash", ""), link(b, "gpt-4o-mini", "")}, func(o *Options) { o.Quota = quota })
	_, err := h.o.Generate(context.Background(), req(1))
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.EUNAVAILABLE || !strings.Contains(ae.Message, "Nothing was charged") {
		t.Fatalf("err = %v, want EUNAVAILABLE saying nothing was charged", err)
	}
	if apperr.Status(ae.Code) != 503 {
		t.Errorf("status = %d", apperr.Status(ae.Code))
	}
	rows := h.rows()
	checkRows(t, rows, []rowWant{
		{1, domain.ProviderGemini, billing.StatusError, provider.ClassRetryable}, {2, domain.ProviderGemini, billing.StatusError, provider.ClassRetryable}, {3, domain.ProviderGemini, billing.StatusError, provider.ClassRetryable},
		{4, domain.ProviderOpenAI, billing.StatusError, provider.ClassFatal},
	})
	for _, r := range rows {
		if r.CostMicros != 0 {
			t.Errorf("failed attempt cost %d", r.CostMicros)
		}
	}
	if n, tok, cost := quota.Used(1); n != 0 || tok != 0 || cost != 0 {
		t.Errorf("quota used after total failure: %d requests, %d tokens, %d micros", n, tok, cost)
	}
}

func TestGenerateContentVerdictPassesThrough(t *testing.T) {
	verdict := apperr.New(apperr.EUNPROCESSABLE, "This image is not a job posting. Upload a screenshot of the ad.")
	a := &scripted{typ: domain.ProviderGemini, fn: func(int, provider.Call) (provider.Result, error) { return provider.Result{}, verdict }}
	b := &scripted{typ: domain.ProviderOpenAI, fn: ok("b", 1, 1)}
	h := newHarness(t, []Link{link(a, "gemini-2.5-flash", ""), link(b, "gpt-4o-mini", "")}, nil)
	_, err := h.o.Generate(context.Background(), req(1))
	if err != verdict {
		t.Fatalf("err = %v, want the provider's verdict", err)
	}
	if b.calls() != 0 {
		t.Error("next provider asked after a verdict on the content")
	}
	checkRows(t, h.rows(), []rowWant{{1, domain.ProviderGemini, billing.StatusError, provider.ClassContent}})
}

func TestGenerateCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := &scripted{typ: domain.ProviderGemini, fn: func(int, provider.Call) (provider.Result, error) {
		cancel()
		return provider.Result{}, context.Canceled
	}}
	b := &scripted{typ: domain.ProviderOpenAI, fn: ok("b", 1, 1)}
	h := newHarness(t, []Link{link(a, "gemini-2.5-flash", ""), link(b, "gpt-4o-mini", "")}, nil)
	_, err := h.o.Generate(ctx, req(1))
	if !errors.Is(err, context.Canceled) || b.calls() != 0 || a.calls() != 1 {
		t.Fatalf("err = %v, calls a=%d b=%d", err, a.calls(), b.calls())
	}
	checkRows(t, h.rows(), []rowWant{{1, domain.ProviderGemini, billing.StatusError, provider.ClassCanceled}})
}

func TestGenerateQuota(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: ok("ok", 4000, 1000)}
	quota := mock.NewQuota(map[string]billing.Limits{billing.PlanFreemium: {DailyRequests: 1}}, nil)
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, func(o *Options) { o.Quota = quota })
	if _, err := h.o.Generate(context.Background(), req(1)); err != nil {
		t.Fatal(err)
	}
	// The settled use is the provider's count, not the estimate.
	if n, tok, cost := quota.Used(1); n != 1 || tok != 5000 || cost != 3700 {
		t.Errorf("used = %d requests, %d tokens, %d micros; want 1, 5000, 3700", n, tok, cost)
	}
	_, err := h.o.Generate(context.Background(), req(1))
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.EQUOTA || ae.ResetsAt.IsZero() {
		t.Fatalf("err = %v, want EQUOTA with ResetsAt", err)
	}
	if p.calls() != 1 {
		t.Errorf("provider called %d times, want 1", p.calls())
	}
	rows := h.rows()
	if len(rows) != 2 || rows[1].Status != billing.StatusQuotaExceeded || rows[1].ProviderType != "" || rows[1].UserID != 1 {
		t.Errorf("rows = %+v", rows)
	}
	// Another user is not affected.
	h2 := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, func(o *Options) { o.Quota = quota })
	if _, err := h2.o.Generate(context.Background(), req(3)); err != nil {
		t.Errorf("user 3: %v", err)
	}
}

func TestGenerateCache(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: ok(`{"title":"Go dev"}`, 1000, 200)}
	quota := mock.NewQuota(map[string]billing.Limits{billing.PlanFreemium: {DailyRequests: 100}}, nil)
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, func(o *Options) {
		o.Cache = mock.NewCache(0, nil)
		o.Quota = quota
	})
	ctx := context.Background()
	first, err := h.o.Generate(ctx, req(1))
	if err != nil || first.CacheHit {
		t.Fatalf("first = %+v, %v", first, err)
	}
	second, err := h.o.Generate(ctx, req(1))
	if err != nil || !second.CacheHit || second.Text != first.Text || second.CostMicros != 0 || second.RequestID == first.RequestID {
		t.Fatalf("second = %+v, %v", second, err)
	}
	if p.calls() != 1 {
		t.Errorf("provider called %d times, want 1", p.calls())
	}
	if n, _, _ := quota.Used(1); n != 1 {
		t.Errorf("a cache hit used quota: %d requests", n)
	}
	// Another user does not see user 1's answer...
	if r, _ := h.o.Generate(ctx, req(2)); r.CacheHit {
		t.Error("per-user answer served to another user")
	}
	// ...unless the domain code shares it.
	shared := req(1)
	shared.CacheScope, shared.CacheKey = CacheShared, CacheKey("extract-v3", "https://jobs.example/1")
	if r, _ := h.o.Generate(ctx, shared); r.CacheHit {
		t.Error("shared key hit before anything was stored under it")
	}
	shared.UserID = 9
	shared.Prompt = "a differently built prompt"
	if r, _ := h.o.Generate(ctx, shared); !r.CacheHit {
		t.Error("shared answer not served to another user with the same cache key")
	}
	forced := req(1)
	forced.Force = true
	if r, _ := h.o.Generate(ctx, forced); r.CacheHit {
		t.Error("Force served a cached answer")
	}
	none := req(1)
	none.CacheScope = CacheNone
	if r, _ := h.o.Generate(ctx, none); r.CacheHit {
		t.Error("CacheNone served a cached answer")
	}
	if p.calls() != 5 {
		t.Errorf("provider calls = %d, want 5", p.calls())
	}
	var hits []billing.Usage
	for _, r := range h.rows() {
		if r.Status == billing.StatusCacheHit {
			hits = append(hits, r)
		}
	}
	if len(hits) != 2 {
		t.Fatalf("%d cache_hit rows, want 2", len(hits))
	}
	if !hits[0].CacheHit || hits[0].CostMicros != 0 || hits[0].CostSavedMicros != 800 || hits[0].ModelName != "gemini-2.5-flash" {
		t.Errorf("cache hit row = %+v, want cost 0 and 800 saved", hits[0])
	}
}

func TestGenerateDoesNotCacheOffline(t *testing.T) {
	b := builtin.New(map[billing.Task]builtin.Func{billing.TaskExtraction: func(context.Context, provider.Call) (string, error) { return "offline", nil }})
	h := newHarness(t, []Link{link(b, "", "")}, func(o *Options) { o.Cache = mock.NewCache(0, nil) })
	for i := 0; i < 2; i++ {
		r, err := h.o.Generate(context.Background(), req(1))
		if err != nil || r.CacheHit || !r.Offline || r.CostMicros != 0 || r.CostUnknown {
			t.Fatalf("resp %d = %+v, %v", i, r, err)
		}
	}
}

func TestGenerateUnknownPrice(t *testing.T) {
	p := &scripted{typ: domain.ProviderOpenAICompatible, fn: ok("ok", 100, 10)}
	h := newHarness(t, []Link{link(p, "llama3.2:3b", "")}, nil)
	r, err := h.o.Generate(context.Background(), req(1))
	if err != nil || !r.CostUnknown || r.CostMicros != 0 {
		t.Fatalf("resp = %+v, %v", r, err)
	}
	rows := h.rows()
	if !rows[0].CostUnknown {
		t.Errorf("row does not flag the unknown price: %+v", rows[0])
	}
}

func TestGenerateTierModel(t *testing.T) {
	var got []string
	var mu sync.Mutex
	p := &scripted{typ: domain.ProviderAnthropic, fn: func(_ int, c provider.Call) (provider.Result, error) {
		mu.Lock()
		got = append(got, c.Model)
		mu.Unlock()
		return provider.Result{Text: "x"}, nil
	}}
	h := newHarness(t, []Link{link(p, "claude-haiku-4-5", "claude-sonnet-4-5")}, nil)
	r := req(2) // PAYGO
	r.Task = billing.TaskCVDraft
	if _, err := h.o.Generate(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	r.UserID = 1 // FREEMIUM
	if _, err := h.o.Generate(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[claude-sonnet-4-5 claude-haiku-4-5]" {
		t.Errorf("models = %v", got)
	}
}

func TestGenerateStreamsThroughRetries(t *testing.T) {
	w := providertest.OpenAI()
	f := providertest.NewServer(t, w.Overloaded, providertest.Reply{SSE: true, Body: w.Stream([]string{"a", "b"}, 5, 2)})
	h := newHarness(t, []Link{link(wireProvider(t, w, f.URL), "gpt-4o-mini", "")}, nil)
	var deltas []string
	r := req(1)
	r.OnDelta = func(attempt int, text string) { deltas = append(deltas, fmt.Sprintf("%d:%s", attempt, text)) }
	resp, err := h.o.Generate(context.Background(), r)
	if err != nil || resp.Text != "ab" || resp.InputTokens != 5 {
		t.Fatalf("resp = %+v, %v", resp, err)
	}
	if fmt.Sprint(deltas) != "[2:a 2:b]" {
		t.Errorf("deltas = %v", deltas)
	}
	if n := len(f.Requests()); n != 2 {
		t.Errorf("HTTP requests = %d, want 2 (one per attempt)", n)
	}
}

// TestGenerateRealSDKRetryInfo drives the Gemini SDK against the fake: a 429
// with google.rpc.RetryInfo, then an answer.
func TestGenerateRealSDKRetryInfo(t *testing.T) {
	w := providertest.Gemini()
	f := providertest.NewServer(t, w.RateLimited, providertest.Reply{Body: w.Text("fine", 20, 4)})
	h := newHarness(t, []Link{link(wireProvider(t, w, f.URL), "gemini-2.5-flash", "")}, nil)
	resp, err := h.o.Generate(context.Background(), req(1))
	if err != nil || resp.Text != "fine" || resp.Attempts != 2 {
		t.Fatalf("resp = %+v, %v", resp, err)
	}
	if len(f.Requests()) != 2 {
		t.Errorf("HTTP requests = %d, want 2", len(f.Requests()))
	}
	if fmt.Sprint(h.sleeps) != "[7s]" {
		t.Errorf("sleeps = %v, want [7s] from RetryInfo", h.sleeps)
	}
	rows := h.rows()
	checkRows(t, rows, []rowWant{{1, domain.ProviderGemini, billing.StatusError, provider.ClassRetryable}, {2, domain.ProviderGemini, billing.StatusSuccess, ""}})
	if strings.Contains(rows[0].ErrorMessage, w.Key) {
		t.Errorf("key in error message: %s", rows[0].ErrorMessage)
	}
}

func TestGenerateNoChain(t *testing.T) {
	h := newHarness(t, nil, nil)
	if _, err := h.o.Generate(context.Background(), req(1)); apperr.Code(err) != apperr.EUNAVAILABLE {
		t.Errorf("err = %v", err)
	}
}

func TestGenerateNCallsNRows(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: ok("ok", 1, 1)}
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, nil)
	const n = 200
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := h.o.Generate(context.Background(), req(uint(i))); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	rows := h.rows()
	if len(rows) != n {
		t.Fatalf("%d rows for %d calls", len(rows), n)
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.RequestID] = true
	}
	if len(ids) != n {
		t.Errorf("%d distinct request ids, want %d", len(ids), n)
	}
}

func TestEnvChain(t *testing.T) {
	g, a := providertest.Gemini(), providertest.Anthropic()
	fg := providertest.NewServer(t, g.Answer("from gemini", 1, 1))
	fa := providertest.NewServer(t, a.Answer("from anthropic", 1, 1))
	env := map[string]string{
		"GEMINI_API_KEY": g.Key, "GEMINI_BASE_URL": fg.URL,
		"ANTHROPIC_API_KEY": a.Key, "ANTHROPIC_BASE_URL": fa.URL,
	}
	chain := EnvChain(func(k string) string { return env[k] }, nil)
	if len(chain) != 2 {
		t.Fatalf("%d links, want 2", len(chain))
	}
	want := []struct{ typ, fast, quality string }{
		{domain.ProviderGemini, "gemini-2.5-flash", "gemini-2.5-pro"},
		{domain.ProviderAnthropic, domain.AnthropicFastModel, domain.AnthropicQualityModel},
	}
	for i, w := range want {
		l := chain[i]
		if l.Provider.Type() != w.typ || l.FastModel != w.fast || l.QualityModel != w.quality || l.ConfigID != nil {
			t.Errorf("link %d = %s %s %s", i, l.Provider.Type(), l.FastModel, l.QualityModel)
		}
		if _, ok := billing.DefaultPrices().Price(l.FastModel); !ok {
			t.Errorf("default model %s has no price", l.FastModel)
		}
		if _, ok := billing.DefaultPrices().Price(l.QualityModel); !ok {
			t.Errorf("default model %s has no price", l.QualityModel)
		}
	}
	for i, f := range []*providertest.Server{fg, fa} {
		if _, err := chain[i].Provider.Generate(context.Background(), provider.Call{Model: chain[i].FastModel, Prompt: "p"}); err != nil {
			t.Fatal(err)
		}
		if n := len(f.Requests()); n != 1 {
			t.Errorf("base URL override not used: fake %d got %d requests", i, n)
		}
	}
	if got := EnvChain(func(string) string { return "" }, nil); len(got) != 0 {
		t.Errorf("empty environment gave %d links", len(got))
	}
}

func TestCacheKey(t *testing.T) {
	if CacheKey("ab", "c") == CacheKey("a", "bc") {
		t.Error("part boundaries ignored")
	}
	base := req(1)
	k := requestCacheKey(base, billing.TierFast)
	for name, r := range map[string]Request{
		"user":   func() Request { r := base; r.UserID = 2; return r }(),
		"task":   func() Request { r := base; r.Task = billing.TaskCVDraft; return r }(),
		"prompt": func() Request { r := base; r.Prompt += "!"; return r }(),
		"image":  func() Request { r := base; r.Image = []byte{1}; return r }(),
		"schema": func() Request { r := base; r.Schema = providertest.JobSchema(); return r }(),
	} {
		if requestCacheKey(r, billing.TierFast) == k {
			t.Errorf("%s change kept the cache key", name)
		}
	}
	if requestCacheKey(base, billing.TierQuality) == k {
		t.Error("tier change kept the cache key")
	}
	same := base
	same.Force = true
	same.Input = "ignored"
	if requestCacheKey(same, billing.TierFast) != k {
		t.Error("fields a model does not read changed the key")
	}
}

func TestBreakerHalfOpenLetsOneProbe(t *testing.T) {
	clock := mock.NewClock(time.Unix(0, 0))
	b := newBreakers(2, time.Minute, clock.Now)
	b.failure("k", provider.ClassRetryable, "x")
	if !b.allow("k") {
		t.Fatal("one failure opened the circuit")
	}
	b.failure("k", provider.ClassFatal, "bad request")
	if !b.allow("k") {
		t.Fatal("a fatal failure counted against the link")
	}
	b.failure("k", provider.ClassRetryable, "x")
	if b.allow("k") {
		t.Fatal("two failures did not open the circuit")
	}
	clock.Advance(time.Minute)
	if !b.allow("k") {
		t.Fatal("no probe after the cool-down")
	}
	if b.allow("k") {
		t.Fatal("a second probe went through while the first was out")
	}
	b.release("k")
	if !b.allow("k") {
		t.Fatal("a released probe was not given back")
	}
	b.success("k")
	if !b.allow("k") || !b.allow("k") {
		t.Fatal("success did not close the circuit")
	}
}

// gatedQuota holds every Settle until the gate opens, to show AsyncSettle
// answers before the settlement and Close waits for it.
type gatedQuota struct {
	*mock.Quota
	gate chan struct{}
}

func (q gatedQuota) Settle(ctx context.Context, r billing.Reservation, tok int, cost int64) error {
	<-q.gate
	return q.Quota.Settle(ctx, r, tok, cost)
}

func TestAsyncSettleAnswersFirstAndCloseWaits(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: ok("ok", 4000, 1000)}
	q := gatedQuota{Quota: mock.NewQuota(map[string]billing.Limits{billing.PlanFreemium: {DailyRequests: 1}}, nil), gate: make(chan struct{})}
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, func(o *Options) { o.Quota = q; o.AsyncSettle = true })
	if _, err := h.o.Generate(context.Background(), req(1)); err != nil {
		t.Fatal(err)
	}
	// Not settled yet, but the reservation still holds the only request.
	if _, err := h.o.Generate(context.Background(), req(1)); apperr.Code(err) != apperr.EQUOTA {
		t.Fatalf("second call while the first settles: %v, want EQUOTA", err)
	}
	closed := make(chan struct{})
	go func() { h.o.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned before the settlement finished")
	case <-time.After(20 * time.Millisecond):
	}
	close(q.gate)
	<-closed
	if n, tok, _ := q.Used(1); n != 1 || tok != 5000 {
		t.Fatalf("used after Close = %d requests, %d tokens; want 1, 5000", n, tok)
	}
}

func TestRPMLimitSkipsToTheNextLink(t *testing.T) {
	busy := &scripted{typ: domain.ProviderOpenAI, fn: ok("busy", 10, 10)}
	spare := &scripted{typ: domain.ProviderGemini, fn: ok("spare", 10, 10)}
	capped := link(busy, "gpt-4o-mini", "")
	capped.RPMLimit = 2
	h := newHarness(t, []Link{capped, link(spare, "gemini-2.5-flash", "")}, nil)
	ctx := context.Background()
	var served []string
	for i := 0; i < 3; i++ {
		r, err := h.o.Generate(ctx, req(1))
		if err != nil {
			t.Fatal(err)
		}
		served = append(served, r.Text)
	}
	h.clock.Advance(61 * time.Second)
	r, err := h.o.Generate(ctx, req(1))
	if err != nil {
		t.Fatal(err)
	}
	served = append(served, r.Text)
	if got := strings.Join(served, ","); got != "busy,busy,spare,busy" {
		t.Fatalf("served by %s, want busy,busy,spare,busy", got)
	}
}

// TestGenerateCacheEntryThatDoesNotDecode: the cache stores bytes; an entry
// that is not a Response (a corrupt row, an older format) is a miss, the
// provider answers and the entry is replaced.
func TestGenerateCacheEntryThatDoesNotDecode(t *testing.T) {
	p := &scripted{typ: domain.ProviderGemini, fn: ok(`{"title":"Go dev"}`, 10, 2)}
	cache := mock.NewCache(0, nil)
	h := newHarness(t, []Link{link(p, "gemini-2.5-flash", "")}, func(o *Options) { o.Cache = cache })
	ctx := context.Background()
	r := req(1)
	key := requestCacheKey(r, billing.TierFast)
	cache.Put(ctx, key, []byte("{not json"), time.Hour)
	resp, err := h.o.Generate(ctx, r)
	if err != nil || resp.CacheHit || p.calls() != 1 {
		t.Fatalf("Generate = %+v, %v after %d calls; want a miss answered by the provider", resp, err, p.calls())
	}
	// The junk was under the very key Generate used: it is the answer now.
	if b, _ := cache.Get(ctx, key); !strings.Contains(string(b), `Go dev`) {
		t.Fatalf("entry under the request's key = %q; want the provider's answer", b)
	}
	if again, err := h.o.Generate(ctx, r); err != nil || !again.CacheHit || again.Text != resp.Text {
		t.Fatalf("second Generate = %+v, %v; want a hit on the replaced entry", again, err)
	}
}
