package jobs

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"tailor/apperr"
	"tailor/billing"
	"tailor/orchestrator"
)

var rawTagRe = regexp.MustCompile(`</?(html|head|body|div|p|ul|li|h[1-6]|script|span|main|a|meta|title|section)\b[^>]*>`)

func TestExtractMergesStructuredAndModel(t *testing.T) {
	const pageURL = "https://savannapay.example/jobs/42"
	modelAnswer := "Here is the posting:\n```json\n" + `{
  "is_job_posting": true,
  "title": "Go Developer",
  "company": "Some Other Name",
  "location": "Somewhere",
  "employment_type": "part time",
  "seniority": "Senior",
  "salary": {"min": "1", "max": 2, "currency": "usd", "period": "year"},
  "description": "Moves money.",
  "responsibilities": ["Ignored, structured data has them"],
  "requirements": ["Ignored too"],
  "nice_to_have": "Kafka\nRedis",
  "skills": ["Go", "PostgreSQL", "Kafka"],
  "how_to_apply": "Use the Apply button.",
  "apply_url": "https://savannapay.example/apply/42"
}` + "\n```\nHope this helps!"
	for _, offline := range []bool{false, true} {
		gen := &fakeGen{fn: func(req orchestrator.Request) (orchestrator.Response, error) {
			return orchestrator.Response{Text: modelAnswer, Offline: offline}, nil
		}}
		fetch := staticFetcher{pageURL: {URL: pageURL, StatusCode: 200, HTML: readFixture(t, "jsonld_graph.html")}}
		ex := NewExtractor(gen, fetch, ExtractorOptions{})
		p, err := ex.Extract(context.Background(), 7, Source{URL: pageURL}, true)
		if err != nil {
			t.Fatal(err)
		}
		fillSource := SourceAI
		if offline {
			fillSource = SourcePage
		}
		checkPosting(t, p, want{
			title: "Backend Engineer (Go)", company: "Savanna Pay Ltd", employment: "Full-time, Contract", currency: "KES",
			seniority: "senior", responsibilities: []string{"Build payment APIs in Go"}, nice: []string{"Kafka", "Redis"},
			sources: map[string]string{"title": SourceJSONLD, "company": SourceJSONLD, "salary": SourceJSONLD,
				"responsibilities": SourceJSONLD, "nice_to_have": fillSource, "how_to_apply": fillSource,
				"apply_url": fillSource, "seniority": fillSource, "language": SourceJSONLD},
		})
		if contains(p.Responsibilities, "Ignored, structured data has them") {
			t.Error("the model overrode structured responsibilities")
		}
		if p.SourceURL != pageURL {
			t.Errorf("source_url = %q", p.SourceURL)
		}
		if len(gen.reqs) != 1 {
			t.Fatalf("model asked %d times, want 1", len(gen.reqs))
		}
		req := gen.reqs[0]
		if req.Task != billing.TaskExtraction || req.UserID != 7 || !req.Force || req.Schema == nil {
			t.Errorf("request = task %s user %d force %v schema %v", req.Task, req.UserID, req.Force, req.Schema != nil)
		}
		if m := rawTagRe.FindString(req.Prompt); m != "" {
			t.Errorf("prompt contains raw HTML %q", m)
		}
		if !strings.Contains(req.Prompt, "Build payment APIs in Go") {
			t.Error("prompt lacks the page text")
		}
		in, ok := req.Input.(ExtractInput)
		if !ok || in.Structured == nil || in.Structured.Title != "Backend Engineer (Go)" || rawTagRe.MatchString(in.Text) {
			t.Errorf("input = %+v", req.Input)
		}
	}
}

func TestExtractPromptHasNoHTML(t *testing.T) {
	for _, fixture := range []string{"plain.html", "microdata.html", "rdfa.html", "jsonld_broken.html"} {
		t.Run(fixture, func(t *testing.T) {
			gen := &fakeGen{fn: func(req orchestrator.Request) (orchestrator.Response, error) {
				return orchestrator.Response{Text: `{"title":"X","description":"y"}`}, nil
			}}
			// Pasted page source goes the same way as a fetched page.
			ex := NewExtractor(gen, nil, ExtractorOptions{})
			if _, err := ex.Extract(context.Background(), 1, Source{Text: readFixture(t, fixture)}, false); err != nil {
				t.Fatal(err)
			}
			if m := rawTagRe.FindString(gen.reqs[0].Prompt); m != "" {
				t.Errorf("prompt contains raw HTML %q", m)
			}
		})
	}
}

