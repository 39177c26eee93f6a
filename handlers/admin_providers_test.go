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

	"tailor/models"
	"tailor/models/dbtest"
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
		Model string `json:"model"`
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
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": body.Model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": string(job)}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": fakeInputTokens, "completion_tokens": fakeOutputTokens, "total_tokens": fakeInputTokens + fakeOutputTokens}})
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
func admin(t *testing.T, s *server) (*browser, string) {
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

func createProvider(t *testing.T, s *server, tok string, body map[string]any) providerJSON {
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
