package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"
)

// Session is one signed-in (or not yet signed-in) browser. The cookie holds
// only a random token; this row holds what the session knows, so logging
// out, changing the password or "log out everywhere" really ends it.
type Session struct {
	ID         uint              `gorm:"primaryKey"`
	TokenHash  string            `gorm:"uniqueIndex"`
	UserID     uint              // 0 until the browser logs in
	Data       map[string]string `gorm:"serializer:json"`
	UserAgent  string
	IP         string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Session lifetimes: a signed-in session lasts 30 days from its last use;
// one that never signed in (a visitor on the login page) lasts 2 hours.
const (
	SessionTTL          = 30 * 24 * time.Hour
	AnonymousSessionTTL = 2 * time.Hour
	// sessionTouchEvery bounds the writes a busy session makes to note
	// that it is still in use.
	sessionTouchEvery = time.Minute
)

func newToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// CreateSession stores s under a new random token and returns the token,
// the only time it exists outside the browser.
func (db *DB) CreateSession(ctx context.Context, s *Session) (string, error) {
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	now := db.now()
	s.ID, s.TokenHash, s.CreatedAt, s.LastSeenAt = 0, hashToken(tok), now, now
	s.ExpiresAt = now.Add(sessionTTL(s.UserID))
	if s.Data == nil {
		s.Data = map[string]string{}
	}
	return tok, db.ctx(ctx).Create(s).Error
}

func sessionTTL(userID uint) time.Duration {
	if userID == 0 {
		return AnonymousSessionTTL
	}
	return SessionTTL
}

// SessionByToken returns the live session of a cookie token.
func (db *DB) SessionByToken(ctx context.Context, tok string) (*Session, error) {
	var s Session
	err := db.ctx(ctx).Where("token_hash = ? AND expires_at > ?", hashToken(tok), db.now()).Take(&s).Error
	if err != nil {
		return nil, notFound(err, "session")
	}
	return &s, nil
}

// SaveSession writes a session's data and owner; a session in use is
// extended, at most once a minute.
func (db *DB) SaveSession(ctx context.Context, s *Session) error {
	data, err := json.Marshal(s.Data)
	if err != nil {
		return err
	}
	now := db.now()
	s.LastSeenAt, s.ExpiresAt = now, now.Add(sessionTTL(s.UserID))
	return db.ctx(ctx).Model(&Session{}).Where("id = ?", s.ID).Updates(map[string]any{
		"user_id": s.UserID, "data": string(data), "last_seen_at": s.LastSeenAt, "expires_at": s.ExpiresAt,
		"ip": s.IP, "user_agent": s.UserAgent,
	}).Error
}

// TouchSession notes that a session is still in use when it was last noted
// more than a minute ago.
func (db *DB) TouchSession(ctx context.Context, s *Session, ip, userAgent string) error {
	now := db.now()
	if now.Sub(s.LastSeenAt) < sessionTouchEvery && s.IP == ip {
		return nil
	}
	s.LastSeenAt, s.ExpiresAt, s.IP, s.UserAgent = now, now.Add(sessionTTL(s.UserID)), ip, userAgent
	return db.ctx(ctx).Model(&Session{}).Where("id = ?", s.ID).Updates(map[string]any{
		"last_seen_at": s.LastSeenAt, "expires_at": s.ExpiresAt, "ip": ip, "user_agent": userAgent,
	}).Error
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, id uint) error {
	return db.ctx(ctx).Where("id = ?", id).Delete(&Session{}).Error
}

// DeleteUserSession ends one of a user's sessions (the Settings page's
// "log out" beside a device).
func (db *DB) DeleteUserSession(ctx context.Context, userID, id uint) error {
	return db.ctx(ctx).Where("user_id = ? AND id = ?", userID, id).Delete(&Session{}).Error
}

// DeleteUserSessions ends every session of a user but keep (0: all).
func (db *DB) DeleteUserSessions(ctx context.Context, userID, keep uint) (int64, error) {
	res := db.ctx(ctx).Where("user_id = ? AND id <> ?", userID, keep).Delete(&Session{})
	return res.RowsAffected, res.Error
}

// ListUserSessions returns a user's live sessions, most recently used first.
func (db *DB) ListUserSessions(ctx context.Context, userID uint) ([]Session, error) {
	var ss []Session
	err := db.ctx(ctx).Where("user_id = ? AND expires_at > ?", userID, db.now()).
		Order("last_seen_at DESC").Find(&ss).Error
	return ss, err
}

// DeleteExpiredSessions removes sessions past their lifetime, in batches.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var total int64
	for {
		res := db.ctx(ctx).Where("id IN (?)", db.ctx(ctx).Model(&Session{}).Select("id").
			Where("expires_at <= ?", db.now()).Limit(1000)).Delete(&Session{})
		if res.Error != nil {
			return total, res.Error
		}
		total += res.RowsAffected
		if res.RowsAffected < 1000 {
			return total, nil
		}
	}
}
