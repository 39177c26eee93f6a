package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tailor/billing"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
)

// fakeOpenAI is an OpenAI-compatible server that answers every chat
// completion with a job posting, or refuses the key, and remembers what it
// was asked.
type fakeOpenAI struct {
	*httptest.Server
	mu     sync.Mutex
	hits   int
	models []string
	auths  []string
	bodies []string
	// status, when not 200, is the answer's status; the error body echoes
	// the key it was sent, as careless servers do.
	status int
	// delay is how long the fake waits before answering.
	delay time.Duration
	// company goes into the answer, so a test can tell two fakes apart.
	company string
}

// fakeUsage is the token counts every fake answer reports.
const fakeInputTokens, fakeOutputTokens = 1000, 500

func newFakeOpenAI(t *testing.T, company string, status int) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{status: status, company: company}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body struct {
		Model  string `json:"model"`
		Stream bool   `json:"stream"`
	}
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	f.hits++
	f.models = append(f.models, body.Model)
	f.auths = append(f.auths, r.Header.Get("Authorization"))
	f.bodies = append(f.bodies, string(raw))
	status, delay := f.status, f.delay
	f.mu.Unlock()
	time.Sleep(delay)
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != "/v1/chat/completions" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"error":{"message":"no route %s","type":"invalid_request_error"}}`, r.URL.Path)
		return
	}
	if status != 0 && status != http.StatusOK {
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": "Incorrect API key provided: " + key + ". You can find your API key in your account settings.",
			"type":    "invalid_request_error", "param": nil, "code": "invalid_api_key"}})
		return
	}
	job, _ := json.Marshal(map[string]any{
		"is_job_posting": true, "title": "Senior Backend Engineer", "company": f.company,
		"location": "Nairobi, Kenya", "employment_type": "full_time",
		"description":      "Build the services behind our delivery platform.",
		"responsibilities": []string{"Design, build and operate Go services on PostgreSQL"},
		"requirements":     []string{"5+ years of backend development experience"},
		"skills":           []string{"Go", "PostgreSQL"},
	})
	usage := map[string]any{"prompt_tokens": fakeInputTokens, "completion_tokens": fakeOutputTokens, "total_tokens": fakeInputTokens + fakeOutputTokens}
	if body.Stream {
		// Background work streams the answer to the job page.
		w.Header().Set("Content-Type", "text/event-stream")
		text := string(job)
		for len(text) > 0 {
			n := min(40, len(text))
			chunk, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": body.Model,
				"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": text[:n]}}}})
			fmt.Fprintf(w, "data: %s\n\n", chunk)
			text = text[n:]
		}
		last, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": body.Model,
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
		fmt.Fprintf(w, "data: %s\n\n", last)
		u, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": body.Model,
			"choices": []any{}, "usage": usage})
		fmt.Fprintf(w, "data: %s\n\ndata: [DONE]\n\n", u)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": body.Model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(job)}, "finish_reason": "stop"}},
		"usage":   usage})
}

func (f *fakeOpenAI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits
}

func (f *fakeOpenAI) lastModel() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.models) == 0 {
		return ""
	}
	return f.models[len(f.models)-1]
}

// syncBuffer collects log output written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// admin signs up root@example.com through the pages (user 1), makes it an
// admin, and returns its browser and an API token.
func admin(t testing.TB, s *server) (*browser, string) {
	t.Helper()
	b := s.browser(t)
	b.register("Root", "root@example.com", "admin-password")
	u, err := s.db.UserByEmail(t.Context(), "root@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.UpdateUserPlanRole(t.Context(), u.ID, "", models.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	if code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "root@example.com", "password": "admin-password"}, &login); code != 200 {
		t.Fatalf("admin login: %d", code)
	}
	return b, login.Token
}

// providerJSON is a config as the API answers it.
type providerJSON struct {
	ID           uint    `json:"id"`
	Name         string  `json:"name"`
	ProviderType string  `json:"provider_type"`
	BaseURL      string  `json:"base_url"`
	APIKeyLast4  string  `json:"api_key_last4"`
	FastModel    string  `json:"fast_model"`
	QualityModel string  `json:"quality_model"`
	Priority     int     `json:"priority"`
	IsActive     bool    `json:"is_active"`
	RPMLimit     int     `json:"rpm_limit"`
	LastTestedAt *string `json:"last_tested_at"`
	LastTestOK   bool    `json:"last_test_ok"`
}

type fieldError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func createProvider(t testing.TB, s *server, tok string, body map[string]any) providerJSON {
	t.Helper()
	var p providerJSON
	if code := s.api(t, "POST", "/api/v1/super-admin/providers/configs", tok, body, &p); code != http.StatusCreated || p.ID == 0 {
		t.Fatalf("create provider %v: %d %+v", body["name"], code, p)
	}
	return p
}

func TestProviderConfigAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		_, tok := admin(t, s)
		const base = "/api/v1/super-admin/providers/configs"

		var list []providerJSON
		if code := s.api(t, "GET", base, tok, nil, &list); code != 200 || list == nil || len(list) != 0 {
			t.Fatalf("empty list: %d %v (want [] not null)", code, list)
		}
		bad := []struct {
			name   string
			body   any
			fields []string
		}{
			{"no name, unknown type", map[string]any{"provider_type": "cohere", "api_key": "sk-abcdefghijklmnop"}, []string{"name", "provider_type"}},
			{"openai without key", map[string]any{"name": "OpenAI", "provider_type": "openai"}, []string{"api_key"}},
			{"compatible without URL", map[string]any{"name": "Ollama", "provider_type": "openai_compatible", "fast_model": "llama3"}, []string{"base_url"}},
			{"bad URL, negative rpm", map[string]any{"name": "G", "provider_type": "gemini", "api_key": "AIzaSyA-0123456789abcdef", "base_url": "ftp://x", "rpm_limit": -1}, []string{"base_url", "rpm_limit"}},
		}
		for _, c := range bad {
			var e fieldError
			if code := s.api(t, "POST", base, tok, c.body, &e); code != 400 || e.Error.Code != "invalid_input" {
				t.Fatalf("%s: %d %+v", c.name, code, e)
			}
			for _, f := range c.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no message for field %s: %v", c.name, f, e.Error.Fields)
				}
			}
		}
		var e apiError
		if code := s.api(t, "POST", base, tok, `{"name": 5}`, &e); code != 400 {
			t.Fatalf("wrong JSON type: %d", code)
		}
		if n := count(t, db, "ai_provider_configs"); n != 0 {
			t.Fatalf("configs = %d after refused input, want 0", n)
		}

		p := createProvider(t, s, tok, map[string]any{"name": "OpenAI main", "provider_type": "openai",
			"api_key": "sk-proj-0123456789abcdef", "priority": 5, "is_active": true, "rpm_limit": 60})
		if p.APIKeyLast4 != "cdef" || p.FastModel != "gpt-4o-mini" || p.QualityModel != "gpt-4o" || p.Priority != 5 || !p.IsActive || p.RPMLimit != 60 {
			t.Fatalf("created = %+v (want last4 cdef, default models, priority 5, active, rpm 60)", p)
		}
		one := base + "/" + fmt.Sprint(p.ID)
		var raw map[string]any
		s.api(t, "GET", one, tok, nil, &raw)
		for _, k := range []string{"api_key", "api_key_encrypted", "APIKeyEncrypted"} {
			if _, ok := raw[k]; ok {
				t.Errorf("config JSON has %q: %v", k, raw)
			}
		}

		updates := []struct {
			name  string
			body  any
			check func(p providerJSON) bool
		}{
			{"disable only", map[string]any{"is_active": false}, func(p providerJSON) bool {
				return !p.IsActive && p.Name == "OpenAI main" && p.Priority == 5 && p.APIKeyLast4 == "cdef"
			}},
			{"new key", map[string]any{"api_key": "sk-proj-new-key-000009999"}, func(p providerJSON) bool { return p.APIKeyLast4 == "9999" && !p.IsActive }},
			{"empty key keeps it", map[string]any{"api_key": "", "fast_model": "gpt-4.1-mini", "priority": 1}, func(p providerJSON) bool {
				return p.APIKeyLast4 == "9999" && p.FastModel == "gpt-4.1-mini" && p.Priority == 1
			}},
		}
		for _, u := range updates {
			var got providerJSON
			if code := s.api(t, "PUT", one, tok, u.body, &got); code != 200 || !u.check(got) {
				t.Fatalf("PUT %s: %d %+v", u.name, code, got)
			}
		}
		var fe fieldError
		if code := s.api(t, "PUT", one, tok, map[string]any{"provider_type": "nope"}, &fe); code != 400 || fe.Error.Fields["provider_type"] == "" {
			t.Fatalf("PUT bad type: %d %+v", code, fe)
		}
		s.api(t, "GET", base, tok, nil, &list)
		if len(list) != 1 || list[0].FastModel != "gpt-4.1-mini" {
			t.Fatalf("list after updates = %+v", list)
		}
		if code := s.api(t, "DELETE", one, tok, nil, nil); code != http.StatusNoContent {
			t.Fatalf("DELETE: %d", code)
		}
		for _, m := range []string{"GET", "DELETE"} {
			if code := s.api(t, m, one, tok, nil, &e); code != 404 || e.Error.Code != "not_found" {
				t.Fatalf("%s after delete: %d %+v", m, code, e)
			}
		}
		if code := s.api(t, "GET", base+"/abc", tok, nil, &e); code != 404 {
			t.Fatalf("GET non-numeric id: %d", code)
		}
	})
}

func TestAdminAPIAndPagesRefuseNonAdmins(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		_, adminTok := admin(t, s)
		p := createProvider(t, s, adminTok, map[string]any{"name": "Local", "provider_type": "openai_compatible",
			"base_url": "http://127.0.0.1:9/v1", "fast_model": "llama3"})
		id := fmt.Sprint(p.ID)

		userTok := s.apiUser(t, "user@example.com")
		calls := []struct{ method, path string }{
			{"GET", "/api/v1/super-admin/providers/configs"},
			{"POST", "/api/v1/super-admin/providers/configs"},
			{"GET", "/api/v1/super-admin/providers/configs/" + id},
			{"PUT", "/api/v1/super-admin/providers/configs/" + id},
			{"DELETE", "/api/v1/super-admin/providers/configs/" + id},
			{"POST", "/api/v1/super-admin/providers/configs/" + id + "/test"},
			{"GET", "/api/v1/super-admin/plans/FREEMIUM"},
			{"PUT", "/api/v1/super-admin/plans/FREEMIUM"},
		}
		for _, c := range calls {
			var e apiError
			if code := s.api(t, c.method, c.path, userTok, map[string]any{"is_active": false, "daily_requests": 1}, &e); code != 403 || e.Error.Code != "forbidden" {
				t.Errorf("user %s %s: %d %+v, want 403", c.method, c.path, code, e)
			}
			if code := s.api(t, c.method, c.path, "", nil, &e); code != 401 {
				t.Errorf("anonymous %s %s: %d, want 401", c.method, c.path, code)
			}
		}

		b := s.browser(t)
		b.register("Mallory", "mallory@example.com", "long enough")
		for _, path := range []string{"/admin/providers", "/admin/providers/new", "/admin/providers/" + id + "/edit",
			"/admin/providers/" + id + "/delete", "/admin/routing"} {
			if resp, _ := b.get(path); resp.StatusCode != http.StatusForbidden {
				t.Errorf("user GET %s: %d, want 403", path, resp.StatusCode)
			}
		}
		tok := b.csrf("/settings")
		for _, path := range []string{"/admin/providers", "/admin/providers/" + id, "/admin/providers/" + id + "/toggle",
			"/admin/providers/" + id + "/delete", "/admin/providers/" + id + "/test", "/admin/routing", "/admin/prices",
			"/admin/prices/delete", "/admin/plans/FREEMIUM"} {
			form := url.Values{"_csrf": {tok}, "name": {"Hijack"}, "provider_type": {"openai_compatible"}, "base_url": {"http://evil.example/v1"},
				"fast_model": {"x"}, "model": {"gpt-4o"}, "input": {"0"}, "output": {"0"}, "daily_requests": {"0"}, "monthly_tokens": {"0"}, "monthly_budget": {"0"}}
			if resp, _ := b.post(path, form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("user POST %s: %d, want 403", path, resp.StatusCode)
			}
		}
		after, err := db.ProviderConfig(t.Context(), p.ID)
		if err != nil || after.Name != "Local" || !after.IsActive || count(t, db, "ai_provider_configs") != 1 {
			t.Fatalf("a non-admin changed providers: %+v %v", after, err)
		}
		if n := count(t, db, "ai_model_prices"); n != 0 {
			t.Fatalf("a non-admin changed prices: %d rows", n)
		}
	})
}

func TestProviderPages(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, _ := admin(t, s)

		resp, d := b.get("/admin/providers")
		if resp.StatusCode != 200 || d.Find(`[data-testid="providers-empty"]`).Length() != 1 {
			t.Fatalf("empty providers page: %d", resp.StatusCode)
		}
		if txt := d.Find(`[data-testid="providers-empty"]`).Text(); !strings.Contains(txt, "built-in offline provider") {
			t.Errorf("empty state does not explain the offline fallback: %q", txt)
		}
		tok := b.csrf("/admin/providers/new")

		// Without the CSRF token nothing is saved.
		resp, _ = b.post("/admin/providers", url.Values{"name": {"X"}, "provider_type": {"gemini"}, "api_key": {"AIzaSyA-0123456789abcdef"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("form without token: %d", resp.StatusCode)
		}

		// Broken fields come back with their messages, the typed values and
		// never the key.
		resp, d = b.post("/admin/providers", url.Values{"_csrf": {tok}, "name": {""}, "provider_type": {"openai"},
			"base_url": {"localhost:11434"}, "api_key": {"sk-typed-0123456789abcdef"}, "priority": {"first"}, "rpm_limit": {"-3"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", resp.StatusCode)
		}
		for _, f := range []string{"name", "base_url", "priority", "rpm_limit"} {
			if d.Find(`[data-testid="error-`+f+`"]`).Length() != 1 {
				t.Errorf("no error shown for %s", f)
			}
		}
		if v, _ := d.Find(`input[name="base_url"]`).Attr("value"); v != "localhost:11434" {
			t.Errorf("typed base_url not kept: %q", v)
		}
		if html, _ := d.Html(); strings.Contains(html, "sk-typed-0123456789abcdef") {
			t.Error("the re-rendered form contains the typed key")
		}
		if n := count(t, db, "ai_provider_configs"); n != 0 {
			t.Fatalf("configs = %d after a refused form, want 0", n)
		}

		add := []url.Values{
			{"_csrf": {tok}, "name": {"Gemini prod"}, "provider_type": {"gemini"}, "api_key": {"AIzaSyA-0123456789abcdef"},
				"priority": {"10"}, "rpm_limit": {"0"}, "is_active": {"1"}},
			{"_csrf": {tok}, "name": {"Ollama"}, "provider_type": {"openai_compatible"}, "base_url": {"http://127.0.0.1:11434/v1"},
				"fast_model": {"llama3.1:8b"}, "priority": {"20"}, "rpm_limit": {"0"}},
		}
		for _, f := range add {
			if resp, _ := b.post("/admin/providers", f); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/providers" {
				t.Fatalf("add %s: %d %s", f.Get("name"), resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		_, d = b.get("/admin/providers")
		rows := d.Find(`[data-testid="provider-row"]`)
		if rows.Length() != 2 {
			t.Fatalf("rows = %d, want 2", rows.Length())
		}
		first := rows.First()
		if got := strings.TrimSpace(first.Find(`[data-testid="provider-key"]`).Text()); got != "••••cdef" {
			t.Errorf("masked key = %q, want ••••cdef", got)
		}
		if got := strings.TrimSpace(rows.Eq(1).Find(`[data-testid="provider-active"]`).Text()); got != "disabled" {
			t.Errorf("unchecked is_active saved as %q, want disabled", got)
		}
		if first.Find(`[data-testid="provider-up"]`).Length() != 0 || rows.Eq(1).Find(`[data-testid="provider-down"]`).Length() != 0 {
			t.Error("the first row can move up or the last row down")
		}

		cs, _ := db.ProviderConfigs(t.Context())
		gemini, ollama := cs[0], cs[1]
		if gemini.Name != "Gemini prod" || gemini.FastModel != "gemini-2.5-flash" || ollama.QualityModel != "llama3.1:8b" {
			t.Fatalf("stored configs = %+v / %+v", gemini, ollama)
		}

		// Reorder and toggle.
		if resp, _ := b.post(fmt.Sprintf("/admin/providers/%d/move", ollama.ID), url.Values{"_csrf": {tok}, "dir": {"up"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("move: %d", resp.StatusCode)
		}
		if resp, _ := b.post(fmt.Sprintf("/admin/providers/%d/move", ollama.ID), url.Values{"_csrf": {tok}, "dir": {"sideways"}}); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("move sideways: %d", resp.StatusCode)
		}
		if resp, _ := b.post(fmt.Sprintf("/admin/providers/%d/toggle", ollama.ID), url.Values{"_csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("toggle: %d", resp.StatusCode)
		}
		_, d = b.get("/admin/providers")
		rows = d.Find(`[data-testid="provider-row"]`)
		if got := strings.TrimSpace(rows.First().Find(`[data-testid="provider-name"]`).Text()); got != "Ollama" {
			t.Fatalf("after moving Ollama up the first row is %q", got)
		}
		if got := strings.TrimSpace(rows.First().Find(`[data-testid="provider-active"]`).Text()); got != "active" {
			t.Fatalf("after toggling Ollama it is %q", got)
		}
		if !strings.Contains(d.Find(`[data-testid="flash"]`).Text(), "Enabled") {
			t.Errorf("toggle flash = %q", d.Find(`[data-testid="flash"]`).Text())
		}

		// Edit: the key field is empty, the hint names the kept key, and an
		// empty field keeps it.
		edit := fmt.Sprintf("/admin/providers/%d", gemini.ID)
		_, d = b.get(edit + "/edit")
		if v, _ := d.Find(`input[name="api_key"]`).Attr("value"); v != "" {
			t.Fatalf("edit form carries a key value %q", v)
		}
		if typ, _ := d.Find(`input[name="api_key"]`).Attr("type"); typ != "password" {
			t.Errorf("key input type = %q", typ)
		}
		if hint := d.Find(`[data-testid="key-hint"]`).Text(); !strings.Contains(hint, "ending in cdef") {
			t.Errorf("key hint = %q", hint)
		}
		resp, _ = b.post(edit, url.Values{"_csrf": {tok}, "name": {"Gemini renamed"}, "provider_type": {"gemini"}, "api_key": {""},
			"fast_model": {"gemini-2.5-flash-lite"}, "quality_model": {""}, "priority": {"30"}, "rpm_limit": {"100"}, "is_active": {"1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", resp.StatusCode)
		}
		after, _ := db.ProviderConfig(t.Context(), gemini.ID)
		if after.Name != "Gemini renamed" || after.APIKeyLast4 != "cdef" || after.APIKeyEncrypted != gemini.APIKeyEncrypted ||
			after.FastModel != "gemini-2.5-flash-lite" || after.QualityModel != "gemini-2.5-pro" || after.RPMLimit != 100 {
			t.Fatalf("after edit: %+v", after)
		}
		resp, d = b.post(edit, url.Values{"_csrf": {tok}, "name": {"Gemini renamed"}, "provider_type": {"bard"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || d.Find(`[data-testid="error-provider_type"]`).Length() != 1 {
			t.Fatalf("edit with a bad type: %d", resp.StatusCode)
		}
		if resp, _ := b.get("/admin/providers/999/edit"); resp.StatusCode != 404 {
			t.Fatalf("edit of a missing config: %d", resp.StatusCode)
		}

		// Delete asks first, without JavaScript.
		resp, d = b.get(edit + "/delete")
		if resp.StatusCode != 200 || d.Find(`form[action="`+edit+`/delete"] [data-testid="confirm-delete"]`).Length() != 1 {
			t.Fatalf("delete confirmation page: %d", resp.StatusCode)
		}
		if resp, _ := b.post(edit+"/delete", url.Values{"_csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete: %d", resp.StatusCode)
		}
		if n := count(t, db, "ai_provider_configs"); n != 1 {
			t.Fatalf("configs after delete = %d, want 1", n)
		}
	})
}

func TestProviderTestButton(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, tok := admin(t, s)
		good := newFakeOpenAI(t, "Acme", http.StatusOK)
		good.delay = 5 * time.Millisecond
		refused := newFakeOpenAI(t, "Acme", http.StatusUnauthorized)
		ok := createProvider(t, s, tok, map[string]any{"name": "Good", "provider_type": "openai", "base_url": good.URL,
			"api_key": "sk-good-0123456789abcdef", "fast_model": "fast-m", "quality_model": "quality-m"})
		bad := createProvider(t, s, tok, map[string]any{"name": "Refused", "provider_type": "openai", "base_url": refused.URL,
			"api_key": "sk-revoked-0123456789abcdef"})

		type result struct {
			OK        bool   `json:"ok"`
			LatencyMS int64  `json:"latency_ms"`
			Error     string `json:"error"`
		}
		var r result
		if code := s.api(t, "POST", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d/test", ok.ID), tok, nil, &r); code != 200 {
			t.Fatalf("test: %d", code)
		}
		if !r.OK || r.Error != "" || r.LatencyMS < good.delay.Milliseconds() {
			t.Fatalf("test of a working provider = %+v (the fake waits %v)", r, good.delay)
		}
		if good.count() != 1 || good.lastModel() != "fast-m" || !strings.Contains(good.bodies[0], "Reply with the single word") {
			t.Fatalf("the fake saw %d calls, model %q", good.count(), good.lastModel())
		}
		stored, _ := db.ProviderConfig(t.Context(), ok.ID)
		if stored.LastTestedAt == nil || !stored.LastTestOK || stored.LastTestLatencyMS != r.LatencyMS {
			t.Fatalf("test outcome not recorded: %+v", stored)
		}

		if code := s.api(t, "POST", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d/test", bad.ID), tok, nil, &r); code != 200 {
			t.Fatalf("test: %d", code)
		}
		if r.OK || !strings.Contains(r.Error, "refused the key") || !strings.Contains(r.Error, "401") {
			t.Fatalf("test of a refused key = %+v, want ok=false and a message about the key", r)
		}
		if strings.Contains(r.Error, "sk-revoked") {
			t.Fatalf("test error carries the key: %q", r.Error)
		}
		stored, _ = db.ProviderConfig(t.Context(), bad.ID)
		if stored.LastTestOK || stored.LastTestError != r.Error {
			t.Fatalf("failed test not recorded: %+v", stored)
		}

		// The page's button: htmx gets the fragment, a plain form a flash.
		csrf := b.csrf("/admin/providers")
		req := httptest.NewRequest("POST", fmt.Sprintf("/admin/providers/%d/test", ok.ID), nil)
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", csrf)
		resp := b.do(req)
		d := doc(t, resp)
		frag := d.Find(`[data-testid="provider-test-result"]`)
		if resp.StatusCode != 200 || frag.Length() != 1 || d.Find("html body header").Length() != 0 {
			t.Fatalf("htmx test: %d, fragment %d", resp.StatusCode, frag.Length())
		}
		if id, _ := frag.Attr("id"); id != fmt.Sprintf("provider-test-%d", ok.ID) || !strings.Contains(frag.Text(), "ok") {
			t.Fatalf("fragment id %q text %q", id, frag.Text())
		}
		resp2, _ := b.post(fmt.Sprintf("/admin/providers/%d/test", bad.ID), url.Values{"_csrf": {csrf}})
		if resp2.StatusCode != http.StatusSeeOther {
			t.Fatalf("plain test: %d", resp2.StatusCode)
		}
		_, d = b.get("/admin/providers")
		if f := d.Find(`[data-testid="flash"]`).Text(); !strings.Contains(f, "failed the test") {
			t.Fatalf("flash after a failed test = %q", f)
		}
		row := d.Find(fmt.Sprintf(`[data-provider-id="%d"]`, bad.ID))
		if !strings.Contains(row.Find(`[data-testid="provider-test-error"]`).Text(), "refused the key") {
			t.Fatalf("row of the refused provider does not show the failure: %q", row.Text())
		}
		if good.count() != 2 || refused.count() != 2 {
			t.Fatalf("fake calls = %d / %d, want 2 each", good.count(), refused.count())
		}

		// Each press went through the orchestrator (TestLink): one usage
		// row per call, charged to the admin, for the config tested, with
		// the refused key's failure classed and its key scrubbed.
		root, err := db.UserByEmail(t.Context(), "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		var rows []models.UsageLog
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if rows, err = db.ListUsage(t.Context(), models.UsageFilter{Task: string(orchestrator.TaskProviderTest)}); err != nil {
				t.Fatal(err)
			}
			if len(rows) >= 4 {
				break
			}
		}
		byConfig := map[uint][]string{}
		for _, r := range rows {
			if r.UserID != root.ID || r.ProviderConfigID == nil || r.ModelName != "fast-m" && *r.ProviderConfigID == ok.ID {
				t.Fatalf("test usage row = %+v; want the admin's, for a config, with its fast model", r)
			}
			if strings.Contains(r.ErrorMessage, "sk-revoked") {
				t.Fatalf("test usage row carries the key: %q", r.ErrorMessage)
			}
			byConfig[*r.ProviderConfigID] = append(byConfig[*r.ProviderConfigID], r.Status+"/"+r.ErrorClass)
		}
		if got := fmt.Sprint(byConfig[ok.ID], byConfig[bad.ID]); got != "[success/ success/] [error/auth error/auth]" {
			t.Fatalf("test usage rows by config = %s; want two successes for Good, two auth errors for Refused", got)
		}
	})
}

// TestAPIKeyNeverLeaks saves a distinctive key, makes it fail in every way
// that produces text (a provider error echoing it, a test, logs), and looks
// for it, and for its ciphertext, in every admin page, JSON answer and log
// line.
func TestAPIKeyNeverLeaks(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		logs := &syncBuffer{}
		s := newServer(t, db, serverOptions{log: logs})
		b, tok := admin(t, s)
		const key = "tenant-LEAKCHECK-1234567890abcdef" // a free-form key: no pattern in Redact knows it
		fake := newFakeOpenAI(t, "Acme", http.StatusUnauthorized)

		csrf := b.csrf("/admin/providers/new")
		resp, _ := b.post("/admin/providers", url.Values{"_csrf": {csrf}, "name": {"Leaky"}, "provider_type": {"openai"},
			"base_url": {fake.URL}, "api_key": {key}, "priority": {"10"}, "rpm_limit": {"0"}, "is_active": {"1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add provider: %d", resp.StatusCode)
		}
		cfgs, _ := db.ProviderConfigs(t.Context())
		if len(cfgs) != 1 || cfgs[0].APIKeyEncrypted == "" {
			t.Fatalf("configs = %+v", cfgs)
		}
		id := cfgs[0].ID
		cipherText := cfgs[0].APIKeyEncrypted
		// The same key through the JSON API too.
		var p providerJSON
		if code := s.api(t, "PUT", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", id), tok, map[string]any{"api_key": key}, &p); code != 200 {
			t.Fatalf("PUT key: %d", code)
		}
		cfgs, _ = db.ProviderConfigs(t.Context())
		cipherTexts := []string{cipherText, cfgs[0].APIKeyEncrypted}

		var answers []string
		get := func(method, path string, body any) {
			t.Helper()
			var raw json.RawMessage
			s.api(t, method, path, tok, body, &raw)
			answers = append(answers, path+": "+string(raw))
		}
		// A real call that fails with the key echoed in the provider's error.
		get("POST", "/api/v1/job-extractor/extract", map[string]any{"text": postingText})
		get("POST", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d/test", id), nil)
		req := httptest.NewRequest("POST", fmt.Sprintf("/admin/providers/%d/test", id), nil)
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", csrf)
		body, _ := io.ReadAll(b.do(req).Body)
		answers = append(answers, "htmx test: "+string(body))
		s.flushUsage()

		for _, path := range []string{"/admin/providers", fmt.Sprintf("/admin/providers/%d/edit", id),
			fmt.Sprintf("/admin/providers/%d/delete", id), "/admin/routing", "/admin/usage", "/admin/users", "/settings", "/"} {
			resp, d := b.get(path)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d", path, resp.StatusCode)
			}
			html, _ := d.Html()
			answers = append(answers, path+": "+html)
		}
		get("GET", "/api/v1/super-admin/providers/configs", nil)
		get("GET", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", id), nil)
		get("GET", "/api/v1/super-admin/usage-logs", nil)

		// The test can fail: the key really went out and came back.
		if fake.count() < 3 || fake.auths[0] != "Bearer "+key {
			t.Fatalf("the fake saw %d calls, first auth %q", fake.count(), fake.auths[0])
		}
		usage := answers[len(answers)-1]
		if !strings.Contains(usage, `"status":"error"`) || !strings.Contains(usage, "Incorrect API key provided") {
			t.Fatalf("no failed call in the usage log: %s", usage)
		}
		if !strings.Contains(logs.String(), "provider attempt failed") {
			t.Fatalf("the logs were not captured:\n%s", logs.String())
		}
		secrets := append([]string{key, "LEAKCHECK"}, cipherTexts...)
		for _, a := range append(answers, "log: "+logs.String()) {
			for _, sec := range secrets {
				if strings.Contains(a, sec) {
					name, _, _ := strings.Cut(a, ": ")
					t.Errorf("%s contains %q", name, sec)
				}
			}
		}
	})
}

// extractJob runs an extraction through the JSON API and returns the job.
func extractJob(t *testing.T, s *server, tok string, force bool) map[string]any {
	t.Helper()
	var job map[string]any
	if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText, "force": force}, &job); code != 200 {
		t.Fatalf("extract: %d %v", code, job)
	}
	return job
}

func TestSwitchingProviderNeedsNoRestart(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		br, tok := admin(t, s)
		a, b := newFakeOpenAI(t, "Provider A Ltd", http.StatusOK), newFakeOpenAI(t, "Provider B Ltd", http.StatusOK)
		pa := createProvider(t, s, tok, map[string]any{"name": "A", "provider_type": "openai", "base_url": a.URL,
			"api_key": "sk-a-0123456789abcdef", "priority": 10})
		pb := createProvider(t, s, tok, map[string]any{"name": "B", "provider_type": "openai_compatible", "base_url": b.URL + "/v1",
			"fast_model": "b-model", "priority": 20})
		user := s.apiUser(t, "ada@example.com")

		steps := []struct {
			name         string
			change       func()
			wantA, wantB int
			wantCompany  string
		}{
			{"A first", func() {}, 1, 0, "Provider A Ltd"},
			{"A disabled", func() {
				if code := s.api(t, "PUT", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", pa.ID), tok, map[string]any{"is_active": false}, nil); code != 200 {
					t.Fatalf("disable A: %d", code)
				}
			}, 1, 1, "Provider B Ltd"},
			{"A enabled again", func() {
				s.api(t, "PUT", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", pa.ID), tok, map[string]any{"is_active": true}, nil)
			}, 2, 1, "Provider A Ltd"},
			{"A deleted", func() {
				s.api(t, "DELETE", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d", pa.ID), tok, nil, nil)
			}, 2, 2, "Provider B Ltd"},
		}
		for _, st := range steps {
			st.change()
			job := extractJob(t, s, user, true)
			// Which provider answered shows in the hits; the fakes' made-up
			// company names are not on the page, so extraction keeps the
			// page's own employer whichever model answered.
			if a.count() != st.wantA || b.count() != st.wantB || job["company"] != "Acme Logistics" {
				t.Fatalf("%s: hits A %d B %d, company %v; want %d %d and the page's Acme Logistics (a model's %s is not on the page)", st.name, a.count(), b.count(), job["company"], st.wantA, st.wantB, st.wantCompany)
			}
		}
		// B's two calls show up in its health over the last 24 h.
		s.flushUsage()
		_, d := br.get("/admin/providers")
		health := d.Find(fmt.Sprintf(`[data-provider-id="%d"] [data-testid="provider-health"]`, pb.ID)).Text()
		if !strings.Contains(health, "2 calls") || !strings.Contains(health, "0.0%") {
			t.Fatalf("B's health = %q, want 2 calls and 0.0%% errors", strings.Join(strings.Fields(health), " "))
		}
	})
}

// usageRows returns the usage log, oldest first.
func usageRows(t *testing.T, db *models.DB) []models.UsageLog {
	t.Helper()
	var rows []models.UsageLog
	if err := db.Gorm().Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestRoutingPlanAndPriceChangesApplyToNextCall(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, adminTok := admin(t, s)
		fake := newFakeOpenAI(t, "Acme Logistics", http.StatusOK)
		createProvider(t, s, adminTok, map[string]any{"name": "Fake", "provider_type": "openai_compatible", "base_url": fake.URL,
			"fast_model": "fast-m", "quality_model": "quality-m"})
		user := s.apiUser(t, "ada@example.com")
		u, _ := db.UserByEmail(t.Context(), "ada@example.com")
		if code := s.api(t, "PUT", "/api/v1/profile", user, profileDoc, nil); code != 200 {
			t.Fatalf("profile: %d", code)
		}
		jobID := extractJob(t, s, user, false)["id"]
		draft := func() {
			t.Helper()
			var out map[string]any
			if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", user, map[string]any{"job_id": jobID, "force": true}, &out); code != 200 {
				t.Fatalf("draft: %d %v", code, out)
			}
		}
		csrf := b.csrf("/admin/routing")
		routing := func(cvTier string) url.Values {
			f := url.Values{"_csrf": {csrf}}
			for _, plan := range billing.Plans {
				for _, task := range billing.Tasks {
					f.Set("tier."+plan+"."+string(task), string(billing.DefaultPolicy().Tier(plan, task)))
				}
			}
			f.Set("tier.PRO_MONTHLY.cv_draft", cvTier)
			return f
		}

		steps := []struct {
			name      string
			change    func()
			wantModel string
		}{
			{"FREEMIUM drafts with the fast model", func() {}, "fast-m"},
			{"PRO_MONTHLY drafts with the quality model", func() {
				if code := s.api(t, "PATCH", fmt.Sprintf("/api/v1/super-admin/users/%d", u.ID), adminTok, map[string]string{"plan": "PRO_MONTHLY"}, nil); code != 200 {
					t.Fatalf("patch plan: %d", code)
				}
			}, "quality-m"},
			{"routing sets PRO_MONTHLY drafts to fast", func() {
				if resp, _ := b.post("/admin/routing", routing("fast")); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("save routing: %d", resp.StatusCode)
				}
			}, "fast-m"},
			{"fast-m gets a price", func() {
				f := url.Values{"_csrf": {csrf}, "model": {"Fast-M"}, "input": {"1.00"}, "output": {"$2"}}
				if resp, _ := b.post("/admin/prices", f); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("save price: %d", resp.StatusCode)
				}
			}, "fast-m"},
		}
		for _, st := range steps {
			st.change()
			draft()
			if got := fake.lastModel(); got != st.wantModel {
				t.Fatalf("%s: model %q, want %q", st.name, got, st.wantModel)
			}
		}
		s.flushUsage()
		rows := usageRows(t, db)
		if len(rows) != 5 {
			t.Fatalf("usage rows = %d, want 5 (extraction and 4 drafts)", len(rows))
		}
		before, after := rows[3], rows[4]
		if !before.CostUnknown || before.CostMicros != 0 {
			t.Errorf("before the price: cost %d unknown %v, want unknown", before.CostMicros, before.CostUnknown)
		}
		want := int64(fakeInputTokens*1 + fakeOutputTokens*2) // $1 and $2 per million tokens
		if after.CostUnknown || after.CostMicros != want || after.ModelName != "fast-m" || after.Plan != "PRO_MONTHLY" {
			t.Errorf("after the price: %+v, want cost %d", after, want)
		}
		// The changes are stored, so a restart keeps them.
		p, err := db.LoadPolicy(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		prices, err := db.LoadPrices(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if p.Tier("PRO_MONTHLY", billing.TaskCVDraft) != billing.TierFast {
			t.Error("routing change not stored")
		}
		if pr, ok := prices.Price("fast-m"); !ok || pr.InputPerMillion != 1_000_000 || pr.OutputPerMillion != 2_000_000 {
			t.Errorf("stored price = %+v %v", pr, ok)
		}
		if n := count(t, db, "ai_routing_policy"); n != 1 {
			t.Errorf("routing rows = %d, want 1 (only the changed cell)", n)
		}
	})
}

func TestRoutingPageValidation(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, _ := admin(t, s)
		resp, d := b.get("/admin/routing")
		if resp.StatusCode != 200 || d.Find(`[data-testid="routing-row"]`).Length() != len(billing.Plans) {
			t.Fatalf("routing page: %d", resp.StatusCode)
		}
		if v, _ := d.Find(`select[name="tier.PAYGO.cv_draft"] option[selected]`).Attr("value"); v != "quality" {
			t.Errorf("PAYGO cv_draft shows %q, want quality", v)
		}
		csrf := b.csrf("/admin/routing")

		f := url.Values{"_csrf": {csrf}}
		for _, plan := range billing.Plans {
			for _, task := range billing.Tasks {
				f.Set("tier."+plan+"."+string(task), "quality")
			}
		}
		f.Set("tier.FREEMIUM.extraction", "premium")
		resp, d = b.post("/admin/routing", f)
		if resp.StatusCode != http.StatusUnprocessableEntity || d.Find(`[data-testid="form-error"]`).Length() != 1 {
			t.Fatalf("tampered routing: %d", resp.StatusCode)
		}
		if n := count(t, db, "ai_routing_policy"); n != 0 {
			t.Fatalf("routing rows = %d after a refused form, want 0", n)
		}

		prices := []struct {
			input, output string
			status        int
			micros        int64
		}{
			{"0.15", "0.60", http.StatusSeeOther, 150_000},
			{"$2.50", "10", http.StatusSeeOther, 2_500_000},
			{".000125", "1,000", http.StatusSeeOther, 125},
			{"0", "0", http.StatusSeeOther, 0},
			{"0.0000001", "1", http.StatusUnprocessableEntity, 0},
			{"-1", "1", http.StatusUnprocessableEntity, 0},
			{"abc", "1", http.StatusUnprocessableEntity, 0},
			{"", "1", http.StatusUnprocessableEntity, 0},
			{".", "1", http.StatusUnprocessableEntity, 0},
			{"1e3", "1", http.StatusUnprocessableEntity, 0},
		}
		for i, c := range prices {
			model := fmt.Sprintf("model-%d", i)
			resp, d := b.post("/admin/prices", url.Values{"_csrf": {csrf}, "model": {model}, "input": {c.input}, "output": {c.output}})
			if resp.StatusCode != c.status {
				t.Fatalf("price %q: %d, want %d", c.input, resp.StatusCode, c.status)
			}
			var rows []models.ModelPrice
			db.Gorm().Where("model = ?", model).Find(&rows)
			if c.status != http.StatusSeeOther {
				if len(rows) != 0 || d.Find(`[data-testid="error-input"]`).Length() != 1 {
					t.Errorf("price %q: stored %d rows, error shown %d", c.input, len(rows), d.Find(`[data-testid="error-input"]`).Length())
				}
				continue
			}
			if len(rows) != 1 || rows[0].InputMicrosPerMTok != c.micros {
				t.Errorf("price %q stored as %+v, want %d micros", c.input, rows, c.micros)
			}
		}
		_, d = b.get("/admin/routing")
		row := d.Find(`[data-testid="price-row"][data-model="model-1"]`)
		if in, out := row.Find(`[data-testid="price-input"]`).Text(), row.Find(`[data-testid="price-output"]`).Text(); in != "$2.50" || out != "$10.00" {
			t.Errorf("model-1 shows %q / %q, want $2.50 / $10.00", in, out)
		}
		if got := d.Find(`[data-testid="price-row"][data-model="model-2"] [data-testid="price-input"]`).Text(); got != "$0.000125" {
			t.Errorf("model-2 input shows %q, want $0.000125", got)
		}
		if resp, _ := b.post("/admin/prices/delete", url.Values{"_csrf": {csrf}, "model": {"gpt-4o"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete price: %d", resp.StatusCode)
		}
		_, d = b.get("/admin/routing")
		if d.Find(`[data-testid="price-row"][data-model="gpt-4o"]`).Length() != 0 || d.Find(`[data-testid="price-row"][data-model="gpt-4o-mini"]`).Length() != 1 {
			t.Error("deleting gpt-4o did not remove exactly that row")
		}

		// Plan limits from the page.
		resp, _ = b.post("/admin/plans/PAYGO", url.Values{"_csrf": {csrf}, "daily_requests": {"5"}, "monthly_tokens": {"0"}, "monthly_budget": {"2.50"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save plan: %d", resp.StatusCode)
		}
		l, _ := db.PlanLimitOf(t.Context(), "PAYGO")
		if l.DailyRequests != 5 || l.MonthlyTokens != 0 || l.MonthlyCostMicros != 2_500_000 {
			t.Fatalf("PAYGO limits = %+v", l)
		}
		_, d = b.get("/admin/routing")
		if v, _ := d.Find(`#PAYGO-monthly_budget`).Attr("value"); v != "2.50" {
			t.Errorf("PAYGO budget shows %q, want 2.50", v)
		}
		for _, f := range []url.Values{
			{"_csrf": {csrf}, "daily_requests": {"-1"}, "monthly_tokens": {"0"}, "monthly_budget": {"0"}},
			{"_csrf": {csrf}, "daily_requests": {"1"}, "monthly_tokens": {"lots"}, "monthly_budget": {"0"}},
			{"_csrf": {csrf}, "daily_requests": {"1"}, "monthly_tokens": {"0"}, "monthly_budget": {"ten"}},
		} {
			resp, d := b.post("/admin/plans/PAYGO", f)
			if resp.StatusCode != http.StatusUnprocessableEntity || d.Find(`[data-testid="plan-row"][data-plan="PAYGO"] .field-error`).Length() != 1 {
				t.Errorf("bad plan form %v: %d", f, resp.StatusCode)
			}
		}
		if l2, _ := db.PlanLimitOf(t.Context(), "PAYGO"); l2 != l {
			t.Errorf("refused forms changed PAYGO: %+v", l2)
		}
		if resp, _ := b.post("/admin/plans/GOLD", url.Values{"_csrf": {csrf}, "daily_requests": {"1"}, "monthly_tokens": {"0"}, "monthly_budget": {"0"}}); resp.StatusCode != 404 {
			t.Errorf("unknown plan: %d", resp.StatusCode)
		}
	})
}

func TestPlanLimitsAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		_, tok := admin(t, s)
		type limits struct {
			Plan              string `json:"plan"`
			DailyRequests     int    `json:"daily_requests"`
			MonthlyTokens     int64  `json:"monthly_tokens"`
			MonthlyCostMicros int64  `json:"monthly_cost_micros"`
		}
		var l limits
		if code := s.api(t, "GET", "/api/v1/super-admin/plans/FREEMIUM", tok, nil, &l); code != 200 || l.Plan != "FREEMIUM" || l.DailyRequests != 200 {
			t.Fatalf("GET FREEMIUM: %d %+v", code, l)
		}
		cases := []struct {
			name   string
			method string
			plan   string
			body   any
			status int
			want   limits
		}{
			{"set one field", "PUT", "PAYGO", map[string]any{"daily_requests": 1}, 200, limits{Plan: "PAYGO", DailyRequests: 1}},
			{"others kept", "PUT", "PAYGO", map[string]any{"monthly_cost_micros": 5_000_000}, 200, limits{Plan: "PAYGO", DailyRequests: 1, MonthlyCostMicros: 5_000_000}},
			{"read back", "GET", "PAYGO", nil, 200, limits{Plan: "PAYGO", DailyRequests: 1, MonthlyCostMicros: 5_000_000}},
			{"unknown plan GET", "GET", "GOLD", nil, 404, limits{}},
			{"unknown plan PUT", "PUT", "GOLD", map[string]any{"daily_requests": 1}, 404, limits{}},
			{"negative", "PUT", "PAYGO", map[string]any{"monthly_tokens": -5}, 400, limits{}},
			{"nothing to set", "PUT", "PAYGO", map[string]any{}, 400, limits{}},
			{"not JSON", "PUT", "PAYGO", `{"daily_requests": `, 400, limits{}},
		}
		for _, c := range cases {
			var got limits
			code := s.api(t, c.method, "/api/v1/super-admin/plans/"+c.plan, tok, c.body, &got)
			if code != c.status || (code == 200 && got != c.want) {
				t.Fatalf("%s: %d %+v, want %d %+v", c.name, code, got, c.status, c.want)
			}
		}
		// The limit holds from the next call: PAYGO allows one request a day.
		user := s.apiUser(t, "payg@example.com")
		u, _ := db.UserByEmail(t.Context(), "payg@example.com")
		s.api(t, "PATCH", fmt.Sprintf("/api/v1/super-admin/users/%d", u.ID), tok, map[string]string{"plan": "PAYGO"}, nil)
		extractJob(t, s, user, true)
		var e apiError
		if code := s.api(t, "POST", "/api/v1/job-extractor/extract", user, map[string]any{"text": postingText, "force": true}, &e); code != 429 || e.Error.Code != "quota_exceeded" {
			t.Fatalf("second call on a 1-a-day plan: %d %+v", code, e)
		}
	})
}

