package orchestrator

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"tailor/domain"
)

// Anthropic reaches Claude through github.com/anthropics/anthropic-sdk-go.
// A schema becomes one forced tool whose input schema it is; the tool's
// input is the answer.
type Anthropic struct {
	client    anthropic.Client
	endpoint  string
	maxTokens int64
}

// anthropicTool is the name of the forced tool that carries a structured answer.
const anthropicTool = "answer"

// NewAnthropic returns an Anthropic provider. The SDK's retries are off and
// its environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, ...) is ignored, so
// a config means exactly what it says.
func NewAnthropic(o ProviderOptions) (*Anthropic, error) {
	if o.APIKey == "" {
		return nil, errors.New("anthropic needs an API key")
	}
	base := strings.TrimRight(o.BaseURL, "/")
	if base == "" {
		base = "https://api.anthropic.com"
	}
	c := anthropic.NewClient(
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(o.APIKey),
		option.WithBaseURL(base+"/"),
		option.WithHTTPClient(httpClient(o.HTTPClient)),
		option.WithMaxRetries(0),
	)
	return &Anthropic{client: c, endpoint: base, maxTokens: int64(maxTokens(o))}, nil
}

// Type implements Provider.
func (a *Anthropic) Type() string { return domain.ProviderAnthropic }

// Endpoint implements Endpointer.
func (a *Anthropic) Endpoint() string { return a.endpoint }

func (a *Anthropic) request(call Call) (anthropic.MessageNewParams, error) {
	p := anthropic.MessageNewParams{Model: anthropic.Model(call.Model), MaxTokens: a.maxTokens}
	if call.System != "" {
		p.System = []anthropic.TextBlockParam{{Text: call.System}}
	}
	var blocks []anthropic.ContentBlockParamUnion
	if len(call.Image) > 0 {
		mime, err := imageMIME(call.Image, call.ImageMIME)
		if err != nil {
			return p, err
		}
		blocks = append(blocks, anthropic.NewImageBlockBase64(mime, base64.StdEncoding.EncodeToString(call.Image)))
	}
	blocks = append(blocks, anthropic.NewTextBlock(call.Prompt))
	p.Messages = []anthropic.MessageParam{anthropic.NewUserMessage(blocks...)}
	if call.Schema != nil {
		schema, err := toolSchema(call.Schema)
		if err != nil {
			return p, err
		}
		p.Tools = []anthropic.ToolUnionParam{anthropic.ToolUnionParamOfTool(schema, anthropicTool)}
		p.ToolChoice = anthropic.ToolChoiceParamOfTool(anthropicTool)
	}
	return p, nil
}

// toolSchema turns a JSON schema into a tool input schema; it must describe
// an object, as every tool input is one.
func toolSchema(s map[string]any) (anthropic.ToolInputSchemaParam, error) {
	if t, ok := s["type"]; ok && t != "object" {
		return anthropic.ToolInputSchemaParam{}, &ProviderError{Class: ClassFatal,
			Err: fmt.Errorf("anthropic needs an object schema for structured output, got type %v", t)}
	}
	var p anthropic.ToolInputSchemaParam
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
func (a *Anthropic) answer(m *anthropic.Message, call Call) (Result, error) {
	res := Result{InputTokens: int(m.Usage.InputTokens + m.Usage.CacheCreationInputTokens + m.Usage.CacheReadInputTokens),
		OutputTokens: int(m.Usage.OutputTokens)}
	var b strings.Builder
	for _, c := range m.Content {
		switch {
		case call.Schema != nil && c.Type == "tool_use" && c.Name == anthropicTool:
			b.Reset()
			b.Write(c.Input)
		case call.Schema == nil && c.Type == "text":
			b.WriteString(c.Text)
		}
	}
	res.Text = b.String()
	return finish(res, call, "stop reason "+string(m.StopReason))
}

// Generate implements Provider.
func (a *Anthropic) Generate(ctx context.Context, call Call) (Result, error) {
	p, err := a.request(call)
	if err != nil {
		return Result{}, err
	}
	ctx, meta := withRespMeta(ctx)
	m, err := a.client.Messages.New(ctx, p)
	if err != nil {
		return Result{}, wrapProviderError(err, meta)
	}
	return a.answer(m, call)
}

// GenerateStream implements StreamingProvider. With a schema the deltas are
// pieces of the tool's JSON input.
func (a *Anthropic) GenerateStream(ctx context.Context, call Call, onDelta func(string)) (Result, error) {
	p, err := a.request(call)
	if err != nil {
		return Result{}, err
	}
	ctx, meta := withRespMeta(ctx)
	stream := a.client.Messages.NewStreaming(ctx, p)
	defer stream.Close()
	var m anthropic.Message
	for stream.Next() {
		ev := stream.Current()
		if err := m.Accumulate(ev); err != nil {
			return Result{}, malformed("stream: %v", err)
		}
		if ev.Type == "content_block_delta" && onDelta != nil {
			if d := ev.Delta.Text + ev.Delta.PartialJSON; d != "" {
				onDelta(d)
			}
		}
	}
	if err := stream.Err(); err != nil {
		res := Result{InputTokens: int(m.Usage.InputTokens), OutputTokens: int(m.Usage.OutputTokens)}
		return res, wrapProviderError(err, meta)
	}
	return a.answer(&m, call)
}
