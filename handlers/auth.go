package handlers

import (
	"context"
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
	if p := models.PasswordProblem(f.Password, f.Email); p != "" {
		errs["password"] = p
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
	if err := h.createAccount(c, f); err != nil {
		var fields map[string]string
		if ae, ok := err.(*apperr.Error); ok && ae.Fields != nil {
			fields = ae.Fields
		} else {
			return err
		}
		return render(c, fiber.StatusUnprocessableEntity, views.RegisterPage(h.page(c, "Create your account"),
			views.RegisterForm{Name: f.Name, Email: f.Email, Errors: fields}))
	}
	s := sess(c)
	s.set("login_email", models.NormalizeEmail(f.Email))
	flash(c, "Your account is ready. Log in with the password you just chose to start on your profile.")
	return c.Redirect("/login?next=/profile", fiber.StatusSeeOther)
}

// registeredMessage is what registration answers, whether the email was
// new or already had an account: the answer must not tell them apart.
const registeredMessage = "Your account is ready: log in with your email and the password you chose."

// createAccount registers f. An email that already has an account gets the
// same answer as a new one (its owner is told by email when SMTP is set),
// so registration cannot be used to learn who has an account. It is
// throttled per address.
func (h *Handler) createAccount(c *fiber.Ctx, f registerForm) error {
	if errs := f.Validate(); len(errs) > 0 {
		return apperr.Invalid(errs, "Fix the highlighted fields and try again.")
	}
	ls, keys := []limit{registerPerAddress}, []string{c.IP()}
	if err := h.check(c, "Too many new accounts from your network. Wait %s and try again.", ls, keys); err != nil {
		return err
	}
	h.record(c, ls, keys)
	_, err := h.db.CreateUser(c.UserContext(), f.Email, f.Name, f.Password, models.RoleUser)
	if apperr.Code(err) == apperr.ECONFLICT {
		h.tellOwner(models.NormalizeEmail(f.Email))
		return nil
	}
	return err
}

// tellOwner emails the owner of an existing account that someone tried to
// register with their address, in the background so the answer takes as
// long as a new registration's.
func (h *Handler) tellOwner(email string) {
	if h.mailer == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		body := "Someone (maybe you) tried to create a Tailor account with this email address, which already has one.\n\n" +
			"If it was you, log in at " + h.baseURL + "/login — or reset your password at " + h.baseURL + "/forgot.\n" +
			"If it wasn't, you can ignore this message: nothing changed in your account.\n"
		if err := h.mailer.Send(ctx, email, "Your Tailor account", body); err != nil {
			h.log.Warn("mail: tell account owner", "error", err)
		}
	}()
}

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	email := sess(c).get("login_email")
	return render(c, fiber.StatusOK, views.LoginPage(h.page(c, "Log in"), views.LoginForm{Email: email, Next: safeNext(c.Query("next"))}))
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

// Throttles, counted in the database so every instance agrees: failed
// logins per address and account, per address (password spraying across
// accounts) and per account (guessing from many addresses); registrations
// per address.
var (
	loginPerAddressAccount = limit{"login:ip+email:", 5, 15 * time.Minute}
	loginPerAddress        = limit{"login:ip:", 20, 15 * time.Minute}
	loginPerAccount        = limit{"login:email:", 20, time.Hour}
	registerPerAddress     = limit{"register:ip:", 5, time.Hour}
)

// limit is a sliding window: at most max events per window for one key.
type limit struct {
	prefix string
	max    int
	window time.Duration
}

// check returns an ERATELIMIT error with the time to come back when any of
// the limits is reached for its key.
func (h *Handler) check(c *fiber.Ctx, msg string, ls []limit, keys []string) error {
	var until time.Time
	for i, l := range ls {
		t, err := h.db.RateCheck(c.UserContext(), l.prefix+keys[i], l.max, l.window)
		if err != nil {
			return err
		}
		if t.After(until) {
			until = t
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

func (h *Handler) record(c *fiber.Ctx, ls []limit, keys []string) {
	for i, l := range ls {
		if err := h.db.RateRecord(c.UserContext(), l.prefix+keys[i]); err != nil {
			h.log.Warn("throttle: record", "error", err)
		}
	}
}

// authenticate checks a password, throttled per address and account.
func (h *Handler) authenticate(c *fiber.Ctx, email, password string) (*models.User, error) {
	email = models.NormalizeEmail(email)
	ls := []limit{loginPerAddressAccount, loginPerAddress, loginPerAccount}
	keys := []string{c.IP() + "|" + email, c.IP(), email}
	if err := h.check(c, "Too many failed attempts. Wait %s and try again, or use \"Forgot your password?\" on the login page.", ls, keys); err != nil {
		return nil, err
	}
	u, err := h.db.UserByEmail(c.UserContext(), email)
	if err != nil && apperr.Code(err) != apperr.ENOTFOUND {
		return nil, err
	}
	if u == nil {
		models.CheckDummyPassword(password)
	}
	if u == nil || !u.CheckPassword(password) {
		h.record(c, ls, keys)
		return nil, apperr.New(apperr.EUNAUTHORIZED, "That email and password do not match an account. Check them and try again.")
	}
	_ = h.db.RateClear(c.UserContext(), loginPerAddressAccount.prefix+keys[0])
	return u, nil
}

func (h *Handler) startSession(c *fiber.Ctx, u *models.User) {
	s := sess(c)
	s.clear()
	s.rotate = true // a new session token at every login
	s.set("uid", itoa(int(u.ID)))
	s.set("csrf", randomToken()) // and a new CSRF token
}

func (h *Handler) logout(c *fiber.Ctx) error {
	sess(c).end()
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
	if err := h.createAccount(c, f); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"email": models.NormalizeEmail(f.Email), "message": registeredMessage})
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
