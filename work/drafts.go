package work

import (
	"context"

	"tailor/apperr"
	"tailor/drafting"
	"tailor/models"
)

// DraftRequest asks for a CV or a cover letter of one job.
type DraftRequest struct {
	UserID, JobID uint
	// Tone is the letter's tone; "" is professional. CVs ignore it.
	Tone string
	// Force drafts again instead of answering from the cache.
	Force bool
	// Offline drafts with the builtin provider only ("use the offline
	// draft"); it is not counted against the plan's requests.
	Offline bool
	// Wait returns the finished draft, or the draft as it is when ctx
	// ends; without it the queued draft is returned at once.
	Wait bool
}

// DraftCV queues a CV draft (or finds the one already under way) and, when
// r.Wait, waits for it.
func (s *Service) DraftCV(ctx context.Context, r DraftRequest) (*models.CVDraft, error) {
	d, err := s.StartCV(ctx, r.UserID, r.JobID, r.Force, r.Offline)
	if err != nil || !r.Wait {
		return d, err
	}
	return s.WaitCV(ctx, r.UserID, r.JobID, d.ID)
}

// WriteLetter is DraftCV for a cover letter in r.Tone.
func (s *Service) WriteLetter(ctx context.Context, r DraftRequest) (*models.CoverLetter, error) {
	l, err := s.StartLetter(ctx, r.UserID, r.JobID, r.Tone, r.Force, r.Offline)
	if err != nil || !r.Wait {
		return l, err
	}
	return s.WaitLetter(ctx, r.UserID, r.JobID, l.ID)
}

// CVEdit is what a person changed in a finished CV.
type CVEdit struct {
	Headline string
	Summary  string
	Skills   []string
	// Highlights replaces the highlights of the positions it has, by
	// their index in the CV; positions it lacks keep theirs.
	Highlights map[int][]string
}

// EditCV saves a person's changes to the job's newest CV, which must be
// finished; the draft is marked edited.
func (s *Service) EditCV(ctx context.Context, userID, jobID uint, e CVEdit) (*models.CVDraft, error) {
	d, err := s.db.LatestCVDraft(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	if d == nil || d.Status != models.StatusDone {
		return nil, apperr.New(apperr.ECONFLICT, "There is no finished CV to edit yet. Draft one first.")
	}
	cv := d.Content
	cv.Headline, cv.Summary, cv.Skills = e.Headline, e.Summary, e.Skills
	for i := range cv.Experience {
		if h, ok := e.Highlights[i]; ok {
			cv.Experience[i].Highlights = h
		}
	}
	if err := s.db.FinishCVDraft(ctx, d.ID, cv, d.Offline, true); err != nil {
		return nil, err
	}
	d.Content, d.Edited = cv, true
	return d, nil
}

// LetterEdit is what a person changed in a finished cover letter.
type LetterEdit struct {
	Subject, Greeting, Closing, Signature string
	Paragraphs                            []string
}

// EditLetter saves a person's changes to the job's newest letter, which
// must be finished; its word count is counted again.
func (s *Service) EditLetter(ctx context.Context, userID, jobID uint, e LetterEdit) (*models.CoverLetter, error) {
	l, err := s.db.LatestCoverLetter(ctx, userID, jobID)
	if err != nil {
		return nil, err
	}
	if l == nil || l.Status != models.StatusDone {
		return nil, apperr.New(apperr.ECONFLICT, "There is no finished letter to edit yet. Write one first.")
	}
	letter := l.Content
	letter.Subject, letter.Greeting, letter.Closing, letter.Signature = e.Subject, e.Greeting, e.Closing, e.Signature
	letter.Paragraphs = e.Paragraphs
	letter.WordCount = drafting.BodyWords(letter.Paragraphs)
	if err := s.db.FinishCoverLetter(ctx, l.ID, letter, l.Offline, true); err != nil {
		return nil, err
	}
	l.Content, l.Edited = letter, true
	return l, nil
}
