package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
)

// newTrackedJob stores a finished job for the user with the given posting.
func newTrackedJob(t *testing.T, db *models.DB, userID uint, p jobs.Posting) uint {
	t.Helper()
	j := &models.Job{UserID: userID, SourceKind: models.SourceText, InputText: "x"}
	if err := db.CreateJob(t.Context(), j); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishJob(t.Context(), j.ID, p, true); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

func TestTrackerAPI(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "track@example.com")
		u, _ := db.UserByEmail(t.Context(), "track@example.com")
		a := newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Nurse", Company: "St Mary's"})
		b := newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Teacher", Company: "Oak School"})
		path := "/api/v1/jobs/" + strconv.Itoa(int(a))

		var got map[string]any
		if code := s.api(t, "PATCH", path, tok, map[string]any{"status": "applied", "notes": "Sent via the portal", "follow_up_on": "2026-12-10"}, &got); code != 200 {
			t.Fatalf("patch: %d %v", code, got)
		}
		if got["application_status"] != "applied" || got["notes"] != "Sent via the portal" || got["follow_up_on"] != "2026-12-10" {
			t.Fatalf("patched job: %v", got)
		}
		if h, _ := got["status_history"].([]any); len(h) != 1 {
			t.Fatalf("history after one change: %v", got["status_history"])
		}
		s.api(t, "PATCH", path, tok, map[string]any{"status": "interviewing"}, &got)
		if h, _ := got["status_history"].([]any); len(h) != 2 || got["notes"] != "Sent via the portal" {
			t.Fatalf("a status-only patch: history %v, notes %v", got["status_history"], got["notes"])
		}
		var e apiError
		for _, bad := range []map[string]any{{"status": "hired"}, {"follow_up_on": "next week"}, {}} {
			if code := s.api(t, "PATCH", path, tok, bad, &e); code != 400 {
				t.Errorf("patch %v: %d", bad, code)
			}
		}
		var list []map[string]any
		if code := s.api(t, "GET", "/api/v1/jobs?status=interviewing", tok, nil, &list); code != 200 || len(list) != 1 || list[0]["title"] != "Nurse" {
			t.Fatalf("filter interviewing: %d %v", code, list)
		}
		s.api(t, "GET", "/api/v1/jobs?status=saved", tok, nil, &list)
		if len(list) != 1 || int(list[0]["id"].(float64)) != int(b) {
			t.Fatalf("filter saved: %v", list)
		}
		if code := s.api(t, "GET", "/api/v1/jobs?status=dreaming", tok, nil, &e); code != 400 {
			t.Fatalf("unknown status filter: %d", code)
		}
		other := s.apiUser(t, "other@example.com")
		if code := s.api(t, "PATCH", path, other, map[string]any{"status": "rejected"}, &e); code != 404 {
			t.Fatalf("another person's job: %d", code)
		}
	})
}

// The dashboard filters by status, sorts by deadline, lists what needs
// doing this week and marks postings that have closed.
func TestTrackerDashboard(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		s := newServer(t, db, serverOptions{})
		br := s.browser(t)
		br.register("Tess", "tess@example.com", "a good password")
		u, _ := db.UserByEmail(t.Context(), "tess@example.com")
		now := time.Now()
		soon := now.AddDate(0, 0, 3).Format("2006-01-02")
		later := now.AddDate(0, 1, 0).Format("2006-01-02")
		past := now.AddDate(0, 0, -2).Format("2006-01-02")
		late := newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Late Job", Deadline: later})
		soonID := newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Soon Job", Deadline: soon})
		newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Gone Job", Deadline: past})
		newTrackedJob(t, db, u.ID, jobs.Posting{Title: "Expired Job", Expired: true})
		tomorrow := now.AddDate(0, 0, 1).Format("2006-01-02")
		applied := models.AppApplied
		if _, err := db.UpdateTracker(t.Context(), u.ID, late, models.TrackerUpdate{Status: &applied, FollowUpOn: &tomorrow}); err != nil {
			t.Fatal(err)
		}

		_, d := br.get("/")
		week := d.Find(`[data-testid="this-week"]`).Text()
		if !strings.Contains(week, "Late Job") || !strings.Contains(week, "follow up") || !strings.Contains(week, "Soon Job") || !strings.Contains(week, "apply by") {
			t.Fatalf("this week: %q", week)
		}
		if strings.Contains(week, "Gone Job") {
			t.Fatal("a closed posting is in this week's list")
		}
		if n := d.Find(`[data-testid="job-closed"]`).Length(); n != 2 {
			t.Fatalf("%d jobs marked closed, want 2", n)
		}
		_, d = br.get("/?status=applied")
		if rows := d.Find(`[data-testid="job-row"]`); rows.Length() != 1 || !strings.Contains(rows.Text(), "Late Job") {
			t.Fatalf("applied filter shows %d rows", rows.Length())
		}
		_, d = br.get("/?sort=deadline")
		var order []string
		d.Find(`[data-testid="job-row"] a`).Each(func(_ int, a *goquery.Selection) { order = append(order, strings.TrimSpace(a.Text())) })
		if len(order) != 4 || order[0] != "Gone Job" || order[1] != "Soon Job" || order[2] != "Late Job" || order[3] != "Expired Job" {
			t.Fatalf("by deadline: %v", order)
		}

		// The job page's tracker form, as htmx sends it.
		tok := br.csrf("/jobs/" + strconv.Itoa(int(soonID)))
		req := url.Values{"_csrf": {tok}, "status": {"applied"}, "notes": {"Called Ms Becker"}, "follow_up_on": {""}}
		resp, d := br.postHTMX("/jobs/"+strconv.Itoa(int(soonID))+"/tracker", req)
		if resp.StatusCode != 200 || d.Find(`[data-testid="tracker-saved"]`).Length() != 1 {
			t.Fatalf("tracker form: %d", resp.StatusCode)
		}
		if j, _ := db.JobOf(t.Context(), u.ID, soonID); j.AppStatus != "applied" || j.Notes != "Called Ms Becker" {
			t.Fatalf("stored: %q %q", j.AppStatus, j.Notes)
		}
		resp, _ = br.postHTMX("/jobs/"+strconv.Itoa(int(soonID))+"/tracker", url.Values{"_csrf": {tok}, "status": {"applied"}, "follow_up_on": {"soon"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad date: %d", resp.StatusCode)
		}
	})
}

// postHTMX posts a form as htmx does.
func (b *browser) postHTMX(path string, form url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp := b.do(req)
	return resp, doc(b.t, resp)
}
