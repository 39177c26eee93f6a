package handlers_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/profile"
)

// matchPosting is a finished job stored directly, so these tests do not
// depend on how extraction reads a page.
var matchPosting = jobs.Posting{
	Title: "Platform Engineer", Company: "Northwind",
	Requirements: []string{
		"3+ years of experience with Go",
		"Experience running Kubernetes in production",
		"Experience with Java and J2EE",
		"Valid driving licence",
	},
	Skills: []string{"Go", "Kubernetes", "PostgreSQL", "Java", "J2EE"},
}

var matchResume = profile.Resume{
	Basics: profile.Basics{Name: "Ada Lovelace", Summary: "Backend engineer. I work well with the rest of the team."},
	Work: []profile.Work{{Name: "Parcelly", Position: "Backend Engineer", StartDate: "2019-01", Highlights: []string{
		"Built Golang services on Postgres serving 2M requests a day",
		"Moved every service to k8s with no downtime",
	}}},
	Skills: []profile.Skill{{Name: "Backend", Keywords: []string{"Golang", "Postgres"}}},
}

// finishedJob stores a done job with matchPosting for a user.
func finishedJob(t *testing.T, db *models.DB, userID uint) uint {
	t.Helper()
	ctx := context.Background()
	j := &models.Job{UserID: userID, SourceKind: models.SourceText, InputText: "pasted"}
	if err := db.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishJob(ctx, j.ID, matchPosting, true); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

type matchAnswer struct {
	Score        int `json:"score"`
	Requirements []struct {
		Text     string `json:"text"`
		Status   string `json:"status"`
		Evidence []struct {
			Path string `json:"path"`
			Text string `json:"text"`
		} `json:"evidence"`
	} `json:"requirements"`
	Skills struct {
		Matched []string `json:"matched"`
		Missing []string `json:"missing"`
	} `json:"skills"`
}

func TestAPIJobMatch(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		s := newServer(t, db, serverOptions{})
		tok := s.apiUser(t, "ada@example.com")
		ada, err := db.UserByEmail(ctx, "ada@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveProfile(ctx, ada.ID, matchResume, -1); err != nil {
			t.Fatal(err)
		}
		id := finishedJob(t, db, ada.ID)
		path := "/api/v1/jobs/" + strconv.Itoa(int(id)) + "/match"

		var m matchAnswer
		if code := s.api(t, "GET", path, tok, nil, &m); code != http.StatusOK {
			t.Fatalf("GET match: %d", code)
		}
		if strings.Join(m.Skills.Matched, ",") != "Go,Kubernetes,PostgreSQL" || strings.Join(m.Skills.Missing, ",") != "Java,J2EE" {
			t.Errorf("skills = %+v", m.Skills)
		}
		want := []string{"met", "met", "missing", "missing"}
		if len(m.Requirements) != len(want) {
			t.Fatalf("requirements = %+v", m.Requirements)
		}
		for i, r := range m.Requirements {
			if r.Text != matchPosting.Requirements[i] || r.Status != want[i] {
				t.Errorf("requirement %d = %q %s, want %q %s", i, r.Text, r.Status, matchPosting.Requirements[i], want[i])
			}
		}
		// The Kubernetes requirement is shown by the k8s highlight.
		if ev := m.Requirements[1].Evidence; len(ev) == 0 || ev[0].Path != "/work/0/highlights/1" || !strings.Contains(ev[0].Text, "k8s") {
			t.Errorf("kubernetes evidence = %+v", ev)
		}
		// Judged: met, met, missing (the licence is not judged): R = 2/3;
		// skills 3 of 5: 100 × (0.7 × 2/3 + 0.3 × 0.6) = 64.7.
		if m.Score != 65 {
			t.Errorf("score = %d, want 65", m.Score)
		}

		// Another person's job is not found; no token is unauthorized.
		other := s.apiUser(t, "eve@example.com")
		var e apiError
		if code := s.api(t, "GET", path, other, nil, &e); code != http.StatusNotFound || e.Error.Code == "" {
			t.Errorf("another user's match: %d %+v", code, e)
		}
		if code := s.api(t, "GET", path, "", nil, nil); code != http.StatusUnauthorized {
			t.Errorf("no token: %d", code)
		}
		if code := s.api(t, "GET", "/api/v1/jobs/999999/match", tok, nil, nil); code != http.StatusNotFound {
			t.Errorf("unknown job: %d", code)
		}

		// A job still being read has no match yet.
		pending := &models.Job{UserID: ada.ID, SourceKind: models.SourceText, InputText: "pasted"}
		if err := db.CreateJob(ctx, pending); err != nil {
			t.Fatal(err)
		}
		e = apiError{}
		if code := s.api(t, "GET", "/api/v1/jobs/"+strconv.Itoa(int(pending.ID))+"/match", tok, nil, &e); code != http.StatusConflict || !strings.Contains(e.Error.Message, "not extracted yet") {
			t.Errorf("pending job: %d %+v", code, e)
		}
	})
}

