package providertest

import (
	"encoding/json"
	"strings"
	"time"

	"tailor/domain"
)

// AnthropicToolName is the forced tool that carries a structured answer on
// Anthropic's wire; the anthropic adapter's ToolName must equal it.
const AnthropicToolName = "answer"

// Wire describes one provider's API: how to build its answers and error
// bodies, and how to read what a client sent. Gemini, OpenAI,
// OpenAICompatible and Anthropic return the ones this package knows.
type Wire struct {
	// Type is the provider type (domain.Provider*) the wire is used for.
	Type  string
	Key   string
	Model string
	// Path and StreamPath are the request paths of a plain and of a
	// streaming call against a BaseURL that is the server's root.
	Path, StreamPath string

	// Text, Schema and Stream build successful answers; Schema is nil
	// where a structured answer is plain text (see SchemaAnswer).
	Text   func(text string, in, out int) string
	Schema func(jsonText string, in, out int) string
	Stream func(parts []string, in, out int) string

	// Readers of a request.
	ModelOf  func(r Request) string
	System   func(r Request) string
	Prompt   func(r Request) string
	Image    func(r Request) (mime, b64 string)
	SchemaOf func(r Request) any // the structured-output schema sent, nil for none
	APIKey   func(r Request) string
	// Streaming reports whether the request asked for a stream.
	Streaming func(r Request) bool
	// CheckStream and CheckSchema are the wire's own checks of a streaming
	// request and of a schema sent; they return what is wrong, "" if nothing.
	CheckStream func(r Request) string
	CheckSchema func(r Request, sent any) string

	// Error answers, with the Retry-After each should yield.
	RateLimited           Reply
	RateLimitedRetryAfter time.Duration
	Overloaded            Reply
	OverloadedRetryAfter  time.Duration
	Unauthorized          Reply
	BadRequest            Reply
	// Empty is a 200 answer without text.
	Empty string
	// NotJSON is a 200 answer to a schema call that carries no usable JSON.
	NotJSON Reply
}

// SchemaAnswer is a successful structured answer.
func (w Wire) SchemaAnswer(jsonText string, in, out int) string {
	if w.Schema != nil {
		return w.Schema(jsonText, in, out)
	}
	return w.Text(jsonText, in, out)
}

// Answer is a reply rendered from the request: a stream of text's words
// when the request asks for a stream, a structured answer (Anthropic's
// tool use) when it sends a schema, plain text otherwise.
func (w Wire) Answer(text string, in, out int) Reply {
	return Reply{Render: func(r Request) Reply {
		switch {
		case w.Streaming(r):
			return Reply{SSE: true, Body: w.Stream(strings.SplitAfter(text, " "), in, out)}
		case w.SchemaOf(r) != nil:
			return Reply{Body: w.SchemaAnswer(text, in, out)}
		}
		return Reply{Body: w.Text(text, in, out)}
	}}
}

// Wires are every wire format this package knows, each once.
func Wires() []Wire { return []Wire{Gemini(), OpenAI(), Anthropic()} }

// Gemini is Google's generateContent API (v1beta).
func Gemini() Wire {
	return Wire{
		Type: domain.ProviderGemini, Key: "AIzaTESTKEY0123456789abcdef", Model: "gemini-2.5-flash",
		Path:       "/v1beta/models/gemini-2.5-flash:generateContent",
		StreamPath: "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
		Text: func(text string, in, out int) string {
			return MustJSON(map[string]any{
				"candidates":    []any{map[string]any{"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": text}}}, "finishReason": "STOP"}},
				"usageMetadata": map[string]any{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out},
			})
		},
		Stream: func(parts []string, in, out int) string {
			var ev [][2]string
			for i, p := range parts {
				c := map[string]any{"candidates": []any{map[string]any{"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": p}}}}}}
				if i == len(parts)-1 {
					c["candidates"].([]any)[0].(map[string]any)["finishReason"] = "STOP"
					c["usageMetadata"] = map[string]any{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out}
				}
				ev = append(ev, [2]string{"", MustJSON(c)})
			}
			return SSE(ev...)
		},
		ModelOf: func(r Request) string {
			s := strings.TrimPrefix(r.Path, "/v1beta/models/")
			if i := strings.IndexByte(s, ':'); i >= 0 {
				return s[:i]
			}
			return s
		},
		System: func(r Request) string {
			s, _ := Dig(r.Body, "systemInstruction", "parts", 0, "text").(string)
			return s
		},
		Prompt: func(r Request) string {
			parts, _ := Dig(r.Body, "contents", 0, "parts").([]any)
			s, _ := Dig(parts, len(parts)-1, "text").(string)
			return s
		},
		Image: func(r Request) (string, string) {
			m, _ := Dig(r.Body, "contents", 0, "parts", 0, "inlineData", "mimeType").(string)
			d, _ := Dig(r.Body, "contents", 0, "parts", 0, "inlineData", "data").(string)
			return m, d
		},
		SchemaOf: func(r Request) any {
			if Dig(r.Body, "generationConfig", "responseMimeType") != "application/json" {
				return nil
			}
			return Dig(r.Body, "generationConfig", "responseJsonSchema")
		},
		APIKey:    func(r Request) string { return r.Header.Get("X-Goog-Api-Key") },
		Streaming: func(r Request) bool { return strings.HasSuffix(r.Path, ":streamGenerateContent") },
		CheckStream: func(r Request) string {
			if !strings.Contains(r.Query, "alt=sse") {
				return "query " + r.Query + " without alt=sse"
			}
			return ""
		},
		CheckSchema:           func(Request, any) string { return "" },
		RateLimited:           Reply{Status: 429, Body: `{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}`},
		RateLimitedRetryAfter: 7 * time.Second,
		Overloaded:            Reply{Status: 503, Body: `{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}`},
		Unauthorized:          Reply{Status: 400, Body: `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`},
		BadRequest:            Reply{Status: 400, Body: `{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\"","status":"INVALID_ARGUMENT"}}`},
		Empty:                 `{"candidates":[{"content":{"role":"model","parts":[]},"finishReason":"SAFETY"}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}`,
	}.withNotJSON()
}

