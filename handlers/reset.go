package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

// resetStore makes and uses one-time password reset links.
type resetStore interface {
	UserByEmail(ctx context.Context, email string) (*models.User, error)
	CreatePasswordReset(ctx context.Context, userID uint) (string, error)
	PasswordResetUser(ctx context.Context, tok string) (*models.User, error)
	UsePasswordReset(ctx context.Context, tok, password string) (*models.User, error)
}

// resetHandler is "Forgot your password?": the emailed link and the form
// it opens.
type resetHandler struct {
	site   *site
	store  resetStore
	limits *throttle
	mail   *notifier
}

func newResetHandler(s *site, store resetStore, limits *throttle, mail *notifier) *resetHandler {
	return &resetHandler{site: s, store: store, limits: limits, mail: mail}
}

func (h *resetHandler) showForgot(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.ForgotPage(h.site.page(c, "Reset your password"), views.ForgotForm{ByEmail: h.mail.enabled()}))
}

// requestReset emails a one-time link when the email has an account. The
// page says the same for every email, so it tells nobody who has one.
func (h *resetHandler) requestReset(c *fiber.Ctx) error {
	f := views.ForgotForm{Email: models.NormalizeEmail(c.FormValue("email")), ByEmail: h.mail.enabled(), Sent: true}
	if !h.mail.enabled() {
		return h.showForgot(c)
	}
	ls, keys := []limit{resetPerAddress}, []string{c.IP()}
	if err := h.limits.check(c, "Too many reset requests from your network. Wait %s and try again.", ls, keys); err != nil {
		return err
	}
	h.limits.record(c, ls, keys)
	if u, err := h.store.UserByEmail(c.UserContext(), f.Email); err == nil {
		tok, err := h.store.CreatePasswordReset(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		body := "Someone (we hope you) asked to reset the password of your Tailor account.\n\n" +
			"Open this link within 15 minutes to choose a new one (it works once):\n" + h.mail.link("/reset/"+tok) + "\n\n" +
			"If you didn't ask, ignore this message: your password stays as it is.\n"
		h.mail.sendLater(u.Email, "Reset your Tailor password", body, "reset link")
	} else if apperr.Code(err) != apperr.ENOTFOUND {
		return err
	}
	return render(c, fiber.StatusOK, views.ForgotPage(h.site.page(c, "Reset your password"), f))
}

func (h *resetHandler) showReset(c *fiber.Ctx) error {
	tok := c.Params("token")
	u, err := h.store.PasswordResetUser(c.UserContext(), tok)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.ResetPage(h.site.page(c, "Choose a new password"), views.ResetForm{Token: tok, Email: u.Email}))
}

func (h *resetHandler) resetPassword(c *fiber.Ctx) error {
	tok := c.Params("token")
	u, err := h.store.PasswordResetUser(c.UserContext(), tok)
	if err != nil {
		return err
	}
	pw := c.FormValue("password")
	if p := models.PasswordProblem(pw, u.Email); p != "" {
		return render(c, fiber.StatusUnprocessableEntity, views.ResetPage(h.site.page(c, "Choose a new password"),
			views.ResetForm{Token: tok, Email: u.Email, Errors: map[string]string{"password": p}}))
	}
	if _, err := h.store.UsePasswordReset(c.UserContext(), tok, pw); err != nil {
		return err
	}
	s := sess(c)
	s.set("login_email", u.Email)
	flash(c, "Password changed. Log in with the new one.")
	return c.Redirect("/login", fiber.StatusSeeOther)
}
