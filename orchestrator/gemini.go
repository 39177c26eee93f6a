package orchestrator

import (
	"context"
	"errors"
	"strings"

	"google.golang.org/genai"

	"tailor/domain"
)

// Gemini reaches Google's Gemini API through google.golang.org/genai.
type Gemini struct {
	client   *genai.Client
	endpoint string
}

// NewGemini returns a Gemini provider. The SDK's own retries stay off (its
// RetryOptions are nil): Generate decides about retries, and counts them.
func NewGemini(o ProviderOptions) (*Gemini, error) {
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
		HTTPClient:  httpClient(o.HTTPClient),
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
	return &Gemini{client: c, endpoint: base}, nil
}

// Type implements Provider.
func (g *Gemini) Type() string { return domain.ProviderGemini }

// Endpoint implements Endpointer.
func (g *Gemini) Endpoint() string { return g.endpoint }

func (g *Gemini) request(call Call) ([]*genai.Content, *genai.GenerateContentConfig, error) {
	parts := []*genai.Part{}
	if len(call.Image) > 0 {
		mime, err := imageMIME(call.Image, call.ImageMIME)
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
func (g *Gemini) Generate(ctx context.Context, call Call) (Result, error) {
	contents, cfg, err := g.request(call)
	if err != nil {
		return Result{}, err
	}
	ctx, meta := withRespMeta(ctx)
	resp, err := g.client.Models.GenerateContent(ctx, call.Model, contents, cfg)
	if err != nil {
		return Result{}, wrapProviderError(err, meta)
	}
	res := geminiUsage(resp)
	res.Text = resp.Text()
	return finish(res, call, geminiBlocked(resp))
}

// GenerateStream implements StreamingProvider.
func (g *Gemini) GenerateStream(ctx context.Context, call Call, onDelta func(string)) (Result, error) {
	contents, cfg, err := g.request(call)
	if err != nil {
		return Result{}, err
	}
	ctx, meta := withRespMeta(ctx)
	var b strings.Builder
	var res Result
	var last *genai.GenerateContentResponse
	for chunk, err := range g.client.Models.GenerateContentStream(ctx, call.Model, contents, cfg) {
		if err != nil {
			return res, wrapProviderError(err, meta)
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
	return finish(res, call, geminiBlocked(last))
}

// geminiUsage reads the token counts. Thinking tokens are billed as output,
// so they count as output here.
func geminiUsage(r *genai.GenerateContentResponse) Result {
	if r == nil || r.UsageMetadata == nil {
		return Result{}
	}
	u := r.UsageMetadata
	return Result{InputTokens: int(u.PromptTokenCount + u.ToolUsePromptTokenCount),
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

// finish checks an answer: it must not be empty and, with a schema, it must
// be JSON. why explains an empty answer when the provider said something.
func finish(res Result, call Call, why string) (Result, error) {
	if strings.TrimSpace(res.Text) == "" {
		if why == "" {
			why = "no text"
		}
		return res, malformed("the answer is empty (%s)", why)
	}
	if call.Schema != nil {
		t, err := validJSON(res.Text)
		if err != nil {
			return res, err
		}
		res.Text = t
	}
	return res, nil
}