// TestFreeFormKeyNeverLeaksFromProviderPages covers a key of no known shape
// (a self-hosted server's), which the generic redaction cannot recognise:
// the provider pages and the test result still never show it.
func TestFreeFormKeyNeverLeaksFromProviderPages(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		b, tok := admin(t, s)
		const key = "plainkey-LEAKCHECK-0987654321"
		fake := newFakeOpenAI(t, "Acme", http.StatusUnauthorized)
		p := createProvider(t, s, tok, map[string]any{"name": "Self-hosted", "provider_type": "openai_compatible",
			"base_url": fake.URL, "api_key": key, "fast_model": "local"})
		user := s.apiUser(t, "ada@example.com")
		s.api(t, "POST", "/api/v1/job-extractor/extract", user, map[string]any{"text": postingText}, nil) // opens the circuit

		var out []string
		var raw json.RawMessage
		s.api(t, "POST", fmt.Sprintf("/api/v1/super-admin/providers/configs/%d/test", p.ID), tok, nil, &raw)
		out = append(out, "test: "+string(raw))
		for _, path := range []string{"/admin/providers", fmt.Sprintf("/admin/providers/%d/edit", p.ID)} {
			_, d := b.get(path)
			html, _ := d.Html()
			out = append(out, path+": "+html)
		}
		s.api(t, "GET", "/api/v1/super-admin/providers/configs", tok, nil, &raw)
		out = append(out, "configs: "+string(raw))
		if fake.count() < 2 || fake.auths[0] != "Bearer "+key {
			t.Fatalf("the fake saw %d calls, first auth %q", fake.count(), fake.auths[0])
		}
		if !strings.Contains(out[1], `data-testid="provider-circuit"`) {
			t.Fatalf("the providers page shows no open circuit, so its error text was not checked")
		}
		for _, o := range out {
			if strings.Contains(o, "LEAKCHECK") {
				name, _, _ := strings.Cut(o, ": ")
				t.Errorf("%s contains the key", name)
			}
		}
	})
}

