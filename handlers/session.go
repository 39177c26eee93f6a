package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"tailor/models"
)

// Sessions live in the database (models.Session); the cookie carries only
// a random token, signed and encrypted with gorilla's codecs. This file is
// the only bridge between gorilla/sessions (net/http) and Fiber (fasthttp).

const sessionName = "tailor_session"

func newSessionStore(secret []byte, secure bool) *sessions.CookieStore {
	// First half signs, second half encrypts (AES-256).
	hashKey, blockKey := secret[:32], secret[32:64]
	s := sessions.NewCookieStore(hashKey, blockKey)
	s.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(models.SessionTTL.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	s.MaxAge(s.Options.MaxAge)
	return s
}

// session is the server-side session of one request.
type session struct {
	values map[string]string
	row    *models.Session // nil until something was worth saving
	dirty  bool
	// rotate gives the session a new token at the next save (at login, so
	// a token planted before login is worth nothing after it).
	rotate bool
	// ended removes the session and its cookie at the next save.
	ended bool
}

func (g *gate) loadSession(c *fiber.Ctx) *session {
	s := &session{values: map[string]string{}}
	raw := c.Cookies(sessionName)
	if raw == "" {
		return s
	}
	var tok string
	if err := securecookie.DecodeMulti(sessionName, raw, &tok, g.cookies.Codecs...); err != nil || tok == "" {
		return s
	}
	row, err := g.store.SessionByToken(c.UserContext(), tok)
	if err != nil {
		return s
	}
	s.row = row
	for k, v := range row.Data {
		s.values[k] = v
	}
	return s
}

func (s *session) get(key string) string { return s.values[key] }

func (s *session) set(key, value string) {
	s.values[key] = value
	s.dirty = true
}

func (s *session) del(key string) {
	if _, ok := s.values[key]; ok {
		delete(s.values, key)
		s.dirty = true
	}
}

func (s *session) clear() {
	s.values = map[string]string{}
	s.dirty = true
}

// end logs the session out for good: its row is deleted, so a copy of the
// cookie kept elsewhere opens nothing.
func (s *session) end() {
	s.clear()
	s.ended = true
}

// id is the session's row id, 0 before it was first saved.
func (s *session) id() uint {
	if s.row == nil {
		return 0
	}
	return s.row.ID
}

func (s *session) userID() uint {
	id, _ := strconv.ParseUint(s.values["uid"], 10, 64)
	return uint(id)
}

// saveSession stores what changed and sets or clears the cookie.
func (g *gate) saveSession(c *fiber.Ctx, s *session) error {
	ctx := c.UserContext()
	ip, ua := c.IP(), truncate(c.Get(fiber.HeaderUserAgent), 300)
	switch {
	case s.ended:
		if s.row != nil {
			if err := g.store.DeleteSession(ctx, s.row.ID); err != nil {
				return err
			}
		}
		c.Cookie(&fiber.Cookie{Name: sessionName, Value: "", Path: "/", MaxAge: -1,
			Expires: time.Unix(0, 0), Secure: g.cookies.Options.Secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
		return nil
	case s.row == nil || s.rotate:
		if !s.dirty {
			return nil
		}
		if s.row != nil {
			if err := g.store.DeleteSession(ctx, s.row.ID); err != nil {
				return err
			}
		}
		row := &models.Session{UserID: s.userID(), Data: s.values, IP: ip, UserAgent: ua}
		tok, err := g.store.CreateSession(ctx, row)
		if err != nil {
			return err
		}
		if row.ID%500 == 0 {
			_, _ = g.store.DeleteExpiredSessions(ctx)
		}
		s.row, s.rotate, s.dirty = row, false, false
		return g.setSessionCookie(c, tok)
	case s.dirty:
		s.row.UserID, s.row.Data, s.row.IP, s.row.UserAgent = s.userID(), s.values, ip, ua
		s.dirty = false
		return g.store.SaveSession(ctx, s.row)
	default:
		return g.store.TouchSession(ctx, s.row, ip, ua)
	}
}

func (g *gate) setSessionCookie(c *fiber.Ctx, tok string) error {
	o := g.cookies.Options
	enc, err := securecookie.EncodeMulti(sessionName, tok, g.cookies.Codecs...)
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name:     sessionName,
		Value:    enc,
		Path:     o.Path,
		MaxAge:   o.MaxAge,
		Expires:  time.Now().Add(time.Duration(o.MaxAge) * time.Second),
		Secure:   o.Secure,
		HTTPOnly: o.HttpOnly,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
