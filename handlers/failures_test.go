package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// TestDeadProviderStillReadsPastedText: an active provider pointing at a
// dead address must not stop anyone from adding a job. Extraction answers
// with the offline cascade's result, labelled offline with the reason; a
// draft fails saying what failed and offers the offline draft, which then
// works in one call; nothing is charged for the failed calls.
func TestDeadProviderStillReadsPastedText(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		down := newFakeOpenAI(t, "Acme", http.StatusServiceUnavailable)
		p, err := orchestrator.NewProvider(domain.ProviderOpenAICompatible, provider.Options{APIKey: "k", BaseURL: down.URL})
		if err != nil {
			t.Fatal(err)
		}
		s := newServer(t, db, serverOptions{env: []orchestrator.Link{{Provider: p, FastModel: "m", QualityModel: "m"}}})
		tok := s.apiUser(t, "down@example.com")
		var job map[string]any
		code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, &job)
		if code != http.StatusOK || job["title"] != "Senior Backend Engineer" || job["offline"] != true {
			t.Fatalf("all providers down: %d %v, want the offline result", code, job)
		}
		if reason, _ := job["offline_reason"].(string); !strings.Contains(reason, "provider failed") || !strings.Contains(reason, "offline") {
			t.Fatalf("offline_reason = %q, want why the offline rules were used", reason)
		}
		if down.count() == 0 {
			t.Fatal("the configured provider was never asked")
		}
		u, _ := db.UserByEmail(t.Context(), "down@example.com")
		q, _ := db.QuotaUsageOf(t.Context(), u.ID)
		if q.DayRequests != 0 || q.ReservedRequests != 0 || q.CostMicros != 0 {
			t.Fatalf("quota after a failed call = %+v, want nothing used or held", q)
		}

		// A draft fails with what failed and the way out; the offline draft works.
		if code := s.api(t, "PUT", "/api/v1/profile", tok, profileDoc, nil); code != 200 {
			t.Fatalf("profile: %d", code)
		}
		var e apiError
		jobID := job["id"]
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": jobID}, &e); code != http.StatusServiceUnavailable ||
			!strings.Contains(e.Error.Message, "Every AI provider failed to answer (the last failure was a provider paused after repeated failures)") || !strings.Contains(e.Error.Message, "offline draft") {
			t.Fatalf("draft with providers down: %d %+v", code, e)
		}
		var cv map[string]any
		if code := s.api(t, "POST", "/api/v1/cv-drafter/draft", tok, map[string]any{"job_id": jobID, "offline": true}, &cv); code != 200 ||
			sourceKind(cv["source"]) != "offline" || cv["status"] != models.StatusDone {
			t.Fatalf("offline draft: %d %v", code, cv)
		}

		// The page shows the job, read offline, with the reason.
		b := s.browser(t)
		b.register("Dora", "dora@example.com", "long enough")
		var login struct{ Token string }
		s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "dora@example.com", "password": "long enough"}, &login)
		if code := s.api(t, "PUT", "/api/v1/profile", login.Token, profileDoc, nil); code != 200 {
			t.Fatalf("Dora's profile: %d", code)
		}
		tok2 := b.csrf("/jobs/new")
		resp, _ := b.postMultipart("/jobs", map[string]string{"_csrf": tok2, "text": postingText}, "", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create job: %d", resp.StatusCode)
		}
		s.idle(t)
		_, d := b.get(resp.Header.Get("Location"))
		if d.Find(`[data-testid="job-title"]`).Text() != "Senior Backend Engineer" ||
			!strings.Contains(d.Find(`[data-testid="job-offline-reason"]`).Text(), "offline rules") {
			t.Fatalf("job page: title %q, reason %q", d.Find(`[data-testid="job-title"]`).Text(), d.Find(`[data-testid="job-offline-reason"]`).Text())
		}

		// A failed draft on the page offers the offline draft in one click.
		csrf := b.csrf(resp.Header.Get("Location"))
		id := strings.TrimPrefix(resp.Header.Get("Location"), "/jobs/")
		b.post("/jobs/"+id+"/cv", map[string][]string{"_csrf": {csrf}})
		s.idle(t)
		_, d = b.get("/jobs/" + id + "/cv")
		if !strings.Contains(d.Find(`[data-testid="cv-error"]`).Text(), "Every AI provider failed") || d.Find(`[data-testid="cv-use-offline"]`).Length() != 1 {
			t.Fatalf("failed draft section: error %q, offline buttons %d", d.Find(`[data-testid="cv-error"]`).Text(), d.Find(`[data-testid="cv-use-offline"]`).Length())
		}
		b.post("/jobs/"+id+"/cv", map[string][]string{"_csrf": {csrf}, "offline": {"1"}})
		s.idle(t)
		_, d = b.get("/jobs/" + id + "/cv")
		if d.Find(`[data-testid="cv-offline"]`).Length() != 1 || d.Find(`[data-testid="cv-error"]`).Length() != 0 {
			t.Fatal("the offline draft did not replace the failed one")
		}
	})
}

// TestQuotaRefusalSaysWhenItResets: a used-up quota is a 429 with the time
// it refills and a Retry-After header.
func TestQuotaRefusalSaysWhenItResets(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	if _, err := db.SetPlanLimit(t.Context(), models.PlanLimit{Plan: billing.PlanFreemium, DailyRequests: 1}); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, db, serverOptions{})
	tok := s.apiUser(t, "quota@example.com")
	if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, nil); code != 200 {
		t.Fatalf("first call: %d", code)
	}
	req := map[string]any{"text": postingText + "\nApply by 1 December."}
	var e struct {
		Error struct {
			Code     string `json:"code"`
			Message  string `json:"message"`
			ResetsAt string `json:"resets_at"`
		} `json:"error"`
	}
	if code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, req, &e); code != http.StatusTooManyRequests {
		t.Fatalf("second call: %d %+v", code, e)
	}
	reset, err := time.Parse(time.RFC3339, e.Error.ResetsAt)
	if err != nil || !reset.After(time.Now()) || !strings.Contains(e.Error.Message, "upgrade") {
		t.Fatalf("refusal = %+v, want a future resets_at and advice", e.Error)
	}
}
