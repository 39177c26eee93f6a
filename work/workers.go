package work

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"tailor/apperr"
	"tailor/billing"
	"tailor/jobs"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// ExtractArgs is the River job that reads one job posting. The link or
// the text is in the job's row; a screenshot (never stored in a row)
// travels in the args, and River's cleaner drops it an hour after the job
// finished.
type ExtractArgs struct {
	JobID     uint   `json:"job_id" river:"unique"`
	UserID    uint   `json:"user_id"`
	Force     bool   `json:"force,omitempty"`
	Image     []byte `json:"image,omitempty"`
	ImageMIME string `json:"image_mime,omitempty"`
}

// Kind implements river.JobArgs.
func (ExtractArgs) Kind() string { return "tailor.extract_job" }

// InsertOpts makes one queued extraction per job.
func (ExtractArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// DraftArgs is the River job that drafts one CV (What "cv") or letter
// ("letter"), row DraftID. Offline drafts with the builtin provider only.
type DraftArgs struct {
	What    string `json:"what" river:"unique"`
	DraftID uint   `json:"draft_id" river:"unique"`
	UserID  uint   `json:"user_id"`
	JobID   uint   `json:"job_id"`
	Tone    string `json:"tone,omitempty"`
	Force   bool   `json:"force,omitempty"`
	Offline bool   `json:"offline,omitempty"`
}

// Kind implements river.JobArgs.
func (DraftArgs) Kind() string { return "tailor.draft" }

// InsertOpts makes the same draft never queued twice, so never worked
// twice at once.
func (DraftArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SweepArgs is the periodic job that gives back quota held by calls that
// never settled, drops expired cache entries, sessions and dead work slots.
type SweepArgs struct{}

// Kind implements river.JobArgs.
func (SweepArgs) Kind() string { return "tailor.sweep" }

// InsertOpts keeps one sweep in the queue however many instances schedule it.
func (SweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
}

type extractWorker struct {
	river.WorkerDefaults[ExtractArgs]
	s *Service
}

func (w *extractWorker) Timeout(*river.Job[ExtractArgs]) time.Duration { return w.s.timeout }

func (w *extractWorker) Work(ctx context.Context, job *river.Job[ExtractArgs]) error {
	s, a := w.s, job.Args
	j, err := s.db.JobByID(ctx, a.JobID)
	if apperr.Code(err) == apperr.ENOTFOUND {
		return nil // deleted meanwhile
	} else if err != nil {
		return err
	}
	if j.Finished() {
		return nil // an earlier attempt finished it and then lost touch with River
	}
	release, err := s.takeSlot(ctx, job.JobRow, a.JobID, WhatJob, a.UserID)
	if err != nil {
		return err
	}
	defer release()
	ctx, err = s.tagged(ctx, job.JobRow)
	if err != nil {
		return err
	}
	if err := s.db.MarkJobRunning(ctx, a.JobID); err != nil {
		return err
	}
	s.events.Publish(ctx, Event{JobID: a.JobID, What: WhatJob, Kind: EventProgress, Text: extractProgress(j)})
	src := jobs.Source{URL: j.SourceURL, Text: j.InputText, Image: a.Image, ImageMIME: a.ImageMIME}
	sctx, st := s.stream(ctx, a.JobID, WhatJob)
	p, err := s.extractor.Extract(sctx, a.UserID, src, a.Force)
	st.close()
	done := context.WithoutCancel(ctx)
	if err != nil {
		return s.failed(ctx, job.JobRow, err, Event{JobID: a.JobID, What: WhatJob},
			func(code, msg string) error { return s.db.FailJob(done, a.JobID, code, msg) },
			func() error { return s.db.SetJobPending(done, a.JobID) })
	}
	if p.SourceURL == "" {
		p.SourceURL = src.URL
	}
	if err := s.db.FinishJob(done, a.JobID, p, p.OfflineReason != "" || s.offline(done)); err != nil {
		return err // River tries again
	}
	s.events.Publish(done, Event{JobID: a.JobID, What: WhatJob, Kind: EventDone})
	return nil
}

func extractProgress(j *models.Job) string {
	switch j.SourceKind {
	case models.SourceURL:
		return "Fetching the page and reading the posting…"
	case models.SourceImage:
		return "Reading the screenshot…"
	}
	return "Reading the posting…"
}

type draftWorker struct {
	river.WorkerDefaults[DraftArgs]
	s *Service
}

func (w *draftWorker) Timeout(*river.Job[DraftArgs]) time.Duration { return w.s.timeout }

func (w *draftWorker) Work(ctx context.Context, job *river.Job[DraftArgs]) error {
	s, a := w.s, job.Args
	var (
		model  any
		status string
	)
	switch a.What {
	case WhatCV:
		model = &models.CVDraft{}
		d, err := s.db.CVDraftOf(ctx, a.UserID, a.DraftID)
		if apperr.Code(err) == apperr.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		status = d.Status
	case WhatLetter:
		model = &models.CoverLetter{}
		l, err := s.db.CoverLetterOf(ctx, a.UserID, a.DraftID)
		if apperr.Code(err) == apperr.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		status = l.Status
	default:
		return river.JobCancel(fmt.Errorf("unknown draft kind %q", a.What))
	}
	if finished(status) {
		return nil
	}
	done := context.WithoutCancel(ctx)
	ev := Event{JobID: a.JobID, What: a.What}
	fail := func(code, msg string) error { return s.db.FailDraft(done, model, a.DraftID, code, msg) }
	pending := func() error { return s.db.SetDraftPending(done, model, a.DraftID) }
	j, p, err := s.DraftInputs(ctx, a.UserID, a.JobID)
	if err != nil {
		return s.failed(ctx, job.JobRow, err, ev, fail, pending)
	}
	release, err := s.takeSlot(ctx, job.JobRow, a.JobID, a.What, a.UserID)
	if err != nil {
		return err
	}
	defer release()
	if ctx, err = s.tagged(ctx, job.JobRow); err != nil {
		return err
	}
	if err := s.db.SetDraftRunning(ctx, model, a.DraftID); err != nil {
		return err
	}
	drafter, offline := s.drafter, a.Offline
	if offline {
		drafter = s.offlineDraw
	}
	msg := "Drafting your CV…"
	if a.What == WhatLetter {
		msg = "Writing your letter…"
	}
	if offline {
		msg = strings.TrimSuffix(msg, "…") + " offline…"
	}
	s.events.Publish(ctx, Event{JobID: a.JobID, What: a.What, Kind: EventProgress, Text: msg})
	sctx, st := s.stream(ctx, a.JobID, a.What)
	var save func() error
	if a.What == WhatCV {
		cv, derr := drafter.DraftCV(sctx, a.UserID, p.Document, j.Posting, a.Force)
		err = derr
		save = func() error { return s.db.FinishCVDraft(done, a.DraftID, cv, offline || s.offline(done), false) }
	} else {
		l, derr := drafter.WriteLetter(sctx, a.UserID, p.Document, j.Posting, a.Tone, a.Force)
		err = derr
		save = func() error { return s.db.FinishCoverLetter(done, a.DraftID, l, offline || s.offline(done), false) }
	}
	st.close()
	if err != nil {
		return s.failed(ctx, job.JobRow, err, ev, fail, pending)
	}
	if err := save(); err != nil {
		return err // River tries again
	}
	ev.Kind = EventDone
	s.events.Publish(done, ev)
	return nil
}

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	s *Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	s := w.s
	n, err := s.db.ExpireReservations(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("expired abandoned quota reservations", "count", n)
	}
	if _, err := s.db.PurgeExpiredCache(ctx); err != nil {
		return err
	}
	if _, err := s.db.DeleteExpiredSessions(ctx); err != nil {
		return err
	}
	_, err = s.db.PurgeWorkSlots(ctx)
	return err
}

// takeSlot waits for one of the person's N slots (by plan): when all are
// held it returns a snooze, and River runs the job again a moment later
// without counting an attempt. release gives the slot back.
func (s *Service) takeSlot(ctx context.Context, row *rivertype.JobRow, jobID uint, what string, userID uint) (func(), error) {
	plan, err := s.db.UserPlan(ctx, userID)
	if err != nil {
		return nil, err
	}
	n := s.perUser[plan]
	if n <= 0 {
		n = 2
	}
	holder := fmt.Sprintf("river:%d", row.ID)
	ok, err := s.db.TakeWorkSlot(ctx, userID, holder, n, s.timeout+30*time.Second)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.events.Publish(ctx, Event{JobID: jobID, What: what, Kind: EventProgress,
			Text: fmt.Sprintf("Waiting: you have %d other jobs running; this one starts when one of them finishes.", n)})
		return nil, river.JobSnooze(time.Second + rand.N(500*time.Millisecond))
	}
	return func() { _ = s.db.GiveBackWorkSlot(context.WithoutCancel(ctx), userID, holder) }, nil
}

