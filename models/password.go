package models

import (
	"context"
	_ "embed"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"tailor/apperr"
)

// PasswordReset is a one-time link to set a new password. Only the hash of
// its token is stored.
type PasswordReset struct {
	ID        uint `gorm:"primaryKey"`
	UserID    uint
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// ResetLinkTTL is how long a reset link works.
const ResetLinkTTL = 15 * time.Minute

// CreatePasswordReset makes a one-time reset token for a user, valid for
// ResetLinkTTL, and returns it in plain text (to email or to show an admin).
func (db *DB) CreatePasswordReset(ctx context.Context, userID uint) (string, error) {
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	now := db.now()
	r := PasswordReset{UserID: userID, TokenHash: hashToken(tok), ExpiresAt: now.Add(ResetLinkTTL), CreatedAt: now}
	return tok, db.ctx(ctx).Create(&r).Error
}

// PasswordResetUser returns the user a live reset token belongs to.
func (db *DB) PasswordResetUser(ctx context.Context, tok string) (*User, error) {
	var r PasswordReset
	err := db.ctx(ctx).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hashToken(tok), db.now()).Take(&r).Error
	if err != nil {
		return nil, apperr.New(apperr.ENOTFOUND, "This reset link has expired or was already used. Ask for a new one.")
	}
	return db.UserByID(ctx, r.UserID)
}

// UsePasswordReset sets a new password through a reset token, once: the
// token is spent and every session and API token of the user is revoked.
func (db *DB) UsePasswordReset(ctx context.Context, tok, password string) (*User, error) {
	var uid uint
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		now := db.now()
		res := tx.Model(&PasswordReset{}).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hashToken(tok), now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.ENOTFOUND, "This reset link has expired or was already used. Ask for a new one.")
		}
		var r PasswordReset
		if err := tx.Where("token_hash = ?", hashToken(tok)).Take(&r).Error; err != nil {
			return err
		}
		uid = r.UserID
		return setPassword(tx, uid, password, 0, now)
	})
	if err != nil {
		return nil, err
	}
	return db.UserByID(ctx, uid)
}

// ChangePassword sets a user's password and ends every other session and
// every API token, keeping only the session keep (the one that asked).
func (db *DB) ChangePassword(ctx context.Context, userID uint, password string, keep uint) error {
	return db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		return setPassword(tx, userID, password, keep, db.now())
	})
}

func setPassword(tx *gorm.DB, userID uint, password string, keepSession uint, now time.Time) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if err := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": string(hash), "updated_at": now}).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ? AND id <> ?", userID, keepSession).Delete(&Session{}).Error; err != nil {
		return err
	}
	return tx.Where("user_id = ?", userID).Delete(&APIToken{}).Error
}

//go:embed common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// PasswordProblem returns what is wrong with a new password for the person
// with this email, or "" when it is fine: long enough, within bcrypt's 72
// bytes, not one of the passwords every attacker tries first, not the email.
func PasswordProblem(password, email string) string {
	switch n := utf8.RuneCountInString(password); {
	case n < 8:
		return "Use at least 8 characters."
	case len(password) > 72:
		return "Use at most 72 bytes (a limit of bcrypt)."
	}
	low := strings.ToLower(password)
	if commonPasswords[low] || allSame(low) {
		return "That password is one of the first ones attackers try. Choose another: a few unrelated words work well."
	}
	if e := NormalizeEmail(email); e != "" && (low == e || low == strings.SplitN(e, "@", 2)[0]) {
		return "Don't use your email address as your password."
	}
	return ""
}

func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}