// OpenAI is OpenAI's chat completions API.
func OpenAI() Wire {
	return Wire{
		Type: domain.ProviderOpenAI, Key: "sk-test-0123456789abcdef", Model: "gpt-4o-mini",
		Path: "/v1/chat/completions", StreamPath: "/v1/chat/completions",
		Text: func(text string, in, out int) string {
			return string(ChatCompletion("gpt-4o-mini", text, in, out))
		},
		Stream: func(parts []string, in, out int) string {
			var ev [][2]string
			for _, p := range parts {
				ev = append(ev, [2]string{"", MustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
					"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": p}, "finish_reason": nil}}, "usage": nil})})
			}
			ev = append(ev, [2]string{"", MustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
				"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}, "usage": nil})})
			ev = append(ev, [2]string{"", MustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
				"choices": []any{}, "usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}})})
			ev = append(ev, [2]string{"", "[DONE]"})
			return SSE(ev...)
		},
		ModelOf: func(r Request) string { s, _ := r.Body["model"].(string); return s },
		System: func(r Request) string {
			if Dig(r.Body, "messages", 0, "role") != "system" {
				return ""
			}
			s, _ := Dig(r.Body, "messages", 0, "content").(string)
			return s
		},
		Prompt: func(r Request) string {
			msgs, _ := r.Body["messages"].([]any)
			last := Dig(msgs, len(msgs)-1, "content")
			if s, ok := last.(string); ok {
				return s
			}
			s, _ := Dig(last, 0, "text").(string)
			return s
		},
		Image: func(r Request) (string, string) {
			msgs, _ := r.Body["messages"].([]any)
			u, _ := Dig(msgs, len(msgs)-1, "content", 1, "image_url", "url").(string)
			rest, ok := strings.CutPrefix(u, "data:")
			if !ok {
				return "", ""
			}
			mime, data, _ := strings.Cut(rest, ";base64,")
			return mime, data
		},
		SchemaOf: func(r Request) any {
			if Dig(r.Body, "response_format", "type") != "json_schema" {
				return nil
			}
			return Dig(r.Body, "response_format", "json_schema", "schema")
		},
		APIKey:    func(r Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") },
		Streaming: func(r Request) bool { return r.Body["stream"] == true },
		CheckStream: func(r Request) string {
			if Dig(r.Body, "stream_options", "include_usage") != true {
				return "stream without include_usage"
			}
			return ""
		},
		CheckSchema: func(r Request, _ any) string {
			if Dig(r.Body, "response_format", "json_schema", "strict") != true {
				return "strict-compatible schema sent without strict"
			}
			return ""
		},
		RateLimited:           Reply{Status: 429, Header: map[string]string{"Retry-After": "2"}, Body: `{"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}`},
		RateLimitedRetryAfter: 2 * time.Second,
		Overloaded:            Reply{Status: 500, Body: `{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`},
		Unauthorized:          Reply{Status: 401, Body: `{"error":{"message":"Incorrect API key provided: sk-test-********cdef.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`},
		BadRequest:            Reply{Status: 400, Body: `{"error":{"message":"Invalid schema for response_format 'extraction'.","type":"invalid_request_error","param":"response_format","code":null}}`},
		Empty:                 `{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"","refusal":"I can't help with that."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":0,"total_tokens":9}}`,
	}.withNotJSON()
}

// OpenAICompatible is OpenAI's wire served by another server (Ollama,
// vLLM, OpenRouter), reached through the openai_compatible provider type.
func OpenAICompatible() Wire {
	w := OpenAI()
	w.Type = domain.ProviderOpenAICompatible
	return w
}

// ChatCompletion is an OpenAI chat completion answer.
func ChatCompletion(model, text string, in, out int) []byte {
	b, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}})
	return b
}

