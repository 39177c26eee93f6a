package handlers_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"tailor/domain"
	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// draftModel is a fake language model behind one provider's wire format
// (OpenAI chat completions or Anthropic messages). It answers letters and
// CVs from scripts and remembers the prompts it was sent.
type draftModel struct {
	*httptest.Server
	wire string // domain.ProviderOpenAI or domain.ProviderAnthropic

	mu      sync.Mutex
	letter  func(n int) string
	cv      func(n int) string
	calls   map[string]int
	prompts []string
}

func newDraftModel(t *testing.T, wire string) *draftModel {
	m := &draftModel{wire: wire, calls: map[string]int{}}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.Close)
	return m
}

func (m *draftModel) script(letter, cv func(n int) string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.letter, m.cv, m.calls = letter, cv, map[string]int{}
}

func (m *draftModel) count(task string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[task]
}

func (m *draftModel) lastPrompt() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.prompts) == 0 {
		return ""
	}
	return m.prompts[len(m.prompts)-1]
}

func (m *draftModel) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	body := string(raw)
	task := "letter"
	if strings.Contains(body, "You tailor a CV") {
		task = "cv"
	}
	m.mu.Lock()
	m.calls[task]++
	n := m.calls[task]
	m.prompts = append(m.prompts, body)
	answer := m.letter
	if task == "cv" {
		answer = m.cv
	}
	m.mu.Unlock()
	text := answer(n)
	var req struct {
		Stream bool `json:"stream"`
	}
	_ = json.Unmarshal(raw, &req)
	if req.Stream {
		// Background drafts stream to the job page; speak each SSE wire.
		w.Header().Set("Content-Type", "text/event-stream")
		m.stream(w, text)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch m.wire {
	case domain.ProviderAnthropic:
		var input any
		content := []any{map[string]any{"type": "text", "text": text}}
		if json.Unmarshal([]byte(text), &input) == nil {
			content = []any{map[string]any{"type": "tool_use", "id": "toolu_1", "name": "answer", "input": input}}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "msg_1", "type": "message", "role": "assistant",
			"model": "claude-sonnet-4-5", "content": content, "stop_reason": "tool_use", "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": 900, "output_tokens": 400}})
	default:
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300}})
	}
}

