package models_test

import (
	"context"
	"testing"

	"tailor/models"
	"tailor/models/dbtest"
)

func TestDocumentPreferences(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "zoe@example.org", "Zoë", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateUser(ctx, "sam@example.org", "Sam", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.DocumentPreferenceOf(ctx, u.ID)
		if err != nil || p.Template != "" || p.Paper != "auto" {
			t.Fatalf("defaults = %+v, %v", p, err)
		}
		if err := db.SaveDocumentPreference(ctx, models.DocumentPreference{UserID: u.ID, Template: "modern"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveDocumentPreference(ctx, models.DocumentPreference{UserID: u.ID, Template: "compact", Paper: "letter"}); err != nil {
			t.Fatal(err)
		}
		p, err = db.DocumentPreferenceOf(ctx, u.ID)
		if err != nil || p.Template != "compact" || p.Paper != "letter" || p.UpdatedAt.IsZero() {
			t.Fatalf("saved = %+v, %v", p, err)
		}
		if p, _ := db.DocumentPreferenceOf(ctx, other.ID); p.Template != "" {
			t.Fatalf("another person's choice leaked: %+v", p)
		}

		// The choice is part of the person's data: exported, and deleted
		// with the account.
		exp, err := db.ExportAccount(ctx, u.ID)
		if err != nil || exp.Documents == nil || exp.Documents.Template != "compact" {
			t.Fatalf("export: %+v, %v", exp.Documents, err)
		}
		if exp, _ := db.ExportAccount(ctx, other.ID); exp.Documents != nil {
			t.Fatalf("export of someone with no choice: %+v", exp.Documents)
		}
		if err := db.DeleteAccount(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.Gorm().Table("document_preferences").Where("user_id = ?", u.ID).Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("after delete: %d rows, %v", n, err)
		}
	})
}
