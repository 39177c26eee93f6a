package models_test

import (
	"context"
	"testing"

	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/profile"
)

// A draft records who wrote it and the job and profile versions it was made
// from; correcting the job or saving the profile makes it stale.
func TestDraftSourceAndStaleness(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "stale@example.com", "Stale", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		prof, err := db.SaveProfile(ctx, u.ID, profile.Resume{Basics: profile.Basics{Name: "Ada"}}, -1)
		if err != nil {
			t.Fatal(err)
		}
		j := &models.Job{UserID: u.ID, SourceKind: models.SourceText}
		if err := db.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishJob(ctx, j.ID, domain.Posting{Title: "Engineer", Company: "Acme"}, false); err != nil {
			t.Fatal(err)
		}
		if j, err = db.JobOf(ctx, u.ID, j.ID); err != nil || j.Version != 1 {
			t.Fatalf("new job version = %d, %v", j.Version, err)
		}

		cv := &models.CVDraft{UserID: u.ID, JobID: j.ID, ProfileVersion: prof.Version, JobVersion: j.Version}
		if err := db.CreateCVDraft(ctx, cv); err != nil {
			t.Fatal(err)
		}
		model := domain.Source{Kind: domain.SourceModel, Provider: "openai", Model: "gpt-4o"}
		// The caller's offline flag loses to the draft's own source.
		if err := db.FinishCVDraft(ctx, cv.ID, domain.CV{Name: "Ada", Source: model}, true, false); err != nil {
			t.Fatal(err)
		}
		l := &models.CoverLetter{UserID: u.ID, JobID: j.ID, Tone: "professional", ProfileVersion: prof.Version, JobVersion: j.Version}
		if err := db.CreateCoverLetter(ctx, l); err != nil {
			t.Fatal(err)
		}
		offline := domain.Source{Kind: domain.SourceOffline}
		if err := db.FinishCoverLetter(ctx, l.ID, domain.Letter{Signature: "Ada", Source: offline}, false, false); err != nil {
			t.Fatal(err)
		}
		gotCV, _ := db.LatestCVDraft(ctx, u.ID, j.ID)
		gotL, _ := db.LatestCoverLetter(ctx, u.ID, j.ID)
		if gotCV.Offline || gotCV.Of(gotCV.Offline) != model || gotCV.Content.Source != model {
			t.Errorf("CV source = %+v offline %v", gotCV.DraftSource, gotCV.Offline)
		}
		if !gotL.Offline || gotL.Of(gotL.Offline) != offline {
			t.Errorf("letter source = %+v offline %v", gotL.DraftSource, gotL.Offline)
		}
		if gotCV.Stale(j, prof) || gotL.Stale(j, prof) {
			t.Fatal("fresh drafts are stale")
		}

		// The person corrects the company: the job's version moves on.
		p := j.Posting
		p.Company = "Acme Corp"
		if err := db.UpdatePosting(ctx, u.ID, j.ID, p); err != nil {
			t.Fatal(err)
		}
		j2, _ := db.JobOf(ctx, u.ID, j.ID)
		if j2.Version != 2 || j2.Posting.Company != "Acme Corp" || j2.Company != "Acme Corp" {
			t.Fatalf("after correction: version %d company %q/%q", j2.Version, j2.Company, j2.Posting.Company)
		}
		if !gotCV.Stale(j2, prof) || !gotL.Stale(j2, prof) {
			t.Error("drafts from the old job are not stale")
		}
		// Another user cannot bump someone else's job.
		if err := db.UpdatePosting(ctx, u.ID+1000, j.ID, p); err == nil {
			t.Error("a stranger corrected the job")
		}

		// A new draft from the new job is fresh until the profile changes;
		// a caller that does not say the job version gets the current one.
		cv2 := &models.CVDraft{UserID: u.ID, JobID: j.ID, ProfileVersion: prof.Version}
		if err := db.CreateCVDraft(ctx, cv2); err != nil {
			t.Fatal(err)
		}
		_ = db.FinishCVDraft(ctx, cv2.ID, domain.CV{Name: "Ada", Source: model}, false, false)
		cv2, _ = db.LatestCVDraft(ctx, u.ID, j.ID)
		if cv2.Stale(j2, prof) {
			t.Error("a draft from the current job is stale")
		}
		prof2, err := db.SaveProfile(ctx, u.ID, profile.Resume{Basics: profile.Basics{Name: "Ada L."}}, prof.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !cv2.Stale(j2, prof2) {
			t.Error("a draft from the old profile is not stale")
		}
	})
}
