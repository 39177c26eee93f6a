package orchestrator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/anthropic"
)

// fakeAPI is a local server speaking one provider's wire format. It records
// every request and answers from a script; the last reply repeats.
type fakeAPI struct {
	t       testing.TB
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []seenRequest
	replies []reply
}

type seenRequest struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   map[string]any
}

type reply struct {
	status int
	header map[string]string
	body   string
	// sse sends body as text/event-stream.
	sse bool
}

func newFakeAPI(t testing.TB, replies ...reply) *fakeAPI {
	f := &fakeAPI{t: t, replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			f.t.Errorf("fake: request body is not JSON: %v: %s", err, raw)
		}
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, seenRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	var rep reply
	if len(f.replies) > 0 {
		rep = f.replies[0]
		if len(f.replies) > 1 {
			f.replies = f.replies[1:]
		}
	}
	f.mu.Unlock()
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if rep.sse {
		w.Header().Set("Content-Type", "text/event-stream")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	if rep.status == 0 {
		rep.status = http.StatusOK
	}
	w.WriteHeader(rep.status)
	_, _ = io.WriteString(w, rep.body)
}

func (f *fakeAPI) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.reqs...)
}

func (f *fakeAPI) setReplies(r ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.replies = r
}

// dig walks decoded JSON by map keys and slice indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// sse renders events; an event with a name gets an "event:" line, as
// Anthropic sends them.
func sse(events ...[2]string) string {
	var b strings.Builder
	for _, e := range events {
		if e[0] != "" {
			fmt.Fprintf(&b, "event: %s\n", e[0])
		}
		fmt.Fprintf(&b, "data: %s\n\n", e[1])
	}
	return b.String()
}

// testPNG is a small real PNG.
func testPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := 0; x < 4; x++ {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wire describes one provider's API for table-driven tests.
type wire struct {
	typ   string
	key   string
	model string
	// newProvider builds the provider against the fake.
	newProvider func(baseURL string) (provider.Provider, error)
	// path is the request path of a plain and of a streaming call.
	path, streamPath string
	// text, tool and stream build successful answers.
	text   func(text string, in, out int) string
	schema func(jsonText string, in, out int) string
	stream func(parts []string, in, out int) string
	// readers of the request.
	modelOf func(r seenRequest) string
	system  func(r seenRequest) string
	prompt  func(r seenRequest) string
	image   func(r seenRequest) (mime, b64 string)
	schemaI func(r seenRequest) any
	apiKey  func(r seenRequest) string
	// error answers.
	rateLimited  reply
	retryAfter   string // what RetryAfter should be, as a duration string
	overloaded   reply
	unauthorized reply
	badRequest   reply
	empty        string // a 200 answer without text
}

func wires() []wire {
	return []wire{geminiWire(), openAIWire(), anthropicWire()}
}

func geminiWire() wire {
	return wire{
		typ: domain.ProviderGemini, key: "AIzaTESTKEY0123456789abcdef", model: "gemini-2.5-flash",
		newProvider: func(u string) (provider.Provider, error) {
			return NewProvider(domain.ProviderGemini, provider.Options{APIKey: "AIzaTESTKEY0123456789abcdef", BaseURL: u})
		},
		path:       "/v1beta/models/gemini-2.5-flash:generateContent",
		streamPath: "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
		text: func(text string, in, out int) string {
			return mustJSON(map[string]any{
				"candidates":    []any{map[string]any{"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": text}}}, "finishReason": "STOP"}},
				"usageMetadata": map[string]any{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out},
			})
		},
		stream: func(parts []string, in, out int) string {
			var ev [][2]string
			for i, p := range parts {
				c := map[string]any{"candidates": []any{map[string]any{"content": map[string]any{"role": "model", "parts": []any{map[string]any{"text": p}}}}}}
				if i == len(parts)-1 {
					c["candidates"].([]any)[0].(map[string]any)["finishReason"] = "STOP"
					c["usageMetadata"] = map[string]any{"promptTokenCount": in, "candidatesTokenCount": out, "totalTokenCount": in + out}
				}
				ev = append(ev, [2]string{"", mustJSON(c)})
			}
			return sse(ev...)
		},
		modelOf: func(r seenRequest) string {
			s := strings.TrimPrefix(r.Path, "/v1beta/models/")
			return s[:strings.IndexByte(s, ':')]
		},
		system: func(r seenRequest) string {
			s, _ := dig(r.Body, "systemInstruction", "parts", 0, "text").(string)
			return s
		},
		prompt: func(r seenRequest) string {
			parts, _ := dig(r.Body, "contents", 0, "parts").([]any)
			s, _ := dig(parts, len(parts)-1, "text").(string)
			return s
		},
		image: func(r seenRequest) (string, string) {
			m, _ := dig(r.Body, "contents", 0, "parts", 0, "inlineData", "mimeType").(string)
			d, _ := dig(r.Body, "contents", 0, "parts", 0, "inlineData", "data").(string)
			return m, d
		},
		schemaI: func(r seenRequest) any {
			if dig(r.Body, "generationConfig", "responseMimeType") != "application/json" {
				return nil
			}
			return dig(r.Body, "generationConfig", "responseJsonSchema")
		},
		apiKey:       func(r seenRequest) string { return r.Header.Get("X-Goog-Api-Key") },
		rateLimited:  reply{status: 429, body: `{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}`},
		retryAfter:   "7s",
		overloaded:   reply{status: 503, body: `{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}`},
		unauthorized: reply{status: 400, body: `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`},
		badRequest:   reply{status: 400, body: `{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\"","status":"INVALID_ARGUMENT"}}`},
		empty:        `{"candidates":[{"content":{"role":"model","parts":[]},"finishReason":"SAFETY"}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}`,
	}
}

