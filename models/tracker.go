package models

import (
	"context"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
)

// Application statuses of the tracker, in the order an application moves.
const (
	AppSaved        = "saved"
	AppApplied      = "applied"
	AppInterviewing = "interviewing"
	AppOffer        = "offer"
	AppRejected     = "rejected"
	AppWithdrawn    = "withdrawn"
)

// AppStatuses lists the tracker's statuses in the order forms offer them.
var AppStatuses = []string{AppSaved, AppApplied, AppInterviewing, AppOffer, AppRejected, AppWithdrawn}

// ValidAppStatus reports whether s is a tracker status.
func ValidAppStatus(s string) bool {
	for _, v := range AppStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// JobStatusEvent records when a job's application status changed.
type JobStatusEvent struct {
	ID        uint      `gorm:"primaryKey" json:"-"`
	JobID     uint      `json:"-"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"at"`
}

// TrackerUpdate is a change to a job's tracker fields; nil leaves a field.
type TrackerUpdate struct {
	Status     *string
	Notes      *string
	FollowUpOn *string
}

// Validate returns a message per broken field.
func (u TrackerUpdate) Validate() map[string]string {
	errs := map[string]string{}
	if u.Status != nil && !ValidAppStatus(*u.Status) {
		errs["status"] = "Status must be one of " + strings.Join(AppStatuses, ", ") + "."
	}
	if u.Notes != nil && len(*u.Notes) > 20_000 {
		errs["notes"] = "Notes can be at most 20,000 characters."
	}
	if u.FollowUpOn != nil && *u.FollowUpOn != "" {
		if _, err := time.Parse("2006-01-02", *u.FollowUpOn); err != nil {
			errs["follow_up_on"] = "Give the follow-up date as YYYY-MM-DD, e.g. 2026-12-15, or leave it empty."
		}
	}
	return errs
}

// UpdateTracker changes a job's tracker fields, recording a status change
// with its date.
func (db *DB) UpdateTracker(ctx context.Context, userID, id uint, u TrackerUpdate) (*Job, error) {
	if errs := u.Validate(); len(errs) > 0 {
		return nil, apperr.Invalid(errs, "Fix the highlighted fields and try again.")
	}
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var j Job
		if err := tx.Where("user_id = ? AND id = ?", userID, id).Take(&j).Error; err != nil {
			return notFound(err, "job")
		}
		now := db.now()
		set := map[string]any{"updated_at": now}
		if u.Notes != nil {
			set["notes"] = strings.TrimSpace(*u.Notes)
		}
		if u.FollowUpOn != nil {
			set["follow_up_on"] = *u.FollowUpOn
		}
		if u.Status != nil && *u.Status != j.AppStatus {
			set["app_status"] = *u.Status
			if err := tx.Create(&JobStatusEvent{JobID: id, Status: *u.Status, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		return tx.Model(&Job{}).Where("id = ?", id).Updates(set).Error
	})
	if err != nil {
		return nil, err
	}
	return db.JobOf(ctx, userID, id)
}

// StatusHistory returns when a job's status changed, oldest first.
func (db *DB) StatusHistory(ctx context.Context, jobID uint) ([]JobStatusEvent, error) {
	var es []JobStatusEvent
	err := db.ctx(ctx).Where("job_id = ?", jobID).Order("id").Find(&es).Error
	return es, err
}

// JobFilter narrows a user's job list.
type JobFilter struct {
	Status string // a tracker status; empty: all
	// Sort is "deadline" (soonest first, none last) or "" (newest first).
	Sort  string
	Limit int
}

// FilterJobs returns a user's jobs by tracker status and order.
func (db *DB) FilterJobs(ctx context.Context, userID uint, f JobFilter) ([]Job, error) {
	q := db.ctx(ctx).Where("user_id = ?", userID)
	if f.Status != "" {
		q = q.Where("app_status = ?", f.Status)
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	var js []Job
	if err := q.Order("id DESC").Limit(f.Limit).Find(&js).Error; err != nil {
		return nil, err
	}
	if f.Sort == "deadline" {
		sortByDeadline(js)
	}
	return js, nil
}

// sortByDeadline puts jobs with the soonest application deadline first and
// those without one last, keeping the newest-first order among equals. The
// deadline lives in the posting JSON, so this sorts in Go.
func sortByDeadline(js []Job) {
	key := func(j Job) string {
		if d := j.Posting.Deadline; d != "" {
			return d
		}
		return "9999"
	}
	sort.SliceStable(js, func(a, b int) bool { return key(js[a]) < key(js[b]) })
}