func TestJobPageShowsMatchPanel(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		s := newServer(t, db, serverOptions{})
		b := s.browser(t)
		b.register("Ada Lovelace", "ada@example.com", "correct horse battery")
		ada, err := db.UserByEmail(ctx, "ada@example.com")
		if err != nil {
			t.Fatal(err)
		}
		id := finishedJob(t, db, ada.ID)
		page := "/jobs/" + strconv.Itoa(int(id))

		// With an empty profile the panel says so.
		_, d := b.get(page)
		if d.Find(`[data-testid="match-empty-profile"]`).Length() != 1 {
			t.Error("empty profile: no hint to fill it in")
		}

		if _, err := db.SaveProfile(ctx, ada.ID, matchResume, -1); err != nil {
			t.Fatal(err)
		}
		resp, d := b.get(page)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("job page: %d", resp.StatusCode)
		}
		panel := d.Find(`[data-testid="match-panel"]`)
		if panel.Length() != 1 {
			t.Fatal("no match panel on the job page")
		}
		if d.Find(`[data-testid="match-empty-profile"]`).Length() != 0 {
			t.Error("empty-profile hint with a filled profile")
		}
		if score, _ := panel.Find(`[data-testid="match-score"]`).Attr("data-score"); score != "65" {
			t.Errorf("score on the page = %q, want 65", score)
		}
		met := panel.Find(`[data-testid="match-met"]`).Text()
		missing := panel.Find(`[data-testid="match-missing"]`).Text()
		unjudged := panel.Find(`[data-testid="match-unjudged"]`).Text()
		if !strings.Contains(met, "Kubernetes in production") || !strings.Contains(met, "k8s with no downtime") {
			t.Errorf("what you match: %q", met)
		}
		if !strings.Contains(missing, "Java and J2EE") || strings.Contains(missing, "driving licence") {
			t.Errorf("what is missing: %q", missing)
		}
		if !strings.Contains(unjudged, "driving licence") {
			t.Errorf("check yourself: %q", unjudged)
		}
		if path, _ := panel.Find(`[data-testid="match-evidence"]`).First().Attr("data-path"); !strings.HasPrefix(path, "/work/0/highlights/") {
			t.Errorf("first evidence path = %q", path)
		}
		if panel.Find(`[data-testid="match-stress"] li`).Length() == 0 {
			t.Error("nothing to stress")
		}
		if n := panel.Find(`[data-testid="match-skill-missing"]`).Length(); n != 2 {
			t.Errorf("%d missing skills shown, want 2 (Java, J2EE)", n)
		}
		// The panel comes before the drafts.
		html, _ := d.Html()
		if strings.Index(html, `data-testid="match-panel"`) > strings.Index(html, `class="drafts-grid"`) {
			t.Error("match panel after the drafts")
		}
	})
}
