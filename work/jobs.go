package work

import (
	"context"

	"tailor/apperr"
	"tailor/jobs"
	"tailor/models"
)

// NewJob is a posting to read, as the new-job form or the extract API
// gave it once its form was valid: one of URL, Text and Image.
type NewJob struct {
	UserID    uint
	URL       string
	Text      string
	Image     []byte
	ImageMIME string
	// Force reads the posting again even when the person already added
	// the same link, and skips the extraction cache.
	Force bool
}

func (n NewJob) source() jobs.Source {
	return jobs.Source{URL: n.URL, Text: n.Text, Image: n.Image, ImageMIME: n.ImageMIME}
}

func (n NewJob) kind() string {
	switch {
	case n.URL != "":
		return models.SourceURL
	case len(n.Image) > 0:
		return models.SourceImage
	}
	return models.SourceText
}

// CreateJob stores a pending job and queues its extraction, so the page
// can show it at once and follow it. Unless n.Force, a link the person
// already had read gives back that job (existing true) and starts nothing.
// A source that can never work, or a plan with no requests left today, is
// refused before anything is stored or fetched. When the job was stored
// but its extraction could not be queued, the job (now failed) comes back
// with the error, so a page can tell that from a refusal.
func (s *Service) CreateJob(ctx context.Context, n NewJob) (j *models.Job, existing bool, err error) {
	if err := s.extractor.Check(ctx, n.source()); err != nil {
		return nil, false, err
	}
	j = &models.Job{UserID: n.UserID, SourceKind: n.kind(), SourceURL: n.URL, InputText: n.Text}
	if n.URL != "" {
		norm, err := jobs.NormalizeURL(n.URL)
		if err != nil {
			return nil, false, apperr.Invalid(map[string]string{"url": "That link could not be read. Copy it again from the address bar, or paste the text."}, "bad url")
		}
		j.NormalizedURL = norm
		if !n.Force {
			if old, err := s.db.JobByURL(ctx, n.UserID, norm); err != nil {
				return nil, false, err
			} else if old != nil {
				return old, true, nil
			}
		}
	}
	if err := s.Admit(ctx, n.UserID); err != nil {
		return nil, false, err
	}
	if err := s.db.CreateJob(ctx, j); err != nil {
		return nil, false, err
	}
	if err := s.StartExtraction(ctx, j, n.source(), n.Force); err != nil {
		return j, false, err
	}
	return j, false, nil
}

// ExtractJob is CreateJob for a caller that waits for the posting (the
// JSON API): it returns the finished job, or the job still running when
// ctx ended (the work goes on). A failed extraction is returned as its
// error and its job is deleted: the API keeps no failed job.
func (s *Service) ExtractJob(ctx context.Context, n NewJob) (j *models.Job, existing bool, err error) {
	j, existing, err = s.CreateJob(ctx, n)
	if err != nil {
		return nil, false, err
	}
	if existing {
		return j, true, nil
	}
	userID, jobID := j.UserID, j.ID
	if j, err = s.WaitJob(ctx, userID, jobID); err != nil {
		return nil, false, err
	}
	if j.Status == models.StatusFailed {
		_ = s.db.DeleteJob(context.WithoutCancel(ctx), userID, jobID)
		msg, openings := jobs.SplitOpenings(j.ErrorMessage)
		e := apperr.New(j.ErrorCode, "%s", msg)
		e.Openings = openings
		return nil, false, e
	}
	return j, false, nil
}

// RetryJob reads a failed job's link or text again as a new job, and
// deletes the failed one once the new one is queued. A screenshot is not
// kept, so a job read from one cannot be retried.
func (s *Service) RetryJob(ctx context.Context, userID, jobID uint) (*models.Job, error) {
	old, err := s.db.JobOf(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	if old.Status != models.StatusFailed {
		return nil, apperr.New(apperr.ECONFLICT, "Only a job that failed can be tried again.")
	}
	if old.SourceKind == models.SourceImage {
		return nil, apperr.New(apperr.EUNPROCESSABLE, "Screenshots are not kept, so upload it again to retry.")
	}
	j, _, err := s.CreateJob(ctx, NewJob{UserID: userID, URL: old.SourceURL, Text: old.InputText, Force: true})
	if err != nil {
		return nil, err
	}
	_ = s.db.DeleteJob(ctx, userID, old.ID)
	return j, nil
}
