package orchestrator

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/orchestrator/provider"
)

func (w wire) schemaAnswer(jsonText string, in, out int) string {
	if w.schema != nil {
		return w.schema(jsonText, in, out)
	}
	return w.text(jsonText, in, out)
}

var jobSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"title":   map[string]any{"type": "string"},
		"company": map[string]any{"type": "string"},
	},
	"required":             []any{"title", "company"},
	"additionalProperties": false,
}

func TestProviderText(t *testing.T) {
	for _, w := range wires() {
		t.Run(w.typ, func(t *testing.T) {
			f := newFakeAPI(t, reply{body: w.text("Hello from the model", 17, 5)})
			p, err := w.newProvider(f.srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskCoverLetter, Model: w.model, System: "You write letters.", Prompt: "Write one."})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			if res.Text != "Hello from the model" || res.InputTokens != 17 || res.OutputTokens != 5 {
				t.Errorf("result = %+v, want text, 17 in, 5 out", res)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("fake got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Path != w.path {
				t.Errorf("path = %s, want %s", r.Path, w.path)
			}
			if got := w.modelOf(r); got != w.model {
				t.Errorf("model = %q, want %q", got, w.model)
			}
			if got := w.system(r); got != "You write letters." {
				t.Errorf("system prompt = %q", got)
			}
			if got := w.prompt(r); got != "Write one." {
				t.Errorf("prompt = %q", got)
			}
			if got := w.apiKey(r); got != w.key {
				t.Errorf("API key sent = %q, want %q", got, w.key)
			}
			if w.schemaI(r) != nil {
				t.Errorf("a call without schema asked for structured output: %v", r.Body)
			}
		})
	}
}

func TestProviderSchemaAndImage(t *testing.T) {
	img := testPNG(t)
	answer := `{"title":"Go developer","company":"Acme"}`
	for _, w := range wires() {
		t.Run(w.typ, func(t *testing.T) {
			f := newFakeAPI(t, reply{body: w.schemaAnswer(answer, 1290, 12)})
			p, err := w.newProvider(f.srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			// No MIME given: the provider sniffs it.
			res, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskImageValidation, Model: w.model, Prompt: "Read the job.", Image: img, Schema: jobSchema})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			if !jsonEqual(t, res.Text, answer) {
				t.Errorf("text = %s, want %s", res.Text, answer)
			}
			if res.InputTokens != 1290 {
				t.Errorf("input tokens = %d, want 1290 (image tokens as reported)", res.InputTokens)
			}
			r := f.requests()[0]
			mime, data := w.image(r)
			if mime != "image/png" || data != base64.StdEncoding.EncodeToString(img) {
				t.Errorf("image part = %q, %d base64 chars; want image/png and the bytes", mime, len(data))
			}
			sent := w.schemaI(r)
			if sent == nil {
				t.Fatalf("schema not sent as structured output: %v", r.Body)
			}
			if dig(sent, "properties", "title", "type") != "string" || !reflect.DeepEqual(dig(sent, "required"), []any{"title", "company"}) {
				t.Errorf("schema sent = %v", sent)
			}
			if w.typ == domain.ProviderOpenAI && dig(r.Body, "response_format", "json_schema", "strict") != true {
				t.Errorf("strict-compatible schema sent without strict: %v", r.Body["response_format"])
			}
			if w.typ == domain.ProviderAnthropic && dig(sent, "additionalProperties") != false {
				t.Errorf("extra schema keywords lost: %v", sent)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := jsonUnmarshal(a, &x); err != nil {
		return false
	}
	if err := jsonUnmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestProviderStream(t *testing.T) {
	for _, w := range wires() {
		t.Run(w.typ, func(t *testing.T) {
			parts := []string{"Dear ", "hiring ", "manager"}
			f := newFakeAPI(t, reply{sse: true, body: w.stream(parts, 40, 9)})
			p, err := w.newProvider(f.srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			sp, ok := p.(provider.StreamingProvider)
			if !ok {
				t.Fatalf("%T does not stream", p)
			}
			var got []string
			res, err := sp.GenerateStream(context.Background(), provider.Call{Task: billing.TaskCoverLetter, Model: w.model, System: "s", Prompt: "p"},
				func(d string) { got = append(got, d) })
			if err != nil {
				t.Fatalf("GenerateStream: %v", err)
			}
			if !reflect.DeepEqual(got, parts) {
				t.Errorf("deltas = %q, want %q", got, parts)
			}
			if res.Text != "Dear hiring manager" || res.InputTokens != 40 || res.OutputTokens != 9 {
				t.Errorf("result = %+v", res)
			}
			reqs := f.requests()
			if len(reqs) != 1 || reqs[0].Path != w.streamPath {
				t.Fatalf("requests = %+v", reqs)
			}
			switch w.typ {
			case domain.ProviderOpenAI:
				if dig(reqs[0].Body, "stream_options", "include_usage") != true {
					t.Errorf("stream without include_usage: %v", reqs[0].Body)
				}
			case domain.ProviderAnthropic:
				if reqs[0].Body["stream"] != true {
					t.Errorf("stream flag not sent: %v", reqs[0].Body)
				}
			case domain.ProviderGemini:
				if !strings.Contains(reqs[0].Query, "alt=sse") {
					t.Errorf("query = %q, want alt=sse", reqs[0].Query)
				}
			}
		})
	}
}

func TestProviderErrors(t *testing.T) {
	for _, w := range wires() {
		cases := []struct {
			name      string
			reply     reply
			schema    bool
			class     provider.Class
			status    int
			retry     string
			malformed bool
		}{
			{name: "rate limited", reply: w.rateLimited, class: provider.ClassRetryable, status: 429, retry: w.retryAfter},
			{name: "overloaded", reply: w.overloaded, class: provider.ClassRetryable, status: w.overloaded.status},
			{name: "bad key", reply: w.unauthorized, class: provider.ClassAuth, status: w.unauthorized.status},
			{name: "bad request", reply: w.badRequest, class: provider.ClassFatal, status: 400},
			{name: "empty answer", reply: reply{body: w.empty}, class: provider.ClassFatal, malformed: true},
			{name: "not JSON", reply: reply{body: w.text("Sure! Here is the job: Go developer", 10, 8)}, schema: true, class: provider.ClassFatal, malformed: true},
		}
		if w.typ == domain.ProviderAnthropic {
			// Anthropic's schema answers come as a tool call; a text answer
			// instead of the forced tool is malformed too.
			cases[5].reply = reply{body: w.text(`{"title":"x","company":"y"}`, 10, 8)}
		}
		for _, c := range cases {
			t.Run(w.typ+"/"+c.name, func(t *testing.T) {
				f := newFakeAPI(t, c.reply)
				p, err := w.newProvider(f.srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				call := provider.Call{Task: billing.TaskExtraction, Model: w.model, Prompt: "p"}
				if c.schema {
					call.Schema = jobSchema
				}
				_, err = p.Generate(context.Background(), call)
				if err == nil {
					t.Fatal("Generate succeeded, want an error")
				}
				if n := len(f.requests()); n != 1 {
					t.Errorf("fake got %d requests, want exactly 1 (no SDK retries)", n)
				}
				var pe *provider.Error
				if !errors.As(err, &pe) {
					t.Fatalf("error %T %v is not a *ProviderError", err, err)
				}
				if pe.Class != c.class || provider.Classify(err) != c.class {
					t.Errorf("class = %q, want %q (%v)", pe.Class, c.class, err)
				}
				if c.status != 0 && pe.StatusCode != c.status {
					t.Errorf("status = %d, want %d", pe.StatusCode, c.status)
				}
				if c.retry != "" {
					want, _ := time.ParseDuration(c.retry)
					if pe.RetryAfter != want {
						t.Errorf("RetryAfter = %v, want %v", pe.RetryAfter, want)
					}
				}
				if c.malformed != errors.Is(err, provider.ErrMalformed) {
					t.Errorf("malformed = %v, want %v (%v)", !c.malformed, c.malformed, err)
				}
			})
		}
	}
}

// TestAnthropicStreamError covers an error event in the middle of an SSE
// stream: Anthropic sends overloaded_error that way, with status 200.
func TestAnthropicStreamError(t *testing.T) {
	w := anthropicWire()
	body := sse([2]string{"message_start", `{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}`},
		[2]string{"error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`})
	f := newFakeAPI(t, reply{sse: true, body: body})
	p, _ := w.newProvider(f.srv.URL)
	_, err := p.(provider.StreamingProvider).GenerateStream(context.Background(), provider.Call{Model: w.model, Prompt: "p"}, nil)
	if provider.Classify(err) != provider.ClassRetryable {
		t.Fatalf("class = %q, want retryable (%v)", provider.Classify(err), err)
	}
}

func TestProviderTimeoutAndRefused(t *testing.T) {
	for _, w := range wires() {
		t.Run(w.typ+"/timeout", func(t *testing.T) {
			block := make(chan struct{})
			srv := newBlockingServer(t, block)
			p, _ := w.newProvider(srv)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := p.Generate(ctx, provider.Call{Model: w.model, Prompt: "p"})
			close(block)
			if provider.Classify(err) != provider.ClassRetryable || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v (class %q), want a retryable deadline", err, provider.Classify(err))
			}
		})
		t.Run(w.typ+"/refused", func(t *testing.T) {
			f := newFakeAPI(t)
			u := f.srv.URL
			f.srv.Close()
			p, _ := w.newProvider(u)
			_, err := p.Generate(context.Background(), provider.Call{Model: w.model, Prompt: "p"})
			if provider.Classify(err) != provider.ClassRetryable {
				t.Errorf("err = %v (class %q), want retryable", err, provider.Classify(err))
			}
		})
	}
}

func TestOpenAICompatibleBaseURL(t *testing.T) {
	w := openAIWire()
	for _, c := range []struct{ suffix, wantPath string }{
		{"", "/v1/chat/completions"},
		{"/", "/v1/chat/completions"},
		{"/api/v1", "/api/v1/chat/completions"},
		{"/api", "/api/v1/chat/completions"},
	} {
		f := newFakeAPI(t, reply{body: w.text("ok", 1, 1)})
		// Ollama needs no key.
		p, err := NewProvider(domain.ProviderOpenAICompatible, provider.Options{BaseURL: f.srv.URL + c.suffix})
		if err != nil {
			t.Fatal(err)
		}
		if p.Type() != domain.ProviderOpenAICompatible {
			t.Errorf("type = %q", p.Type())
		}
		if _, err := p.Generate(context.Background(), provider.Call{Model: "llama3.2", Prompt: "p"}); err != nil {
			t.Fatalf("%q: %v", c.suffix, err)
		}
		if got := f.requests()[0].Path; got != c.wantPath {
			t.Errorf("base %q: path = %s, want %s", c.suffix, got, c.wantPath)
		}
	}
}

func TestInjectedHTTPClient(t *testing.T) {
	for _, w := range wires() {
		t.Run(w.typ, func(t *testing.T) {
			f := newFakeAPI(t, reply{body: w.text("ok", 1, 1)})
			var seen int
			client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				seen++
				return http.DefaultTransport.RoundTrip(r)
			})}
			p, err := NewProvider(w.typ, provider.Options{APIKey: w.key, BaseURL: f.srv.URL, HTTPClient: client})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Generate(context.Background(), provider.Call{Model: w.model, Prompt: "p"}); err != nil {
				t.Fatal(err)
			}
			if seen != 1 {
				t.Errorf("injected client saw %d requests, want 1", seen)
			}
			if _, ok := client.Transport.(roundTripFunc); !ok {
				t.Error("the caller's client was changed")
			}
		})
	}
}

func TestNewProviderErrors(t *testing.T) {
	for _, c := range []struct {
		typ string
		o   provider.Options
	}{
		{"mistral", provider.Options{APIKey: "k"}},
		{domain.ProviderGemini, provider.Options{}},
		{domain.ProviderOpenAI, provider.Options{}},
		{domain.ProviderAnthropic, provider.Options{}},
		{domain.ProviderOpenAICompatible, provider.Options{APIKey: "k"}},
	} {
		if _, err := NewProvider(c.typ, c.o); err == nil {
			t.Errorf("NewProvider(%q, %+v) succeeded", c.typ, c.o)
		}
	}
}
