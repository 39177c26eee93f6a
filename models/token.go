package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// APIToken is a bearer token for the JSON API. Only its SHA-256 is stored,
// so a database leak does not leak working tokens.
type APIToken struct {
	ID         uint       `gorm:"primaryKey" json:"id"`
	UserID     uint       `json:"-"`
	Name       string     `json:"name"`
	TokenHash  string     `json:"-"`
	Last4      string     `json:"last4"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// ExpiresAt ends the token by itself; nil lasts until revoked.
	ExpiresAt *time.Time `json:"expires_at"`
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token for a user and returns it in plain text;
// this is the only time it can be seen.
func (db *DB) CreateToken(ctx context.Context, userID uint, name string) (string, *APIToken, error) {
	return db.CreateTokenUntil(ctx, userID, name, nil)
}

// CreateTokenUntil is CreateToken for a token that stops working at
// expires (nil: never).
func (db *DB) CreateTokenUntil(ctx context.Context, userID uint, name string, expires *time.Time) (string, *APIToken, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	tok := "tlr_" + base64.RawURLEncoding.EncodeToString(b[:])
	t := &APIToken{UserID: userID, Name: name, TokenHash: hashToken(tok), Last4: tok[len(tok)-4:], CreatedAt: db.now(), ExpiresAt: expires}
	if err := db.ctx(ctx).Create(t).Error; err != nil {
		return "", nil, err
	}
	return tok, t, nil
}

// UserByToken finds the owner of a bearer token and notes its use.
func (db *DB) UserByToken(ctx context.Context, tok string) (*User, error) {
	var t APIToken
	now := db.now()
	if err := db.ctx(ctx).Where("token_hash = ? AND (expires_at IS NULL OR expires_at > ?)", hashToken(tok), now).Take(&t).Error; err != nil {
		return nil, notFound(err, "token")
	}
	db.ctx(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now)
	return db.UserByID(ctx, t.UserID)
}

// ListTokens returns a user's tokens, newest first.
func (db *DB) ListTokens(ctx context.Context, userID uint) ([]APIToken, error) {
	var ts []APIToken
	err := db.ctx(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&ts).Error
	return ts, err
}

// DeleteToken revokes one of a user's tokens.
func (db *DB) DeleteToken(ctx context.Context, userID, id uint) error {
	return db.ctx(ctx).Where("user_id = ? AND id = ?", userID, id).Delete(&APIToken{}).Error
}

// DeleteUserTokens revokes every API token of a user (a password change or
// reset does this: whoever had the old password may have minted one).
func (db *DB) DeleteUserTokens(ctx context.Context, userID uint) error {
	return db.ctx(ctx).Where("user_id = ?", userID).Delete(&APIToken{}).Error
}
