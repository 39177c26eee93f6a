package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/profile"
)

// AccountExport is everything Tailor holds about one person, as one JSON
// document they can keep or take elsewhere.
type AccountExport struct {
	ExportedAt time.Time       `json:"exported_at"`
	Account    ExportedAccount `json:"account"`
	Profile    *profile.Resume `json:"profile"`
	Jobs       []ExportedJob   `json:"jobs"`
	Tokens     []APIToken      `json:"api_tokens"`
	// Documents is the template and paper chosen for documents, if any.
	Documents *DocumentPreference `json:"document_preference,omitempty"`
}

// ExportedAccount is the account itself, without its password hash.
type ExportedAccount struct {
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Plan      string    `json:"plan"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportedJob is a job with its tracker, history and every draft.
type ExportedJob struct {
	ID         uint             `json:"id"`
	SourceKind string           `json:"source_kind"`
	SourceURL  string           `json:"source_url,omitempty"`
	InputText  string           `json:"input_text,omitempty"`
	Status     string           `json:"status"`
	Posting    any              `json:"posting"`
	AppStatus  string           `json:"application_status"`
	Notes      string           `json:"notes,omitempty"`
	FollowUpOn string           `json:"follow_up_on,omitempty"`
	History    []JobStatusEvent `json:"status_history"`
	CVs        []any            `json:"cv_drafts"`
	Letters    []any            `json:"cover_letters"`
	CreatedAt  time.Time        `json:"created_at"`
}

// ExportAccount gathers a person's data.
func (db *DB) ExportAccount(ctx context.Context, userID uint) (*AccountExport, error) {
	u, err := db.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := &AccountExport{ExportedAt: db.now(), Jobs: []ExportedJob{},
		Account: ExportedAccount{Email: u.Email, Name: u.Name, Plan: u.Plan, CreatedAt: u.CreatedAt}}
	if p, err := db.ProfileOf(ctx, userID); err != nil {
		return nil, err
	} else if p.Version > 0 {
		out.Profile = &p.Document
	}
	var js []Job
	if err := db.ctx(ctx).Where("user_id = ?", userID).Order("id").Find(&js).Error; err != nil {
		return nil, err
	}
	var cvs []CVDraft
	var letters []CoverLetter
	var events []JobStatusEvent
	if err := db.ctx(ctx).Where("user_id = ?", userID).Order("id").Find(&cvs).Error; err != nil {
		return nil, err
	}
	if err := db.ctx(ctx).Where("user_id = ?", userID).Order("id").Find(&letters).Error; err != nil {
		return nil, err
	}
	if err := db.ctx(ctx).Where("job_id IN (?)", db.ctx(ctx).Model(&Job{}).Select("id").Where("user_id = ?", userID)).
		Order("id").Find(&events).Error; err != nil {
		return nil, err
	}
	byJob := map[uint]*ExportedJob{}
	for _, j := range js {
		out.Jobs = append(out.Jobs, ExportedJob{ID: j.ID, SourceKind: j.SourceKind, SourceURL: j.SourceURL,
			InputText: j.InputText, Status: j.Status, Posting: j.Posting, AppStatus: j.AppStatus, Notes: j.Notes,
			FollowUpOn: j.FollowUpOn, History: []JobStatusEvent{}, CVs: []any{}, Letters: []any{}, CreatedAt: j.CreatedAt})
	}
	for i := range out.Jobs {
		byJob[out.Jobs[i].ID] = &out.Jobs[i]
	}
	for _, e := range events {
		if j := byJob[e.JobID]; j != nil {
			j.History = append(j.History, e)
		}
	}
	for _, d := range cvs {
		if j := byJob[d.JobID]; j != nil && d.Status == StatusDone {
			j.CVs = append(j.CVs, map[string]any{"id": d.ID, "created_at": d.CreatedAt, "edited": d.Edited, "offline": d.Offline, "cv": d.Content})
		}
	}
	for _, l := range letters {
		if j := byJob[l.JobID]; j != nil && l.Status == StatusDone {
			j.Letters = append(j.Letters, map[string]any{"id": l.ID, "created_at": l.CreatedAt, "edited": l.Edited, "offline": l.Offline, "tone": l.Tone, "letter": l.Content})
		}
	}
	if out.Tokens, err = db.ListTokens(ctx, userID); err != nil {
		return nil, err
	}
	if d, err := db.DocumentPreferenceOf(ctx, userID); err != nil {
		return nil, err
	} else if !d.UpdatedAt.IsZero() {
		out.Documents = &d
	}
	return out, nil
}

// DeleteAccount removes a person and all their data: profile, jobs, drafts,
// tokens and sessions go by cascade or here; quota counters go too. The
// usage log keeps its rows (the admins' cost history) under the bare id.
// The last admin cannot delete their account.
func (db *DB) DeleteAccount(ctx context.Context, userID uint) error {
	return db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Take(&u, userID).Error; err != nil {
			return notFound(err, "user")
		}
		if u.Role == RoleAdmin {
			var admins int64
			if err := tx.Model(&User{}).Where("role = ?", RoleAdmin).Count(&admins).Error; err != nil {
				return err
			}
			if admins <= 1 {
				return apperr.New(apperr.ECONFLICT, "You are the only admin: make another user an admin first, then delete this account.")
			}
		}
		for _, t := range []string{"sessions", "ai_quota_usage", "ai_quota_reservations", "document_preferences"} {
			if err := tx.Exec("DELETE FROM "+t+" WHERE user_id = ?", userID).Error; err != nil {
				return err
			}
		}
		return tx.Delete(&User{}, userID).Error
	})
}
