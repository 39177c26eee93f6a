package jobs

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"tailor/domain"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// openAIServer speaks OpenAI's chat completions wire format and answers
// every request with content; it counts the requests and keeps their
// bodies.
type openAIServer struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func newOpenAIServer(t *testing.T, content string) (*openAIServer, string) {
	s := &openAIServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &body)
		s.mu.Lock()
		s.bodies = append(s.bodies, body)
		s.mu.Unlock()
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 900, "completion_tokens": 150, "total_tokens": 1050}})
	}))
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func (s *openAIServer) requests() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.bodies...)
}

// wireExtractor is an Extractor whose orchestrator reaches a model over
// HTTP, as in production with an OpenAI key.
func wireExtractor(t *testing.T, baseURL string) *Extractor {
	t.Helper()
	prov, err := orchestrator.NewProvider(domain.ProviderOpenAI, provider.Options{APIKey: "sk-test-0123456789abcdef", BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	orch := orchestrator.New(orchestrator.Options{
		Chain:  orchestrator.StaticChain{{Provider: prov, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
		Plans:  planOf("FREEMIUM"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return NewExtractor(orch, nil, ExtractorOptions{})
}

// inventedAnswer is a model answer with an employer and pay no page states.
const inventedAnswer = `{"is_job_posting": true, "title": "Data Analyst", "company": "Amazon Web Services", "location": "Leeds, United Kingdom",
	"salary": {"min": 95000, "max": 130000, "currency": "USD", "period": "year", "raw": "$95,000 - $130,000"},
	"employment_type": "Full-time", "description": "Analyst role.", "responsibilities": ["Build dashboards"], "requirements": ["SQL"]}`

// Over the wire, with an OpenAI-style model: the invented employer and
// salary are not stored; the page's own company and pay are.
func TestWireModelInventionsDropped(t *testing.T) {
	api, u := newOpenAIServer(t, "```json\n"+inventedAnswer+"\n```")
	const page = `Data Analyst
Northwind Analytics · Leeds, United Kingdom

Northwind Analytics helps regional hospitals plan their staff and beds with data.

Responsibilities
- Build dashboards for hospital managers in Power BI

Requirements
- Strong SQL and Excel skills
Salary: £38,000 - £45,000 a year`
	p, err := wireExtractor(t, u).Extract(context.Background(), 1, Source{Text: page}, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(api.requests()); n != 1 {
		t.Fatalf("model called %d times, want 1", n)
	}
	j, _ := json.Marshal(p)
	for _, invented := range []string{"Amazon", "95000", "130000", "USD"} {
		if strings.Contains(string(j), invented) {
			t.Errorf("invented %q reached the job: %s", invented, j)
		}
	}
	if p.Company != "Northwind Analytics" || p.Sources["company"] != SourcePage {
		t.Errorf("company = %q from %q, want the page's", p.Company, p.Sources["company"])
	}
	if p.Salary.Min == nil || *p.Salary.Min != 38000 || p.Salary.Currency != "GBP" || p.Sources["salary"] != SourcePage {
		t.Errorf("salary = %+v from %q, want the page's £38,000", p.Salary, p.Sources["salary"])
	}
	if p.Location != "Leeds, United Kingdom" || p.Sources["location"] != SourceAI || p.Confidence["location"] != ConfidenceHigh {
		t.Errorf("location = %q from %q (%q): the page backs the model's", p.Location, p.Sources["location"], p.Confidence["location"])
	}
}

// A screenshot with a model configured costs one vision call, which both
// validates and extracts; its answer is checked against the text tesseract
// reads on the server, so the sidebar and the invented employer are gone.
func TestWireScreenshotOneVisionCall(t *testing.T) {
	requireOCR(t)
	api, u := newOpenAIServer(t, inventedAnswer)
	p, err := wireExtractor(t, u).Extract(context.Background(), 1, Source{Image: boardScreenshot(t), ImageMIME: "image/png"}, false)
	if err != nil {
		t.Fatal(err)
	}
	reqs := api.requests()
	if len(reqs) != 1 {
		t.Fatalf("model called %d times, want one vision call", len(reqs))
	}
	raw, _ := json.Marshal(reqs[0])
	if !strings.Contains(string(raw), "data:image/png;base64,") || !strings.Contains(string(raw), "is_job_posting") {
		t.Errorf("the one call lacks the image or the validation rules: %.300s", raw)
	}
	if p.Company != "Northwind Analytics" || strings.Contains(p.Company, "Amazon") {
		t.Errorf("company = %q, want the screenshot's Northwind Analytics", p.Company)
	}
	if !p.Salary.Empty() && p.Salary.Currency == "USD" {
		t.Errorf("invented salary stored: %+v", p.Salary)
	}
	if p.Title != "Data Analyst" {
		t.Errorf("title = %q", p.Title)
	}
}
