package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"tailor/drafting"
	"tailor/models"
	"tailor/views"
)

// jobPageStore reads a job and what its page shows beside it.
type jobPageStore interface {
	JobOf(ctx context.Context, userID, id uint) (*models.Job, error)
	StatusHistory(ctx context.Context, jobID uint) ([]models.JobStatusEvent, error)
	LatestCVDraft(ctx context.Context, userID, jobID uint) (*models.CVDraft, error)
	LatestCoverLetter(ctx context.Context, userID, jobID uint) (*models.CoverLetter, error)
	ProfileOf(ctx context.Context, userID uint) (*models.Profile, error)
}

// jobPage loads one of the current person's jobs and builds its page: the
// posting, the tracker, the match and the drafts with their evidence. The
// job, draft, document and event areas share it, so every job URL checks
// ownership the same way.
type jobPage struct {
	store jobPageStore
}

func newJobPage(store jobPageStore) *jobPage { return &jobPage{store: store} }

// load reads the job of the :id parameter; another person's job is not
// found.
func (p *jobPage) load(c *fiber.Ctx) (*models.Job, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return p.store.JobOf(c.UserContext(), currentUser(c).ID, id)
}

// view loads everything the job page shows.
func (p *jobPage) view(c *fiber.Ctx, j *models.Job) (views.JobView, error) {
	ctx := c.UserContext()
	v := views.JobView{ID: j.ID, Status: j.Status, ErrorCode: j.ErrorCode, ErrorMessage: j.ErrorMessage,
		SourceKind: j.SourceKind, SourceURL: j.SourceURL, Offline: j.Offline, Posting: j.Posting,
		CreatedAt: j.CreatedAt, Tones: toneList()}
	t, err := p.tracker(ctx, j)
	if err != nil {
		return v, err
	}
	v.Tracker = t
	cv, err := p.store.LatestCVDraft(ctx, j.UserID, j.ID)
	if err != nil {
		return v, err
	}
	v.CV = cvView(cv)
	l, err := p.store.LatestCoverLetter(ctx, j.UserID, j.ID)
	if err != nil {
		return v, err
	}
	v.Letter = letterView(l)
	if v.Match, err = p.matchView(ctx, j); err != nil {
		return v, err
	}
	return v, p.annotateDrafts(ctx, j, &v, cv, l)
}

// tracker loads a job's tracker panel.
func (p *jobPage) tracker(ctx context.Context, j *models.Job) (views.TrackerView, error) {
	hist, err := p.history(ctx, j.ID)
	if err != nil {
		return views.TrackerView{}, err
	}
	return views.TrackerView{JobID: j.ID, Status: orSaved(j.AppStatus), Notes: j.Notes, FollowUpOn: j.FollowUpOn, History: hist}, nil
}

// history is the job's application status changes, oldest first.
func (p *jobPage) history(ctx context.Context, jobID uint) ([]models.JobStatusEvent, error) {
	return p.store.StatusHistory(ctx, jobID)
}

// match analyzes a finished job against its owner's profile; empty
// reports a profile with nothing to match.
func (p *jobPage) match(ctx context.Context, j *models.Job) (m drafting.Match, empty bool, err error) {
	pr, err := p.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return m, false, err
	}
	d := pr.Document
	empty = len(d.Work)+len(d.Education)+len(d.Skills)+len(d.Projects) == 0 && d.Basics.Summary == ""
	return drafting.AnalyzeMatch(d, j.Posting), empty, nil
}

// matchView is the match panel of the job page, or nil before the job is
// read.
func (p *jobPage) matchView(ctx context.Context, j *models.Job) (*views.MatchView, error) {
	if j.Status != models.StatusDone {
		return nil, nil
	}
	m, empty, err := p.match(ctx, j)
	if err != nil {
		return nil, err
	}
	return views.NewMatchView(m, empty), nil
}

// annotateDrafts adds to a job page's drafts who wrote them, whether they
// are out of date, and the evidence of each sentence.
func (p *jobPage) annotateDrafts(ctx context.Context, j *models.Job, v *views.JobView, cv *models.CVDraft, l *models.CoverLetter) error {
	if v.CV == nil && v.Letter == nil {
		return nil
	}
	pr, err := p.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return err
	}
	if v.CV != nil && cv != nil {
		v.CV.Draft = views.DraftMeta{Source: cv.Of(cv.Offline), Stale: cv.Stale(j, pr)}
		if v.CV.Draft.Stale {
			v.CV.Draft.StaleReason = staleReason(cv.JobVersion, cv.ProfileVersion, j, pr)
		}
		if cv.Status == models.StatusDone {
			v.CV.Summary, v.CV.Highlights = views.CVSpans(cv.Content, resolver(j, pr))
		}
	}
	if v.Letter != nil && l != nil {
		v.Letter.Draft = views.DraftMeta{Source: l.Of(l.Offline), Stale: l.Stale(j, pr)}
		if v.Letter.Draft.Stale {
			v.Letter.Draft.StaleReason = staleReason(l.JobVersion, l.ProfileVersion, j, pr)
		}
		if l.Status == models.StatusDone {
			v.Letter.Paragraphs = views.LetterSpans(l.Content, resolver(j, pr))
		}
	}
	return nil
}

// draftsJSON adds the job's newest CV and letter, in brief, to its JSON.
func (p *jobPage) draftsJSON(ctx context.Context, j *models.Job, m fiber.Map) error {
	cv, err := p.store.LatestCVDraft(ctx, j.UserID, j.ID)
	if err != nil {
		return err
	}
	l, err := p.store.LatestCoverLetter(ctx, j.UserID, j.ID)
	if err != nil {
		return err
	}
	m["cv"], m["letter"] = nil, nil
	if cv == nil && l == nil {
		return nil
	}
	pr, err := p.store.ProfileOf(ctx, j.UserID)
	if err != nil {
		return err
	}
	if cv != nil {
		m["cv"] = draftSummaryJSON(cv.ID, cv.Status, cv.Of(cv.Offline), cv.Stale(j, pr), cv.UpdatedAt)
	}
	if l != nil {
		m["letter"] = draftSummaryJSON(l.ID, l.Status, l.Of(l.Offline), l.Stale(j, pr), l.UpdatedAt)
	}
	return nil
}
