package openai_test

// The orchestrator's overhead over a bare go-openai call, measured against
// one local fake of the chat completions API. These benchmarks live here
// because this package is the only one that may import go-openai (the
// baseline); everything else goes through the public orchestrator API.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/sashabaranov/go-openai"

	"tailor/billing"
	"tailor/domain"
	"tailor/mock"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/openai"
	"tailor/orchestrator/provider/providertest"
)

// overheadRig is one local fake OpenAI server reached two ways: the bare
// go-openai client, and Generate with the SQL quota store, the user's plan
// read from the database and usage rows written to it. Both use a transport
// of their own with the same settings, so only the orchestrator differs.
type overheadRig struct {
	db     *models.DB
	userID uint
	url    string
	sdk    *sdk.Client
	sdkReq sdk.ChatCompletionRequest
	o      *orchestrator.Orchestrator
	uw     *billing.UsageWriter
	req    orchestrator.Request
	// users, when more than one, spreads Generate's calls round-robin
	// over that many users, so no one quota row is hot.
	users []uint
	next  atomic.Uint64
}

const benchKey = "sk-bench-0123456789abcdef"

func benchTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 200, 200
	return tr
}

func newOverheadRig(b *testing.B, users int) *overheadRig {
	b.Helper()
	db := dbtest.Open(b, "postgres")
	ctx := context.Background()
	var ids []uint
	for i := 0; i < max(users, 1); i++ {
		u, err := db.CreateUser(ctx, fmt.Sprintf("bench%d@example.com", i), "Bench", "password1", models.RoleUser)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	u := struct{ ID uint }{ids[0]}
	// Limits high enough never to refuse, but set, so every condition of
	// the quota UPDATE is evaluated.
	if _, err := db.SetPlanLimit(context.Background(), models.PlanLimit{Plan: billing.PlanFreemium,
		DailyRequests: 1_000_000_000, MonthlyTokens: 1 << 50, MonthlyCostMicros: 1 << 50}); err != nil {
		b.Fatal(err)
	}

	body := providertest.ChatCompletion("gpt-4o-mini", `{"title":"Staff nurse","company":"St Mary's"}`, 120, 30)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)

	const system, prompt = "Extract the job posting as JSON.", "Staff nurse at St Mary's, full time, nights."
	cfg := sdk.DefaultConfig(benchKey)
	cfg.BaseURL = srv.URL + "/v1"
	cfg.HTTPClient = &http.Client{Transport: benchTransport()}
	r := &overheadRig{db: db, userID: u.ID, url: srv.URL, users: ids, sdk: sdk.NewClientWithConfig(cfg),
		sdkReq: sdk.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: []sdk.ChatCompletionMessage{
			{Role: sdk.ChatMessageRoleSystem, Content: system}, {Role: sdk.ChatMessageRoleUser, Content: prompt}}},
		req: orchestrator.Request{UserID: u.ID, Task: billing.TaskExtraction, System: system, Prompt: prompt,
			CacheScope: orchestrator.CacheNone}}

	p, err := openai.New(provider.Options{APIKey: benchKey, BaseURL: srv.URL,
		HTTPClient: &http.Client{Transport: benchTransport()}})
	if err != nil {
		b.Fatal(err)
	}
	r.uw = billing.NewUsageWriter(db, nil, 0, 0)
	b.Cleanup(r.uw.Close)
	r.o = orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans: db, Quota: db, Usage: r.uw, AsyncSettle: true,
	})
	b.Cleanup(r.o.Close)
	return r
}

func (r *overheadRig) bare(ctx context.Context) error {
	_, err := r.sdk.CreateChatCompletion(ctx, r.sdkReq)
	return err
}

func (r *overheadRig) generate(ctx context.Context) error {
	req := r.req
	req.UserID = r.users[int(r.next.Add(1)%uint64(len(r.users)))]
	_, err := r.o.Generate(ctx, req)
	return err
}

// BenchmarkOrchestratorOverhead times one chat completion made with the
// bare SDK and the same one through Generate with PostgreSQL quota and
// usage logging, against one local fake, in one run. The other sub-
// benchmarks take Generate's database work apart: the plan lookup, a
// reservation settled, and Generate with every store in memory.
func BenchmarkOrchestratorOverhead(b *testing.B) {
	r := newOverheadRig(b, 1)
	ctx := context.Background()
	run := func(name string, f func(context.Context) error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("bare_sdk", r.bare)
	run("generate_postgres", r.generate)

	run("db_user_plan", func(ctx context.Context) error {
		_, err := r.db.UserPlan(ctx, r.userID)
		return err
	})
	run("db_plan_limit", func(ctx context.Context) error {
		_, err := r.db.PlanLimitOf(ctx, billing.PlanFreemium)
		return err
	})
	run("db_reserve_settle", func(ctx context.Context) error {
		res, err := r.db.Reserve(ctx, r.userID, billing.PlanFreemium, 1100, 700)
		if err != nil {
			return err
		}
		return r.db.Settle(ctx, res, 150, 36)
	})

	// The same Generate with plan, quota and usage in memory: what the
	// orchestrator costs without the database.
	p, err := openai.New(provider.Options{APIKey: benchKey,
		BaseURL: r.url, HTTPClient: &http.Client{Transport: benchTransport()}})
	if err != nil {
		b.Fatal(err)
	}
	mem := orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans: mock.Plans{}, Quota: mock.NewQuota(nil, nil),
	})
	run("generate_memory", func(ctx context.Context) error {
		_, err := mem.Generate(ctx, r.req)
		return err
	})
}

