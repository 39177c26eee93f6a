package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tailor/billing"
	"tailor/drafting"
	"tailor/orchestrator/provider"
)

// TestBrowserSeesDraftProgressLive drives headless Chromium on a job page
// while a (fake) OpenAI model streams a CV slowly: the page shows the
// model's text as it arrives, through Server-Sent Events and htmx's SSE
// extension under the app's content security policy, and swaps in the
// finished CV when the work is done.
func TestBrowserSeesDraftProgressLive(t *testing.T) {
	bctx := newBrowser(t)
	cvJSON, err := drafting.BuiltinCV(context.Background(), provider.Call{Task: billing.TaskCVDraft,
		Input: drafting.CVInput{Profile: killProfile, Job: killPosting}})
	if err != nil {
		t.Fatal(err)
	}
	postingJSON, _ := json.Marshal(map[string]any{"is_job_posting": true, "title": killPosting.Title, "company": killPosting.Company,
		"location": killPosting.Location, "description": killPosting.Description, "responsibilities": killPosting.Responsibilities,
		"requirements": killPosting.Requirements, "skills": killPosting.Skills})
	release := make(chan struct{})
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(raw), `"cv_draft"`) || !strings.Contains(string(raw), `"stream":true`) {
			answerOpenAI(w, raw, string(postingJSON))
			return
		}
		// Half the CV, then wait for the test, then the rest.
		w.Header().Set("Content-Type", "text/event-stream")
		chunk := func(m map[string]any) {
			m["id"], m["object"], m["created"], m["model"] = "c1", "chat.completion.chunk", 1, "gpt-4o-mini"
			b, _ := json.Marshal(m)
			fmt.Fprintf(w, "data: %s\n\n", b)
			w.(http.Flusher).Flush()
		}
		half := len(cvJSON) / 2
		chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": cvJSON[:half]}}}})
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": cvJSON[half:]}}}})
		chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
		chunk(map[string]any{"choices": []any{}, "usage": map[string]any{"prompt_tokens": 800, "completion_tokens": 400, "total_tokens": 1200}})
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	defer fake.Close()
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	base := startApp(t, map[string]string{"OPENAI_API_KEY": "sk-sse-test-0123456789", "OPENAI_BASE_URL": fake.URL + "/v1"})

	if _, err := chromedp.Run(bctx, chromedp.Navigate(base+"/register")); err != nil {
		t.Fatalf("open /register: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	do := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do("type name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Grace Hopper"))
	do("type email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "grace@example.com"))
	do("type password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	do("register", chromedp.Click(chromedp.CSS(`[data-testid="register-submit"]`)))
	// Registration ends on the login page with the email filled in.
	do("login page", chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-submit"]`)))
	do("type password again", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a good password"))
	do("log in", chromedp.Click(chromedp.CSS(`[data-testid="login-submit"]`)))
	do("profile page", chromedp.WaitVisible(chromedp.CSS(`[data-testid="profile-save"]`)))

	// The profile and the job come in through the API, as the same person.
	app := &process{base: base}
	var login struct{ Token string }
	app.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "grace@example.com", "password": "a good password"}, &login)
	doc, _ := json.Marshal(killProfile)
	var asMap map[string]any
	_ = json.Unmarshal(doc, &asMap)
	if code := app.call(t, "PUT", "/api/v1/profile", login.Token, asMap, nil); code != 200 {
		t.Fatalf("profile: %d", code)
	}
	var job struct{ ID uint }
	if code := app.call(t, "POST", "/api/v1/job-extractor/extract", login.Token, map[string]any{"text": "Senior Backend Engineer at Acme Logistics, Nairobi. " +
		"You will design, build and operate Go services on PostgreSQL. We ask for 5+ years of backend development experience."}, &job); code != 200 {
		t.Fatalf("extract: %d", code)
	}

	do("open the job", chromedp.Navigate(fmt.Sprintf("%s/jobs/%d", base, job.ID)))
	do("watch for CSP violations", chromedp.Evaluate[chromedp.Void](`window.cspViolations = [];
		document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`))
	do("draft the CV", chromedp.Click(chromedp.CSS(`[data-testid="draft-cv"]`)))
	do("progress shows", chromedp.WaitVisible(chromedp.CSS(`[data-testid="cv-progress"]`)))
	// The first half of the model's answer reaches the page while the draft runs.
	deadline := time.Now().Add(30 * time.Second)
	var streamed string
	for time.Now().Before(deadline) {
		streamed, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('[data-testid="cv-stream"]') || {}).textContent || ''`))
		if strings.Contains(streamed, "Grace Hopper") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(streamed, "Grace Hopper") {
		t.Fatalf("the model's text never reached the page over SSE (stream box: %q)", streamed)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="cv-summary"]').length`)); n != 0 {
		t.Fatal("the CV showed before the model finished")
	}
	if p := text(`[data-testid="cv-progress-title"]`); !strings.Contains(p, "Drafting your CV") {
		t.Errorf("progress title = %q", p)
	}

	close(release)
	released = true
	do("the finished CV replaces the progress", chromedp.WaitVisible(chromedp.CSS(`[data-testid="cv-summary"]`)))
	if name := text(`[data-testid="cv-name"]`); name != "Grace Hopper" {
		t.Errorf("CV name = %q", name)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations || []`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Fatalf("content security policy violations: %v", violations)
	}
}
