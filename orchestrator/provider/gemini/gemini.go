// Package gemini is the orchestrator's adapter for Google's Gemini API,
// the only code that imports google.golang.org/genai.
package gemini

import (
	"context"
	"errors"
	"strings"

	"google.golang.org/genai"

	"tailor/domain"
	"tailor/orchestrator/provider"
)

// Provider reaches Google's Gemini API through google.golang.org/genai.
type Provider struct {
	client   *genai.Client
	endpoint string
}

// New returns a Gemini provider. The SDK's own retries stay off (its
// RetryOptions are nil): Generate decides about retries, and counts them.
func New(o provider.Options) (*Provider, error) {
	if o.APIKey == "" {
		return nil, errors.New("gemini needs an API key")
	}
	base := strings.TrimRight(o.BaseURL, "/")
	var version string
	for _, v := range []string{"/v1beta", "/v1alpha", "/v1"} {
		if strings.HasSuffix(base, v) {
			base, version = strings.TrimSuffix(base, v), strings.TrimPrefix(v, "/")
			break
		}
	}
	cfg := &genai.ClientConfig{
		APIKey:      o.APIKey,
		Backend:     genai.BackendGeminiAPI,
		HTTPClient:  provider.HTTPClient(o.HTTPClient),
		HTTPOptions: genai.HTTPOptions{APIVersion: version},
	}
	if base == "" {
		// Set explicitly so GOOGLE_GEMINI_BASE_URL in the environment cannot
		// redirect a configured provider.
		base = "https://generativelanguage.googleapis.com"
	}
	cfg.HTTPOptions.BaseURL = base + "/"
	c, err := genai.NewClient(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	return &Provider{client: c, endpoint: base}, nil
}

// Type implements Provider.
func (g *Provider) Type() string { return domain.ProviderGemini }

// Endpoint implements Endpointer.
func (g *Provider) Endpoint() string { return g.endpoint }

func (g *Provider) request(call provider.Call) ([]*genai.Content, *genai.GenerateContentConfig, error) {
	parts := []*genai.Part{}
	if len(call.Image) > 0 {
		mime, err := provider.ImageMIME(call.Image, call.ImageMIME)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, genai.NewPartFromBytes(call.Image, mime))
	}
	parts = append(parts, genai.NewPartFromText(call.Prompt))
	cfg := &genai.GenerateContentConfig{}
	if call.System != "" {
		cfg.SystemInstruction = genai.NewContentFromText(call.System, genai.RoleUser)
	}
	if call.Schema != nil {
		cfg.ResponseMIMEType = "application/json"
		cfg.ResponseJsonSchema = call.Schema
	}
	return []*genai.Content{genai.NewContentFromParts(parts, genai.RoleUser)}, cfg, nil
}

// Generate implements Provider.
func (g *Provider) Generate(ctx context.Context, call provider.Call) (provider.Result, error) {
	contents, cfg, err := g.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	ctx, meta := provider.WithRespMeta(ctx)
	resp, err := g.client.Models.GenerateContent(ctx, call.Model, contents, cfg)
	if err != nil {
		return provider.Result{}, provider.Wrap(err, meta)
	}
	res := geminiUsage(resp)
	res.Text = resp.Text()
	return provider.Finish(res, call, geminiBlocked(resp))
}

// GenerateStream implements StreamingProvider.
func (g *Provider) GenerateStream(ctx context.Context, call provider.Call, onDelta func(string)) (provider.Result, error) {
	contents, cfg, err := g.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	ctx, meta := provider.WithRespMeta(ctx)
	var b strings.Builder
	var res provider.Result
	var last *genai.GenerateContentResponse
	for chunk, err := range g.client.Models.GenerateContentStream(ctx, call.Model, contents, cfg) {
		if err != nil {
			return res, provider.Wrap(err, meta)
		}
		last = chunk
		if u := geminiUsage(chunk); u.InputTokens+u.OutputTokens > 0 {
			res.InputTokens, res.OutputTokens = u.InputTokens, u.OutputTokens
		}
		if t := chunk.Text(); t != "" {
			b.WriteString(t)
			if onDelta != nil {
				onDelta(t)
			}
		}
	}
	res.Text = b.String()
	return provider.Finish(res, call, geminiBlocked(last))
}

// geminiUsage reads the token counts. Thinking tokens are billed as output,
// so they count as output here.
func geminiUsage(r *genai.GenerateContentResponse) provider.Result {
	if r == nil || r.UsageMetadata == nil {
		return provider.Result{}
	}
	u := r.UsageMetadata
	return provider.Result{InputTokens: int(u.PromptTokenCount + u.ToolUsePromptTokenCount),
		OutputTokens: int(u.CandidatesTokenCount + u.ThoughtsTokenCount)}
}

// geminiBlocked explains an empty answer: a blocked prompt or a stop reason
// other than the normal one.
func geminiBlocked(r *genai.GenerateContentResponse) string {
	if r == nil {
		return "no answer"
	}
	if r.PromptFeedback != nil && r.PromptFeedback.BlockReason != "" {
		return "prompt blocked: " + string(r.PromptFeedback.BlockReason)
	}
	if len(r.Candidates) > 0 && r.Candidates[0].FinishReason != "" && r.Candidates[0].FinishReason != genai.FinishReasonStop {
		return "finish reason " + string(r.Candidates[0].FinishReason)
	}
	return ""
}