func TestExtractValidatesSource(t *testing.T) {
	never := &fakeGen{fn: func(orchestrator.Request) (orchestrator.Response, error) {
		return orchestrator.Response{}, errors.New("must not be called")
	}}
	ex := NewExtractor(never, staticFetcher{}, ExtractorOptions{MaxTextBytes: 50, MaxUploadBytes: 1000})
	tests := []struct {
		name string
		src  Source
		code string
		msg  string
	}{
		{"empty", Source{Text: "   "}, apperr.EINVALID, "paste the posting's link"},
		{"two at once", Source{URL: "https://x.example/j", Text: "Engineer"}, apperr.EINVALID, "one thing at a time"},
		{"text too long", Source{Text: strings.Repeat("word ", 20)}, apperr.ETOOLARGE, "the limit is 50"},
		{"image too large", Source{Image: make([]byte, 2000)}, apperr.ETOOLARGE, "the limit is"},
		{"not an image", Source{Image: []byte("GIF89a......")}, apperr.EINVALID, "isn't a PNG, JPEG or WebP"},
		{"prose, not a job", Source{Text: "Lovely weather."}, apperr.EUNPROCESSABLE, "doesn't look like a job posting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ex.Extract(context.Background(), 1, tt.src, false)
			if apperr.Code(err) != tt.code || !strings.Contains(apperr.Message(err), tt.msg) {
				t.Errorf("err = %v, want %s containing %q", err, tt.code, tt.msg)
			}
		})
	}
}

func TestExtractModelRefusesAndErrors(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		err    error
		code   string
	}{
		{"model says not a job", `{"is_job_posting": false, "not_job_reason": "It is a news article."}`, nil, apperr.EUNPROCESSABLE},
		{"not JSON", "Sorry, I cannot help with that.", nil, apperr.EBADGATEWAY},
		{"empty posting", `{"title": "", "description": ""}`, nil, apperr.EUNPROCESSABLE},
		{"provider verdict passes through", "", apperr.New(apperr.EQUOTA, "quota"), apperr.EQUOTA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &fakeGen{fn: func(orchestrator.Request) (orchestrator.Response, error) {
				return orchestrator.Response{Text: tt.answer}, tt.err
			}}
			ex := NewExtractor(gen, nil, ExtractorOptions{})
			_, err := ex.Extract(context.Background(), 1, Source{Text: readFixture(t, "pasted.txt")}, false)
			if apperr.Code(err) != tt.code {
				t.Errorf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}

func TestExtractWithBuiltin(t *testing.T) {
	ex := NewExtractor(newBuiltinGen(), staticFetcher{
		"https://brightwater.example/jobs/designer": {URL: "https://brightwater.example/jobs/designer", StatusCode: 200, HTML: readFixture(t, "plain.html")},
	}, ExtractorOptions{})
	p, err := ex.Extract(context.Background(), 1, Source{URL: "https://brightwater.example/jobs/designer"}, false)
	if err != nil {
		t.Fatal(err)
	}
	checkPosting(t, p, want{title: "Senior Product Designer", company: "Brightwater Labs", workplace: "hybrid",
		sources: map[string]string{"title": SourcePage, "company": SourcePage, "responsibilities": SourcePage}})
	if p.Language != "en" {
		t.Errorf("language = %q", p.Language)
	}

	// The builtin refuses text that is not a job, with the advice to paste the posting.
	_, err = ex.Extract(context.Background(), 1, Source{Text: "Apply sunscreen daily. The role of vitamins is debated."}, false)
	if apperr.Code(err) != apperr.EUNPROCESSABLE || !strings.Contains(apperr.Message(err), "doesn't look like a job posting") {
		t.Errorf("err = %v", err)
	}
}

func TestExtractPastedJSON(t *testing.T) {
	tests := []struct {
		name, text string
		want       want
	}{
		{"json resume job", `{"title":"Web Developer","company":"Acme","type":"Full-time","remote":"Hybrid","salary":"€50k",
			"location":{"city":"Berlin","countryCode":"DE"},"responsibilities":["Build things"],"skills":[{"name":"Web","keywords":["HTML","CSS"]}]}`,
			want{title: "Web Developer", company: "Acme", location: "Berlin, DE", workplace: "hybrid", employment: "Full-time",
				currency: "EUR", min: fp(50000), skills: []string{"HTML", "CSS"}, responsibilities: []string{"Build things"},
				sources: map[string]string{"title": SourcePage}}},
		{"json-ld", `{"@type":"JobPosting","title":"Chef","hiringOrganization":{"name":"Diner"},"employmentType":"PART_TIME"}`,
			want{title: "Chef", company: "Diner", employment: "Part-time", sources: map[string]string{"title": SourceJSONLD}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
			p, err := ex.Extract(context.Background(), 1, Source{Text: tt.text}, false)
			if err != nil {
				t.Fatal(err)
			}
			checkPosting(t, p, tt.want)
		})
	}
}

func TestExtractJSONObject(t *testing.T) {
	for _, in := range []string{`{"a":1}`, "```json\n{\"a\":1}\n```", "Sure! {\"a\":1} Anything else?", "{broken {\"a\":1}"} {
		b, err := extractJSONObject(in)
		if err != nil || string(b) != `{"a":1}` {
			t.Errorf("extractJSONObject(%q) = %s, %v", in, b, err)
		}
	}
	if _, err := extractJSONObject("no json here"); err == nil {
		t.Error("want an error when there is no JSON")
	}
}
