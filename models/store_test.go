package models_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/billing"
	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/profile"
)

func TestUsersAndTokens(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, " Ada@Example.com ", "Ada", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ada@example.com" || u.Plan != billing.PlanFreemium {
			t.Fatalf("user = %+v", u)
		}
		if _, err := db.CreateUser(ctx, "ADA@example.com", "Ada 2", "password2", models.RoleUser); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("duplicate email: %v", err)
		}
		got, err := db.UserByEmail(ctx, "ada@EXAMPLE.com")
		if err != nil || !got.CheckPassword("password1") || got.CheckPassword("password2") {
			t.Fatalf("password check failed: %v", err)
		}
		tok, rec, err := db.CreateToken(ctx, u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if rec.TokenHash == tok || rec.Last4 != tok[len(tok)-4:] {
			t.Fatal("token stored in plain text or wrong last4")
		}
		owner, err := db.UserByToken(ctx, tok)
		if err != nil || owner.ID != u.ID {
			t.Fatalf("UserByToken = %v, %v", owner, err)
		}
		if _, err := db.UserByToken(ctx, tok+"x"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("wrong token: %v", err)
		}
		if err := db.DeleteToken(ctx, u.ID, rec.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserByToken(ctx, tok); err == nil {
			t.Fatal("revoked token still works")
		}
		if _, err := db.UpdateUserPlanRole(ctx, u.ID, "PRO_ANNUAL", ""); err != nil {
			t.Fatal(err)
		}
		if plan, _ := db.UserPlan(ctx, u.ID); plan != "PRO_ANNUAL" {
			t.Fatalf("plan after update = %s", plan)
		}
		if _, err := db.UpdateUserPlanRole(ctx, 9999, "PAYGO", ""); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("update missing user: %v", err)
		}
		created, err := db.EnsureAdmin(ctx, "root@example.com", "rootpass1")
		if err != nil || !created {
			t.Fatalf("EnsureAdmin = %v, %v", created, err)
		}
		if created, _ := db.EnsureAdmin(ctx, "root@example.com", "rootpass1"); created {
			t.Fatal("EnsureAdmin created a second admin")
		}
	})
}

func TestProfileVersions(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u, _ := db.CreateUser(ctx, "p@example.com", "P", "password1", models.RoleUser)
		p, err := db.ProfileOf(ctx, u.ID)
		if err != nil || p.Version != 0 {
			t.Fatalf("empty profile = %+v, %v", p, err)
		}
		doc := profile.Resume{Basics: profile.Basics{Name: "P"}, Work: []profile.Work{{Name: "Acme", Position: "Dev", Highlights: []string{"Did things"}}}}
		p, err = db.SaveProfile(ctx, u.ID, profile.Resume{Basics: doc.Basics, Work: doc.Work}, 0)
		if err != nil || p.Version != 1 {
			t.Fatalf("first save = %+v, %v", p, err)
		}
		if _, err := db.SaveProfile(ctx, u.ID, doc2(), 0); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("stale save: %v, want conflict", err)
		}
		p, err = db.SaveProfile(ctx, u.ID, doc2(), 1)
		if err != nil || p.Version != 2 {
			t.Fatalf("second save = %+v, %v", p, err)
		}
		got, _ := db.ProfileOf(ctx, u.ID)
		if got.Version != 2 || got.Document.Basics.Name != "Q" || string(got.Document.Extra["awards"]) != `[{"title":"Best"}]` {
			t.Fatalf("stored profile = %+v", got.Document)
		}
	})
}

func doc2() profile.Resume {
	r, _ := profile.Parse([]byte(`{"basics":{"name":"Q"},"awards":[{"title":"Best"}]}`))
	return r
}

