package jobs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"tailor/mock"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// page1MB pads a real-looking posting to about 1 MB with the markup big
// sites carry: mega-menus, inline SVG icons, tracking scripts, JSON state,
// a "similar jobs" rail and a long footer.
func page1MB(tb testing.TB) string {
	tb.Helper()
	base := readFixture(tb, "jsonld_graph.html")
	var pad strings.Builder
	pad.WriteString(`<div class="mega-menu"><ul>`)
	for i := 0; pad.Len() < 420_000; i++ {
		fmt.Fprintf(&pad, `<li class="menu-item menu-item-%d"><a href="/c/%d" data-track="nav-%d"><svg viewBox="0 0 24 24" width="16" height="16"><path d="M12 2L2 7l10 5 10-5-10-5zm0 7.5L4.5 6 12 2.5 19.5 6 12 9.5z"/></svg><span>Category %d</span></a></li>`, i, i, i, i)
	}
	pad.WriteString(`</ul></div>`)
	scripts := `<script>window.__STATE__ = {"items":[` + strings.Repeat(`{"id":123456,"name":"widget","tags":["a","b","c"],"price":12.5},`, 3000) + `{}]};</script>`
	var rail strings.Builder
	rail.WriteString(`<aside class="similar-jobs"><h2>Similar jobs</h2><ul>`)
	for i := 0; rail.Len() < 250_000; i++ {
		fmt.Fprintf(&rail, `<li class="job-card"><a href="/jobs/%d-software-engineer">Software Engineer %d</a><div class="company">Company %d</div><div class="loc">Nairobi, KE</div><p class="snippet">Build reliable systems with a friendly team; competitive pay and learning budget.</p></li>`, i, i, i)
	}
	rail.WriteString(`</ul></aside>`)
	footer := `<footer>` + strings.Repeat(`<p class="legal">Terms · Privacy · Cookies · Accessibility · Sitemap · Contact · Press · Investors</p>`, 900) + `</footer>`
	page := strings.Replace(base, "<body>", "<body>"+pad.String()+scripts, 1)
	page = strings.Replace(page, "</main>", "</main>"+rail.String()+footer, 1)
	if len(page) < 900_000 {
		tb.Fatalf("page is %d bytes, want about 1 MB", len(page))
	}
	return page
}

func BenchmarkParseHTML1MB(b *testing.B) {
	page := page1MB(b)
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		p, text, err := ParseHTML("https://savannapay.example/jobs/42", page)
		if err != nil || p.Title == "" || text == "" {
			b.Fatalf("title %q, %d bytes of text, %v", p.Title, len(text), err)
		}
	}
}

// BenchmarkHTMLParse1MB is the floor under BenchmarkParseHTML1MB: the
// HTML tokenizer and tree builder alone, before any extraction.
func BenchmarkHTMLParse1MB(b *testing.B) {
	page := page1MB(b)
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := html.Parse(strings.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtractBuiltin1MB(b *testing.B) {
	page := page1MB(b)
	const u = "https://savannapay.example/jobs/42"
	ex := NewExtractor(newBuiltinGen(), staticFetcher{u: {URL: u, StatusCode: 200, HTML: page}}, ExtractorOptions{})
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ex.Extract(context.Background(), 1, Source{URL: u}, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSalary(b *testing.B) {
	for b.Loop() {
		ParseSalary("The base salary range for this position is: GS-15 Step 1 - $128,078 to GS-15 Step 10 $172,500")
	}
}

// answerProvider answers every call at once with a fixed posting, standing
// in for a real model so the orchestrator's cache is exercised (builtin
// answers are never cached).
type answerProvider struct{ calls int }

func (p *answerProvider) Type() string { return "fake" }

func (p *answerProvider) Generate(context.Context, provider.Call) (provider.Result, error) {
	p.calls++
	return provider.Result{Text: `{"is_job_posting": true, "title": "Platform Engineer", "company": "Savanna Pay",
		"location": "Nairobi, Kenya", "responsibilities": ["Run the platform"], "requirements": ["Go"], "skills": ["Go"]}`,
		InputTokens: 900, OutputTokens: 120}, nil
}

// BenchmarkCachedURLExtraction is a repeat extraction of a public URL end
// to end: fetch over local HTTP, parse, classify, and the model's answer
// from the orchestrator's shared cache (another user asked first).
func BenchmarkCachedURLExtraction(b *testing.B) {
	page := readFixture(b, "jsonld_graph.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	prov := &answerProvider{}
	orch := orchestrator.New(orchestrator.Options{
		Chain: orchestrator.StaticChain{{Provider: prov, FastModel: "fake-fast", QualityModel: "fake-quality"}},
		Plans: planOf("FREEMIUM"), Cache: mock.NewCache(1000, nil),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ex := NewExtractor(orch, NewFetcher(FetchOptions{AllowPrivate: true}), ExtractorOptions{})
	ctx := context.Background()
	if _, err := ex.Extract(ctx, 1, Source{URL: srv.URL + "/jobs/42"}, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := ex.Extract(ctx, 2, Source{URL: srv.URL + "/jobs/42"}, false)
		if err != nil || p.Title == "" {
			b.Fatalf("%+v %v", p, err)
		}
	}
	b.StopTimer()
	if prov.calls != 1 {
		b.Fatalf("provider called %d times, want 1: the cache was not shared", prov.calls)
	}
}

type planOf string

func (p planOf) UserPlan(context.Context, uint) (string, error) { return string(p), nil }
