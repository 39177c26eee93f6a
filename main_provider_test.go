package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestEnvironmentKeyServesCalls starts the real program with OPENAI_API_KEY
// and OPENAI_BASE_URL pointing at a local fake of the OpenAI API: the
// extraction is answered by that provider through the real SDK, not by the
// builtin one, and the app no longer says it is offline.
func TestEnvironmentKeyServesCalls(t *testing.T) {
	var hits atomic.Int64
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "Bearer sk-env-test-0123456789" || r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"bad key","type":"invalid_request_error"}}`)
			return
		}
		content, _ := json.Marshal(map[string]any{"is_job_posting": true, "title": "Ward Nurse", "company": "Riverside Clinic",
			"location": "Mombasa, Kenya", "responsibilities": []string{"Care for patients"}, "requirements": []string{"Nursing licence"},
			"skills": []string{"Patient care"}})
		raw, _ := io.ReadAll(r.Body)
		answerOpenAI(w, raw, string(content))
	}))
	defer fake.Close()
	base := startApp(t, map[string]string{"OPENAI_API_KEY": "sk-env-test-0123456789", "OPENAI_BASE_URL": fake.URL})

	post := func(path, token string, body any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	post("/api/v1/auth/register", "", map[string]string{"email": "env@example.com", "password": "long enough", "name": "Env"})
	_, login := post("/api/v1/auth/login", "", map[string]string{"email": "env@example.com", "password": "long enough"})
	tok, _ := login["token"].(string)
	code, job := post("/api/v1/job-extractor/extract", tok, map[string]any{"text": "Ward Nurse at Riverside Clinic, Mombasa. " +
		"Responsibilities: care for patients on the ward, keep records. Requirements: a nursing licence and two years of experience."})
	if code != 200 || job["title"] != "Ward Nurse" || job["offline"] == true {
		t.Fatalf("extract = %d %v", code, job)
	}
	if hits.Load() != 1 {
		t.Fatalf("the OpenAI fake was called %d times, want 1", hits.Load())
	}
	if src, _ := job["sources"].(map[string]any); src["company"] != "ai" {
		t.Errorf("company source = %v, want ai", src["company"])
	}
}