// BenchmarkProvidersPage renders /admin/providers with ten configs and
// 2,000 usage rows from the last day: the page an admin reloads while
// watching an outage, with its health query.
func BenchmarkProvidersPage(b *testing.B) {
	db := dbtest.Open(b, "sqlite")
	s := newServer(b, db, serverOptions{})
	br, tok := admin(b, s)
	var ids []uint
	for i := range 10 {
		p := createProvider(b, s, tok, map[string]any{"name": fmt.Sprintf("P%d", i), "provider_type": "openai",
			"api_key": fmt.Sprintf("sk-bench-%d-0123456789abcdef", i), "priority": i})
		ids = append(ids, p.ID)
	}
	rows := make([]models.UsageLog, 2000)
	for i := range rows {
		id := ids[i%len(ids)]
		status := billing.StatusSuccess
		if i%7 == 0 {
			status = billing.StatusError
		}
		rows[i] = models.UsageLog{UserID: 1, ProviderConfigID: &id, ProviderType: "openai", ModelName: "gpt-4o-mini",
			TaskType: "extraction", Plan: "FREEMIUM", Status: status, LatencyMS: int64(100 + i%900), CreatedAt: time.Now().Add(-time.Duration(i) * time.Second)}
	}
	if err := db.Gorm().CreateInBatches(rows, 500).Error; err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		resp := br.do(httptest.NewRequest("GET", "/admin/providers", nil))
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
