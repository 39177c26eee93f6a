package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
)

// Throttles, counted in the database so every instance agrees: failed
// logins per address and account, per address (password spraying across
// accounts) and per account (guessing from many addresses); registrations
// and reset requests per address.
var (
	loginPerAddressAccount = limit{"login:ip+email:", 5, 15 * time.Minute}
	loginPerAddress        = limit{"login:ip:", 20, 15 * time.Minute}
	loginPerAccount        = limit{"login:email:", 20, time.Hour}
	registerPerAddress     = limit{"register:ip:", 5, time.Hour}
	resetPerAddress        = limit{"reset:ip:", 5, time.Hour}
)

// limit is a sliding window: at most max events per window for one key.
type limit struct {
	prefix string
	max    int
	window time.Duration
}

// rateStore counts throttled events.
type rateStore interface {
	RateCheck(ctx context.Context, key string, max int, window time.Duration) (time.Time, error)
	RateRecord(ctx context.Context, key string) error
	RateClear(ctx context.Context, key string) error
}

// throttle applies limits; the account pages share one.
type throttle struct {
	store rateStore
	log   *slog.Logger
}

func newThrottle(store rateStore, log *slog.Logger) *throttle {
	return &throttle{store: store, log: log}
}

// check returns an ERATELIMIT error with the time to come back when any of
// the limits is reached for its key.
func (t *throttle) check(c *fiber.Ctx, msg string, ls []limit, keys []string) error {
	var until time.Time
	for i, l := range ls {
		at, err := t.store.RateCheck(c.UserContext(), l.prefix+keys[i], l.max, l.window)
		if err != nil {
			return err
		}
		if at.After(until) {
			until = at
		}
	}
	if until.IsZero() {
		return nil
	}
	wait := time.Until(until).Round(time.Minute)
	if wait < time.Minute {
		wait = time.Minute
	}
	e := apperr.New(apperr.ERATELIMIT, msg, wait)
	e.ResetsAt = until
	return e
}

func (t *throttle) record(c *fiber.Ctx, ls []limit, keys []string) {
	for i, l := range ls {
		if err := t.store.RateRecord(c.UserContext(), l.prefix+keys[i]); err != nil {
			t.log.Warn("throttle: record", "error", err)
		}
	}
}

func (t *throttle) clear(c *fiber.Ctx, l limit, key string) {
	_ = t.store.RateClear(c.UserContext(), l.prefix+key)
}

// loginStore finds the account an email belongs to.
type loginStore interface {
	UserByEmail(ctx context.Context, email string) (*models.User, error)
}

// logins checks passwords, throttled: the login form, the API login and
// the change-password form share it.
type logins struct {
	users  loginStore
	limits *throttle
}

func newLogins(users loginStore, limits *throttle) *logins {
	return &logins{users: users, limits: limits}
}

// authenticate checks a password, throttled per address and account.
func (l *logins) authenticate(c *fiber.Ctx, email, password string) (*models.User, error) {
	email = models.NormalizeEmail(email)
	ls := []limit{loginPerAddressAccount, loginPerAddress, loginPerAccount}
	keys := []string{c.IP() + "|" + email, c.IP(), email}
	if err := l.limits.check(c, "Too many failed attempts. Wait %s and try again, or use \"Forgot your password?\" on the login page.", ls, keys); err != nil {
		return nil, err
	}
	u, err := l.users.UserByEmail(c.UserContext(), email)
	if err != nil && apperr.Code(err) != apperr.ENOTFOUND {
		return nil, err
	}
	if u == nil {
		models.CheckDummyPassword(password)
	}
	if u == nil || !u.CheckPassword(password) {
		l.limits.record(c, ls, keys)
		return nil, apperr.New(apperr.EUNAUTHORIZED, "That email and password do not match an account. Check them and try again.")
	}
	l.limits.clear(c, loginPerAddressAccount, keys[0])
	return u, nil
}
