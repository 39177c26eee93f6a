package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/profile"
)

// Profile is a user's master profile; Version changes on every save so
// cached drafts of an older profile are never served.
type Profile struct {
	ID        uint           `gorm:"primaryKey"`
	UserID    uint           `gorm:"uniqueIndex"`
	Document  profile.Resume `gorm:"serializer:json"`
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ProfileOf returns a user's profile, or an empty one at version 0.
func (db *DB) ProfileOf(ctx context.Context, userID uint) (*Profile, error) {
	var p Profile
	err := db.ctx(ctx).Where("user_id = ?", userID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &Profile{UserID: userID}, nil
	}
	return &p, err
}

// SaveProfile stores doc and bumps the version. When expectVersion is not
// negative and the stored version differs, it refuses with ECONFLICT so an
// edit in another tab is not silently overwritten.
func (db *DB) SaveProfile(ctx context.Context, userID uint, doc profile.Resume, expectVersion int64) (*Profile, error) {
	var out Profile
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var cur Profile
		err := tx.Where("user_id = ?", userID).Take(&cur).Error
		now := db.now()
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if expectVersion > 0 {
				return conflict()
			}
			out = Profile{UserID: userID, Document: doc, Version: 1, CreatedAt: now, UpdatedAt: now}
			return tx.Create(&out).Error
		case err != nil:
			return err
		}
		if expectVersion >= 0 && cur.Version != expectVersion {
			return conflict()
		}
		res := tx.Model(&Profile{}).Where("id = ? AND version = ?", cur.ID, cur.Version).
			Updates(map[string]any{"document": Profile{Document: doc}.documentValue(), "version": cur.Version + 1, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return conflict()
		}
		out = cur
		out.Document, out.Version, out.UpdatedAt = doc, cur.Version+1, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (p Profile) documentValue() string {
	b, _ := p.Document.MarshalJSON()
	return string(b)
}

func conflict() error {
	return apperr.New(apperr.ECONFLICT, "Your profile was changed somewhere else (another tab?) since you opened it. Reload the page to get the latest version, then make your change again.")
}
