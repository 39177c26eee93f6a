package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
)

// TestProviderDownAnswers503AndChargesNothing: when every provider fails,
// the API says so with a 503 and what to do, the page shows the same, and
// neither the quota nor the jobs keep anything of the failed call.
func TestProviderDownAnswers503AndChargesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		down := newFakeOpenAI(t, "Acme", http.StatusServiceUnavailable)
		p, err := orchestrator.NewProvider(orchestrator.TypeOpenAICompatible, orchestrator.ProviderOptions{APIKey: "k", BaseURL: down.URL})
		if err != nil {
			t.Fatal(err)
		}
		s := newServer(t, db, serverOptions{env: []orchestrator.Link{{Provider: p, FastModel: "m", QualityModel: "m"}}})
		tok := s.apiUser(t, "down@example.com")
		var e apiError
		code := s.api(t, "POST", "/api/v1/job-extractor/extract", tok, map[string]any{"text": postingText}, &e)
		if code != http.StatusServiceUnavailable || e.Error.Code != "provider_unavailable" || !strings.Contains(e.Error.Message, "Nothing was charged") {
			t.Fatalf("all providers down: %d %+v", code, e)
		}
		if n := count(t, db, "extracted_job_data"); n != 0 {
			t.Fatalf("the API kept %d failed jobs", n)
		}
		u, _ := db.UserByEmail(t.Context(), "down@example.com")
		q, _ := db.QuotaUsageOf(t.Context(), u.ID)
		if q.DayRequests != 0 || q.ReservedRequests != 0 || q.CostMicros != 0 {
			t.Fatalf("quota after a failed call = %+v, want nothing used or held", q)
		}

		// The page keeps the pasted text and says what to do next.
		b := s.browser(t)
		b.register("Dora", "dora@example.com", "long enough")
		tok2 := b.csrf("/jobs/new")
		resp, _ := b.postMultipart("/jobs", map[string]string{"_csrf": tok2, "text": postingText}, "", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create job: %d", resp.StatusCode)
		}
		loc := resp.Header.Get("Location")
		var text string
		for i := 0; i < 100; i++ {
			_, d := b.get(loc)
			if d.Find(`[data-testid="job-error"]`).Length() > 0 {
				text = d.Find(`[data-testid="job-error"]`).Text()
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(text, "try again") {
			t.Fatalf("failed job page says %q, want what to do next", text)
		}
		var kept string
		db.Gorm().Table("extracted_job_data").Where("status = ?", models.StatusFailed).Pluck("input_text", &kept)
		if kept != postingText {
			t.Fatal("the pasted text of the failed job was not kept")
		}
	})
}

// TestQuotaRefusalSaysWhenItResets: a used-up quota is a 429 with the time
// it refills and a Retry-After header.
func TestQuotaRefusalSaysWhenItResets(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	if _, err := db.SetPlanLimit(t.Context(), models.PlanLimit{Plan: orchestrator.PlanFreemium, DailyRequests: 1}); err != nil {
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
