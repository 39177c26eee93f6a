// Package orchestrator is the only way from Tailor to a language model. Every
// call goes through Orchestrator.Generate, which finds the user's plan, maps
// (plan, task) to a tier, looks in the cache, reserves quota, walks the
// provider chain with retries and circuit breakers, and records one usage row
// per attempt. Providers are plain values behind the Provider interface, so
// the chain can change between two calls without a restart.
//
// The call path lives here (Generate, routing, cache, quota, circuit
// breakers, rate limits, retries, the chain and TestLink); the SDK adapters
// live in orchestrator/provider/{gemini,openai,anthropic,builtin}, the only
// code that imports an LLM SDK (google.golang.org/genai,
// github.com/sashabaranov/go-openai, github.com/anthropics/anthropic-sdk-go),
// and NewProvider maps a provider type to its adapter. Each SDK's own
// retries are off, so one attempt is one HTTP request and one usage row.
//
// The database-backed parts plug in through interfaces the store satisfies
// without importing this package: ConfigStore (provider configs, read by
// DBChain), billing.QuotaStore, billing.UsageSink, billing.PolicySource
// (routing policy and prices, a billing.PolicyCache over the store) and
// Cache (bytes). Plans, prices, quota and usage types live in billing; the
// key cipher and redaction in secret.
package orchestrator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"time"

	"tailor/apperr"
	"tailor/billing"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/secret"
)

// Request is one unit of LLM work as the domain code sees it.
type Request struct {
	UserID uint
	Task   billing.Task
	// System and Prompt are what a language model reads.
	System string
	Prompt string
	// Image is optional input for vision models (PNG, JPEG or WebP bytes).
	Image     []byte
	ImageMIME string
	// Schema is the JSON schema the answer must follow; nil means free text.
	Schema map[string]any
	// Input is the typed value the prompt was built from. Offline providers
	// cannot read prompts, so they work from it instead.
	Input any
	// Force bypasses any cached answer (the fresh answer is cached again).
	Force bool
	// CacheScope says who may share the cached answer: the same user (the
	// zero value), every user (CacheShared, for public inputs such as a job
	// posting URL) or nobody (CacheNone).
	CacheScope CacheScope
	// CacheKey, when set, names the input for the cache instead of a hash of
	// System, Prompt, Schema and Image: the domain code knows what makes two
	// inputs the same (build it with CacheKey(promptVersion, normalizedURL)).
	// The orchestrator always adds the scope, the user for CacheUser, the
	// task and the tier.
	CacheKey string
	// OnDelta, when set, receives the answer as it is written, from
	// providers that stream. attempt numbers the provider attempt the text
	// belongs to: when it changes, the previous attempt failed and its text
	// must be thrown away. A cached answer arrives whole with attempt 0, and
	// a provider that does not stream sends its whole answer once.
	OnDelta func(attempt int, text string)
	// Validate, when set, checks an answer before Generate accepts it (that
	// it holds the JSON object asked for, say). A refused answer is asked
	// for once more at the same link, then the next link is tried; it is
	// neither cached nor charged to the person, and its usage row is an
	// error of class invalid. A cached answer it refuses is ignored.
	Validate func(text string) error
	// Skip names links, by CircuitKey, that this request must not use: the
	// caller already refused what they wrote for it and wants another
	// provider's answer.
	Skip []string
}

// Response is the answer to a Request.
type Response struct {
	Text         string
	RequestID    string
	ProviderType string
	Model        string
	// Link is the CircuitKey of the link that answered, so a caller that
	// refuses the answer can put it in Request.Skip.
	Link string
	// Refused lists the links whose answers Validate refused on the way,
	// so a caller asking again can skip them too.
	Refused      []string
	InputTokens  int
	OutputTokens int
	// CostMicros is what this request cost: 0 for a cache hit.
	CostMicros int64
	// CostUnknown is true when the model has no price in the table.
	CostUnknown bool
	CacheHit    bool
	// Offline is true when the builtin provider answered, so the UI can say so.
	Offline bool
	// Attempts is how many provider attempts the request took (0 for a cache hit).
	Attempts int
}

