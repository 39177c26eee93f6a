package work

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/profile"
)

// Extractor turns a source into a structured job (*jobs.Extractor).
type Extractor interface {
	// Check refuses a source that can never work (a private address, a
	// file that is not an image) before anything is stored.
	Check(ctx context.Context, src jobs.Source) error
	Extract(ctx context.Context, userID uint, src jobs.Source, force bool) (jobs.Posting, error)
}

// Drafter writes CVs and letters (*drafting.Drafter).
type Drafter interface {
	DraftCV(ctx context.Context, userID uint, p profile.Resume, job jobs.Posting, force bool) (drafting.CV, error)
	WriteLetter(ctx context.Context, userID uint, p profile.Resume, job jobs.Posting, tone string, force bool) (drafting.Letter, error)
}

// DefaultPerUser is how many jobs one person may have running at once, by
// plan; the rest wait in the queue. A plan not listed gets 2.
var DefaultPerUser = map[string]int{"FREEMIUM": 2, "PAYGO": 2, "PRO_MONTHLY": 2, "PRO_ANNUAL": 2}

// Options configure a Service. DB, Extractor and Drafter are required.
type Options struct {
	DB        *models.DB
	Extractor Extractor
	Drafter   Drafter
	// OfflineDrafter drafts with the builtin provider only, for "use the
	// offline draft"; nil means Drafter.
	OfflineDrafter Drafter
	Logger         *slog.Logger
	// Workers is how many jobs this instance works at once; 0 means 10.
	Workers int
	// PerUser caps one person's running jobs by plan; nil means DefaultPerUser.
	PerUser map[string]int
	// Timeout bounds one attempt of one job: its context is cancelled then,
	// down to the provider call or the builtin loop. 0 means 3 minutes.
	Timeout time.Duration
	// RescueAfter is how long a job may stay running before another
	// instance takes it over (its instance died); 0 means Timeout + 15 s:
	// by then a live worker has given up on it (its context ended at
	// Timeout). River's rescuer looks every 30 s.
	RescueAfter time.Duration
	// Offline reports whether only the builtin provider would answer now.
	Offline func(ctx context.Context) bool
	// MaxAttempts bounds the attempts of one job (database blips, crashes);
	// 0 means 5.
	MaxAttempts int
	// Stream asks providers that can for the answer as it is written and
	// relays it to the job's pages; off, each call answers whole.
	Stream bool
}

// Service owns the workflows of background work: create and queue, run,
// finish, fail, retry, and tell the pages how it goes.
type Service struct {
	db          *models.DB
	extractor   Extractor
	drafter     Drafter
	offlineDraw Drafter
	log         *slog.Logger
	perUser     map[string]int
	timeout     time.Duration
	offline     func(ctx context.Context) bool
	maxAttempts int
	streamText  bool

	client client
	pool   *pgxpool.Pool
	events *Events
	stop   context.CancelFunc
	done   chan struct{}
}

// New builds the service and its River client; Start starts working.
func New(ctx context.Context, o Options) (*Service, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Workers <= 0 {
		o.Workers = 10
	}
	if o.PerUser == nil {
		o.PerUser = DefaultPerUser
	}
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.RescueAfter <= o.Timeout {
		o.RescueAfter = o.Timeout + 15*time.Second
	}
	if o.Offline == nil {
		o.Offline = func(context.Context) bool { return false }
	}
	if o.OfflineDrafter == nil {
		o.OfflineDrafter = o.Drafter
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	s := &Service{db: o.DB, extractor: o.Extractor, drafter: o.Drafter, offlineDraw: o.OfflineDrafter, log: o.Logger,
		perUser: o.PerUser, timeout: o.Timeout, offline: o.Offline, maxAttempts: o.MaxAttempts,
		streamText: o.Stream}

	workers := river.NewWorkers()
	river.AddWorker(workers, &extractWorker{s: s})
	river.AddWorker(workers, &draftWorker{s: s})
	river.AddWorker(workers, &sweepWorker{s: s})
	cfg := &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Workers}},
		Workers: workers,
		Logger:  quiet(o.Logger),
		// The job's own timeout is its worker's Timeout; this one is for
		// anything else.
		JobTimeout:           o.Timeout,
		RescueStuckJobsAfter: o.RescueAfter,
		MaxAttempts:          o.MaxAttempts,
		RetryPolicy:          retryPolicy{},
		// Finished jobs hold a screenshot's bytes for an image source:
		// River's cleaner drops them soon.
		CompletedJobRetentionPeriod: time.Hour,
		CancelledJobRetentionPeriod: 24 * time.Hour,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
		FetchCooldown:               50 * time.Millisecond,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
			func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "sweep", RunOnStart: true})},
	}
	c, pool, err := newClient(ctx, o.DB, cfg)
	if err != nil {
		return nil, err
	}
	s.client, s.pool = c, pool
	s.events = newEvents(pool, o.Logger)
	if pool != nil {
		var schema string
		if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			pool.Close()
			return nil, fmt.Errorf("work queue: %w", err)
		}
		s.events.channel = channelFor(schema)
	}
	return s, nil
}