// stream writes text as the provider's server-sent events, in pieces.
func (m *draftModel) stream(w http.ResponseWriter, text string) {
	event := func(name string, v any) {
		b, _ := json.Marshal(v)
		if name != "" {
			fmt.Fprintf(w, "event: %s\n", name)
		}
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	var pieces []string
	for rest := text; len(rest) > 0; {
		n := min(50, len(rest))
		pieces, rest = append(pieces, rest[:n]), rest[n:]
	}
	if m.wire == domain.ProviderAnthropic {
		var input any
		tool := json.Unmarshal([]byte(text), &input) == nil
		event("message_start", map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_1", "type": "message",
			"role": "assistant", "model": "claude-sonnet-4-5", "content": []any{}, "stop_reason": nil, "usage": map[string]any{"input_tokens": 900, "output_tokens": 1}}})
		block := map[string]any{"type": "text", "text": ""}
		if tool {
			block = map[string]any{"type": "tool_use", "id": "toolu_1", "name": "answer", "input": map[string]any{}}
		}
		event("content_block_start", map[string]any{"type": "content_block_start", "index": 0, "content_block": block})
		for _, p := range pieces {
			delta := map[string]any{"type": "text_delta", "text": p}
			if tool {
				delta = map[string]any{"type": "input_json_delta", "partial_json": p}
			}
			event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0, "delta": delta})
		}
		event("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
		event("message_delta", map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
			"usage": map[string]any{"output_tokens": 400}})
		event("message_stop", map[string]any{"type": "message_stop"})
		return
	}
	for _, p := range pieces {
		event("", map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": p}}}})
	}
	event("", map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
	event("", map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
		"choices": []any{}, "usage": map[string]any{"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300}})
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func fixed(s string) func(int) string { return func(int) string { return s } }

// fourRoles is a profile with four positions.
func fourRoles() profile.Resume {
	return profile.Resume{
		Basics: profile.Basics{Name: "Grace Hopper", Label: "Backend Engineer", Email: "grace@example.org",
			Summary: "Backend engineer who builds reliable data services in Go and PostgreSQL."},
		Work: []profile.Work{
			{Name: "Analytical Engines Ltd", Position: "Senior Backend Engineer", StartDate: "2020-03",
				Highlights: []string{"Designed a Go service that ingests 2 million events a day into PostgreSQL", "Cut API latency by 40% by adding Redis caching"}},
			{Name: "Difference Co", Position: "Backend Developer", StartDate: "2017-01", EndDate: "2020-02",
				Highlights: []string{"Maintained the PHP billing system"}},
			{Name: "Babbage Labs", Position: "Data Engineer", StartDate: "2014-01", EndDate: "2016-12",
				Highlights: []string{"Built nightly ETL jobs in Python"}},
			{Name: "Lovelace Tutoring", Position: "Maths Tutor", StartDate: "2012-01", EndDate: "2013-12",
				Highlights: []string{"Taught algebra to 30 pupils"}},
		},
		Education: []profile.Education{{Institution: "University of London", StudyType: "BSc", Area: "Mathematics"}},
		Skills:    []profile.Skill{{Name: "Backend", Keywords: []string{"Go", "PostgreSQL", "Redis"}}},
	}
}

const tenTrue = "Designed a Go service that ingests events into PostgreSQL daily."

func filler(n int) string { return strings.TrimSpace(strings.Repeat(tenTrue+" ", n)) }

// letterJSON is a model's letter; lead opens the first paragraph.
func modelLetterJSON(lead string, p1, p2, p3 int) string {
	b, _ := json.Marshal(map[string]any{"subject": "Application for Senior Go Engineer", "greeting": "Dear Hiring Manager,",
		"paragraphs": []string{strings.TrimSpace(lead + " " + filler(p1)), filler(p2), filler(p3)},
		"closing":    "Sincerely,", "signature": "Grace Hopper"})
	return string(b)
}

const invention = "I spent four years as a Staff Engineer at Google. I also hold a PhD from MIT."

func TestModelDraftsAreVerified(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		openai, anthropic := newDraftModel(t, domain.ProviderOpenAI), newDraftModel(t, domain.ProviderAnthropic)
		op, err := orchestrator.NewProvider(domain.ProviderOpenAI, provider.Options{APIKey: "sk-test-0123456789abcdef", BaseURL: openai.URL + "/v1"})
		if err != nil {
			t.Fatal(err)
		}
		ap, err := orchestrator.NewProvider(domain.ProviderAnthropic, provider.Options{APIKey: "sk-ant-test-0123456789", BaseURL: anthropic.URL})
		if err != nil {
			t.Fatal(err)
		}
		s := newServer(t, db, serverOptions{env: []orchestrator.Link{
			{Provider: op, FastModel: "gpt-4o", QualityModel: "gpt-4o"},
			{Provider: ap, FastModel: "claude-sonnet-4-5", QualityModel: "claude-sonnet-4-5"}}})
		b := s.browser(t)
		b.register("Grace Hopper", "grace@example.com", "correct horse")
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "grace@example.com", "password": "correct horse"}, &login)
		tok := login.Token
		if code := s.api(t, "PUT", "/api/v1/profile", tok, fourRoles(), nil); code != 200 {
			t.Fatalf("PUT profile: %d", code)
		}
		u, err := db.UserByEmail(t.Context(), "grace@example.com")
		if err != nil {
			t.Fatal(err)
		}
		j := &models.Job{UserID: u.ID, SourceKind: models.SourceText}
		if err := db.CreateJob(t.Context(), j); err != nil {
			t.Fatal(err)
		}
		posting := jobs.Posting{Title: "Senior Go Engineer", Company: "Globex", Description: "Globex builds event pipelines.",
			Requirements: []string{"Experience with PostgreSQL and Redis"}, Skills: []string{"Go", "PostgreSQL"}}
		if err := db.FinishJob(t.Context(), j.ID, posting, false); err != nil {
			t.Fatal(err)
		}

		// Before any draft, and for someone else, there is nothing to read.
		var none apiError
		if code := s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/letter", j.ID), tok, nil, &none); code != 404 || !strings.Contains(none.Error.Message, "cover-letter/generate") {
			t.Errorf("GET letter before any: %d %+v", code, none)
		}
		other := s.apiUser(t, "someone.else@example.com")
		if code := s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", j.ID), other, nil, nil); code != 404 {
			t.Errorf("another user's GET cv: %d, want 404", code)
		}

		type draftJSON struct {
			Offline    bool              `json:"offline"`
			Stale      bool              `json:"stale"`
			Source     *drafting.Source  `json:"source"`
			Claims     []drafting.Claim  `json:"claims"`
			Paragraphs []string          `json:"paragraphs"`
			CV         *drafting.CV      `json:"cv"`
			Error      map[string]string `json:"error"`
		}
		writeLetter := func() draftJSON {
			t.Helper()
			var out draftJSON
			if code := s.api(t, "POST", "/api/v1/cover-letter/generate", tok, map[string]any{"job_id": j.ID, "force": true}, &out); code != 200 {
				t.Fatalf("letter: %d %+v", code, out)
			}
			return out
		}
		noInvention := func(what, text string) {
			t.Helper()
			for _, bad := range []string{"Google", "PhD", "MIT", "Staff Engineer"} {
				if strings.Contains(text, bad) {
					t.Errorf("%s: %q reached the person:\n%s", what, bad, text)
				}
			}
		}
		good := modelLetterJSON("I am applying for the Senior Go Engineer role at Globex.", 8, 8, 8)

		// 1. OpenAI invents twice (too much to drop); Anthropic writes a true letter.
		openai.script(fixed(modelLetterJSON(invention, 6, 7, 7)), nil)
		anthropic.script(fixed(good), nil)
		l := writeLetter()
		noInvention("letter", strings.Join(l.Paragraphs, "\n"))
		if l.Source == nil || l.Source.Provider != domain.ProviderAnthropic || l.Offline || openai.count("letter") != 2 {
			t.Errorf("source %+v offline %v, openai asked %d times", l.Source, l.Offline, openai.count("letter"))
		}
		if !strings.Contains(openai.lastPrompt(), `\"Google\"`) {
			t.Errorf("the redraft did not feed back the violations: %s", openai.lastPrompt())
		}
		if len(l.Claims) == 0 {
			t.Error("a model letter has no claims")
		}
		for _, c := range l.Claims {
			if !strings.Contains(strings.Join(l.Paragraphs, "\n"), c.Text) || len(c.Sources) == 0 {
				t.Errorf("claim %+v", c)
			}
			for _, src := range c.Sources {
				if _, _, ok := drafting.ResolveSource(fourRoles(), posting, src); !ok {
					t.Errorf("claim source %q does not resolve", src)
				}
			}
		}

		// 2. Non-JSON from OpenAI: asked again once, then Anthropic.
		openai.script(fixed("Sure! Here is a letter that will impress them."), nil)
		l = writeLetter()
		if l.Source == nil || l.Source.Provider != domain.ProviderAnthropic || openai.count("letter") != 2 {
			t.Errorf("non-JSON: source %+v, openai asked %d times, want 2", l.Source, openai.count("letter"))
		}

		// 3. Refused everywhere: the offline letter, labelled offline.
		openai.script(fixed(modelLetterJSON(invention, 6, 7, 7)), nil)
		anthropic.script(fixed(modelLetterJSON(invention, 6, 7, 7)), nil)
		l = writeLetter()
		noInvention("offline letter", strings.Join(l.Paragraphs, "\n"))
		if l.Source == nil || l.Source.Kind != drafting.SourceOffline || !l.Offline {
			t.Errorf("refused everywhere: source %+v offline %v", l.Source, l.Offline)
		}

		// 4. The CV: 1 of 4 roles and an invented summary sentence.
		oneRole, _ := json.Marshal(map[string]any{"headline": "Backend Engineer",
			"summary": "Backend engineer who builds reliable data services in Go and PostgreSQL. Previously a Staff Engineer at Google with a PhD from MIT.",
			"experience": []any{map[string]any{"company": "Analytical Engines Ltd", "title": "Senior Backend Engineer",
				"highlights": []string{"Designed a Go service that ingests 2 million events a day into PostgreSQL"}}},
			"education": []any{map[string]any{"institution": "University of London"}}, "skills": []string{"Go", "PostgreSQL"}})
		openai.script(nil, fixed(string(oneRole)))
		var cv draftJSON
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": j.ID}, &cv); code != 200 || cv.CV == nil {
			t.Fatalf("cv: %d %+v", code, cv)
		}
		noInvention("CV", drafting.Markdown(*cv.CV))
		if len(cv.CV.Experience) != 4 {
			t.Errorf("the CV has %d roles, the profile 4", len(cv.CV.Experience))
		}
		if cv.Source == nil || cv.Source.Kind != drafting.SourceModel || cv.Source.Provider != domain.ProviderOpenAI || cv.Source.Model != "gpt-4o" {
			t.Errorf("CV source = %+v", cv.Source)
		}

		// The page: who wrote each draft, and evidence on the CV's sentences.
		_, page := b.get(fmt.Sprintf("/jobs/%d", j.ID))
		if got := page.Find(`[data-testid="cv-source"]`).Text(); !strings.Contains(got, "openai") || !strings.Contains(got, "gpt-4o") {
			t.Errorf("CV source badge = %q", got)
		}
		if page.Find(`[data-testid="letter-offline"]`).Length() != 1 {
			t.Error("the offline letter is not labelled offline")
		}
		claim := page.Find(`#cv-section [data-testid="claim"]`).First()
		tip := claim.Find(`[role="tooltip"]`)
		id, _ := tip.Attr("id")
		if desc, _ := claim.Attr("aria-describedby"); claim.Length() == 0 || desc != id || !strings.Contains(tip.Text(), "Your profile") {
			t.Errorf("CV claim %q with tooltip %q (id %q)", claim.Text(), tip.Text(), id)
		}
		if tab, _ := claim.Attr("tabindex"); tab != "0" {
			t.Errorf("a claim cannot be focused: tabindex %q", tab)
		}
		if page.Find(`[data-testid="cv-stale"]`).Length() != 0 {
			t.Error("a fresh CV is marked out of date")
		}

		// 5. The person corrects the company: both drafts are out of date.
		corrected := posting
		corrected.Company = "Globex Corporation"
		if err := db.UpdatePosting(t.Context(), u.ID, j.ID, corrected); err != nil {
			t.Fatal(err)
		}
		var latest draftJSON
		s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", j.ID), tok, nil, &latest)
		if !latest.Stale || latest.Source == nil || latest.Source.Provider != domain.ProviderOpenAI || len(latest.Claims) == 0 {
			t.Errorf("GET cv after the correction: %+v", latest)
		}
		var job struct {
			CV     struct{ Stale bool } `json:"cv"`
			Letter struct {
				Stale  bool
				Source drafting.Source
			} `json:"letter"`
		}
		s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d", j.ID), tok, nil, &job)
		if !job.CV.Stale || !job.Letter.Stale || job.Letter.Source.Kind != drafting.SourceOffline {
			t.Errorf("GET job after the correction: %+v", job)
		}
		_, page = b.get(fmt.Sprintf("/jobs/%d", j.ID))
		notice := page.Find(`[data-testid="cv-stale"]`)
		if !strings.Contains(notice.Text(), "the job") || notice.Find(`[data-testid="cv-stale-redraft"]`).Length() != 1 ||
			page.Find(`[data-testid="letter-stale"]`).Length() != 1 {
			t.Errorf("stale notices: cv %q, letter %d", notice.Text(), page.Find(`[data-testid="letter-stale"]`).Length())
		}

		// A redraft is fresh; then a profile edit makes it stale again.
		openai.script(fixed(good), fixed(string(oneRole)))
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": j.ID, "force": true}, &cv); code != 200 || cv.Stale {
			t.Fatalf("redraft: %d stale %v", code, cv.Stale)
		}
		s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", j.ID), tok, nil, &latest)
		if latest.Stale {
			t.Error("a redrafted CV is stale")
		}
		p := fourRoles()
		p.Basics.Label = "Staff Backend Engineer"
		if code := s.api(t, "PUT", "/api/v1/profile", tok, p, nil); code != 200 {
			t.Fatalf("PUT profile: %d", code)
		}
		s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", j.ID), tok, nil, &latest)
		if !latest.Stale {
			t.Error("a CV from the old profile is not stale")
		}
		_, page = b.get(fmt.Sprintf("/jobs/%d", j.ID))
		if got := page.Find(`[data-testid="cv-stale"]`).Text(); !strings.Contains(got, "your profile") {
			t.Errorf("stale notice after a profile edit = %q", got)
		}
		if code := s.api(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", j.ID), other, nil, nil); code != 404 {
			t.Errorf("another user's GET cv: %d, want 404", code)
		}
	})
}
