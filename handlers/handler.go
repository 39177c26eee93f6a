// Package handlers is Tailor's HTTP layer: it parses input, authorizes,
// starts work, and renders views/ or JSON. Every route is in routes.go;
// every error becomes a page, a fragment or JSON in errorHandler alone.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"tailor/apperr"
	"tailor/billing"
	"tailor/domain"
	"tailor/jobs"
	"tailor/metrics"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/secret"
	"tailor/static"
	"tailor/views"
	"tailor/work"
)

// Extractor turns a source into a structured job.
type Extractor interface {
	// Check refuses a source that can never work (a private address, a
	// file that is not an image) before anything is stored.
	Check(ctx context.Context, src jobs.Source) error
	Extract(ctx context.Context, userID uint, src jobs.Source, force bool) (jobs.Posting, error)
}

// Work is the background work the pages and the API start and watch
// (*work.Service): extraction and drafting run as durable queue jobs.
type Work interface {
	// Admit refuses new work when the person's plan allows no more today.
	Admit(ctx context.Context, userID uint) error
	StartExtraction(ctx context.Context, j *models.Job, src jobs.Source, force bool) error
	StartCV(ctx context.Context, userID, jobID uint, force, offline bool) (*models.CVDraft, error)
	StartLetter(ctx context.Context, userID, jobID uint, tone string, force, offline bool) (*models.CoverLetter, error)
	WaitJob(ctx context.Context, userID, jobID uint) (*models.Job, error)
	WaitCV(ctx context.Context, userID, jobID, id uint) (*models.CVDraft, error)
	WaitLetter(ctx context.Context, userID, jobID, id uint) (*models.CoverLetter, error)
	// Watch returns a job's events with the progress and the model's
	// text of what so far, for a page that opens mid-way.
	Watch(jobID uint, what string) (events <-chan work.Event, progress, text string, cancel func())
}

// Options wire a server.
type Options struct {
	DB        *models.DB
	Extractor Extractor
	Work      Work
	Logger    *slog.Logger
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

	// Chain is the orchestrator's provider chain: the provider pages
	// invalidate it after a change.
	Chain *orchestrator.DBChain
	// Cipher encrypts the API keys admins enter.
	Cipher *secret.Cipher
	// Policy and Prices are the orchestrator's live routing table and price
	// table; the routing page changes them in place. nil means defaults.
	Policy *billing.Policy
	Prices *billing.Prices
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

// Mailer sends one plain-text email (*mailer.SMTP has it).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Circuits is what the provider pages need of the orchestrator
// (*orchestrator.Orchestrator has it): its circuit breakers, and the Test
// button's call (TestLink), which goes through it like any other call.
type Circuits interface {
	Circuits() []orchestrator.CircuitState
	ResetCircuit(key string)
	TestLink(ctx context.Context, userID uint, cfg domain.LinkConfig) (time.Duration, error)
}

// Handler holds what the handlers use.
type Handler struct {
	db          *models.DB
	extractor   Extractor
	work        Work
	log         *slog.Logger
	sessions    *sessions.CookieStore
	assets      *assets
	maxUpload   int64
	offline     func(ctx context.Context) bool
	reqTimeout  time.Duration
	waitTimeout time.Duration
	stopping    <-chan struct{}
	chain       *orchestrator.DBChain
	cipher      *secret.Cipher
	policy      *billing.Policy
	prices      *billing.Prices
	circuits    Circuits
	hsts        bool
	metrics     *metrics.Metrics
	metricsOn   bool
	metricsTok  string
	mailer      Mailer
	baseURL     string
}

// New returns the Fiber app with every route.
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
		o.Policy = billing.DefaultPolicy()
	}
	if o.Prices == nil {
		o.Prices = billing.DefaultPrices()
	}
	h := &Handler{db: o.DB, extractor: o.Extractor, work: o.Work, log: o.Logger,
		sessions: newSessionStore(o.SessionSecret, o.CookieSecure), assets: a, maxUpload: o.MaxUploadBytes,
		offline: o.Offline, reqTimeout: o.RequestTimeout, waitTimeout: o.WaitTimeout, stopping: o.Stopping,
		chain: o.Chain, cipher: o.Cipher, policy: o.Policy, prices: o.Prices, circuits: o.Circuits,
		hsts: o.CookieSecure, mailer: o.Mailer, baseURL: strings.TrimRight(o.BaseURL, "/"),
		metrics: o.Metrics, metricsOn: o.MetricsRoute && o.Metrics != nil, metricsTok: o.MetricsToken}
	app := fiber.New(fiber.Config{
		AppName:               "tailor",
		DisableStartupMessage: true,
		ErrorHandler:          h.errorHandler,
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
	h.routes(app)
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

// errorHandler is the one place an error becomes an answer.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	code, msg := apperr.Code(err), apperr.Message(err)
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code, msg = fiberCode(fe.Code), fe.Message
		if fe.Code == fiber.StatusRequestEntityTooLarge {
			msg = "That upload is too large. Crop the screenshot or paste the posting's text instead."
		}
		if fe.Code == fiber.StatusNotFound {
			msg = "There is nothing at this address. Check the link, or go back to your dashboard."
		}
	}
	status := apperr.Status(code)
	if fe != nil {
		status = fe.Code
	}
	if status >= 500 && code == apperr.EINTERNAL {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "error", err)
	}
	var ae *apperr.Error
	errors.As(err, &ae)
	if status == fiber.StatusTooManyRequests {
		// Every 429 says when to come back, for pages and the API alike.
		at := time.Now().Add(time.Minute)
		if ae != nil && !ae.ResetsAt.IsZero() {
			at = ae.ResetsAt
		}
		c.Set(fiber.HeaderRetryAfter, retryAfter(at))
	}
	if isAPI(c) {
		body := fiber.Map{"code": code, "message": msg}
		if ae != nil && len(ae.Fields) > 0 {
			body["fields"] = ae.Fields
		}
		if ae != nil && len(ae.Openings) > 0 {
			body["openings"] = ae.Openings
		}
		if ae != nil && !ae.ResetsAt.IsZero() {
			body["resets_at"] = ae.ResetsAt.UTC().Format(time.RFC3339)
		}
		return c.Status(status).JSON(fiber.Map{"error": body})
	}
	if isHTMX(c) {
		return render(c, status, views.ErrorFragment(msg))
	}
	return render(c, status, views.ErrorPage(h.page(c, "Error"), status, msg))
}

func retryAfter(t time.Time) string {
	s := int(time.Until(t).Seconds())
	if s < 1 {
		s = 1
	}
	return itoa(s)
}

func fiberCode(status int) string {
	switch status {
	case fiber.StatusBadRequest:
		return apperr.EINVALID
	case fiber.StatusUnauthorized:
		return apperr.EUNAUTHORIZED
	case fiber.StatusForbidden:
		return apperr.EFORBIDDEN
	case fiber.StatusNotFound:
		return apperr.ENOTFOUND
	case fiber.StatusRequestEntityTooLarge:
		return apperr.ETOOLARGE
	case fiber.StatusMethodNotAllowed:
		return apperr.EINVALID
	}
	return apperr.EINTERNAL
}
