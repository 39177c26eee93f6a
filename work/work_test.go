package work_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tailor/apperr"
	"tailor/billing"
	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider/builtin"
	"tailor/profile"
	"tailor/work"
)

// fakeDrafter is a Drafter whose CV is whatever cv does.
type fakeDrafter struct {
	cv    func(ctx context.Context) (drafting.CV, error)
	calls atomic.Int64
}

func (f *fakeDrafter) DraftCV(ctx context.Context, _ uint, _ profile.Resume, _ jobs.Posting, _ bool) (drafting.CV, error) {
	f.calls.Add(1)
	return f.cv(ctx)
}

func (f *fakeDrafter) WriteLetter(ctx context.Context, _ uint, _ profile.Resume, _ jobs.Posting, _ string, _ bool) (drafting.Letter, error) {
	f.calls.Add(1)
	return drafting.Letter{Subject: "Hello", Paragraphs: []string{"a", "b", "c"}}, nil
}

// blocking returns a drafter that signals started and waits for release.
func blocking() (d *fakeDrafter, started chan struct{}, release chan struct{}) {
	started, release = make(chan struct{}, 10), make(chan struct{})
	d = &fakeDrafter{cv: func(ctx context.Context) (drafting.CV, error) {
		started <- struct{}{}
		select {
		case <-release:
			return drafting.CV{Name: "Ada Byron", Summary: "Drafted."}, nil
		case <-ctx.Done():
			return drafting.CV{}, apperr.Wrap(ctx.Err(), apperr.EUNAVAILABLE, "stopped")
		}
	}}
	return d, started, release
}

func testLog(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// start migrates River's tables on db and runs a service until the test ends.
func start(t testing.TB, o work.Options) *work.Service {
	t.Helper()
	ctx := context.Background()
	if _, err := work.Migrate(ctx, o.DB); err != nil {
		t.Fatal(err)
	}
	if o.Logger == nil {
		o.Logger = testLog(t)
	}
	if o.Extractor == nil {
		o.Extractor = builtinExtractor(o.DB, false)
	}
	svc, err := work.New(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = svc.Stop(sctx)
	})
	return svc
}

func builtinExtractor(db *models.DB, allowPrivate bool) *jobs.Extractor {
	b := builtin.New(map[billing.Task]builtin.Func{
		billing.TaskExtraction: jobs.BuiltinExtract, billing.TaskCVDraft: drafting.BuiltinCV,
	})
	orch := orchestrator.New(orchestrator.Options{Chain: orchestrator.StaticChain{{Provider: b, FastModel: "builtin", QualityModel: "builtin"}},
		Plans: db, Quota: db})
	return jobs.NewExtractor(orch, jobs.NewFetcher(jobs.FetchOptions{AllowPrivate: allowPrivate}), jobs.ExtractorOptions{})
}

const postingText = `Senior Backend Engineer
Acme Logistics — Nairobi, Kenya (hybrid)

About the role
We are hiring a Senior Backend Engineer to build the services behind our delivery platform.

Responsibilities
- Design, build and operate Go services on PostgreSQL
- Mentor engineers and review code

Requirements
- 5+ years of backend development experience
- Strong Go and SQL skills
`

// person makes a user with a profile and a finished job to draft for.
func person(t testing.TB, db *models.DB, email string) (*models.User, *models.Job) {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, email, "Ada Byron", "long enough password", "user")
	if err != nil {
		t.Fatal(err)
	}
	doc := profile.Resume{Basics: profile.Basics{Name: "Ada Byron"},
		Work:   []profile.Work{{Name: "Initech", Position: "Engineer", StartDate: "2020-01", Highlights: []string{"Built Go services"}}},
		Skills: []profile.Skill{{Name: "Go"}}}
	if _, err := db.SaveProfile(ctx, u.ID, doc, -1); err != nil {
		t.Fatal(err)
	}
	j := &models.Job{UserID: u.ID, SourceKind: models.SourceText, InputText: postingText}
	if err := db.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishJob(ctx, j.ID, jobs.Posting{Title: "Senior Backend Engineer", Company: "Acme"}, false); err != nil {
		t.Fatal(err)
	}
	return u, j
}