// Link is one entry of the provider chain, tried in order.
type Link struct {
	ConfigID     *uint // nil for providers from the environment or builtin
	Provider     provider.Provider
	FastModel    string
	QualityModel string
	// RPMLimit caps attempts per minute at this link (0: no cap); a link at
	// its cap is skipped for the next one.
	RPMLimit int
}

// Model returns the model this link uses for a tier.
func (l Link) Model(t billing.Tier) string {
	if t == billing.TierQuality && l.QualityModel != "" {
		return l.QualityModel
	}
	return l.FastModel
}

// ChainSource returns the current provider chain. It is asked on every call,
// so a change of configuration applies to the next call.
type ChainSource interface {
	Chain(ctx context.Context) ([]Link, error)
}

// StaticChain is a ChainSource that never changes.
type StaticChain []Link

// Chain implements ChainSource.
func (s StaticChain) Chain(context.Context) ([]Link, error) { return s, nil }

// Options configure an Orchestrator. Chain and Plans are required; every
// other field has a working default.
type Options struct {
	Chain ChainSource
	Plans billing.PlanSource
	// PolicySource gives the routing policy and the price table of each
	// call (a *billing.PolicyCache); nil means billing.FixedSource(nil, nil),
	// the defaults.
	PolicySource billing.PolicySource
	// Usage receives one row per attempt; nil writes none.
	Usage  *billing.UsageWriter
	Logger *slog.Logger
	// Now is the clock of usage rows, circuits and the cache; nil means time.Now.
	Now func() time.Time
	// CallTimeout bounds one provider attempt; 0 means 60 s.
	CallTimeout time.Duration

	// Quota, when set, is asked before any provider is called.
	Quota billing.QuotaStore
	// EstimatedOutputTokens is added to the prompt's estimate when reserving
	// quota; 0 means 1024.
	EstimatedOutputTokens int
	// Cache, when set, answers repeated requests; CacheTTL is how long an
	// answer stays (0 means 24 h).
	Cache    Cache
	CacheTTL time.Duration

	// MaxAttempts bounds the attempts at one link for retryable errors; 0 means 3.
	MaxAttempts int
	// BaseDelay and MaxDelay shape the backoff between attempts (full
	// jitter: a random wait up to BaseDelay·2^(n-1), at most MaxDelay);
	// 0 means 500 ms and 8 s.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxRetryAfter is the longest Retry-After the orchestrator waits for
	// on a link; a provider asking for longer is skipped for the next link.
	// 0 means 10 s.
	MaxRetryAfter time.Duration
	// Sleep waits between attempts; nil means a timer that stops with ctx.
	// Tests pass one that records and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random duration in [0, d]; nil means math/rand.
	Jitter func(d time.Duration) time.Duration

	// BreakerThreshold is how many consecutive retryable failures open a
	// link's circuit (an auth failure opens it at once); 0 means 5.
	BreakerThreshold int
	// BreakerCooldown is how long an open circuit stays open before one
	// probe is let through; 0 means 30 s.
	BreakerCooldown time.Duration

	// AsyncSettle settles and releases quota off the caller's path: the
	// reservation holds the quota until then, so limits stay exact, and the
	// caller gets its answer one database round trip sooner. Close waits
	// for what is still in flight.
	AsyncSettle bool
}

// Orchestrator routes requests to providers and accounts for them. It is
// safe for concurrent use.
type Orchestrator struct {
	chain         ChainSource
	plans         billing.PlanSource
	policy        billing.PolicySource
	usage         *billing.UsageWriter
	log           *slog.Logger
	now           func() time.Time
	callTimeout   time.Duration
	quota         billing.QuotaStore
	estOut        int
	cache         Cache
	cacheTTL      time.Duration
	maxAttempts   int
	baseDelay     time.Duration
	maxDelay      time.Duration
	maxRetryAfter time.Duration
	sleep         func(context.Context, time.Duration) error
	jitter        func(time.Duration) time.Duration
	breakers      *breakers
	asyncSettle   bool
	settling      sync.WaitGroup
	rpm           *rpmLimiter
}

