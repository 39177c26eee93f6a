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

// accountStore creates accounts and the API tokens a login hands out.
type accountStore interface {
	CreateUser(ctx context.Context, email, name, password, role string) (*models.User, error)
	CreateToken(ctx context.Context, userID uint, name string) (string, *models.APIToken, error)
}

// authHandler signs people up, in and out, on pages and the API.
type authHandler struct {
	site   *site
	store  accountStore
	limits *throttle
	logins *logins
	mail   *notifier
}

func newAuthHandler(s *site, store accountStore, limits *throttle, l *logins, mail *notifier) *authHandler {
	return &authHandler{site: s, store: store, limits: limits, logins: l, mail: mail}
}

// loginForm is the log-in form.
type loginForm struct {
	Email    string `json:"email" form:"email"`
	Password string `json:"password" form:"password"`
	Next     string `form:"next"`
}

func (h *authHandler) showRegister(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.RegisterPage(h.site.page(c, "Create your account"), views.RegisterForm{}))
}

func (h *authHandler) register(c *fiber.Ctx) error {
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
		return render(c, fiber.StatusUnprocessableEntity, views.RegisterPage(h.site.page(c, "Create your account"),
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
func (h *authHandler) createAccount(c *fiber.Ctx, f registerForm) error {
	if errs := f.Validate(); len(errs) > 0 {
		return apperr.Invalid(errs, "Fix the highlighted fields and try again.")
	}
	ls, keys := []limit{registerPerAddress}, []string{c.IP()}
	if err := h.limits.check(c, "Too many new accounts from your network. Wait %s and try again.", ls, keys); err != nil {
		return err
	}
	h.limits.record(c, ls, keys)
	_, err := h.store.CreateUser(c.UserContext(), f.Email, f.Name, f.Password, models.RoleUser)
	if apperr.Code(err) == apperr.ECONFLICT {
		h.tellOwner(models.NormalizeEmail(f.Email))
		return nil
	}
	return err
}

// tellOwner emails the owner of an existing account that someone tried to
// register with their address, in the background so the answer takes as
// long as a new registration's.
func (h *authHandler) tellOwner(email string) {
	body := "Someone (maybe you) tried to create a Tailor account with this email address, which already has one.\n\n" +
		"If it was you, log in at " + h.mail.link("/login") + " — or reset your password at " + h.mail.link("/forgot") + ".\n" +
		"If it wasn't, you can ignore this message: nothing changed in your account.\n"
	h.mail.sendLater(email, "Your Tailor account", body, "tell account owner")
}

func (h *authHandler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	email := sess(c).get("login_email")
	return render(c, fiber.StatusOK, views.LoginPage(h.site.page(c, "Log in"), views.LoginForm{Email: email, Next: safeNext(c.Query("next"))}))
}

func (h *authHandler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.Wrap(err, apperr.EINVALID, "The form could not be read. Reload the page and try again.")
	}
	u, err := h.logins.authenticate(c, f.Email, f.Password)
	if err != nil {
		status := apperr.Status(apperr.Code(err))
		return render(c, status, views.LoginPage(h.site.page(c, "Log in"),
			views.LoginForm{Email: f.Email, Next: safeNext(f.Next), Error: apperr.Message(err)}))
	}
	startSession(c, u)
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

func startSession(c *fiber.Ctx, u *models.User) {
	s := sess(c)
	s.clear()
	s.rotate = true // a new session token at every login
	s.set("uid", itoa(int(u.ID)))
	s.set("csrf", randomToken()) // and a new CSRF token
}

func (h *authHandler) logout(c *fiber.Ctx) error {
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

func (h *authHandler) apiRegister(c *fiber.Ctx) error {
	var f registerForm
	if err := parseJSON(c, &f); err != nil {
		return err
	}
	if err := h.createAccount(c, f); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"email": models.NormalizeEmail(f.Email), "message": registeredMessage})
}

func (h *authHandler) apiLogin(c *fiber.Ctx) error {
	var f loginForm
	if err := parseJSON(c, &f); err != nil {
		return err
	}
	u, err := h.logins.authenticate(c, f.Email, f.Password)
	if err != nil {
		return err
	}
	tok, _, err := h.store.CreateToken(c.UserContext(), u.ID, "login "+time.Now().UTC().Format("2006-01-02 15:04"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"token": tok})
}