func waitFor(t testing.TB, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func draftStatus(t testing.TB, db *models.DB, userID, id uint) *models.CVDraft {
	t.Helper()
	d, err := db.CVDraftOf(context.Background(), userID, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSecondInstanceNeverFailsTheFirstOnesDraft is the defect as found: a
// draft running on instance 1 went failed/interrupted when instance 2
// started. Now instance 2 starts mid-draft, the draft stays running and
// finishes on instance 1, and instance 2 never works it.
func TestSecondInstanceNeverFailsTheFirstOnesDraft(t *testing.T) {
	dbtest.RequirePostgres(t)
	db1, db2 := dbtest.OpenPostgresPair(t)
	d1, started, release := blocking()
	svc1 := start(t, work.Options{DB: db1, Drafter: d1})
	u, j := person(t, db1, "ada@example.com")
	d, err := svc1.StartCV(t.Context(), u.ID, j.ID, false, false)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	d2 := &fakeDrafter{cv: func(context.Context) (drafting.CV, error) { return drafting.CV{Name: "instance 2"}, nil }}
	start(t, work.Options{DB: db2, Drafter: d2})
	time.Sleep(1500 * time.Millisecond) // instance 2 is up and polling
	if got := draftStatus(t, db2, u.ID, d.ID); got.Status != models.StatusRunning {
		t.Fatalf("after instance 2 started the draft is %s (%s)", got.Status, got.ErrorMessage)
	}
	close(release)
	got, err := svc1.WaitCV(t.Context(), u.ID, j.ID, d.ID)
	if err != nil || got.Status != models.StatusDone || got.Content.Name != "Ada Byron" {
		t.Fatalf("draft = %+v, %v; want done by instance 1", got, err)
	}
	if n := d2.calls.Load(); n != 0 {
		t.Fatalf("instance 2 worked the draft %d times", n)
	}
}

// TestSameDraftIsNeverWorkedTwiceAtOnce: asking again while a draft runs
// answers the running draft; the drafter is called once.
func TestSameDraftIsNeverWorkedTwiceAtOnce(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		d, started, release := blocking()
		svc := start(t, work.Options{DB: db, Drafter: d})
		u, j := person(t, db, "ada@example.com")
		first, err := svc.StartCV(t.Context(), u.ID, j.ID, false, false)
		if err != nil {
			t.Fatal(err)
		}
		<-started
		for i := 0; i < 3; i++ {
			again, err := svc.StartCV(t.Context(), u.ID, j.ID, true, false)
			if err != nil || again.ID != first.ID {
				t.Fatalf("second request = %v, %v; want the running draft %d", again, err, first.ID)
			}
		}
		close(release)
		if got, _ := svc.WaitCV(t.Context(), u.ID, j.ID, first.ID); got.Status != models.StatusDone {
			t.Fatalf("draft %s", got.Status)
		}
		if n := d.calls.Load(); n != 1 {
			t.Fatalf("drafter called %d times, want 1", n)
		}
	})
}

// TestTimeoutReallyStopsTheWork: the work's context is cancelled at the
// timeout, the loop sees it, and the draft says it took too long.
func TestTimeoutReallyStopsTheWork(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		var stopped atomic.Bool
		d := &fakeDrafter{cv: func(ctx context.Context) (drafting.CV, error) {
			for ctx.Err() == nil { // a CPU-bound loop that checks its context
				time.Sleep(time.Millisecond)
			}
			stopped.Store(true)
			return drafting.CV{}, ctx.Err()
		}}
		svc := start(t, work.Options{DB: db, Drafter: d, Timeout: time.Second})
		u, j := person(t, db, "ada@example.com")
		dr, err := svc.StartCV(t.Context(), u.ID, j.ID, false, false)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := svc.WaitCV(t.Context(), u.ID, j.ID, dr.ID)
		if got.Status != models.StatusFailed || !strings.Contains(got.ErrorMessage, "took longer than 1s") || !stopped.Load() {
			t.Fatalf("draft = %s %q, loop stopped %v", got.Status, got.ErrorMessage, stopped.Load())
		}
		if n := d.calls.Load(); n != 1 {
			t.Fatalf("a timed-out draft was tried %d times", n)
		}
	})
}