// Anthropic is Anthropic's Messages API; a schema travels as one forced
// tool (AnthropicToolName) and the answer as that tool's input.
func Anthropic() Wire {
	msg := func(content []any, stop string, in, out int) string {
		return MustJSON(map[string]any{"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
			"content": content, "stop_reason": stop, "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": in, "output_tokens": out}})
	}
	text := func(text string, in, out int) string {
		return msg([]any{map[string]any{"type": "text", "text": text}}, "end_turn", in, out)
	}
	return Wire{
		Type: domain.ProviderAnthropic, Key: "sk-ant-test-0123456789", Model: "claude-haiku-4-5",
		Path: "/v1/messages", StreamPath: "/v1/messages",
		Text: text,
		Schema: func(jsonText string, in, out int) string {
			var input any
			if err := json.Unmarshal([]byte(jsonText), &input); err != nil {
				panic(err)
			}
			return msg([]any{map[string]any{"type": "tool_use", "id": "toolu_1", "name": AnthropicToolName, "input": input}}, "tool_use", in, out)
		},
		Stream: func(parts []string, in, out int) string {
			ev := [][2]string{
				{"message_start", MustJSON(map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_1", "type": "message", "role": "assistant",
					"model": "claude-haiku-4-5", "content": []any{}, "stop_reason": nil, "usage": map[string]any{"input_tokens": in, "output_tokens": 1}}})},
				{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`},
				{"ping", `{"type": "ping"}`},
			}
			for _, p := range parts {
				ev = append(ev, [2]string{"content_block_delta", MustJSON(map[string]any{"type": "content_block_delta", "index": 0,
					"delta": map[string]any{"type": "text_delta", "text": p}})})
			}
			ev = append(ev, [2]string{"content_block_stop", `{"type":"content_block_stop","index":0}`},
				[2]string{"message_delta", MustJSON(map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
					"usage": map[string]any{"output_tokens": out}})},
				[2]string{"message_stop", `{"type":"message_stop"}`})
			return SSE(ev...)
		},
		ModelOf: func(r Request) string { s, _ := r.Body["model"].(string); return s },
		System:  func(r Request) string { s, _ := Dig(r.Body, "system", 0, "text").(string); return s },
		Prompt: func(r Request) string {
			c, _ := Dig(r.Body, "messages", 0, "content").([]any)
			s, _ := Dig(c, len(c)-1, "text").(string)
			return s
		},
		Image: func(r Request) (string, string) {
			m, _ := Dig(r.Body, "messages", 0, "content", 0, "source", "media_type").(string)
			d, _ := Dig(r.Body, "messages", 0, "content", 0, "source", "data").(string)
			return m, d
		},
		SchemaOf: func(r Request) any {
			if Dig(r.Body, "tool_choice", "type") != "tool" || Dig(r.Body, "tool_choice", "name") != AnthropicToolName ||
				Dig(r.Body, "tools", 0, "name") != AnthropicToolName {
				return nil
			}
			return Dig(r.Body, "tools", 0, "input_schema")
		},
		APIKey:    func(r Request) string { return r.Header.Get("X-Api-Key") },
		Streaming: func(r Request) bool { return r.Body["stream"] == true },
		CheckStream: func(r Request) string {
			if r.Body["stream"] != true {
				return "stream flag not sent"
			}
			return ""
		},
		CheckSchema: func(_ Request, sent any) string {
			if Dig(sent, "additionalProperties") != false {
				return "extra schema keywords lost"
			}
			return ""
		},
		RateLimited:           Reply{Status: 429, Header: map[string]string{"Retry-After": "3"}, Body: `{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}`},
		RateLimitedRetryAfter: 3 * time.Second,
		Overloaded:            Reply{Status: 529, Header: map[string]string{"Retry-After": "3"}, Body: `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`},
		OverloadedRetryAfter:  3 * time.Second,
		Unauthorized:          Reply{Status: 401, Body: `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`},
		BadRequest:            Reply{Status: 400, Body: `{"type":"error","error":{"type":"invalid_request_error","message":"tools.0.input_schema: JSON schema is invalid"}}`},
		Empty:                 msg([]any{}, "end_turn", 9, 0),
		// A schema answer comes as a call of the forced tool; text instead,
		// even valid JSON, is malformed.
		NotJSON: Reply{Body: text(`{"title":"x","company":"y"}`, 10, 8)},
	}
}

// withNotJSON sets NotJSON to a chatty text answer, for wires whose
// structured answers are text.
func (w Wire) withNotJSON() Wire {
	w.NotJSON = Reply{Body: w.Text("Sure! Here is the job: Go developer", 10, 8)}
	return w
}