// Start begins working jobs (this instance's share of the queue).
func (s *Service) Start(ctx context.Context) error {
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.stop, s.done = cancel, make(chan struct{})
	if s.pool != nil {
		ready := make(chan struct{})
		go func() { defer close(s.done); s.events.listen(lctx, ready) }()
		select {
		case <-ready:
		case <-time.After(5 * time.Second):
		}
	} else {
		close(s.done)
	}
	return s.client.Start(lctx)
}

// Stop stops taking jobs and waits for running ones until ctx ends; then
// it cancels them, and River puts each back in the queue for a later
// attempt (here or on another instance).
func (s *Service) Stop(ctx context.Context) error {
	err := s.client.Stop(ctx)
	if err != nil {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = errors.Join(err, s.client.StopAndCancel(cctx))
	}
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Events is where pages hear about the work of a job.
func (s *Service) Events() *Events { return s.events }

// Subscribe returns the events of jobID until cancel is called.
func (s *Service) Subscribe(jobID uint) (<-chan Event, func()) { return s.events.Subscribe(jobID) }

// Watch returns the events of jobID with the progress and streamed text of
// what so far (see Events.Watch).
func (s *Service) Watch(jobID uint, what string) (<-chan Event, string, string, func()) {
	return s.events.Watch(jobID, what)
}

// Admit refuses new work before anything is stored or fetched when the
// person's queued and finished requests today would pass their plan's
// daily limit.
func (s *Service) Admit(ctx context.Context, userID uint) error {
	plan, err := s.db.UserPlan(ctx, userID)
	if err != nil {
		return err
	}
	queued, err := s.db.QueuedWork(ctx, userID)
	if err != nil {
		return err
	}
	return s.db.CheckDailyRequests(ctx, userID, plan, queued)
}

// StartExtraction queues the extraction of job j (stored pending) from src.
func (s *Service) StartExtraction(ctx context.Context, j *models.Job, src jobs.Source, force bool) error {
	args := ExtractArgs{JobID: j.ID, UserID: j.UserID, Force: force, Image: src.Image, ImageMIME: src.ImageMIME}
	if _, err := s.client.Insert(ctx, args, nil); err != nil {
		_ = s.db.FailJob(context.WithoutCancel(ctx), j.ID, apperr.EUNAVAILABLE, "Tailor could not queue this. Try again in a minute.")
		return apperr.Wrap(err, apperr.EUNAVAILABLE, "Tailor could not queue this. Try again in a minute.")
	}
	return nil
}

// DraftInputs loads what a draft is made from and refuses early when the
// job or the profile is not ready.
func (s *Service) DraftInputs(ctx context.Context, userID, jobID uint) (*models.Job, *models.Profile, error) {
	j, err := s.db.JobOf(ctx, userID, jobID)
	if err != nil {
		return nil, nil, err
	}
	if j.Status != models.StatusDone {
		return nil, nil, apperr.New(apperr.ECONFLICT, "The job is not extracted yet. Wait until its details show, then try again.")
	}
	p, err := s.db.ProfileOf(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if p.Document.IsEmpty() || len(p.Document.Work)+len(p.Document.Education)+len(p.Document.Skills) == 0 {
		return nil, nil, apperr.New(apperr.EUNPROCESSABLE, "Your profile is empty, so there is nothing to draft from. Fill in your profile (work, education, skills) or import a JSON Resume first.")
	}
	return j, p, nil
}

// StartCV queues a CV draft for a job, or returns the one already queued
// or running: the same CV is never drafted twice at once. offline drafts
// with the builtin provider only ("use the offline draft").
func (s *Service) StartCV(ctx context.Context, userID, jobID uint, force, offline bool) (*models.CVDraft, error) {
	j, p, err := s.DraftInputs(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	if d, err := s.db.LatestCVDraft(ctx, userID, jobID); err != nil {
		return nil, err
	} else if d != nil && (d.Status == models.StatusPending || d.Status == models.StatusRunning) {
		return d, nil
	}
	if !offline {
		if err := s.Admit(ctx, userID); err != nil {
			return nil, err
		}
	}
	d := &models.CVDraft{UserID: userID, JobID: jobID, ProfileVersion: p.Version, JobVersion: j.Version}
	if err := s.db.CreateCVDraft(ctx, d); err != nil {
		return nil, err
	}
	if err := s.queueDraft(ctx, DraftArgs{What: WhatCV, DraftID: d.ID, UserID: userID, JobID: jobID, Force: force, Offline: offline}, &models.CVDraft{}); err != nil {
		return nil, err
	}
	return d, nil
}

// StartLetter is StartCV for a cover letter in a tone.
func (s *Service) StartLetter(ctx context.Context, userID, jobID uint, tone string, force, offline bool) (*models.CoverLetter, error) {
	if tone == "" {
		tone = drafting.ToneProfessional
	}
	if !drafting.ValidTone(tone) {
		return nil, apperr.Invalid(map[string]string{"tone": "Choose professional, enthusiastic or concise."},
			"Unknown tone %q: choose professional, enthusiastic or concise.", tone)
	}
	j, p, err := s.DraftInputs(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	if l, err := s.db.LatestCoverLetter(ctx, userID, jobID); err != nil {
		return nil, err
	} else if l != nil && (l.Status == models.StatusPending || l.Status == models.StatusRunning) {
		return l, nil
	}
	if !offline {
		if err := s.Admit(ctx, userID); err != nil {
			return nil, err
		}
	}
	l := &models.CoverLetter{UserID: userID, JobID: jobID, Tone: tone, ProfileVersion: p.Version, JobVersion: j.Version}
	if err := s.db.CreateCoverLetter(ctx, l); err != nil {
		return nil, err
	}
	if err := s.queueDraft(ctx, DraftArgs{What: WhatLetter, DraftID: l.ID, UserID: userID, JobID: jobID, Tone: tone, Force: force, Offline: offline}, &models.CoverLetter{}); err != nil {
		return nil, err
	}
	return l, nil
}

func (s *Service) queueDraft(ctx context.Context, args DraftArgs, model any) error {
	if _, err := s.client.Insert(ctx, args, nil); err != nil {
		_ = s.db.FailDraft(context.WithoutCancel(ctx), model, args.DraftID, apperr.EUNAVAILABLE, "Tailor could not queue this. Try again in a minute.")
		return apperr.Wrap(err, apperr.EUNAVAILABLE, "Tailor could not queue this. Try again in a minute.")
	}
	s.events.Publish(ctx, Event{JobID: args.JobID, What: args.What, Kind: EventProgress, Text: "Queued."})
	return nil
}

// WaitJob waits until job jobID is extracted or failed, or ctx ends, and
// returns it as it is then.
func (s *Service) WaitJob(ctx context.Context, userID, jobID uint) (*models.Job, error) {
	var j *models.Job
	err := s.wait(ctx, jobID, func(ctx context.Context) (bool, error) {
		var err error
		j, err = s.db.JobOf(ctx, userID, jobID)
		return err == nil && j.Finished(), err
	})
	return j, err
}

// WaitCV waits until CV draft id is finished or ctx ends.
func (s *Service) WaitCV(ctx context.Context, userID, jobID, id uint) (*models.CVDraft, error) {
	var d *models.CVDraft
	err := s.wait(ctx, jobID, func(ctx context.Context) (bool, error) {
		var err error
		d, err = s.db.CVDraftOf(ctx, userID, id)
		return err == nil && finished(d.Status), err
	})
	return d, err
}

// WaitLetter waits until letter id is finished or ctx ends.
func (s *Service) WaitLetter(ctx context.Context, userID, jobID, id uint) (*models.CoverLetter, error) {
	var l *models.CoverLetter
	err := s.wait(ctx, jobID, func(ctx context.Context) (bool, error) {
		var err error
		l, err = s.db.CoverLetterOf(ctx, userID, id)
		return err == nil && finished(l.Status), err
	})
	return l, err
}

func finished(status string) bool {
	return status == models.StatusDone || status == models.StatusFailed
}

// wait reads the row on every "done" event of the job and once a second
// (the event may come from an instance whose NOTIFY was lost), until done
// says so. When ctx ends first it returns nil with the row as it was: the
// caller answers with its status, and the work goes on.
func (s *Service) wait(ctx context.Context, jobID uint, done func(ctx context.Context) (bool, error)) error {
	ch, cancel := s.events.Subscribe(jobID)
	defer cancel()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		ok, err := done(context.WithoutCancel(ctx))
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case ev := <-ch:
			if ev.Kind != EventDone {
				continue
			}
		case <-t.C:
		}
	}
}

// retryPolicy retries soon: what is retried is a database blip or a
// crashed instance, not a provider (the orchestrator retried those).
type retryPolicy struct{}

func (retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	d := time.Duration(job.Attempt*job.Attempt) * time.Second
	return time.Now().Add(min(d, time.Minute))
}