func openAIWire() wire {
	return wire{
		typ: domain.ProviderOpenAI, key: "sk-test-0123456789abcdef", model: "gpt-4o-mini",
		newProvider: func(u string) (provider.Provider, error) {
			return NewProvider(domain.ProviderOpenAI, provider.Options{APIKey: "sk-test-0123456789abcdef", BaseURL: u})
		},
		path: "/v1/chat/completions", streamPath: "/v1/chat/completions",
		text: func(text string, in, out int) string {
			return mustJSON(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
				"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
				"usage":   map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}})
		},
		stream: func(parts []string, in, out int) string {
			var ev [][2]string
			for _, p := range parts {
				ev = append(ev, [2]string{"", mustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
					"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": p}, "finish_reason": nil}}, "usage": nil})})
			}
			ev = append(ev, [2]string{"", mustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
				"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}, "usage": nil})})
			ev = append(ev, [2]string{"", mustJSON(map[string]any{"id": "c", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
				"choices": []any{}, "usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}})})
			ev = append(ev, [2]string{"", "[DONE]"})
			return sse(ev...)
		},
		modelOf: func(r seenRequest) string { s, _ := r.Body["model"].(string); return s },
		system: func(r seenRequest) string {
			if dig(r.Body, "messages", 0, "role") != "system" {
				return ""
			}
			s, _ := dig(r.Body, "messages", 0, "content").(string)
			return s
		},
		prompt: func(r seenRequest) string {
			msgs, _ := r.Body["messages"].([]any)
			last := dig(msgs, len(msgs)-1, "content")
			if s, ok := last.(string); ok {
				return s
			}
			s, _ := dig(last, 0, "text").(string)
			return s
		},
		image: func(r seenRequest) (string, string) {
			msgs, _ := r.Body["messages"].([]any)
			u, _ := dig(msgs, len(msgs)-1, "content", 1, "image_url", "url").(string)
			rest, ok := strings.CutPrefix(u, "data:")
			if !ok {
				return "", ""
			}
			mime, data, _ := strings.Cut(rest, ";base64,")
			return mime, data
		},
		schemaI: func(r seenRequest) any {
			if dig(r.Body, "response_format", "type") != "json_schema" {
				return nil
			}
			return dig(r.Body, "response_format", "json_schema", "schema")
		},
		apiKey:       func(r seenRequest) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") },
		rateLimited:  reply{status: 429, header: map[string]string{"Retry-After": "2"}, body: `{"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}`},
		retryAfter:   "2s",
		overloaded:   reply{status: 500, body: `{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`},
		unauthorized: reply{status: 401, body: `{"error":{"message":"Incorrect API key provided: sk-test-********cdef.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`},
		badRequest:   reply{status: 400, body: `{"error":{"message":"Invalid schema for response_format 'extraction'.","type":"invalid_request_error","param":"response_format","code":null}}`},
		empty:        `{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"","refusal":"I can't help with that."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":0,"total_tokens":9}}`,
	}
}

func anthropicWire() wire {
	msg := func(content []any, stop string, in, out int) string {
		return mustJSON(map[string]any{"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
			"content": content, "stop_reason": stop, "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": in, "output_tokens": out}})
	}
	return wire{
		typ: domain.ProviderAnthropic, key: "sk-ant-test-0123456789", model: "claude-haiku-4-5",
		newProvider: func(u string) (provider.Provider, error) {
			return NewProvider(domain.ProviderAnthropic, provider.Options{APIKey: "sk-ant-test-0123456789", BaseURL: u})
		},
		path: "/v1/messages", streamPath: "/v1/messages",
		text: func(text string, in, out int) string {
			return msg([]any{map[string]any{"type": "text", "text": text}}, "end_turn", in, out)
		},
		schema: func(jsonText string, in, out int) string {
			var input any
			if err := json.Unmarshal([]byte(jsonText), &input); err != nil {
				panic(err)
			}
			return msg([]any{map[string]any{"type": "tool_use", "id": "toolu_1", "name": anthropic.ToolName, "input": input}}, "tool_use", in, out)
		},
		stream: func(parts []string, in, out int) string {
			ev := [][2]string{
				{"message_start", mustJSON(map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_1", "type": "message", "role": "assistant",
					"model": "claude-haiku-4-5", "content": []any{}, "stop_reason": nil, "usage": map[string]any{"input_tokens": in, "output_tokens": 1}}})},
				{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`},
				{"ping", `{"type": "ping"}`},
			}
			for _, p := range parts {
				ev = append(ev, [2]string{"content_block_delta", mustJSON(map[string]any{"type": "content_block_delta", "index": 0,
					"delta": map[string]any{"type": "text_delta", "text": p}})})
			}
			ev = append(ev, [2]string{"content_block_stop", `{"type":"content_block_stop","index":0}`},
				[2]string{"message_delta", mustJSON(map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
					"usage": map[string]any{"output_tokens": out}})},
				[2]string{"message_stop", `{"type":"message_stop"}`})
			return sse(ev...)
		},
		modelOf: func(r seenRequest) string { s, _ := r.Body["model"].(string); return s },
		system:  func(r seenRequest) string { s, _ := dig(r.Body, "system", 0, "text").(string); return s },
		prompt: func(r seenRequest) string {
			c, _ := dig(r.Body, "messages", 0, "content").([]any)
			s, _ := dig(c, len(c)-1, "text").(string)
			return s
		},
		image: func(r seenRequest) (string, string) {
			m, _ := dig(r.Body, "messages", 0, "content", 0, "source", "media_type").(string)
			d, _ := dig(r.Body, "messages", 0, "content", 0, "source", "data").(string)
			return m, d
		},
		schemaI: func(r seenRequest) any {
			if dig(r.Body, "tool_choice", "type") != "tool" || dig(r.Body, "tool_choice", "name") != anthropic.ToolName ||
				dig(r.Body, "tools", 0, "name") != anthropic.ToolName {
				return nil
			}
			return dig(r.Body, "tools", 0, "input_schema")
		},
		apiKey:       func(r seenRequest) string { return r.Header.Get("X-Api-Key") },
		rateLimited:  reply{status: 429, header: map[string]string{"Retry-After": "3"}, body: `{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}`},
		retryAfter:   "3s",
		overloaded:   reply{status: 529, body: `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`},
		unauthorized: reply{status: 401, body: `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`},
		badRequest:   reply{status: 400, body: `{"type":"error","error":{"type":"invalid_request_error","message":"tools.0.input_schema: JSON schema is invalid"}}`},
		empty:        msg([]any{}, "end_turn", 9, 0),
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newBlockingServer answers nothing until block is closed, to make a
// client's deadline pass.
func newBlockingServer(t testing.TB, block chan struct{}) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
