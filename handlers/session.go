package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// This file is the only bridge between gorilla/sessions (net/http) and
// Fiber (fasthttp): it decodes and encodes the session cookie with the
// store's own codecs and options and writes the cookie through Fiber.

const sessionName = "tailor_session"

func newSessionStore(secret []byte, secure bool) *sessions.CookieStore {
	// First half signs, second half encrypts (AES-256).
	hashKey, blockKey := secret[:32], secret[32:64]
	s := sessions.NewCookieStore(hashKey, blockKey)
	s.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int((30 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	s.MaxAge(s.Options.MaxAge)
	return s
}

// session is the decoded cookie of one request.
type session struct {
	values map[any]any
	dirty  bool
}

func (h *Handler) loadSession(c *fiber.Ctx) *session {
	s := &session{values: map[any]any{}}
	if raw := c.Cookies(sessionName); raw != "" {
		if err := securecookie.DecodeMulti(sessionName, raw, &s.values, h.sessions.Codecs...); err != nil {
			s.values = map[any]any{}
		}
	}
	return s
}

func (s *session) get(key string) string {
	v, _ := s.values[key].(string)
	return v
}

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
	s.values = map[any]any{}
	s.dirty = true
}

// saveSession writes the cookie if the session changed.
func (h *Handler) saveSession(c *fiber.Ctx, s *session) error {
	if !s.dirty {
		return nil
	}
	o := h.sessions.Options
	enc, err := securecookie.EncodeMulti(sessionName, s.values, h.sessions.Codecs...)
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
	s.dirty = false
	return nil
}
