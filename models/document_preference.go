package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DocumentPreference is how a person's documents look: the template chosen
// on a job page and the paper size ("auto", "a4" or "letter"). Handlers
// check the values; a person with no row gets the defaults.
type DocumentPreference struct {
	UserID    uint      `gorm:"primaryKey;autoIncrement:false" json:"-"`
	Template  string    `json:"template"`
	Paper     string    `json:"paper"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DocumentPreferenceOf returns the person's choice, or the defaults
// (template "", paper "auto") when they have made none.
func (db *DB) DocumentPreferenceOf(ctx context.Context, userID uint) (DocumentPreference, error) {
	var p DocumentPreference
	err := db.ctx(ctx).Where("user_id = ?", userID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return DocumentPreference{UserID: userID, Paper: "auto"}, nil
	}
	return p, err
}

// SaveDocumentPreference stores the person's choice, replacing the last.
func (db *DB) SaveDocumentPreference(ctx context.Context, p DocumentPreference) error {
	p.UpdatedAt = db.now()
	if p.Paper == "" {
		p.Paper = "auto"
	}
	return db.ctx(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"template", "paper", "updated_at"}),
	}).Create(&p).Error
}
