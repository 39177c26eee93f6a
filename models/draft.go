package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"tailor/domain"
)

// CVDraft is one CV drafted for a job. Each run is a new row, so an earlier
// draft is never overwritten by a later one.
type CVDraft struct {
	ID             uint `gorm:"primaryKey"`
	UserID         uint
	JobID          uint
	Status         string
	ErrorCode      string
	ErrorMessage   string
	Content        domain.CV `gorm:"serializer:json"`
	ProfileVersion int64
	JobVersion     int64
	Offline        bool
	Edited         bool
	DraftSource
	CreatedAt time.Time
	UpdatedAt time.Time
}

// CoverLetter is one cover letter written for a job.
type CoverLetter struct {
	ID             uint `gorm:"primaryKey"`
	UserID         uint
	JobID          uint
	Tone           string
	Status         string
	ErrorCode      string
	ErrorMessage   string
	Content        domain.Letter `gorm:"serializer:json"`
	WordCount      int
	ProfileVersion int64
	JobVersion     int64
	Offline        bool
	Edited         bool
	DraftSource
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DraftSource is who wrote a draft: "model" with the provider and model
// name, or "offline"; empty for drafts older than the record.
type DraftSource struct {
	Source         string
	SourceProvider string
	SourceModel    string
}

func draftSource(s domain.Source) DraftSource {
	return DraftSource{Source: s.Kind, SourceProvider: s.Provider, SourceModel: s.Model}
}

// Of returns the source as drafting states it; a draft from before sources
// were recorded says only whether it was offline.
func (s DraftSource) Of(offline bool) domain.Source {
	if s.Source == "" && offline {
		return domain.Source{Kind: domain.SourceOffline}
	}
	return domain.Source{Kind: s.Source, Provider: s.SourceProvider, Model: s.SourceModel}
}

// Stale reports whether a draft made from job version jobVersion and
// profile version profileVersion is out of date against job and profile.
func Stale(jobVersion, profileVersion int64, job *Job, prof *Profile) bool {
	return job != nil && job.Version != 0 && jobVersion != job.Version ||
		prof != nil && profileVersion != prof.Version
}

// Stale reports whether the CV was drafted from an older job or profile.
func (d *CVDraft) Stale(job *Job, prof *Profile) bool {
	return d.Status == StatusDone && Stale(d.JobVersion, d.ProfileVersion, job, prof)
}

// Stale reports whether the letter was written from an older job or profile.
func (l *CoverLetter) Stale(job *Job, prof *Profile) bool {
	return l.Status == StatusDone && Stale(l.JobVersion, l.ProfileVersion, job, prof)
}

// CreateCVDraft stores a pending draft. A draft whose JobVersion is not
// set is made from the job as it is now.
func (db *DB) CreateCVDraft(ctx context.Context, d *CVDraft) error {
	now := db.now()
	d.Status, d.CreatedAt, d.UpdatedAt = StatusPending, now, now
	if err := db.currentJobVersion(ctx, d.JobID, &d.JobVersion); err != nil {
		return err
	}
	return db.ctx(ctx).Create(d).Error
}

// CreateCoverLetter stores a pending letter; like CreateCVDraft, an unset
// JobVersion means the job as it is now.
func (db *DB) CreateCoverLetter(ctx context.Context, l *CoverLetter) error {
	now := db.now()
	l.Status, l.CreatedAt, l.UpdatedAt = StatusPending, now, now
	if err := db.currentJobVersion(ctx, l.JobID, &l.JobVersion); err != nil {
		return err
	}
	return db.ctx(ctx).Create(l).Error
}

// currentJobVersion fills *v with the job's version when it is 0.
func (db *DB) currentJobVersion(ctx context.Context, jobID uint, v *int64) error {
	if *v != 0 {
		return nil
	}
	var versions []int64
	if err := db.ctx(ctx).Model(&Job{}).Where("id = ?", jobID).Limit(1).Pluck("version", &versions).Error; err != nil {
		return err
	}
	*v = 1
	if len(versions) == 1 {
		*v = versions[0]
	}
	return nil
}

// LatestCVDraft returns the newest CV draft of a job, or nil.
func (db *DB) LatestCVDraft(ctx context.Context, userID, jobID uint) (*CVDraft, error) {
	var d CVDraft
	err := db.ctx(ctx).Where("user_id = ? AND job_id = ?", userID, jobID).Order("id DESC").Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &d, err
}

// LatestCoverLetter returns the newest letter of a job, or nil.
func (db *DB) LatestCoverLetter(ctx context.Context, userID, jobID uint) (*CoverLetter, error) {
	var l CoverLetter
	err := db.ctx(ctx).Where("user_id = ? AND job_id = ?", userID, jobID).Order("id DESC").Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &l, err
}

// CVDraftOf returns draft id if it belongs to userID.
func (db *DB) CVDraftOf(ctx context.Context, userID, id uint) (*CVDraft, error) {
	var d CVDraft
	if err := db.ctx(ctx).Where("user_id = ? AND id = ?", userID, id).Take(&d).Error; err != nil {
		return nil, notFound(err, "CV draft")
	}
	return &d, nil
}

// CoverLetterOf returns letter id if it belongs to userID.
func (db *DB) CoverLetterOf(ctx context.Context, userID, id uint) (*CoverLetter, error) {
	var l CoverLetter
	if err := db.ctx(ctx).Where("user_id = ? AND id = ?", userID, id).Take(&l).Error; err != nil {
		return nil, notFound(err, "cover letter")
	}
	return &l, nil
}

// SetDraftRunning marks a CV draft or a letter as picked up by a worker.
func (db *DB) SetDraftRunning(ctx context.Context, model any, id uint) error {
	return db.ctx(ctx).Model(model).Where("id = ?", id).
		Updates(map[string]any{"status": StatusRunning, "updated_at": db.now()}).Error
}

// FailDraft records why a CV draft or a letter failed.
func (db *DB) FailDraft(ctx context.Context, model any, id uint, code, message string) error {
	return db.ctx(ctx).Model(model).Where("id = ?", id).Updates(map[string]any{
		"status": StatusFailed, "error_code": code, "error_message": message, "updated_at": db.now()}).Error
}

// FinishCVDraft stores a drafted CV; edited marks the person's own changes.
// When the CV says who wrote it (cv.Source), that is recorded and decides
// offline, whatever the caller passed.
func (db *DB) FinishCVDraft(ctx context.Context, id uint, cv domain.CV, offline, edited bool) error {
	cols := []string{"status", "content", "offline", "edited", "updated_at"}
	row := &CVDraft{Status: StatusDone, Content: cv, Offline: offline, Edited: edited, UpdatedAt: db.now()}
	if cv.Source.Kind != "" {
		row.Offline, row.DraftSource = cv.Source.Offline(), draftSource(cv.Source)
		cols = append(cols, "source", "source_provider", "source_model")
	}
	return db.ctx(ctx).Model(&CVDraft{ID: id}).Select(cols).Updates(row).Error
}

// FinishCoverLetter stores a written letter; edited marks the person's own
// changes. The letter's Source, when set, is recorded and decides offline.
func (db *DB) FinishCoverLetter(ctx context.Context, id uint, l domain.Letter, offline, edited bool) error {
	cols := []string{"status", "content", "word_count", "offline", "edited", "updated_at"}
	row := &CoverLetter{Status: StatusDone, Content: l, WordCount: l.WordCount, Offline: offline, Edited: edited, UpdatedAt: db.now()}
	if l.Source.Kind != "" {
		row.Offline, row.DraftSource = l.Source.Offline(), draftSource(l.Source)
		cols = append(cols, "source", "source_provider", "source_model")
	}
	return db.ctx(ctx).Model(&CoverLetter{ID: id}).Select(cols).Updates(row).Error
}

// JobsWithDrafts returns, for a user's jobs, which have a finished CV and
// which a finished letter: two queries for the whole dashboard.
func (db *DB) JobsWithDrafts(ctx context.Context, userID uint) (cvs, letters map[uint]bool, err error) {
	cvs, letters = map[uint]bool{}, map[uint]bool{}
	for _, q := range []struct {
		model any
		into  map[uint]bool
	}{{&CVDraft{}, cvs}, {&CoverLetter{}, letters}} {
		var ids []uint
		if err := db.ctx(ctx).Model(q.model).Distinct("job_id").
			Where("user_id = ? AND status = ?", userID, StatusDone).Pluck("job_id", &ids).Error; err != nil {
			return nil, nil, err
		}
		for _, id := range ids {
			q.into[id] = true
		}
	}
	return cvs, letters, nil
}
