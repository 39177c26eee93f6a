// Package providertest holds what the tests of the provider adapters share:
// local fake servers speaking each provider's wire format (Gemini, OpenAI's
// chat completions, Anthropic's messages; JSON and SSE, error bodies
// included), a description of each format (Wire), and Run, the conformance
// suite every adapter passes against its fake. It imports no SDK, so the
// orchestrator's own tests may use the fakes too; only tests import it.
package providertest

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
)

// Server is a local server speaking one provider's wire format. It records
// every request and answers from a script; the last reply repeats.
type Server struct {
	// URL is the server's root, to be used as a provider's BaseURL.
	URL     string
	t       testing.TB
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []Request
	replies []Reply
}

// Request is one request the fake received, its body decoded.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   map[string]any
}

// Reply is one scripted answer of a Server.
type Reply struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	Header map[string]string
	Body   string
	// SSE sends Body as text/event-stream.
	SSE bool
	// Render, when set, builds the reply from the request (see
	// Wire.Answer): the same script then serves plain and streaming calls.
	Render func(r Request) Reply
}

// NewServer starts a fake that answers with replies in order, repeating the
// last one (an empty 200 when there are none). It closes when the test ends.
func NewServer(t testing.TB, replies ...Reply) *Server {
	s := &Server{t: t, replies: replies}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			s.t.Errorf("fake: request body is not JSON: %v: %s", err, raw)
		}
	}
	seen := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	s.reqs = append(s.reqs, seen)
	var rep Reply
	if len(s.replies) > 0 {
		rep = s.replies[0]
		if len(s.replies) > 1 {
			s.replies = s.replies[1:]
		}
	}
	s.mu.Unlock()
	if rep.Render != nil {
		rep = rep.Render(seen)
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	if rep.SSE {
		w.Header().Set("Content-Type", "text/event-stream")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	if rep.Status == 0 {
		rep.Status = http.StatusOK
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

// Requests returns what the fake received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// SetReplies replaces the script.
func (s *Server) SetReplies(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = r
}

// Close stops the server now, so its URL refuses connections.
func (s *Server) Close() { s.srv.Close() }

// NewBlockingServer answers nothing until block is closed (or the client
// gives up), to make a client's deadline pass. It returns the server's URL.
func NewBlockingServer(t testing.TB, block chan struct{}) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Dig walks decoded JSON by map keys (strings) and slice indexes (ints);
// it returns nil when the path is not there.
func Dig(v any, path ...any) any {
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
			if !ok || k < 0 || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

// MustJSON encodes v, panicking on failure (test data only).
func MustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// SSE renders server-sent events; an event with a name gets an "event:"
// line, as Anthropic sends them.
func SSE(events ...[2]string) string {
	var b strings.Builder
	for _, e := range events {
		if e[0] != "" {
			fmt.Fprintf(&b, "event: %s\n", e[0])
		}
		fmt.Fprintf(&b, "data: %s\n\n", e[1])
	}
	return b.String()
}

// PNG is a small real PNG image.
func PNG(t testing.TB) []byte {
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

// JobSchema is the structured-output schema the suite asks for: an object
// that OpenAI's strict mode accepts.
func JobSchema() map[string]any {
	return map[string]any{
		"type": "object",
		"properties": map[string]any{
			"title":   map[string]any{"type": "string"},
			"company": map[string]any{"type": "string"},
		},
		"required":             []any{"title", "company"},
		"additionalProperties": false,
	}
}
