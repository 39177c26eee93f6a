package handlers

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

// registerForm is the sign-up form, from a page or the JSON API.
type registerForm struct {
	Name     string `json:"name" form:"name"`
	Email    string `json:"email" form:"email"`
	Password string `json:"password" form:"password"`
}

// Validate returns a message per broken field.
func (f registerForm) Validate() map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(f.Name) == "" {
		errs["name"] = "Enter your name."
	} else if utf8.RuneCountInString(f.Name) > 200 {
		errs["name"] = "Use at most 200 characters."
	}
	if a, err := mail.ParseAddress(strings.TrimSpace(f.Email)); err != nil || a.Address != strings.TrimSpace(f.Email) {
		errs["email"] = "Enter an email address like name@example.com."
	}
	if n := utf8.RuneCountInString(f.Password); n < 8 {
		errs["password"] = "Use at least 8 characters."
	} else if len(f.Password) > 72 {
		errs["password"] = "Use at most 72 bytes (a limit of bcrypt)."
	}
	return errs
}

// loginForm is the log-in form.
type loginForm struct {
	Email    string `json:"email" form:"email"`
	Password string `json:"password" form:"password"`
	Next     string `form:"next"`
}

func (h *Handler) showRegister(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.RegisterPage(h.page(c, "Create your account"), views.RegisterForm{}))
}

func (h *Handler) register(c *fiber.Ctx) error {
	var f registerForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.Wrap(err, apperr.EINVALID, "The form could not be read. Reload the page and try again.")
	}
	u, err := h.createAccount(c, f)
	if err != nil {
		var fields map[string]string
		if ae, ok := err.(*apperr.Error); ok && ae.Fields != nil {
			fields = ae.Fields
		} else {
			return err
		}
		return render(c, fiber.StatusUnprocessableEntity, views.RegisterPage(h.page(c, "Create your account"),
			views.RegisterForm{Name: f.Name, Email: f.Email, Errors: fields}))
	}
	h.startSession(c, u)
	flash(c, "Welcome to Tailor! Start with your profile: it is what every CV and letter is made from.")
	return c.Redirect("/profile", fiber.StatusSeeOther)
}

func (h *Handler) createAccount(c *fiber.Ctx, f registerForm) (*models.User, error) {
	if errs := f.Validate(); len(errs) > 0 {
		return nil, apperr.Invalid(errs, "Fix the highlighted fields and try again.")
	}
	return h.db.CreateUser(c.UserContext(), f.Email, f.Name, f.Password, models.RoleUser)
}

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.LoginPage(h.page(c, "Log in"), views.LoginForm{Next: safeNext(c.Query("next"))}))
}

func (h *Handler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.Wrap(err, apperr.EINVALID, "The form could not be read. Reload the page and try again.")
	}
	u, err := h.authenticate(c, f.Email, f.Password)
	if err != nil {
		status := apperr.Status(apperr.Code(err))
		return render(c, status, views.LoginPage(h.page(c, "Log in"),
			views.LoginForm{Email: f.Email, Next: safeNext(f.Next), Error: apperr.Message(err)}))
	}
	h.startSession(c, u)
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

// authenticate checks a password, throttled per IP and email.
func (h *Handler) authenticate(c *fiber.Ctx, email, password string) (*models.User, error) {
	key := c.IP() + "|" + models.NormalizeEmail(email)
	if ok, until := h.logins.allowed(key); !ok {
		wait := time.Until(until).Round(time.Minute)
		if wait < time.Minute {
			wait = time.Minute
		}
		e := apperr.New(apperr.ERATELIMIT, "Too many failed attempts. Wait %s and try again, or ask an admin of this Tailor to reset your password.", wait)
		e.ResetsAt = until
		return nil, e
	}
	u, err := h.db.UserByEmail(c.UserContext(), email)
	if err != nil && apperr.Code(err) != apperr.ENOTFOUND {
		return nil, err
	}
	if u == nil {
		models.CheckDummyPassword(password)
	}
	if u == nil || !u.CheckPassword(password) {
		h.logins.fail(key)
		return nil, apperr.New(apperr.EUNAUTHORIZED, "That email and password do not match an account. Check them and try again.")
	}
	h.logins.reset(key)
	return u, nil
}

func (h *Handler) startSession(c *fiber.Ctx, u *models.User) {
	s := sess(c)
	s.clear()
	s.set("uid", itoa(int(u.ID)))
	s.set("csrf", randomToken()) // a new token at every login
}

func (h *Handler) logout(c *fiber.Ctx) error {
	sess(c).clear()
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// safeNext keeps redirects after login on this site: a path that starts
// with one "/" followed by a character that is not "/", "\\" or a control
// character (browsers drop tabs and newlines, so "/\t/evil.example" would
// leave the site). Anything else goes to the dashboard.
func safeNext(next string) string {
	if next == "/" {
		return next
	}
	if len(next) < 2 || next[0] != '/' || next[1] == '/' || next[1] == '\\' || next[1] < 0x20 || next[1] == 0x7f {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	return next
}

func (h *Handler) apiRegister(c *fiber.Ctx) error {
	var f registerForm
	if err := parseJSON(c, &f); err != nil {
		return err
	}
	u, err := h.createAccount(c, f)
	if err != nil {
		if apperr.Code(err) == apperr.EINVALID && strings.Contains(apperr.Message(err), "already exists") {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: apperr.Message(err)}
		}
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": u.ID, "email": u.Email})
}

func (h *Handler) apiLogin(c *fiber.Ctx) error {
	var f loginForm
	if err := parseJSON(c, &f); err != nil {
		return err
	}
	u, err := h.authenticate(c, f.Email, f.Password)
	if err != nil {
		return err
	}
	tok, _, err := h.db.CreateToken(c.UserContext(), u.ID, "login "+time.Now().UTC().Format("2006-01-02 15:04"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"token": tok})
}
