// Package orchestrator is the only way from Tailor to a language model. Every
// call goes through Orchestrator.Generate, which finds the user's plan, maps
// (plan, task) to a tier, walks the provider chain, and records one usage row
// per attempt. Providers are plain values behind the Provider interface, so
// the chain can change between two calls without a restart.
package orchestrator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"tailor/apperr"
)

// Task names what a call is for; routing, quotas and the usage log key on it.
type Task string

const (
	TaskExtraction      Task = "extraction"
	TaskImageValidation Task = "image_validation"
	TaskCVDraft         Task = "cv_draft"
	TaskCoverLetter     Task = "cover_letter"
)

// Tasks lists every task, in the order the admin pages show them.
var Tasks = []Task{TaskExtraction, TaskImageValidation, TaskCVDraft, TaskCoverLetter}

// Request is one unit of LLM work as the domain code sees it.
type Request struct {
	UserID uint
	Task   Task
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
	// Force bypasses any cached answer.
	Force bool
}

// Response is the answer to a Request.
type Response struct {
	Text         string
	RequestID    string
	ProviderType string
	Model        string
	InputTokens  int
	OutputTokens int
	CostMicros   int64
	CacheHit     bool
	// Offline is true when the builtin provider answered, so the UI can say so.
	Offline bool
}

// Call is what a Provider receives: a Request with its model chosen.
type Call struct {
	Task      Task
	Model     string
	System    string
	Prompt    string
	Image     []byte
	ImageMIME string
	Schema    map[string]any
	Input     any
}

// Result is a provider's answer with the token counts it reported.
type Result struct {
	Text         string
	InputTokens  int
	OutputTokens int
}

// Provider is one way to reach a model.
type Provider interface {
	// Type names the provider kind: builtin, gemini, openai, anthropic, ...
	Type() string
	Generate(ctx context.Context, call Call) (Result, error)
}

// Link is one entry of the provider chain, tried in order.
type Link struct {
	ConfigID     *uint // nil for providers from the environment or builtin
	Provider     Provider
	FastModel    string
	QualityModel string
}

// Model returns the model this link uses for a tier.
func (l Link) Model(t Tier) string {
	if t == TierQuality && l.QualityModel != "" {
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

// PlanSource tells the plan of a user.
type PlanSource interface {
	UserPlan(ctx context.Context, userID uint) (string, error)
}

// Options configure an Orchestrator.
type Options struct {
	Chain  ChainSource
	Plans  PlanSource
	Policy *Policy
	Usage  *UsageWriter
	Logger *slog.Logger
	Now    func() time.Time
	// CallTimeout bounds one provider attempt; 0 means 60 s.
	CallTimeout time.Duration
}

// Orchestrator routes requests to providers and accounts for them.
type Orchestrator struct {
	chain       ChainSource
	plans       PlanSource
	policy      *Policy
	usage       *UsageWriter
	log         *slog.Logger
	now         func() time.Time
	callTimeout time.Duration
}

// New returns an Orchestrator. Chain, Plans and Usage are required.
func New(o Options) *Orchestrator {
	if o.Policy == nil {
		o.Policy = DefaultPolicy()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CallTimeout == 0 {
		o.CallTimeout = 60 * time.Second
	}
	return &Orchestrator{chain: o.Chain, plans: o.Plans, policy: o.Policy, usage: o.Usage,
		log: o.Logger, now: o.Now, callTimeout: o.CallTimeout}
}

// Policy returns the routing policy, for the admin pages.
func (o *Orchestrator) Policy() *Policy { return o.policy }

// Generate runs req on the first provider of the chain that answers.
func (o *Orchestrator) Generate(ctx context.Context, req Request) (Response, error) {
	reqID := newRequestID()
	plan, err := o.plans.UserPlan(ctx, req.UserID)
	if err != nil {
		return Response{}, err
	}
	tier := o.policy.Tier(plan, req.Task)
	chain, err := o.chain.Chain(ctx)
	if err != nil {
		return Response{}, apperr.Wrap(err, apperr.EUNAVAILABLE, "The AI providers could not be loaded. Please try again in a minute.")
	}
	if len(chain) == 0 {
		return Response{}, apperr.New(apperr.EUNAVAILABLE, "No AI provider is configured. Ask an admin to add one under Admin → Providers.")
	}
	var lastErr error
	for i, link := range chain {
		model := link.Model(tier)
		start := o.now()
		res, err := o.attempt(ctx, link, req, model)
		latency := o.now().Sub(start)
		row := Usage{
			UserID: req.UserID, ProviderConfigID: link.ConfigID, ProviderType: link.Provider.Type(),
			ModelName: model, TaskType: string(req.Task), Plan: plan,
			InputTokens: res.InputTokens, OutputTokens: res.OutputTokens,
			TotalTokens: res.InputTokens + res.OutputTokens,
			LatencyMS:   latency.Milliseconds(), Attempt: i + 1, RequestID: reqID, CreatedAt: start,
		}
		if err == nil {
			row.Status = StatusSuccess
			o.usage.Write(row)
			return Response{Text: res.Text, RequestID: reqID, ProviderType: link.Provider.Type(), Model: model,
				InputTokens: res.InputTokens, OutputTokens: res.OutputTokens,
				Offline: link.Provider.Type() == BuiltinType}, nil
		}
		row.Status = StatusError
		row.ErrorMessage = Redact(err.Error())
		o.usage.Write(row)
		lastErr = err
		// An *apperr.Error is the provider's verdict on the content (a login
		// wall, an image that is not a job ad): no other provider will do better.
		var ae *apperr.Error
		if errors.As(err, &ae) || ctx.Err() != nil {
			return Response{}, err
		}
		o.log.Warn("provider attempt failed", "request_id", reqID, "provider", link.Provider.Type(),
			"model", model, "task", req.Task, "error", row.ErrorMessage)
	}
	return Response{}, apperr.Wrap(lastErr, apperr.EUNAVAILABLE,
		"Every AI provider failed to answer. Nothing was charged; please try again in a few minutes.")
}

func (o *Orchestrator) attempt(ctx context.Context, link Link, req Request, model string) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, o.callTimeout)
	defer cancel()
	return link.Provider.Generate(ctx, Call{Task: req.Task, Model: model, System: req.System, Prompt: req.Prompt,
		Image: req.Image, ImageMIME: req.ImageMIME, Schema: req.Schema, Input: req.Input})
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
