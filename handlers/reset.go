package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

var resetPerAddress = limit{"reset:ip:", 5, time.Hour}

func (h *Handler) showForgot(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.ForgotPage(h.page(c, "Reset your password"), views.ForgotForm{ByEmail: h.mailer != nil}))
}

// requestReset emails a one-time link when the email has an account. The
// page says the same for every email, so it tells nobody who has one.
func (h *Handler) requestReset(c *fiber.Ctx) error {
	f := views.ForgotForm{Email: models.NormalizeEmail(c.FormValue("email")), ByEmail: h.mailer != nil, Sent: true}
	if h.mailer == nil {
		return h.showForgot(c)
	}
	ls, keys := []limit{resetPerAddress}, []string{c.IP()}
	if err := h.check(c, "Too many reset requests from your network. Wait %s and try again.", ls, keys); err != nil {
		return err
	}
	h.record(c, ls, keys)
	if u, err := h.db.UserByEmail(c.UserContext(), f.Email); err == nil {
		tok, err := h.db.CreatePasswordReset(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		link := h.baseURL + "/reset/" + tok
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			body := "Someone (we hope you) asked to reset the password of your Tailor account.\n\n" +
				"Open this link within 15 minutes to choose a new one (it works once):\n" + link + "\n\n" +
				"If you didn't ask, ignore this message: your password stays as it is.\n"
			if err := h.mailer.Send(ctx, u.Email, "Reset your Tailor password", body); err != nil {
				h.log.Warn("mail: reset link", "error", err)
			}
		}()
	} else if apperr.Code(err) != apperr.ENOTFOUND {
		return err
	}
	return render(c, fiber.StatusOK, views.ForgotPage(h.page(c, "Reset your password"), f))
}

func (h *Handler) showReset(c *fiber.Ctx) error {
	tok := c.Params("token")
	u, err := h.db.PasswordResetUser(c.UserContext(), tok)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.ResetPage(h.page(c, "Choose a new password"), views.ResetForm{Token: tok, Email: u.Email}))
}

func (h *Handler) resetPassword(c *fiber.Ctx) error {
	tok := c.Params("token")
	u, err := h.db.PasswordResetUser(c.UserContext(), tok)
	if err != nil {
		return err
	}
	pw := c.FormValue("password")
	if p := models.PasswordProblem(pw, u.Email); p != "" {
		return render(c, fiber.StatusUnprocessableEntity, views.ResetPage(h.page(c, "Choose a new password"),
			views.ResetForm{Token: tok, Email: u.Email, Errors: map[string]string{"password": p}}))
	}
	if _, err := h.db.UsePasswordReset(c.UserContext(), tok, pw); err != nil {
		return err
	}
	s := sess(c)
	s.set("login_email", u.Email)
	flash(c, "Password changed. Log in with the new one.")
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// makeResetLink lets an admin make a one-time reset link for a person who
// lost their password when this Tailor sends no email.
func (h *Handler) makeResetLink(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.db.UserByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	tok, err := h.db.CreatePasswordReset(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	// The audit log says who made a link for whom; never the link.
	h.audit(c, "user.reset_link", "user", u.ID, "Made a one-time password reset link for "+u.Email, nil, nil)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.ResetLinkPage(h.page(c, "Reset link"), u.Email, h.baseURL+"/reset/"+tok))
}