// New returns an Orchestrator. Chain and Plans are required.
func New(o Options) *Orchestrator {
	if o.PolicySource == nil {
		o.PolicySource = billing.FixedSource(nil, nil)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 60 * time.Second
	}
	if o.EstimatedOutputTokens <= 0 {
		o.EstimatedOutputTokens = 1024
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = 24 * time.Hour
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 500 * time.Millisecond
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 8 * time.Second
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 10 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return time.Duration(mrand.Int64N(int64(d) + 1))
		}
	}
	if o.BreakerThreshold <= 0 {
		o.BreakerThreshold = 5
	}
	if o.BreakerCooldown <= 0 {
		o.BreakerCooldown = 30 * time.Second
	}
	return &Orchestrator{chain: o.Chain, plans: o.Plans, policy: o.PolicySource, usage: o.Usage,
		log: o.Logger, now: o.Now, callTimeout: o.CallTimeout, quota: o.Quota,
		estOut: o.EstimatedOutputTokens, cache: o.Cache, cacheTTL: o.CacheTTL, maxAttempts: o.MaxAttempts,
		baseDelay: o.BaseDelay, maxDelay: o.MaxDelay, maxRetryAfter: o.MaxRetryAfter, sleep: o.Sleep,
		jitter: o.Jitter, breakers: newBreakers(o.BreakerThreshold, o.BreakerCooldown, o.Now), asyncSettle: o.AsyncSettle,
		rpm: newRPMLimiter(o.Now)}
}

// Close waits for quota settlements still in flight (AsyncSettle).
func (o *Orchestrator) Close() { o.settling.Wait() }

