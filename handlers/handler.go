// Package handlers is Tailor's HTTP layer: it parses input, authorizes,
// calls one service or store method, and renders views/ or JSON. Handlers
// are small structs by area (authHandler, jobsHandler, providersHandler,
// …), each declaring in its own file the narrow store interface it uses;
// New builds them and routes.go is the one place every URL is declared.
// Every error becomes a page, a fragment or JSON in site.errorHandler.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"tailor/billing"
	"tailor/domain"
	"tailor/metrics"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/secret"
	"tailor/static"
)

// Work is the background work the pages and the API start and watch
// (*work.Service): extraction and drafting run as durable queue jobs, and
// their workflows (create, queue, wait, retry, edit) live there. Each
// area declares the part it uses.
type Work interface {
	jobWork
	draftWork
	watcher
}

// Circuits is the orchestrator's circuit breakers and Test calls
// (*orchestrator.Orchestrator): the provider pages show the breakers and
// make the Test button's call, and a changed config gets a fresh circuit.
type Circuits interface {
	Circuits() []orchestrator.CircuitState
	ResetCircuit(key string)
	TestLink(ctx context.Context, userID uint, cfg domain.LinkConfig) (time.Duration, error)
}

// Options wire a server.
type Options struct {
	DB     *models.DB
	Work   Work
	Logger *slog.Logger
	// SessionSecret is 64 bytes: 32 to sign and 32 to encrypt cookies.
	SessionSecret  []byte
	CookieSecure   bool
	MaxUploadBytes int64
	// Offline reports whether only the builtin provider would answer now.
	Offline func(ctx context.Context) bool
	// RequestTimeout bounds a page request; 0 means 30 s. API calls that
	// wait for work get WaitTimeout (0 means 4 min) instead.
	RequestTimeout time.Duration
	WaitTimeout    time.Duration
	// Stopping is closed when the server starts shutting down, so event
	// streams end at once instead of holding the shutdown; nil never closes.
	Stopping <-chan struct{}

	// Chain is the orchestrator's provider chain: a change of the provider
	// configs invalidates it, so this instance's next call uses the change;
	// the providers page names the links it has besides the configs. nil:
	// none wired (tests of pages alone).
	Chain *orchestrator.DBChain
	// Cipher encrypts the API keys admins enter.
	Cipher *secret.Cipher
	// Policy is where the orchestrator reads the routing policy and the
	// price table: the routing page shows it and saves changes through it,
	// so this instance's next call uses the change (others read it within
	// the cache's TTL). nil means a cache of its own over DB.
	Policy *billing.PolicyCache
	// Circuits shows and resets the orchestrator's circuit breakers on the
	// provider pages; nil hides them.
	Circuits Circuits
	// Metrics counts HTTP requests; with MetricsRoute it is also served at
	// /metrics to a bearer of MetricsToken (when set) or of an admin's API
	// token. nil turns both off.
	Metrics      *metrics.Metrics
	MetricsRoute bool
	MetricsToken string
	// Mailer sends reset links and account notices; nil when SMTP_URL is
	// not set (admins then make reset links on the users page).
	Mailer Mailer
	// BaseURL is the public address, for links in emails.
	BaseURL string
}

// New returns the Fiber app with every route: it builds each area's
// handler from o with only what that area uses.
func New(o Options) (*fiber.App, error) {
	if len(o.SessionSecret) < 64 {
		return nil, errors.New("session secret must be 64 bytes")
	}
	a, err := newAssets(static.Files)
	if err != nil {
		return nil, err
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = 10 << 20
	}
	if o.Offline == nil {
		o.Offline = func(context.Context) bool { return false }
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.WaitTimeout <= 0 {
		o.WaitTimeout = 4 * time.Minute
	}
	if o.Policy == nil {
		o.Policy = billing.NewPolicyCache(billing.PolicyCacheOptions{Store: o.DB, Logger: o.Logger})
	}
	baseURL := strings.TrimRight(o.BaseURL, "/")

	st := &site{log: o.Logger, assets: a, offline: o.Offline}
	limits := newThrottle(o.DB, o.Logger)
	passwords := newLogins(o.DB, limits)
	audit := newAuditor(o.DB, o.Logger)
	mail := newNotifier(o.Mailer, baseURL, o.Logger)
	pages := newJobPage(o.DB)
	settings := newSettingsHandler(st, o.DB, passwords)
	r := areas{
		gate:         newGate(o.DB, newSessionStore(o.SessionSecret, o.CookieSecure), o.MetricsToken),
		deadline:     deadline(o.RequestTimeout, o.WaitTimeout, st.errorHandler),
		metrics:      o.Metrics,
		metricsRoute: o.MetricsRoute && o.Metrics != nil,
		hsts:         o.CookieSecure,
		assets:       a,

		ops:       newOpsHandler(o.DB, o.Logger),
		auth:      newAuthHandler(st, o.DB, limits, passwords, mail),
		reset:     newResetHandler(st, o.DB, limits, mail),
		home:      newHomeHandler(st, o.DB),
		profile:   newProfileHandler(st, o.DB),
		jobs:      newJobsHandler(st, o.DB, pages, o.Work, o.MaxUploadBytes),
		events:    newEventsHandler(o.DB, pages, o.Work, o.Stopping),
		drafts:    newDraftsHandler(st, o.DB, pages, o.Work),
		documents: newDocumentsHandler(st, o.DB, pages),
		settings:  settings,
		account:   newAccountHandler(o.DB, settings),
		users:     newUsersHandler(st, o.DB, audit, baseURL),
		usage:     newUsageHandler(st, o.DB),
		audit:     newAuditHandler(st, o.DB),
		providers: newProvidersHandler(st, o.DB, newProviderConfigs(o.DB, o.Cipher, o.Chain, o.Circuits), o.Cipher, o.Circuits, audit),
		routing:   newRoutingHandler(st, o.DB, o.Policy, audit),
	}
	app := fiber.New(fiber.Config{
		AppName:               "tailor",
		DisableStartupMessage: true,
		ErrorHandler:          st.errorHandler,
		// Strings from the request are copies: nothing a handler keeps
		// (a form value handed to background work) points into a buffer
		// fasthttp reuses for the next request.
		Immutable: true,
		// A base64 screenshot in JSON is 4/3 of the image, plus the form.
		BodyLimit:    int(o.MaxUploadBytes*4/3) + 1<<20,
		ReadTimeout:  60 * time.Second,
		WriteTimeout: 60 * time.Second,
		IdleTimeout:  120 * time.Second,
	})
	routes(app, r)
	return app, nil
}

// render writes a templ component as HTML.
func render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Vary("HX-Request")
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

func isHTMX(c *fiber.Ctx) bool { return c.Get("HX-Request") == "true" }

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }
