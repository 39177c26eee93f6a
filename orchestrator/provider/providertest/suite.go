package providertest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"tailor/billing"
	"tailor/orchestrator/provider"
)

// NewFunc builds the provider under test from its options.
type NewFunc func(o provider.Options) (provider.Provider, error)

// Run is the conformance suite of an adapter: newProvider, pointed at a
// fake speaking w, must send what the API expects (model, system prompt,
// prompt, key, image, schema), read text, JSON and token counts, stream
// deltas, and turn every failure into a *provider.Error of the right class
// (with status and Retry-After, and never the key) after exactly one
// request.
func Run(t *testing.T, newProvider NewFunc, w Wire) {
	t.Helper()
	t.Run("Text", func(t *testing.T) { testText(t, newProvider, w) })
	t.Run("SchemaAndImage", func(t *testing.T) { testSchemaAndImage(t, newProvider, w) })
	t.Run("Stream", func(t *testing.T) { testStream(t, newProvider, w) })
	t.Run("AnswerFollowsRequest", func(t *testing.T) { testAnswerFollowsRequest(t, newProvider, w) })
	t.Run("Errors", func(t *testing.T) { testErrors(t, newProvider, w) })
	t.Run("Timeout", func(t *testing.T) { testTimeout(t, newProvider, w) })
	t.Run("Refused", func(t *testing.T) { testRefused(t, newProvider, w) })
	t.Run("InjectedHTTPClient", func(t *testing.T) { testInjectedHTTPClient(t, newProvider, w) })
}

func build(t *testing.T, newProvider NewFunc, w Wire, url string) provider.Provider {
	t.Helper()
	p, err := newProvider(provider.Options{APIKey: w.Key, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if p.Type() != w.Type {
		t.Errorf("Type() = %q, want %q", p.Type(), w.Type)
	}
	return p
}

func testText(t *testing.T, newProvider NewFunc, w Wire) {
	f := NewServer(t, Reply{Body: w.Text("Hello from the model", 17, 5)})
	p := build(t, newProvider, w, f.URL)
	res, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskCoverLetter, Model: w.Model, System: "You write letters.", Prompt: "Write one."})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if res.Text != "Hello from the model" || res.InputTokens != 17 || res.OutputTokens != 5 {
		t.Errorf("result = %+v, want text, 17 in, 5 out", res)
	}
	reqs := f.Requests()
	if len(reqs) != 1 {
		t.Fatalf("fake got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Path != w.Path {
		t.Errorf("path = %s, want %s", r.Path, w.Path)
	}
	if got := w.ModelOf(r); got != w.Model {
		t.Errorf("model = %q, want %q", got, w.Model)
	}
	if got := w.System(r); got != "You write letters." {
		t.Errorf("system prompt = %q", got)
	}
	if got := w.Prompt(r); got != "Write one." {
		t.Errorf("prompt = %q", got)
	}
	if got := w.APIKey(r); got != w.Key {
		t.Errorf("API key sent = %q, want %q", got, w.Key)
	}
	if w.SchemaOf(r) != nil {
		t.Errorf("a call without schema asked for structured output: %v", r.Body)
	}
	if w.Streaming(r) {
		t.Errorf("a plain call asked for a stream: %v", r.Body)
	}
}

func testSchemaAndImage(t *testing.T, newProvider NewFunc, w Wire) {
	img := PNG(t)
	answer := `{"title":"Go developer","company":"Acme"}`
	f := NewServer(t, Reply{Body: w.SchemaAnswer(answer, 1290, 12)})
	p := build(t, newProvider, w, f.URL)
	// No MIME given: the provider sniffs it.
	res, err := p.Generate(context.Background(), provider.Call{Task: billing.TaskImageValidation, Model: w.Model, Prompt: "Read the job.", Image: img, Schema: JobSchema()})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if !jsonEqual(t, res.Text, answer) {
		t.Errorf("text = %s, want %s", res.Text, answer)
	}
	if res.InputTokens != 1290 {
		t.Errorf("input tokens = %d, want 1290 (image tokens as reported)", res.InputTokens)
	}
	r := f.Requests()[0]
	mime, data := w.Image(r)
	if mime != "image/png" || data != base64.StdEncoding.EncodeToString(img) {
		t.Errorf("image part = %q, %d base64 chars; want image/png and the bytes", mime, len(data))
	}
	if got := w.Prompt(r); got != "Read the job." {
		t.Errorf("prompt next to the image = %q", got)
	}
	sent := w.SchemaOf(r)
	if sent == nil {
		t.Fatalf("schema not sent as structured output: %v", r.Body)
	}
	if Dig(sent, "properties", "title", "type") != "string" || !reflect.DeepEqual(Dig(sent, "required"), []any{"title", "company"}) {
		t.Errorf("schema sent = %v", sent)
	}
	if problem := w.CheckSchema(r, sent); problem != "" {
		t.Errorf("%s: %v", problem, r.Body)
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func streaming(t *testing.T, p provider.Provider) provider.StreamingProvider {
	t.Helper()
	sp, ok := p.(provider.StreamingProvider)
	if !ok {
		t.Fatalf("%T does not stream", p)
	}
	return sp
}

func testStream(t *testing.T, newProvider NewFunc, w Wire) {
	parts := []string{"Dear ", "hiring ", "manager"}
	f := NewServer(t, Reply{SSE: true, Body: w.Stream(parts, 40, 9)})
	sp := streaming(t, build(t, newProvider, w, f.URL))
	var got []string
	res, err := sp.GenerateStream(context.Background(), provider.Call{Task: billing.TaskCoverLetter, Model: w.Model, System: "s", Prompt: "p"},
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
	reqs := f.Requests()
	if len(reqs) != 1 || reqs[0].Path != w.StreamPath {
		t.Fatalf("requests = %+v", reqs)
	}
	if !w.Streaming(reqs[0]) {
		t.Errorf("the fake does not see a stream asked for: %+v", reqs[0])
	}
	if problem := w.CheckStream(reqs[0]); problem != "" {
		t.Errorf("%s: %+v", problem, reqs[0])
	}
}

// testAnswerFollowsRequest serves one rendered reply (Wire.Answer) to a
// plain, a streaming and a structured call: each gets the answer in the
// form it asked for.
func testAnswerFollowsRequest(t *testing.T, newProvider NewFunc, w Wire) {
	f := NewServer(t, w.Answer("Dear hiring manager", 12, 3))
	p := build(t, newProvider, w, f.URL)
	ctx := context.Background()
	res, err := p.Generate(ctx, provider.Call{Model: w.Model, Prompt: "p"})
	if err != nil || res.Text != "Dear hiring manager" || res.InputTokens != 12 || res.OutputTokens != 3 {
		t.Fatalf("Generate = %+v, %v", res, err)
	}
	var deltas []string
	res, err = streaming(t, p).GenerateStream(ctx, provider.Call{Model: w.Model, Prompt: "p"}, func(d string) { deltas = append(deltas, d) })
	if err != nil || res.Text != "Dear hiring manager" || res.InputTokens != 12 || res.OutputTokens != 3 {
		t.Fatalf("GenerateStream = %+v, %v", res, err)
	}
	if want := []string{"Dear ", "hiring ", "manager"}; !reflect.DeepEqual(deltas, want) {
		t.Errorf("deltas = %q, want %q", deltas, want)
	}
	f.SetReplies(w.Answer(`{"title":"Go developer","company":"Acme"}`, 5, 5))
	res, err = p.Generate(ctx, provider.Call{Model: w.Model, Prompt: "p", Schema: JobSchema()})
	if err != nil || !jsonEqual(t, res.Text, `{"title":"Go developer","company":"Acme"}`) {
		t.Fatalf("structured Generate = %+v, %v", res, err)
	}
	if n := len(f.Requests()); n != 3 {
		t.Errorf("fake got %d requests, want 3", n)
	}
}

func testErrors(t *testing.T, newProvider NewFunc, w Wire) {
	cases := []struct {
		name      string
		reply     Reply
		schema    bool
		class     provider.Class
		status    int
		retry     time.Duration
		malformed bool
	}{
		{name: "rate limited", reply: w.RateLimited, class: provider.ClassRetryable, status: 429, retry: w.RateLimitedRetryAfter},
		{name: "overloaded", reply: w.Overloaded, class: provider.ClassRetryable, status: w.Overloaded.Status, retry: w.OverloadedRetryAfter},
		{name: "bad key", reply: w.Unauthorized, class: provider.ClassAuth, status: w.Unauthorized.Status},
		{name: "bad request", reply: w.BadRequest, class: provider.ClassFatal, status: 400},
		{name: "empty answer", reply: Reply{Body: w.Empty}, class: provider.ClassFatal, malformed: true},
		{name: "not JSON", reply: w.NotJSON, schema: true, class: provider.ClassFatal, malformed: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewServer(t, c.reply)
			p := build(t, newProvider, w, f.URL)
			call := provider.Call{Task: billing.TaskExtraction, Model: w.Model, Prompt: "p"}
			if c.schema {
				call.Schema = JobSchema()
			}
			_, err := p.Generate(context.Background(), call)
			if err == nil {
				t.Fatal("Generate succeeded, want an error")
			}
			if n := len(f.Requests()); n != 1 {
				t.Errorf("fake got %d requests, want exactly 1 (no SDK retries)", n)
			}
			var pe *provider.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *provider.Error", err, err)
			}
			if pe.Class != c.class || provider.Classify(err) != c.class {
				t.Errorf("class = %q, want %q (%v)", pe.Class, c.class, err)
			}
			if c.status != 0 && pe.StatusCode != c.status {
				t.Errorf("status = %d, want %d", pe.StatusCode, c.status)
			}
			if c.retry != 0 && pe.RetryAfter != c.retry {
				t.Errorf("RetryAfter = %v, want %v", pe.RetryAfter, c.retry)
			}
			if c.malformed != errors.Is(err, provider.ErrMalformed) {
				t.Errorf("malformed = %v, want %v (%v)", !c.malformed, c.malformed, err)
			}
			if strings.Contains(err.Error(), w.Key) {
				t.Errorf("the API key is in the error: %v", err)
			}
		})
	}
}

func testTimeout(t *testing.T, newProvider NewFunc, w Wire) {
	block := make(chan struct{})
	p := build(t, newProvider, w, NewBlockingServer(t, block))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := p.Generate(ctx, provider.Call{Model: w.Model, Prompt: "p"})
	close(block)
	if provider.Classify(err) != provider.ClassRetryable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v (class %q), want a retryable deadline", err, provider.Classify(err))
	}
	if err != nil && strings.Contains(err.Error(), w.Key) {
		t.Errorf("the API key is in the error: %v", err)
	}
}

func testRefused(t *testing.T, newProvider NewFunc, w Wire) {
	f := NewServer(t)
	f.Close()
	p := build(t, newProvider, w, f.URL)
	_, err := p.Generate(context.Background(), provider.Call{Model: w.Model, Prompt: "p"})
	if provider.Classify(err) != provider.ClassRetryable {
		t.Errorf("err = %v (class %q), want retryable", err, provider.Classify(err))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func testInjectedHTTPClient(t *testing.T, newProvider NewFunc, w Wire) {
	f := NewServer(t, Reply{Body: w.Text("ok", 1, 1)})
	var seen int
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen++
		return http.DefaultTransport.RoundTrip(r)
	})}
	p, err := newProvider(provider.Options{APIKey: w.Key, BaseURL: f.URL, HTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Generate(context.Background(), provider.Call{Model: w.Model, Prompt: "p"}); err != nil {
		t.Fatal(err)
	}
	if seen != 1 {
		t.Errorf("injected client saw %d requests, want 1", seen)
	}
	if _, ok := client.Transport.(roundTripFunc); !ok {
		t.Error("the caller's client was changed")
	}
}