// afterCall runs f now, or in the background with AsyncSettle.
func (o *Orchestrator) afterCall(f func()) {
	if !o.asyncSettle {
		f()
		return
	}
	o.settling.Add(1)
	go func() {
		defer o.settling.Done()
		f()
	}()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Circuits lists the circuits that have seen failures, for the admin pages.
func (o *Orchestrator) Circuits() []CircuitState { return o.breakers.states() }

// ResetCircuit closes the circuit of a link (see CircuitKey), for instance
// after an admin replaced a revoked key.
func (o *Orchestrator) ResetCircuit(key string) { o.breakers.reset(key) }

// Generate runs req on the first provider of the chain that answers.
//
// The steps: the user's plan and the tier; the cache (unless req.Force or
// CacheNone); a quota reservation; then each link of the chain in order,
// skipping links whose circuit is open. On one link, retryable errors are
// retried with backoff up to MaxAttempts; an auth error opens the link's
// circuit and moves on; an answer that is not the JSON asked for, or that
// req.Validate refuses, is asked for once more at once, then the next link
// is tried; any other fatal error (a 400) moves on at once, since another
// provider may well accept the same request. An
// *apperr.Error from a provider is its verdict on the content and is
// returned as it is. Every attempt writes one usage row. When no link
// answers, the reservation is released and the error is EUNAVAILABLE.
func (o *Orchestrator) Generate(ctx context.Context, req Request) (Response, error) {
	reqID := newRequestID()
	if req.OnDelta == nil {
		req.OnDelta = deltasOf(ctx)
	}
	plan, err := o.plans.UserPlan(ctx, req.UserID)
	if err != nil {
		return Response{}, err
	}
	// One snapshot of each table serves the whole call, so the estimate
	// and every attempt are priced alike even while an admin edits them.
	tier := o.policy.Policy(ctx).Tier(plan, req.Task)
	prices := o.policy.Prices(ctx)
	base := billing.Usage{UserID: req.UserID, TaskType: string(req.Task), Plan: plan, RequestID: reqID}

	var cacheKey string
	if o.cache != nil && req.CacheScope != CacheNone {
		cacheKey = requestCacheKey(req, tier)
		if !req.Force {
			if hit, ok := o.cacheGet(ctx, cacheKey); ok && usableHit(req, hit) {
				return o.cacheHit(req, base, hit, reqID), nil
			}
		}
	}

	chain, err := o.chain.Chain(ctx)
	if err != nil {
		return Response{}, apperr.Wrap(err, apperr.EUNAVAILABLE, "The AI providers could not be loaded. Please try again in a minute.")
	}
	if len(chain) == 0 {
		return Response{}, apperr.New(apperr.EUNAVAILABLE, "No AI provider is configured. Ask an admin to add one under Admin → Providers.")
	}

	var resv *billing.Reservation
	if o.quota != nil {
		r, err := o.reserve(ctx, req, base, chain, tier, prices)
		if err != nil {
			return Response{}, err
		}
		resv = &r
	}

	var lastErr error
	var refused []string
	attempt := 0
	for _, link := range chain {
		if link.Provider == nil {
			continue
		}
		key := CircuitKey(link)
		if slices.Contains(req.Skip, key) {
			continue
		}
		model := link.Model(tier)
		invalid := 0
		for try := 1; try <= o.maxAttempts; try++ {
			if !o.breakers.allow(key) {
				o.log.Info("provider skipped, circuit open", "request_id", reqID, "circuit", key)
				if lastErr == nil {
					lastErr = &circuitOpen{key: key}
				}
				break
			}
			if !o.rpm.allow(key, link.RPMLimit) {
				o.breakers.release(key)
				o.log.Info("provider skipped, at its requests-per-minute limit", "request_id", reqID, "circuit", key, "rpm_limit", link.RPMLimit)
				if lastErr == nil {
					lastErr = errors.New("requests-per-minute limit reached for " + key)
				}
				break
			}
			attempt++
			row, res, err := o.attempt(ctx, link, req, model, attempt, base, prices)
			if err == nil && req.Validate != nil {
				if verr := req.Validate(res.Text); verr != nil {
					// The link answered, so its circuit stays as it is; the
					// answer is recorded and thrown away.
					o.breakers.failure(key, provider.ClassInvalid, "")
					row.Status, row.ErrorClass = billing.StatusError, string(provider.ClassInvalid)
					row.ErrorMessage = secret.Redact("answer refused: " + verr.Error())
					o.writeUsage(row)
					lastErr = &provider.Error{Class: provider.ClassInvalid, Err: verr}
					o.log.Warn("provider answer refused", "request_id", reqID, "provider", row.ProviderType,
						"model", model, "task", req.Task, "attempt", attempt, "error", row.ErrorMessage)
					if invalid++; invalid >= 2 {
						refused = append(refused, key)
						break
					}
					continue
				}
			}
			if err == nil {
				o.breakers.success(key)
				o.writeUsage(row)
				o.settle(ctx, resv, row)
				resp := Response{Text: res.Text, RequestID: reqID, ProviderType: row.ProviderType, Model: model, Link: key,
					InputTokens: res.InputTokens, OutputTokens: res.OutputTokens, CostMicros: row.CostMicros,
					CostUnknown: row.CostUnknown, Offline: row.ProviderType == builtin.Type, Attempts: attempt, Refused: refused}
				if cacheKey != "" && !resp.Offline {
					// Offline answers are not cached: they would keep answering
					// after a real provider has been configured.
					o.cachePut(ctx, cacheKey, resp)
				}
				return resp, nil
			}
			o.writeUsage(row)
			lastErr = err
			class, _, retryAfter := provider.Inspect(err)
			if ctx.Err() != nil {
				o.breakers.release(key)
				o.release(ctx, resv)
				return Response{}, apperr.Wrap(ctx.Err(), apperr.EUNAVAILABLE,
					"The AI request was stopped before a provider answered. Nothing was charged; please try again.")
			}
			if class == provider.ClassContent {
				o.breakers.release(key)
				o.release(ctx, resv)
				return Response{}, err
			}
			o.breakers.failure(key, class, row.ErrorMessage)
			o.log.Warn("provider attempt failed", "request_id", reqID, "provider", row.ProviderType,
				"model", model, "task", req.Task, "attempt", attempt, "class", class, "error", row.ErrorMessage)
			if errors.Is(err, provider.ErrMalformed) {
				// An answer that is not the JSON asked for is asked for once
				// more at the same link (models slip), then the next link.
				if invalid++; invalid >= 2 {
					refused = append(refused, key)
					break
				}
				continue
			}
			if class != provider.ClassRetryable || try == o.maxAttempts {
				break
			}
			delay, ok := o.backoff(ctx, try, retryAfter)
			if !ok {
				break
			}
			if err := o.sleep(ctx, delay); err != nil {
				o.release(ctx, resv)
				return Response{}, apperr.Wrap(err, apperr.EUNAVAILABLE,
					"The AI request was stopped before a provider answered. Nothing was charged; please try again.")
			}
		}
	}
	o.release(ctx, resv)
	if lastErr == nil {
		lastErr = errors.New("no usable provider in the chain")
	}
	return Response{}, apperr.Wrap(&providersFailed{last: lastErr}, apperr.EUNAVAILABLE,
		"Every AI provider failed to answer. Nothing was charged; please try again in a few minutes.")
}

// usableHit reports whether a cached answer may serve req: it must come
// from a link req does not skip and pass req's validation.
func usableHit(req Request, hit Response) bool {
	if hit.Link != "" && slices.Contains(req.Skip, hit.Link) {
		return false
	}
	return req.Validate == nil || req.Validate(hit.Text) == nil
}

// backoff returns the wait before attempt try+1 on the same link: full
// jitter over an exponential bound, but never less than the provider's
// Retry-After. ok is false when waiting is pointless: the provider asks for
// more than MaxRetryAfter, or the caller's deadline comes first.
func (o *Orchestrator) backoff(ctx context.Context, try int, retryAfter time.Duration) (time.Duration, bool) {
	if retryAfter > o.maxRetryAfter {
		return 0, false
	}
	bound := o.maxDelay
	if shift := try - 1; shift < 30 {
		if b := o.baseDelay << shift; b > 0 && b < bound {
			bound = b
		}
	}
	d := o.jitter(bound)
	if d < retryAfter {
		d = retryAfter
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= d {
		return 0, false
	}
	return d, true
}

// attempt makes one call and returns its usage row.
func (o *Orchestrator) attempt(ctx context.Context, link Link, req Request, model string, n int, base billing.Usage, prices *billing.Prices) (billing.Usage, provider.Result, error) {
	call := provider.Call{Task: req.Task, Model: model, System: req.System, Prompt: req.Prompt,
		Image: req.Image, ImageMIME: req.ImageMIME, Schema: req.Schema, Input: req.Input}
	actx, cancel := context.WithTimeout(ctx, o.callTimeout)
	start := o.now()
	var res provider.Result
	var err error
	sp, streams := link.Provider.(provider.StreamingProvider)
	if req.OnDelta != nil && streams {
		res, err = sp.GenerateStream(actx, call, func(d string) { req.OnDelta(n, d) })
	} else {
		res, err = link.Provider.Generate(actx, call)
		if err == nil && req.OnDelta != nil {
			req.OnDelta(n, res.Text)
		}
	}
	latency := o.now().Sub(start)
	cancel()

	row := base
	row.ProviderConfigID = link.ConfigID
	row.ProviderType = link.Provider.Type()
	row.ModelName = model
	row.InputTokens, row.OutputTokens = res.InputTokens, res.OutputTokens
	row.TotalTokens = res.InputTokens + res.OutputTokens
	row.LatencyMS = latency.Milliseconds()
	row.Attempt = n
	row.CreatedAt = start
	if row.ProviderType != builtin.Type {
		// A failed attempt that reports tokens was billed by the provider:
		// the row shows that cost, though the person is not charged.
		var known bool
		row.CostMicros, known = prices.Cost(model, res.InputTokens, res.OutputTokens)
		row.CostUnknown = !known && (err == nil || row.TotalTokens > 0)
	}
	if err == nil {
		row.Status = billing.StatusSuccess
		return row, res, nil
	}
	class := provider.Classify(err)
	if ctx.Err() != nil {
		class = provider.ClassCanceled
	}
	row.Status = billing.StatusError
	row.ErrorClass = string(class)
	row.ErrorMessage = secret.Redact(err.Error())
	return row, res, err
}

// cacheHit answers from the cache and records what that saved.
func (o *Orchestrator) cacheHit(req Request, base billing.Usage, hit Response, reqID string) Response {
	row := base
	row.ProviderType, row.ModelName = hit.ProviderType, hit.Model
	row.Status = billing.StatusCacheHit
	row.CacheHit = true
	row.CostSavedMicros = hit.CostMicros
	row.CostUnknown = hit.CostUnknown
	row.CreatedAt = o.now()
	o.writeUsage(row)
	resp := hit
	resp.RequestID, resp.CacheHit, resp.CostMicros, resp.Attempts = reqID, true, 0, 0
	if req.OnDelta != nil {
		req.OnDelta(0, resp.Text)
	}
	return resp
}

// reserve asks the quota store for an estimate of the request, priced at
// the first link's model.
func (o *Orchestrator) reserve(ctx context.Context, req Request, base billing.Usage, chain []Link, tier billing.Tier, prices *billing.Prices) (billing.Reservation, error) {
	est := provider.EstimateTokens(req.System+req.Prompt) + o.estOut
	if len(req.Image) > 0 {
		est += imageTokenEstimate
	}
	var estCost int64
	for _, l := range chain {
		if l.Provider != nil && l.Provider.Type() != builtin.Type {
			estCost, _ = prices.Cost(l.Model(tier), est-o.estOut, o.estOut)
			break
		}
	}
	r, err := o.quota.Reserve(ctx, req.UserID, base.Plan, est, estCost)
	if err == nil {
		return r, nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.EQUOTA {
		row := base
		row.Status = billing.StatusQuotaExceeded
		row.ErrorMessage = secret.Redact(ae.Message)
		row.CreatedAt = o.now()
		o.writeUsage(row)
		return billing.Reservation{}, err
	}
	return billing.Reservation{}, apperr.Wrap(err, apperr.EUNAVAILABLE, "Your AI allowance could not be checked. Please try again in a minute.")
}

// imageTokenEstimate is a rough token count of one screenshot for quota
// estimates; the provider's own count settles it.
const imageTokenEstimate = 1300

func (o *Orchestrator) settle(ctx context.Context, r *billing.Reservation, row billing.Usage) {
	if r == nil {
		return
	}
	res, ctx := *r, context.WithoutCancel(ctx)
	o.afterCall(func() {
		if err := o.quota.Settle(ctx, res, row.TotalTokens, row.CostMicros); err != nil {
			o.log.Error("quota settle failed", "request_id", row.RequestID, "error", err)
		}
	})
}

func (o *Orchestrator) release(ctx context.Context, r *billing.Reservation) {
	if r == nil {
		return
	}
	res, ctx := *r, context.WithoutCancel(ctx)
	o.afterCall(func() {
		if err := o.quota.Release(ctx, res); err != nil {
			o.log.Error("quota release failed", "user_id", res.UserID, "error", err)
		}
	})
}

func (o *Orchestrator) writeUsage(u billing.Usage) {
	if o.usage != nil {
		o.usage.Write(u)
	}
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