func TestJobLifecycleAndDrafts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u, _ := db.CreateUser(ctx, "j@example.com", "J", "password1", models.RoleUser)
		other, _ := db.CreateUser(ctx, "k@example.com", "K", "password1", models.RoleUser)
		j := &models.Job{UserID: u.ID, SourceKind: models.SourceURL, SourceURL: "https://x.example/1", NormalizedURL: "https://x.example/1"}
		if err := db.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if found, _ := db.JobByURL(ctx, u.ID, j.NormalizedURL); found != nil {
			t.Fatal("a pending job counts as a duplicate")
		}
		p := domain.Posting{Title: "Engineer", Company: "X", Skills: []string{"Go"}}
		if err := db.FinishJob(ctx, j.ID, p, true); err != nil {
			t.Fatal(err)
		}
		got, err := db.JobOf(ctx, u.ID, j.ID)
		if err != nil || got.Status != models.StatusDone || got.Title != "Engineer" || got.Posting.Skills[0] != "Go" || !got.Offline {
			t.Fatalf("finished job = %+v, %v", got, err)
		}
		if _, err := db.JobOf(ctx, other.ID, j.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another user's job: %v", err)
		}
		if found, _ := db.JobByURL(ctx, u.ID, j.NormalizedURL); found == nil || found.ID != j.ID {
			t.Fatal("finished job not found by URL")
		}
		d := &models.CVDraft{UserID: u.ID, JobID: j.ID, ProfileVersion: 3}
		if err := db.CreateCVDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishCVDraft(ctx, d.ID, domain.CV{Name: "J", Summary: "S"}, false, false); err != nil {
			t.Fatal(err)
		}
		l := &models.CoverLetter{UserID: u.ID, JobID: j.ID, Tone: "concise"}
		_ = db.CreateCoverLetter(ctx, l)
		if err := db.FailDraft(ctx, &models.CoverLetter{}, l.ID, "provider_unavailable", "try later"); err != nil {
			t.Fatal(err)
		}
		cv, _ := db.LatestCVDraft(ctx, u.ID, j.ID)
		lt, _ := db.LatestCoverLetter(ctx, u.ID, j.ID)
		if cv.Content.Summary != "S" || cv.Status != models.StatusDone || lt.Status != models.StatusFailed || lt.ErrorMessage != "try later" {
			t.Fatalf("drafts = %+v / %+v", cv, lt)
		}
		cvs, letters, err := db.JobsWithDrafts(ctx, u.ID)
		if err != nil || !cvs[j.ID] || letters[j.ID] {
			t.Fatalf("JobsWithDrafts = %v, %v, %v; want a CV and no finished letter", cvs, letters, err)
		}
		if cvs, _, _ := db.JobsWithDrafts(ctx, other.ID); len(cvs) != 0 {
			t.Fatalf("another user sees drafts: %v", cvs)
		}
		if err := db.DeleteJob(ctx, u.ID, j.ID); err != nil {
			t.Fatal(err)
		}
		if cv, _ := db.LatestCVDraft(ctx, u.ID, j.ID); cv != nil {
			t.Fatal("draft survived its job")
		}
	})
}

func TestUsageWriterLosesNothing(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		w := billing.NewUsageWriter(db, slog.Default(), 37, 5*time.Millisecond)
		const n = 1000
		start := time.Now().Add(-time.Hour)
		for i := 0; i < n; i++ {
			status := billing.StatusSuccess
			if i%10 == 0 {
				status = billing.StatusError
			}
			w.Write(billing.Usage{UserID: uint(1 + i%3), ProviderType: "builtin", TaskType: "extraction", Status: status,
				InputTokens: 10, OutputTokens: 5, TotalTokens: 15, CostMicros: 12, Attempt: 1, RequestID: "r", CreatedAt: start.Add(time.Duration(i) * time.Second)})
		}
		w.Close()
		rows, err := db.ListUsage(ctx, models.UsageFilter{Limit: 1000})
		if err != nil || len(rows) != n {
			t.Fatalf("rows = %d, %v; want %d", len(rows), err, n)
		}
		if !rows[0].CreatedAt.After(rows[n-1].CreatedAt) {
			t.Fatal("usage rows are not newest first")
		}
		errs, _ := db.ListUsage(ctx, models.UsageFilter{Status: billing.StatusError, UserID: 1, Limit: 1000})
		for _, r := range errs {
			if r.Status != "error" || r.UserID != 1 {
				t.Fatalf("filter leaked %+v", r)
			}
		}
		if len(errs) == 0 {
			t.Fatal("status filter found nothing")
		}
		recent, _ := db.ListUsage(ctx, models.UsageFilter{Since: start.Add(990 * time.Second), Limit: 1000})
		if len(recent) != 10 {
			t.Fatalf("since filter = %d rows, want 10", len(recent))
		}
	})
}