// tagged gives back the quota an earlier attempt of this job still holds
// (it died mid-call) and tags this attempt's reservations with the job, so
// a crash is never charged twice: only the attempt that finishes settles.
func (s *Service) tagged(ctx context.Context, row *rivertype.JobRow) (context.Context, error) {
	tag := fmt.Sprintf("job%d.", row.ID)
	if row.Attempt > 1 {
		n, err := s.db.ReleaseTaggedReservations(ctx, tag)
		if err != nil {
			return ctx, err
		}
		if n > 0 {
			s.log.Info("gave back quota held by an earlier attempt", "river_job", row.ID, "reservations", n)
		}
	}
	return billing.WithReservationTag(ctx, tag), nil
}

// failed decides what a failed attempt means. A timeout fails the work for
// good (it would time out again). A database blip or a shutdown is retried
// by River while attempts remain: the row goes back to pending. Anything
// else — a provider outage after the orchestrator's own retries, content
// that is not a job, a quota — is recorded for the person.
func (s *Service) failed(ctx context.Context, row *rivertype.JobRow, err error, ev Event,
	fail func(code, msg string) error, pending func() error) error {
	done := context.WithoutCancel(ctx)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		s.log.Warn("background work timed out", "what", ev.What, "job", ev.JobID, "after", s.timeout)
		if ferr := fail(apperr.EUNAVAILABLE, fmt.Sprintf("This took longer than %s and was stopped. Try again; if it keeps happening, paste the text instead or use the offline draft.", roundDuration(s.timeout))); ferr != nil {
			return ferr
		}
		ev.Kind = EventDone
		s.events.Publish(done, ev)
		return river.JobCancel(err)
	}
	if retryable(ctx, err) && row.Attempt < row.MaxAttempts {
		s.log.Warn("background work will be retried", "what", ev.What, "job", ev.JobID, "attempt", row.Attempt, "error", err)
		_ = pending()
		ev.Kind, ev.Text = EventProgress, "Interrupted; trying again in a moment…"
		s.events.Publish(done, ev)
		return err
	}
	if apperr.Code(err) == apperr.EINTERNAL {
		s.log.Error("background work failed", "what", ev.What, "job", ev.JobID, "error", err)
	} else {
		s.log.Info("background work refused", "what", ev.What, "job", ev.JobID, "code", apperr.Code(err))
	}
	if ferr := fail(apperr.Code(err), message(err)); ferr != nil {
		return ferr
	}
	ev.Kind = EventDone
	s.events.Publish(done, ev)
	return nil
}

