package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
)

// TestAPIDraftsWithoutWaiting: "wait": false answers 202 with the draft's
// status at once; GET /api/v1/jobs/{id} shows the job's latest CV and
// letter (null before any), and GET .../cv and .../letter the drafts.
func TestAPIDraftsWithoutWaiting(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "ada@example.com")
		if code := s.api(t, "PUT", "/api/v1/profile", tok, profileDoc, nil); code != 200 {
			t.Fatalf("profile: %d", code)
		}
		var job map[string]any
		if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, &job); code != 200 {
			t.Fatalf("extract: %d", code)
		}
		path := fmt.Sprintf("/api/v1/jobs/%v", job["id"])
		var got map[string]any
		s.api(t, "GET", path, tok, nil, &got)
		if v, ok := got["cv"]; !ok || v != nil {
			t.Fatalf("cv before any draft = %v (present %v), want null", v, ok)
		}
		if v, ok := got["letter"]; !ok || v != nil {
			t.Fatalf("letter before any = %v (present %v), want null", v, ok)
		}
		if code := s.api(t, "GET", path+"/cv", tok, nil, nil); code != http.StatusNotFound {
			t.Fatalf("GET cv before any draft: %d, want 404", code)
		}

		var started struct {
			ID        uint      `json:"id"`
			Status    string    `json:"status"`
			Source    any       `json:"source"` // null until written
			Stale     bool      `json:"stale"`
			UpdatedAt time.Time `json:"updated_at"`
		}
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": job["id"], "wait": false}, &started); code != http.StatusAccepted ||
			started.ID == 0 || (started.Status != models.StatusPending && started.Status != models.StatusRunning) || started.UpdatedAt.IsZero() {
			t.Fatalf("draft without waiting: %d %+v, want 202 with a pending draft", code, started)
		}
		var letter map[string]any
		if code := s.api(t, "POST", "/api/v1/cover-letter/generate", tok, map[string]any{"job_id": job["id"], "tone": "concise", "wait": false}, &letter); code != http.StatusAccepted {
			t.Fatalf("letter without waiting: %d %v", code, letter)
		}
		s.idle(t)

		s.api(t, "GET", path, tok, nil, &got)
		cv, _ := got["cv"].(map[string]any)
		lt, _ := got["letter"].(map[string]any)
		if cv == nil || cv["id"] != float64(started.ID) || cv["status"] != models.StatusDone || sourceKind(cv["source"]) != "offline" || cv["stale"] != false || cv["updated_at"] == nil {
			t.Fatalf("job's cv = %v", got["cv"])
		}
		if lt == nil || lt["status"] != models.StatusDone || sourceKind(lt["source"]) != "offline" {
			t.Fatalf("job's letter = %v", got["letter"])
		}
		var full map[string]any
		if code := s.api(t, "GET", path+"/cv", tok, nil, &full); code != 200 || full["status"] != models.StatusDone || full["markdown"] == "" {
			t.Fatalf("GET cv: %d %v", code, full)
		}
		if code := s.api(t, "GET", path+"/letter", tok, nil, &full); code != 200 || len(full["paragraphs"].([]any)) != 3 || full["tone"] != "concise" {
			t.Fatalf("GET letter: %d %v", code, full)
		}

		// A profile change makes the drafts stale.
		s.api(t, "PUT", "/api/v1/profile", tok, profileDoc, nil)
		s.api(t, "GET", path, tok, nil, &got)
		if cv := got["cv"].(map[string]any); cv["stale"] != true {
			t.Fatalf("after a profile change the cv is %v, want stale", cv)
		}
		// Another person sees none of it.
		other := s.apiUser(t, "eve@example.com")
		if code := s.api(t, "GET", path+"/cv", other, nil, nil); code != http.StatusNotFound {
			t.Fatalf("another user's GET cv: %d, want 404", code)
		}
	})
}

// TestAPIBodiesAreCapped: the JSON API refuses bodies past its limits with
// 413 and what to do, like the HTML profile import.
func TestAPIBodiesAreCapped(t *testing.T) {
	s := newServer(t, dbtest.Open(t, "sqlite"), serverOptions{})
	tok := s.apiUser(t, "ada@example.com")
	big := `{"basics":{"name":"Ada","summary":"` + strings.Repeat("x", 2<<20+100<<10) + `"}}`
	var e apiError
	if code := s.api(t, "PUT", "/api/v1/profile", tok, big, &e); code != http.StatusRequestEntityTooLarge || !strings.Contains(e.Error.Message, "2 MB") {
		t.Fatalf("2.1 MB profile: %d %+v", code, e)
	}
	if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, `{"job_id":1,"pad":"`+strings.Repeat("x", 300<<10)+`"}`, &e); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("300 KB draft request: %d %+v", code, e)
	}
	if n := count(t, s.db, "profiles"); n != 0 {
		t.Fatalf("%d profiles stored from refused bodies", n)
	}
}

// sourceKind reads a draft's source from JSON: {"kind": "model"|"offline",
// "provider", "model"}.
func sourceKind(v any) string {
	m, _ := v.(map[string]any)
	k, _ := m["kind"].(string)
	return k
}