// TestDatabaseBlipIsRetried: an attempt that fails on our own database is
// tried again by River, and the draft finishes.
func TestDatabaseBlipIsRetried(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		d := &fakeDrafter{}
		d.cv = func(ctx context.Context) (drafting.CV, error) {
			if d.calls.Load() == 1 {
				return drafting.CV{}, apperr.Wrap(errors.New("driver: bad connection"), apperr.EINTERNAL, "internal")
			}
			return drafting.CV{Name: "Ada Byron"}, nil
		}
		svc := start(t, work.Options{DB: db, Drafter: d})
		u, j := person(t, db, "ada@example.com")
		dr, err := svc.StartCV(t.Context(), u.ID, j.ID, false, false)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		got, _ := svc.WaitCV(ctx, u.ID, j.ID, dr.ID)
		if got.Status != models.StatusDone || d.calls.Load() != 2 {
			t.Fatalf("draft %s %q after %d calls; want done after 2", got.Status, got.ErrorMessage, d.calls.Load())
		}
	})
}

// TestConnectionsTerminatedMidDraft is the defect as found: terminating the
// app's PostgreSQL connections left drafts pending/running for good. Now
// the draft finishes once the database answers again.
func TestConnectionsTerminatedMidDraft(t *testing.T) {
	dbtest.RequirePostgres(t)
	base := dbtest.Open(t, "postgres")
	app := fmt.Sprintf("tailor_blip_%d", time.Now().UnixNano())
	db, err := models.Open(t.Context(), models.OpenOptions{URL: base.URL() + "&application_name=" + app})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, started, release := blocking()
	svc := start(t, work.Options{DB: db, Drafter: d})
	u, j := person(t, db, "ada@example.com")
	dr, err := svc.StartCV(t.Context(), u.ID, j.ID, false, false)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	var killed int
	if err := base.Gorm().Raw(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?`, app).Scan(&killed).Error; err != nil {
		t.Fatal(err)
	}
	if killed == 0 {
		t.Fatal("no connection of the app was found to terminate")
	}
	close(release)
	waitFor(t, "draft finished after the connections were terminated", 60*time.Second, func() bool {
		got := draftStatus(t, base, u.ID, dr.ID)
		return got.Status == models.StatusDone
	})
	t.Logf("terminated %d connections; draft finished after %d drafter calls", killed, d.calls.Load())
}

// TestOneUserCannotStarveAnother is the defect as found: one free user's 24
// job links that drip a byte a second filled the pool, and another user's
// pasted text then took a minute. Now one person runs at most N jobs at
// once and the other's extraction finishes in seconds.
func TestOneUserCannotStarveAnother(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		var hits atomic.Int64
		drip := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
			for i := 0; i < 120; i++ {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
		}))
		t.Cleanup(drip.Close)
		svc := start(t, work.Options{DB: db, Drafter: &fakeDrafter{}, Extractor: builtinExtractor(db, true), Workers: 4, Timeout: time.Minute})
		ctx := t.Context()
		slow, _ := person(t, db, "slow@example.com")
		fast, _ := person(t, db, "fast@example.com")
		for i := 0; i < 24; i++ {
			j := &models.Job{UserID: slow.ID, SourceKind: models.SourceURL, SourceURL: fmt.Sprintf("%s/job/%d", drip.URL, i)}
			if err := db.CreateJob(ctx, j); err != nil {
				t.Fatal(err)
			}
			if err := svc.StartExtraction(ctx, j, jobs.Source{URL: j.SourceURL}, false); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, "the slow user's fetches started", 10*time.Second, func() bool { return hits.Load() >= 2 })
		j := &models.Job{UserID: fast.ID, SourceKind: models.SourceText, InputText: postingText}
		if err := db.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		if err := svc.StartExtraction(ctx, j, jobs.Source{Text: postingText}, false); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		got, err := svc.WaitJob(wctx, fast.ID, j.ID)
		if err != nil || got.Status != models.StatusDone || got.Title != "Senior Backend Engineer" {
			t.Fatalf("the other user's text extraction after %s: %+v, %v", time.Since(began), got, err)
		}
		t.Logf("text extraction finished in %s beside 24 dripping links", time.Since(began).Round(time.Millisecond))
		running, _ := db.RunningWork(ctx, slow.ID)
		if n := hits.Load(); running > 2 || n > 2 {
			t.Fatalf("the slow user runs %d jobs and fetched %d pages at once, want at most 2", running, n)
		}
	})
}

// TestQueuedWorkCountsAgainstTheDailyQuota: links waiting in the queue
// count before any page is fetched, so a burst is refused at once.
func TestQueuedWorkCountsAgainstTheDailyQuota(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := t.Context()
		if _, err := db.SetPlanLimit(ctx, models.PlanLimit{Plan: billing.PlanFreemium, DailyRequests: 3}); err != nil {
			t.Fatal(err)
		}
		svc := start(t, work.Options{DB: db, Drafter: &fakeDrafter{}, Workers: 1})
		u, _ := person(t, db, "ada@example.com") // its job is done, so it does not count
		for i := 0; i < 3; i++ {
			if err := svc.Admit(ctx, u.ID); err != nil {
				t.Fatalf("job %d refused: %v", i+1, err)
			}
			if err := db.CreateJob(ctx, &models.Job{UserID: u.ID, SourceKind: models.SourceURL, SourceURL: "https://example.com"}); err != nil {
				t.Fatal(err)
			}
		}
		err := svc.Admit(ctx, u.ID)
		if apperr.Code(err) != apperr.EQUOTA {
			t.Fatalf("fourth queued job: %v, want a quota refusal", err)
		}
	})
}

// TestEventsReachEveryInstance: progress published on one instance reaches
// a page subscribed on another (PostgreSQL NOTIFY), and on SQLite the same
// process.
func TestEventsReachEveryInstance(t *testing.T) {
	check := func(t *testing.T, from, to *work.Service) {
		ch, cancel := to.Subscribe(42)
		defer cancel()
		long := strings.Repeat("é", 5000) // more than one NOTIFY holds
		from.Events().Publish(t.Context(), work.Event{JobID: 42, What: work.WhatCV, Kind: work.EventDelta, Text: long})
		from.Events().Publish(t.Context(), work.Event{JobID: 42, What: work.WhatCV, Kind: work.EventDone})
		var text strings.Builder
		timeout := time.After(10 * time.Second)
		for {
			select {
			case ev := <-ch:
				if ev.Kind == work.EventDone {
					if text.String() != long {
						t.Fatalf("delta text arrived as %d bytes, want %d", text.Len(), len(long))
					}
					return
				}
				text.WriteString(ev.Text)
			case <-timeout:
				t.Fatal("no event after 10 s")
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		db := dbtest.Open(t, "sqlite")
		svc := start(t, work.Options{DB: db, Drafter: &fakeDrafter{}})
		check(t, svc, svc)
	})
	t.Run("postgres", func(t *testing.T) {
		dbtest.RequirePostgres(t)
		db1, db2 := dbtest.OpenPostgresPair(t)
		svc1 := start(t, work.Options{DB: db1, Drafter: &fakeDrafter{}})
		svc2 := start(t, work.Options{DB: db2, Drafter: &fakeDrafter{}})
		check(t, svc1, svc2)
	})
}

// TestPerUserLimitByPlan: WORK_PER_USER=FREEMIUM=1 lets a free user run
// one draft at a time; the second waits in the queue and runs after.
func TestPerUserLimitByPlan(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		d, started, release := blocking()
		svc := start(t, work.Options{DB: db, Drafter: d, Workers: 4, PerUser: map[string]int{"FREEMIUM": 1}})
		u, j1 := person(t, db, "ada@example.com")
		j2 := &models.Job{UserID: u.ID, SourceKind: models.SourceText, InputText: postingText}
		if err := db.CreateJob(t.Context(), j2); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishJob(t.Context(), j2.ID, jobs.Posting{Title: "Platform Engineer", Company: "Initrode"}, false); err != nil {
			t.Fatal(err)
		}
		var ids []uint
		for _, j := range []*models.Job{j1, j2} {
			dr, err := svc.StartCV(t.Context(), u.ID, j.ID, false, false)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, dr.ID)
		}
		<-started
		select {
		case <-started:
			t.Fatal("a second draft started while the plan allows one at a time")
		case <-time.After(3 * time.Second):
		}
		close(release)
		for i, j := range []*models.Job{j1, j2} {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			got, err := svc.WaitCV(ctx, u.ID, j.ID, ids[i])
			cancel()
			if err != nil || got.Status != models.StatusDone {
				t.Fatalf("draft %d: %v %v", i, got, err)
			}
		}
		if n := d.calls.Load(); n != 2 {
			t.Fatalf("drafter called %d times, want 2", n)
		}
	})
}