// retryable reports whether err may pass by running the job again: our
// own database failing, or this instance shutting down. Provider outages
// are not: the orchestrator already retried and fell over.
func retryable(ctx context.Context, err error) bool {
	if errors.Is(ctx.Err(), context.Canceled) {
		return true
	}
	if errors.Is(err, orchestrator.ErrProvidersFailed) {
		return false
	}
	switch apperr.Code(err) {
	case apperr.EINTERNAL, apperr.EUNAVAILABLE:
		return true
	}
	return false
}

// message is what a person reads when work failed. A refused list of
// jobs keeps its openings in the message, for the page and API to show.
func message(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) && len(ae.Openings) > 0 {
		return jobs.FormatOpenings(ae.Message, ae.Openings)
	}
	if errors.Is(err, orchestrator.ErrProvidersFailed) {
		what := ""
		if class, status, _ := orchestrator.LastFailure(err); status != 0 {
			what = fmt.Sprintf(" (the last one answered HTTP %d)", status)
		} else if class != provider.ClassNone {
			what = fmt.Sprintf(" (the last failure was %s)", failureWords(class))
		}
		return strings.Replace(apperr.Message(err), "Every AI provider failed to answer.", "Every AI provider failed to answer"+what+".", 1) +
			" You can use the offline draft instead: it is written from your profile without AI."
	}
	return apperr.Message(err)
}

func failureWords(c provider.Class) string {
	switch c {
	case provider.ClassAuth:
		return "a refused API key"
	case provider.ClassRetryable:
		return "a timeout or an unreachable server"
	case provider.ClassFatal:
		return "an answer it could not use"
	case orchestrator.ClassCircuitOpen:
		return "a provider paused after repeated failures"
	}
	return string(c)
}

func roundDuration(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		if d == time.Minute {
			return "a minute"
		}
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return d.Round(time.Second).String()
}

// stream relays the model's text to the job's pages in pieces, a few times
// a second, so a fast stream does not become thousands of NOTIFYs.
type streamer struct {
	s     *Service
	ev    Event
	mu    sync.Mutex
	buf   strings.Builder
	last  int
	reset bool
	stop  chan struct{}
	done  chan struct{}
}

func (s *Service) stream(ctx context.Context, jobID uint, what string) (context.Context, *streamer) {
	st := &streamer{s: s, ev: Event{JobID: jobID, What: what}, stop: make(chan struct{}), done: make(chan struct{})}
	if !s.streamText {
		close(st.done) // nothing to relay; close still works
		return ctx, st
	}
	go st.loop(context.WithoutCancel(ctx))
	return orchestrator.WithDeltas(ctx, st.add), st
}

func (st *streamer) add(attempt int, text string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if attempt != st.last && st.last != 0 {
		st.reset = true
		st.buf.Reset()
	}
	st.last = attempt
	st.buf.WriteString(text)
}

func (st *streamer) loop(ctx context.Context) {
	defer close(st.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-st.stop:
			st.flush(ctx)
			return
		case <-t.C:
			st.flush(ctx)
		}
	}
}

func (st *streamer) flush(ctx context.Context) {
	st.mu.Lock()
	reset, text := st.reset, st.buf.String()
	st.reset = false
	st.buf.Reset()
	st.mu.Unlock()
	if reset {
		ev := st.ev
		ev.Kind = EventReset
		st.s.events.Publish(ctx, ev)
	}
	if text != "" {
		ev := st.ev
		ev.Kind, ev.Text = EventDelta, text
		st.s.events.Publish(ctx, ev)
	}
}

func (st *streamer) close() {
	close(st.stop)
	<-st.done
}
