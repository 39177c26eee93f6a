package models

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"

	"tailor/domain"
)

// Work statuses of a job extraction or a draft. Long LLM work runs in the
// background, so pages poll these.
const (
	StatusPending = "pending"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Source kinds of a job.
const (
	SourceURL   = "url"
	SourceText  = "text"
	SourceImage = "image"
)

// Job is a job posting a user brought in, and what was extracted from it.
type Job struct {
	ID            uint           `gorm:"primaryKey"`
	UserID        uint           `gorm:"index"`
	SourceKind    string         // url, text or image
	SourceURL     string         // as the user gave it
	NormalizedURL string         // for dedupe
	InputText     string         // pasted text, kept so a failed run loses nothing
	Status        string         // pending, running, done, failed
	ErrorCode     string         // apperr code of a failure
	ErrorMessage  string         // what to do next, for the person
	Title         string         // copies of Posting fields, for lists
	Company       string         //
	Location      string         //
	Posting       domain.Posting `gorm:"serializer:json"`
	Offline       bool           // extracted by the builtin provider
	// Version increases each time the person corrects the job, so drafts
	// made from an earlier version know they are out of date.
	Version int64
	// The application tracker: where the person is with this job.
	AppStatus  string // saved, applied, interviewing, offer, rejected, withdrawn
	Notes      string
	FollowUpOn string // YYYY-MM-DD, empty when none
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName keeps the seed system's table name.
func (Job) TableName() string { return "extracted_job_data" }

// Finished reports whether work on the job is over, one way or the other.
func (j *Job) Finished() bool { return j.Status == StatusDone || j.Status == StatusFailed }

// CreateJob stores a new job in the pending state.
func (db *DB) CreateJob(ctx context.Context, j *Job) error {
	now := db.now()
	j.Status, j.CreatedAt, j.UpdatedAt = StatusPending, now, now
	if j.Version == 0 {
		j.Version = 1
	}
	if j.AppStatus == "" {
		j.AppStatus = AppSaved
	}
	return db.ctx(ctx).Create(j).Error
}

// JobOf returns job id if it belongs to userID.
func (db *DB) JobOf(ctx context.Context, userID, id uint) (*Job, error) {
	var j Job
	if err := db.ctx(ctx).Where("user_id = ? AND id = ?", userID, id).Take(&j).Error; err != nil {
		return nil, notFound(err, "job")
	}
	return &j, nil
}

// JobByURL returns the user's finished job for a normalized URL, if any.
func (db *DB) JobByURL(ctx context.Context, userID uint, normalized string) (*Job, error) {
	var j Job
	err := db.ctx(ctx).Where("user_id = ? AND normalized_url = ? AND status = ?", userID, normalized, StatusDone).
		Order("id DESC").Take(&j).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &j, err
}

// ListJobs returns a user's jobs, newest first.
func (db *DB) ListJobs(ctx context.Context, userID uint, limit int) ([]Job, error) {
	var js []Job
	err := db.ctx(ctx).Where("user_id = ?", userID).Order("id DESC").Limit(limit).Find(&js).Error
	return js, err
}

// MarkJobRunning records that a worker picked the job up.
func (db *DB) MarkJobRunning(ctx context.Context, id uint) error {
	return db.ctx(ctx).Model(&Job{}).Where("id = ?", id).
		Updates(map[string]any{"status": StatusRunning, "updated_at": db.now()}).Error
}

// FinishJob stores an extracted posting.
func (db *DB) FinishJob(ctx context.Context, id uint, p domain.Posting, offline bool) error {
	j := Job{Posting: p}
	return db.ctx(ctx).Model(&Job{ID: id}).Select("status", "error_code", "error_message", "title", "company",
		"location", "posting", "offline", "updated_at").Updates(&Job{
		Status: StatusDone, Title: p.Title, Company: p.Company, Location: p.Location,
		Posting: j.Posting, Offline: offline, UpdatedAt: db.now(),
	}).Error
}

// FailJob records why extraction failed, in words for the person.
func (db *DB) FailJob(ctx context.Context, id uint, code, message string) error {
	return db.ctx(ctx).Model(&Job{}).Where("id = ?", id).Updates(map[string]any{
		"status": StatusFailed, "error_code": code, "error_message": message, "updated_at": db.now()}).Error
}

// UpdatePosting saves the user's corrections of a finished job and bumps
// its version.
func (db *DB) UpdatePosting(ctx context.Context, userID, id uint, p domain.Posting) error {
	posting, err := json.Marshal(p)
	if err != nil {
		return err
	}
	res := db.ctx(ctx).Model(&Job{}).Where("id = ? AND user_id = ?", id, userID).
		Updates(map[string]any{"title": p.Title, "company": p.Company, "location": p.Location,
			"posting": string(posting), "version": gorm.Expr("version + 1"), "updated_at": db.now()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return notFound(gorm.ErrRecordNotFound, "job")
	}
	return nil
}

// DeleteJob removes one of a user's jobs with its drafts.
func (db *DB) DeleteJob(ctx context.Context, userID, id uint) error {
	return db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND job_id = ?", userID, id).Delete(&CVDraft{}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ? AND job_id = ?", userID, id).Delete(&CoverLetter{}).Error; err != nil {
			return err
		}
		return tx.Where("user_id = ? AND id = ?", userID, id).Delete(&Job{}).Error
	})
}
