package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"tailor/apperr"
	"tailor/models"
)

const (
	keyUser    = "user"
	keySession = "session"
)

// gateStore is what the gate reads and writes: the people behind a
// session or an API token, and the session rows the cookie points at.
type gateStore interface {
	UserByID(ctx context.Context, id uint) (*models.User, error)
	UserByToken(ctx context.Context, tok string) (*models.User, error)
	SessionByToken(ctx context.Context, tok string) (*models.Session, error)
	CreateSession(ctx context.Context, s *models.Session) (string, error)
	SaveSession(ctx context.Context, s *models.Session) error
	TouchSession(ctx context.Context, s *models.Session, ip, userAgent string) error
	DeleteSession(ctx context.Context, id uint) error
	DeleteExpiredSessions(ctx context.Context) (int64, error)
}

// gate is the middleware that says who is asking: the cookie session of
// pages (session.go is its bridge to gorilla/sessions), the bearer token
// of the API, and the metrics token.
type gate struct {
	store        gateStore
	cookies      *sessions.CookieStore
	metricsToken string
}

func newGate(store gateStore, cookies *sessions.CookieStore, metricsToken string) *gate {
	return &gate{store: store, cookies: cookies, metricsToken: metricsToken}
}

// withSession loads the session and its user for page routes, makes sure
// the session has a CSRF token, and saves the cookie after the handler.
func (g *gate) withSession(c *fiber.Ctx) error {
	s := g.loadSession(c)
	c.Locals(keySession, s)
	if id := s.userID(); id > 0 {
		if u, err := g.store.UserByID(c.UserContext(), id); err == nil {
			c.Locals(keyUser, u)
		} else {
			s.del("uid")
		}
	}
	if s.get("csrf") == "" {
		s.set("csrf", randomToken())
	}
	err := c.Next()
	if serr := g.saveSession(c, s); serr != nil && err == nil {
		err = serr
	}
	return err
}

// csrf refuses state-changing page requests without the session's token,
// taken from the _csrf form field or the X-CSRF-Token header (htmx).
func csrf(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	want := sess(c).get("csrf")
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return apperr.New(apperr.EFORBIDDEN, "This form has expired or was sent from another site, so nothing was saved. Reload the page and try again.")
	}
	return c.Next()
}

// requireUser sends visitors who are not logged in to the login page.
func requireUser(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		// A page for one person must never be kept by a shared cache or
		// the browser's back-forward history after logout.
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Next()
	}
	next := "/login?next=" + url.QueryEscape(c.OriginalURL())
	if isHTMX(c) {
		c.Set("HX-Redirect", next)
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// requireAdmin answers 403 to anyone but an admin.
func requireAdmin(c *fiber.Ctx) error {
	if !currentUser(c).IsAdmin() {
		return apperr.New(apperr.EFORBIDDEN, "This page is for admins only. If you need access, ask an admin of this Tailor.")
	}
	return c.Next()
}

// apiAuth authenticates JSON API calls with a bearer token.
func (g *gate) apiAuth(c *fiber.Ctx) error {
	auth := c.Get(fiber.HeaderAuthorization)
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return apperr.New(apperr.EUNAUTHORIZED, "Send your API token as 'Authorization: Bearer <token>'. Get one from POST /api/v1/auth/login or the Settings page.")
	}
	u, err := g.store.UserByToken(c.UserContext(), strings.TrimSpace(tok))
	if err != nil {
		if apperr.Code(err) == apperr.ENOTFOUND {
			return apperr.New(apperr.EUNAUTHORIZED, "This API token is not valid (it may have been revoked). Log in again to get a new one.")
		}
		return err
	}
	c.Locals(keyUser, u)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func currentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(keyUser).(*models.User)
	return u
}

func sess(c *fiber.Ctx) *session {
	s, _ := c.Locals(keySession).(*session)
	if s == nil {
		return &session{values: map[string]string{}}
	}
	return s
}

func flash(c *fiber.Ctx, msg string) { sess(c).set("flash", msg) }

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func itoa(n int) string { return strconv.Itoa(n) }

// paramID reads a numeric route parameter.
func paramID(c *fiber.Ctx, name string) (uint, error) {
	n, err := strconv.ParseUint(c.Params(name), 10, 64)
	if err != nil || n == 0 {
		return 0, apperr.New(apperr.ENOTFOUND, "There is nothing at this address. Check the link, or go back to your dashboard.")
	}
	return uint(n), nil
}

// metricsAuth lets Prometheus in with METRICS_TOKEN as its bearer token,
// and an admin with their API token (apiAuth, then requireAdmin).
func (g *gate) metricsAuth(c *fiber.Ctx) error {
	tok, _ := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if g.metricsToken != "" && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(g.metricsToken)) == 1 {
		c.Locals(keyMetricsToken, true)
		return c.Next()
	}
	return g.apiAuth(c)
}

const keyMetricsToken = "metrics_token"

func metricsAdmin(c *fiber.Ctx) error {
	if ok, _ := c.Locals(keyMetricsToken).(bool); ok {
		return c.Next()
	}
	return requireAdmin(c)
}