// pacedLatencies sends n requests at a steady rate, each in its own
// goroutine whatever the previous ones are doing (an open loop, as real
// traffic arrives), and returns each request's latency, sorted.
func pacedLatencies(n int, every time.Duration, f func(context.Context) error) ([]time.Duration, error) {
	lat := make([]time.Duration, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		if d := time.Until(start.Add(time.Duration(i) * every)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			t0 := time.Now()
			if err := f(ctx); err != nil {
				errs <- err
			}
			lat[i] = time.Since(t0)
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	slices.Sort(lat)
	return lat, nil
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(q*float64(len(sorted)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkOverheadAt500rps sends 2,500 requests at a steady 500 per
// second (5 s) through the bare SDK, then 2,500 through Generate with
// PostgreSQL quota and usage logging, to the same local fake, and reports
// the median and 99th percentile of each and of their difference (the
// orchestrator's overhead). one_user sends every call as one user, so all
// of them update one quota row; users_100 spreads them over 100 users.
// Each sub-benchmark does one fixed run whatever b.N is: the load is
// bounded in count and time.
func BenchmarkOverheadAt500rps(b *testing.B) {
	for _, users := range []int{1, 100} {
		name := "one_user"
		if users > 1 {
			name = fmt.Sprintf("users_%d", users)
		}
		b.Run(name, func(b *testing.B) { pacedOverhead(b, users) })
	}
}

func pacedOverhead(b *testing.B, users int) {
	const n, every, warm = 2500, 2 * time.Millisecond, 200
	r := newOverheadRig(b, users)
	ctx := context.Background()
	// Warm both paths: connections, prepared plans, the quota rows.
	for i := 0; i < warm; i++ {
		if err := r.bare(ctx); err != nil {
			b.Fatal(err)
		}
		if err := r.generate(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	bare, err := pacedLatencies(n, every, r.bare)
	if err != nil {
		b.Fatal(err)
	}
	gen, err := pacedLatencies(n, every, r.generate)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	r.uw.Close()
	var rows int64
	if err := r.db.Gorm().Model(&models.UsageLog{}).Count(&rows).Error; err != nil {
		b.Fatal(err)
	}
	if rows != warm+n {
		b.Fatalf("%d usage rows after %d calls through Generate", rows, warm+n)
	}
	for _, m := range []struct {
		v    time.Duration
		unit string
	}{
		{quantile(bare, 0.50), "p50-bare-ms"}, {quantile(bare, 0.99), "p99-bare-ms"},
		{quantile(gen, 0.50), "p50-generate-ms"}, {quantile(gen, 0.99), "p99-generate-ms"},
		{quantile(gen, 0.50) - quantile(bare, 0.50), "p50-overhead-ms"},
		{quantile(gen, 0.99) - quantile(bare, 0.99), "p99-overhead-ms"},
	} {
		b.ReportMetric(ms(m.v), m.unit)
	}
	b.Logf("%d requests per path at %d/s over %d user(s): bare p50 %.3f p99 %.3f ms; generate p50 %.3f p99 %.3f ms",
		n, int(time.Second/every), users, ms(quantile(bare, 0.5)), ms(quantile(bare, 0.99)), ms(quantile(gen, 0.5)), ms(quantile(gen, 0.99)))
}

// BenchmarkGenerateOverhead compares one chat completion made with the bare
// go-openai client to the same call through Generate (plan lookup, quota
// reservation and settlement in memory, circuit, cost, usage row), both
// against the same local fake.
func BenchmarkGenerateOverhead(b *testing.B) {
	w := providertest.OpenAI()
	f := providertest.NewServer(b, providertest.Reply{Body: w.Text("Hello", 120, 30)})
	ctx := context.Background()
	req := orchestrator.Request{UserID: 1, Task: billing.TaskExtraction, System: "sys", Prompt: "Extract the job."}

	b.Run("bare_sdk", func(b *testing.B) {
		cfg := sdk.DefaultConfig(w.Key)
		cfg.BaseURL = f.URL + "/v1"
		c := sdk.NewClientWithConfig(cfg)
		r := sdk.ChatCompletionRequest{Model: w.Model, Messages: []sdk.ChatCompletionMessage{
			{Role: sdk.ChatMessageRoleSystem, Content: "sys"}, {Role: sdk.ChatMessageRoleUser, Content: "Extract the job."}}}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.CreateChatCompletion(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("orchestrator", func(b *testing.B) {
		p, err := openai.New(provider.Options{APIKey: w.Key, BaseURL: f.URL})
		if err != nil {
			b.Fatal(err)
		}
		o, done := benchOrchestrator(p)
		defer done()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := o.Generate(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})

	// Without HTTP: what Generate itself costs around a provider that
	// answers at once.
	b.Run("orchestrator_only", func(b *testing.B) {
		o, done := benchOrchestrator(instant{})
		defer done()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := o.Generate(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchOrchestrator is an orchestrator over p with every store in memory.
func benchOrchestrator(p provider.Provider) (*orchestrator.Orchestrator, func()) {
	sink := &mock.UsageSink{}
	uw := billing.NewUsageWriter(sink, nil, 200, 50*time.Millisecond)
	o := orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans: mock.Plans{}, Usage: uw, Quota: mock.NewQuota(nil, nil),
	})
	return o, func() {
		uw.Close()
		sink.Reset()
	}
}

// instant answers every call at once, as OpenAI would have.
type instant struct{}

func (instant) Type() string { return domain.ProviderOpenAI }

func (instant) Generate(context.Context, provider.Call) (provider.Result, error) {
	return provider.Result{Text: "Hello", InputTokens: 120, OutputTokens: 30}, nil
}
