// Package openai is the orchestrator's adapter for OpenAI and for servers
// speaking its chat completions API (Ollama, vLLM, OpenRouter), the only
// code that imports github.com/sashabaranov/go-openai.
package openai

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"

	sdk "github.com/sashabaranov/go-openai"

	"tailor/domain"
	"tailor/orchestrator/provider"
)

// Provider reaches OpenAI or any server speaking its chat completions API
// (Ollama, vLLM, OpenRouter, ...) through github.com/sashabaranov/go-openai,
// which has no retries of its own.
type Provider struct {
	client   *sdk.Client
	typ      string
	endpoint string
}

// New returns a provider for OpenAI itself.
func New(o provider.Options) (*Provider, error) {
	if o.APIKey == "" {
		return nil, errors.New("openai needs an API key")
	}
	if o.BaseURL == "" {
		o.BaseURL = "https://api.openai.com"
	}
	return newProvider(domain.ProviderOpenAI, o), nil
}

// NewCompatible returns a provider for a server that speaks OpenAI's
// API at BaseURL. The key may be empty (a local Ollama needs none).
func NewCompatible(o provider.Options) (*Provider, error) {
	if o.BaseURL == "" {
		return nil, errors.New("an OpenAI-compatible provider needs a base URL")
	}
	return newProvider(domain.ProviderOpenAICompatible, o), nil
}

var versionSuffix = regexp.MustCompile(`/v\d+(beta|alpha)?\d*$`)

func newProvider(typ string, o provider.Options) *Provider {
	base := strings.TrimRight(o.BaseURL, "/")
	if !versionSuffix.MatchString(base) {
		base += "/v1"
	}
	cfg := sdk.DefaultConfig(o.APIKey)
	cfg.BaseURL = base
	cfg.HTTPClient = provider.HTTPClient(o.HTTPClient)
	return &Provider{client: sdk.NewClientWithConfig(cfg), typ: typ, endpoint: base}
}

// Type implements Provider.
func (p *Provider) Type() string { return p.typ }

// Endpoint implements Endpointer.
func (p *Provider) Endpoint() string { return p.endpoint }

// rawSchema hands a schema to go-openai, which wants a json.Marshaler.
type rawSchema map[string]any

func (s rawSchema) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]any(s)) }

func (p *Provider) request(call provider.Call) (sdk.ChatCompletionRequest, error) {
	req := sdk.ChatCompletionRequest{Model: call.Model}
	if call.System != "" {
		req.Messages = append(req.Messages, sdk.ChatCompletionMessage{Role: sdk.ChatMessageRoleSystem, Content: call.System})
	}
	user := sdk.ChatCompletionMessage{Role: sdk.ChatMessageRoleUser}
	if len(call.Image) > 0 {
		mime, err := provider.ImageMIME(call.Image, call.ImageMIME)
		if err != nil {
			return req, err
		}
		user.MultiContent = []sdk.ChatMessagePart{
			{Type: sdk.ChatMessagePartTypeText, Text: call.Prompt},
			{Type: sdk.ChatMessagePartTypeImageURL, ImageURL: &sdk.ChatMessageImageURL{
				URL: "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(call.Image), Detail: sdk.ImageURLDetailAuto}},
		}
	} else {
		user.Content = call.Prompt
	}
	req.Messages = append(req.Messages, user)
	if call.Schema != nil {
		req.ResponseFormat = &sdk.ChatCompletionResponseFormat{
			Type: sdk.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &sdk.ChatCompletionResponseFormatJSONSchema{
				Name: provider.SchemaName(call.Task), Schema: rawSchema(call.Schema), Strict: strictSchema(call.Schema)},
		}
	}
	return req, nil
}

// Generate implements Provider.
func (p *Provider) Generate(ctx context.Context, call provider.Call) (provider.Result, error) {
	req, err := p.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	ctx, meta := provider.WithRespMeta(ctx)
	resp, err := p.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return provider.Result{}, provider.Wrap(err, meta)
	}
	res := provider.Result{InputTokens: resp.Usage.PromptTokens, OutputTokens: resp.Usage.CompletionTokens}
	why := "no choices"
	if len(resp.Choices) > 0 {
		c := resp.Choices[0]
		res.Text = c.Message.Content
		why = "finish reason " + string(c.FinishReason)
		if c.Message.Refusal != "" {
			why = "refusal: " + c.Message.Refusal
		}
	}
	return provider.Finish(res, call, why)
}

// GenerateStream implements StreamingProvider. Usage arrives in a last chunk
// only when asked for with StreamOptions.IncludeUsage.
func (p *Provider) GenerateStream(ctx context.Context, call provider.Call, onDelta func(string)) (provider.Result, error) {
	req, err := p.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	req.Stream = true
	req.StreamOptions = &sdk.StreamOptions{IncludeUsage: true}
	ctx, meta := provider.WithRespMeta(ctx)
	stream, err := p.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return provider.Result{}, provider.Wrap(err, meta)
	}
	defer stream.Close()
	var b strings.Builder
	var res provider.Result
	why := "no choices"
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.Text = b.String()
			return res, provider.Wrap(err, meta)
		}
		if chunk.Usage != nil {
			res.InputTokens, res.OutputTokens = chunk.Usage.PromptTokens, chunk.Usage.CompletionTokens
		}
		for _, c := range chunk.Choices {
			if c.Index != 0 {
				continue
			}
			if c.FinishReason != "" {
				why = "finish reason " + string(c.FinishReason)
			}
			if d := c.Delta.Content; d != "" {
				b.WriteString(d)
				if onDelta != nil {
					onDelta(d)
				}
			}
		}
	}
	res.Text = b.String()
	return provider.Finish(res, call, why)
}

// strictSchema reports whether OpenAI's strict mode accepts the schema:
// every object must forbid extra properties and require all of its own.
// A schema that does not qualify is still sent, without strict.
func strictSchema(s map[string]any) bool {
	if s == nil {
		return false
	}
	props, hasProps := s["properties"].(map[string]any)
	if s["type"] == "object" || hasProps {
		if ap, ok := s["additionalProperties"].(bool); !ok || ap {
			return false
		}
		req := map[string]bool{}
		switch r := s["required"].(type) {
		case []string:
			for _, k := range r {
				req[k] = true
			}
		case []any:
			for _, k := range r {
				if ks, ok := k.(string); ok {
					req[ks] = true
				}
			}
		}
		for k, v := range props {
			if !req[k] {
				return false
			}
			if sub, ok := v.(map[string]any); ok && !strictSchema(sub) {
				return false
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok && !strictSchema(items) {
		return false
	}
	for _, key := range []string{"anyOf", "$defs", "definitions"} {
		switch v := s[key].(type) {
		case []any:
			for _, x := range v {
				if sub, ok := x.(map[string]any); ok && !strictSchema(sub) {
					return false
				}
			}
		case map[string]any:
			for _, x := range v {
				if sub, ok := x.(map[string]any); ok && !strictSchema(sub) {
					return false
				}
			}
		}
	}
	return true
}
