// Package anthropic is the orchestrator's adapter for Anthropic's Messages
// API, the only code that imports github.com/anthropics/anthropic-sdk-go.
package anthropic

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"tailor/domain"
	"tailor/orchestrator/provider"
)

// Provider reaches Claude through github.com/anthropics/anthropic-sdk-go.
// A schema becomes one forced tool whose input schema it is; the tool's
// input is the answer.
type Provider struct {
	client    sdk.Client
	endpoint  string
	maxTokens int64
}

// ToolName is the name of the forced tool that carries a structured answer.
const ToolName = "answer"

// New returns an Anthropic provider. The SDK's retries are off and
// its environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, ...) is ignored, so
// a config means exactly what it says.
func New(o provider.Options) (*Provider, error) {
	if o.APIKey == "" {
		return nil, errors.New("anthropic needs an API key")
	}
	base := strings.TrimRight(o.BaseURL, "/")
	if base == "" {
		base = "https://api.anthropic.com"
	}
	c := sdk.NewClient(
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(o.APIKey),
		option.WithBaseURL(base+"/"),
		option.WithHTTPClient(provider.HTTPClient(o.HTTPClient)),
		option.WithMaxRetries(0),
	)
	return &Provider{client: c, endpoint: base, maxTokens: int64(maxTokens(o))}, nil
}

// Type implements Provider.
func (a *Provider) Type() string { return domain.ProviderAnthropic }

// Endpoint implements Endpointer.
func (a *Provider) Endpoint() string { return a.endpoint }

func (a *Provider) request(call provider.Call) (sdk.MessageNewParams, error) {
	p := sdk.MessageNewParams{Model: sdk.Model(call.Model), MaxTokens: a.maxTokens}
	if call.System != "" {
		p.System = []sdk.TextBlockParam{{Text: call.System}}
	}
	var blocks []sdk.ContentBlockParamUnion
	if len(call.Image) > 0 {
		mime, err := provider.ImageMIME(call.Image, call.ImageMIME)
		if err != nil {
			return p, err
		}
		blocks = append(blocks, sdk.NewImageBlockBase64(mime, base64.StdEncoding.EncodeToString(call.Image)))
	}
	blocks = append(blocks, sdk.NewTextBlock(call.Prompt))
	p.Messages = []sdk.MessageParam{sdk.NewUserMessage(blocks...)}
	if call.Schema != nil {
		schema, err := toolSchema(call.Schema)
		if err != nil {
			return p, err
		}
		p.Tools = []sdk.ToolUnionParam{sdk.ToolUnionParamOfTool(schema, ToolName)}
		p.ToolChoice = sdk.ToolChoiceParamOfTool(ToolName)
	}
	return p, nil
}

// toolSchema turns a JSON schema into a tool input schema; it must describe
// an object, as every tool input is one.
func toolSchema(s map[string]any) (sdk.ToolInputSchemaParam, error) {
	if t, ok := s["type"]; ok && t != "object" {
		return sdk.ToolInputSchemaParam{}, &provider.Error{Class: provider.ClassFatal,
			Err: fmt.Errorf("anthropic needs an object schema for structured output, got type %v", t)}
	}
	var p sdk.ToolInputSchemaParam
	p.ExtraFields = map[string]any{}
	for k, v := range s {
		switch k {
		case "type":
		case "properties":
			p.Properties = v
		case "required":
			switch r := v.(type) {
			case []string:
				p.Required = r
			case []any:
				for _, x := range r {
					if xs, ok := x.(string); ok {
						p.Required = append(p.Required, xs)
					}
				}
			}
		default:
			p.ExtraFields[k] = v
		}
	}
	return p, nil
}

// answer reads the text or the forced tool's input out of a message.
func (a *Provider) answer(m *sdk.Message, call provider.Call) (provider.Result, error) {
	res := provider.Result{InputTokens: int(m.Usage.InputTokens + m.Usage.CacheCreationInputTokens + m.Usage.CacheReadInputTokens),
		OutputTokens: int(m.Usage.OutputTokens)}
	var b strings.Builder
	for _, c := range m.Content {
		switch {
		case call.Schema != nil && c.Type == "tool_use" && c.Name == ToolName:
			b.Reset()
			b.Write(c.Input)
		case call.Schema == nil && c.Type == "text":
			b.WriteString(c.Text)
		}
	}
	res.Text = b.String()
	return provider.Finish(res, call, "stop reason "+string(m.StopReason))
}

// Generate implements Provider.
func (a *Provider) Generate(ctx context.Context, call provider.Call) (provider.Result, error) {
	p, err := a.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	ctx, meta := provider.WithRespMeta(ctx)
	m, err := a.client.Messages.New(ctx, p)
	if err != nil {
		return provider.Result{}, provider.Wrap(err, meta)
	}
	return a.answer(m, call)
}

// GenerateStream implements StreamingProvider. With a schema the deltas are
// pieces of the tool's JSON input.
func (a *Provider) GenerateStream(ctx context.Context, call provider.Call, onDelta func(string)) (provider.Result, error) {
	p, err := a.request(call)
	if err != nil {
		return provider.Result{}, err
	}
	ctx, meta := provider.WithRespMeta(ctx)
	stream := a.client.Messages.NewStreaming(ctx, p)
	defer stream.Close()
	var m sdk.Message
	for stream.Next() {
		ev := stream.Current()
		if err := m.Accumulate(ev); err != nil {
			return provider.Result{}, provider.Malformed("stream: %v", err)
		}
		if ev.Type == "content_block_delta" && onDelta != nil {
			if d := ev.Delta.Text + ev.Delta.PartialJSON; d != "" {
				onDelta(d)
			}
		}
	}
	if err := stream.Err(); err != nil {
		res := provider.Result{InputTokens: int(m.Usage.InputTokens), OutputTokens: int(m.Usage.OutputTokens)}
		return res, provider.Wrap(err, meta)
	}
	return a.answer(&m, call)
}

func maxTokens(o provider.Options) int {
	if o.MaxOutputTokens > 0 {
		return o.MaxOutputTokens
	}
	return 8192
}
