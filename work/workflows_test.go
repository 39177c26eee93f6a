package work_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/work"
)

// postingPage is a job ad with its schema.org JobPosting.
const postingPage = `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting",
	"title":"Data Analyst","hiringOrganization":{"@type":"Organization","name":"Kijani Foods"},
	"jobLocation":{"@type":"Place","address":{"addressLocality":"Nairobi","addressCountry":"KE"}},
	"description":"Analyse sales data and build weekly reports for the commercial team. Work with SQL and Python every day.",
	"employmentType":"FULL_TIME","datePosted":"2026-11-01"}</script></head><body><h1>Data Analyst</h1></body></html>`

// postingServer serves postingPage at /job and 404 elsewhere.
func postingServer(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/job" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(postingPage))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestJobWorkflows: CreateJob stores and queues a job, and gives back the
// job of a link already added unless forced; ExtractJob waits for it and
// deletes a job whose extraction failed; RetryJob replaces a failed job
// only.
func TestJobWorkflows(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		srv := postingServer(t)
		svc := start(t, work.Options{DB: db, Drafter: &fakeDrafter{}, Extractor: builtinExtractor(db, true)})
		ctx := t.Context()
		u, _ := person(t, db, "ada@example.com")

		j, existing, err := svc.CreateJob(ctx, work.NewJob{UserID: u.ID, URL: srv.URL + "/job"})
		if err != nil || existing || j.ID == 0 || j.SourceKind != models.SourceURL || j.NormalizedURL == "" {
			t.Fatalf("first CreateJob: %+v existing=%v err=%v", j, existing, err)
		}
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if got, err := svc.WaitJob(wctx, u.ID, j.ID); err != nil || got.Status != models.StatusDone {
			t.Fatalf("the created job was not worked: %+v, %v", got, err)
		}
		again, existing, err := svc.CreateJob(ctx, work.NewJob{UserID: u.ID, URL: srv.URL + "/job"})
		if err != nil || !existing || again.ID != j.ID {
			t.Fatalf("same link again: %+v existing=%v err=%v, want job %d back", again, existing, err, j.ID)
		}
		forced, existing, err := svc.CreateJob(ctx, work.NewJob{UserID: u.ID, URL: srv.URL + "/job", Force: true})
		if err != nil || existing || forced.ID == j.ID {
			t.Fatalf("forced: %+v existing=%v err=%v, want a new job", forced, existing, err)
		}

		done, existing, err := svc.ExtractJob(wctx, work.NewJob{UserID: u.ID, Text: postingText})
		if err != nil || existing || done.Status != models.StatusDone || done.Title != "Senior Backend Engineer" {
			t.Fatalf("ExtractJob of text: %+v existing=%v err=%v", done, existing, err)
		}
		before := count(t, db, "extracted_job_data")
		if _, _, err := svc.ExtractJob(wctx, work.NewJob{UserID: u.ID, URL: srv.URL + "/gone"}); err == nil {
			t.Fatal("ExtractJob of a missing page: no error")
		}
		if after := count(t, db, "extracted_job_data"); after != before {
			t.Fatalf("a failed API extraction left its job: %d jobs, want %d", after, before)
		}

		if _, err := svc.RetryJob(ctx, u.ID, done.ID); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("retry of a finished job: %v, want a conflict", err)
		}
		img := &models.Job{UserID: u.ID, SourceKind: models.SourceImage}
		if err := db.CreateJob(ctx, img); err != nil {
			t.Fatal(err)
		}
		if err := db.FailJob(ctx, img.ID, apperr.EUNAVAILABLE, "down"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RetryJob(ctx, u.ID, img.ID); apperr.Code(err) != apperr.EUNPROCESSABLE {
			t.Fatalf("retry of a screenshot: %v, want unprocessable", err)
		}
		failed := &models.Job{UserID: u.ID, SourceKind: models.SourceText, InputText: postingText}
		if err := db.CreateJob(ctx, failed); err != nil {
			t.Fatal(err)
		}
		if err := db.FailJob(ctx, failed.ID, apperr.EUNAVAILABLE, "down"); err != nil {
			t.Fatal(err)
		}
		nj, err := svc.RetryJob(ctx, u.ID, failed.ID)
		if err != nil || nj.ID == failed.ID || nj.InputText != postingText {
			t.Fatalf("retry: %+v, %v", nj, err)
		}
		if _, err := db.JobOf(ctx, u.ID, failed.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("the failed job is still there after its retry: %v", err)
		}
		if got, err := svc.WaitJob(wctx, u.ID, nj.ID); err != nil || got.Status != models.StatusDone {
			t.Fatalf("the retried job: %+v, %v", got, err)
		}
	})
}

// TestEditDrafts: only a finished draft is edited; a CV position the edit
// leaves out keeps its highlights, and a letter's words are counted again.
func TestEditDrafts(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		svc := start(t, work.Options{DB: db, Drafter: &fakeDrafter{}})
		ctx := t.Context()
		u, j := person(t, db, "ada@example.com")
		if _, err := svc.EditCV(ctx, u.ID, j.ID, work.CVEdit{Summary: "x"}); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("edit with no CV: %v, want a conflict", err)
		}
		d := &models.CVDraft{UserID: u.ID, JobID: j.ID}
		if err := db.CreateCVDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		cv := drafting.CV{Name: "Ada Byron", Summary: "Old.", Experience: []drafting.CVRole{
			{Company: "Initech", Highlights: []string{"Kept"}}, {Company: "Globex", Highlights: []string{"Old"}}}}
		if err := db.FinishCVDraft(ctx, d.ID, cv, true, false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.EditCV(ctx, u.ID, j.ID, work.CVEdit{Headline: "Engineer", Summary: "New.", Skills: []string{"Go"},
			Highlights: map[int][]string{1: {"New one", "New two"}, 7: {"no such position"}}}); err != nil {
			t.Fatal(err)
		}
		got, err := db.LatestCVDraft(ctx, u.ID, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := got.Content
		if !got.Edited || !got.Offline || c.Headline != "Engineer" || c.Summary != "New." || !reflect.DeepEqual(c.Skills, []string{"Go"}) ||
			!reflect.DeepEqual(c.Experience[0].Highlights, []string{"Kept"}) || !reflect.DeepEqual(c.Experience[1].Highlights, []string{"New one", "New two"}) {
			t.Fatalf("edited CV: edited=%v offline=%v %+v", got.Edited, got.Offline, c)
		}

		l := &models.CoverLetter{UserID: u.ID, JobID: j.ID, Tone: drafting.ToneProfessional}
		if err := db.CreateCoverLetter(ctx, l); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishCoverLetter(ctx, l.ID, drafting.Letter{Subject: "Old", Paragraphs: []string{"one"}, WordCount: 1}, false, false); err != nil {
			t.Fatal(err)
		}
		out, err := svc.EditLetter(ctx, u.ID, j.ID, work.LetterEdit{Subject: "New", Greeting: "Dear team,",
			Paragraphs: []string{"I build Go services.", "Two more words.", ""}, Closing: "Regards,", Signature: "Ada"})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.LatestCoverLetter(ctx, u.ID, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := drafting.BodyWords([]string{"I build Go services.", "Two more words.", ""})
		if !stored.Edited || stored.Content.Subject != "New" || stored.Content.WordCount != want || want < 7 || out.Content.WordCount != want {
			t.Fatalf("edited letter: edited=%v %+v, want %d words", stored.Edited, stored.Content, want)
		}
	})
}

func count(t testing.TB, db *models.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
