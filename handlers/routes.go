package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"tailor/metrics"
)

// areas are the handlers of every part of Tailor and the middleware in
// front of them, as New built them for routes to wire.
type areas struct {
	gate         *gate
	deadline     fiber.Handler
	metrics      *metrics.Metrics // nil: no request metrics
	metricsRoute bool             // serve /metrics
	hsts         bool
	assets       *assets

	ops       *opsHandler
	auth      *authHandler
	reset     *resetHandler
	home      *homeHandler
	profile   *profileHandler
	jobs      *jobsHandler
	events    *eventsHandler
	drafts    *draftsHandler
	documents *documentsHandler
	settings  *settingsHandler
	account   *accountHandler
	users     *usersHandler
	usage     *usageHandler
	audit     *auditHandler
	providers *providersHandler
	routing   *routingHandler
}

// routes is the one place every URL of Tailor is declared.
func routes(app *fiber.App, h areas) {
	if h.metrics != nil {
		app.Use(h.metrics.HTTP)
	}
	app.Use(securityHeaders, h.deadline)
	if h.hsts {
		app.Use(strictTransport)
	}

	// Health and assets: no session.
	app.Get("/healthz", h.ops.healthz)
	app.Get("/readyz", h.ops.readyz)
	app.Get("/static/:hash/:name", h.assets.serve)
	if h.metricsRoute {
		app.Get("/metrics", h.gate.metricsAuth, metricsAdmin, adaptor.HTTPHandler(h.metrics.Handler()))
	}

	// JSON API: bearer tokens, no cookies, no CSRF.
	api := app.Group("/api/v1")
	api.Post("/auth/register", h.auth.apiRegister)
	api.Post("/auth/login", h.auth.apiLogin)
	authed := api.Group("", h.gate.apiAuth)
	authed.Get("/profile", h.profile.apiGetProfile)
	authed.Put("/profile", bodyLimit(maxProfileBytes), h.profile.apiPutProfile)
	authed.Post("/job-extractor/extract", h.jobs.apiExtractJob) // the app's BodyLimit: a screenshot
	authed.Get("/jobs", h.jobs.apiListJobs)
	authed.Get("/jobs/:id", h.jobs.apiGetJob)
	authed.Get("/jobs/:id/cv.:format", h.documents.downloadCVDocument)
	authed.Get("/jobs/:id/letter.:format", h.documents.downloadLetterDocument)
	authed.Patch("/jobs/:id", h.jobs.apiUpdateTracker)
	authed.Get("/jobs/:id/match", h.jobs.apiJobMatch)
	authed.Get("/jobs/:id/cv", h.drafts.apiLatestCV)
	authed.Get("/jobs/:id/letter", h.drafts.apiLatestLetter)
	authed.Post("/cv-drafter/draft", bodyLimit(maxAPIBytes), h.drafts.apiDraftCV)
	authed.Post("/cover-letter/generate", bodyLimit(maxAPIBytes), h.drafts.apiWriteLetter)
	authed.Get("/account/export", h.account.apiExportAccount)
	authed.Delete("/account", h.account.apiDeleteAccount)
	sa := authed.Group("/super-admin", bodyLimit(maxAPIBytes), requireAdmin)
	sa.Get("/usage-logs", h.usage.apiListUsage)
	sa.Get("/usage/summary", h.usage.apiUsageSummary)
	sa.Get("/audit", h.audit.apiListAudit)
	sa.Patch("/users/:id", h.users.apiUpdateUser)
	sa.Get("/providers/configs", h.providers.apiListProviders)
	sa.Post("/providers/configs", h.providers.apiCreateProvider)
	sa.Get("/providers/configs/:id", h.providers.apiGetProvider)
	sa.Put("/providers/configs/:id", h.providers.apiUpdateProvider)
	sa.Delete("/providers/configs/:id", h.providers.apiDeleteProvider)
	sa.Post("/providers/configs/:id/test", h.providers.apiTestProvider)
	sa.Get("/plans/:plan", h.routing.apiGetPlan)
	sa.Put("/plans/:plan", h.routing.apiPutPlan)
	api.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// Pages: cookie session and CSRF on every state-changing form.
	web := app.Group("", h.gate.withSession, csrf)
	web.Get("/", h.home.showHome)
	web.Get("/register", h.auth.showRegister)
	web.Post("/register", h.auth.register)
	web.Get("/login", h.auth.showLogin)
	web.Post("/login", h.auth.login)
	web.Post("/logout", h.auth.logout)
	web.Get("/forgot", h.reset.showForgot)
	web.Post("/forgot", h.reset.requestReset)
	web.Get("/reset/:token", h.reset.showReset)
	web.Post("/reset/:token", h.reset.resetPassword)

	// Pages for people who are logged in.
	in := web.Group("", requireUser)
	in.Get("/profile", h.profile.showProfile)
	in.Post("/profile", h.profile.saveProfile)
	in.Post("/profile/import", h.profile.importProfile)
	in.Get("/profile/export", h.profile.exportProfile)

	in.Get("/jobs/new", h.jobs.showNewJob)
	in.Post("/jobs", h.jobs.createJob)
	in.Get("/jobs/:id", h.jobs.showJob)
	in.Get("/jobs/:id/body", h.jobs.showJobBody)
	in.Get("/jobs/:id/events", h.events.streamJobEvents)
	in.Post("/jobs/:id", h.jobs.correctJob)
	in.Post("/jobs/:id/retry", h.jobs.retryJob)
	in.Post("/jobs/:id/delete", h.jobs.deleteJob)
	in.Post("/jobs/:id/tracker", h.jobs.saveTracker)

	in.Get("/jobs/:id/cv", h.drafts.showCV)
	in.Post("/jobs/:id/cv", h.drafts.draftCV)
	in.Post("/jobs/:id/cv/edit", h.drafts.editCV)
	in.Get("/jobs/:id/letter", h.drafts.showLetter)
	in.Post("/jobs/:id/letter", h.drafts.writeLetter)
	in.Post("/jobs/:id/letter/edit", h.drafts.editLetter)

	// Documents to send: cv.{pdf,docx,md,txt,json}, letter.{pdf,docx,txt}
	// (the .md and .txt links of earlier versions are the same URLs).
	in.Get("/jobs/:id/cv.:format", h.documents.downloadCVDocument)
	in.Get("/jobs/:id/letter.:format", h.documents.downloadLetterDocument)
	in.Get("/jobs/:id/documents", h.documents.showDocuments)
	in.Post("/jobs/:id/documents", h.documents.chooseTemplate)
	in.Get("/jobs/:id/cv/print", h.documents.printCV)
	in.Get("/jobs/:id/letter/print", h.documents.printLetter)

	in.Get("/settings", h.settings.showSettings)
	in.Post("/settings/tokens", h.settings.createToken)
	in.Post("/settings/tokens/:id/delete", h.settings.deleteToken)
	in.Post("/settings/password", h.settings.changePassword)
	in.Post("/settings/sessions/logout-all", h.settings.logoutEverywhere)
	in.Post("/settings/sessions/:id/delete", h.settings.endSession)
	in.Get("/settings/export", h.account.exportAccount)
	in.Post("/settings/delete", h.account.deleteAccount)

	// Admin pages.
	admin := in.Group("/admin", requireAdmin)
	admin.Get("", redirectTo("/admin/users"))
	admin.Get("/users", h.users.showAdminUsers)
	admin.Post("/users/:id", h.users.updateUser)
	admin.Post("/users/:id/reset-link", h.users.makeResetLink)
	admin.Get("/usage", h.usage.showAdminUsage)
	admin.Get("/usage.csv", h.usage.exportUsageSummary)
	admin.Get("/usage/log", h.usage.showUsageLog)
	admin.Get("/usage/log.csv", h.usage.exportUsageLog)
	admin.Get("/usage/log/:id", h.usage.showUsageRow)
	admin.Get("/audit", h.audit.showAudit)
	admin.Get("/providers", h.providers.showProviders)
	admin.Get("/providers/new", h.providers.showNewProvider)
	admin.Post("/providers", h.providers.createProvider)
	admin.Get("/providers/:id/edit", h.providers.showEditProvider)
	admin.Post("/providers/:id", h.providers.updateProvider)
	admin.Post("/providers/:id/move", h.providers.moveProvider)
	admin.Post("/providers/:id/toggle", h.providers.toggleProvider)
	admin.Post("/providers/:id/test", h.providers.testProvider)
	admin.Get("/providers/:id/delete", h.providers.showDeleteProvider)
	admin.Post("/providers/:id/delete", h.providers.deleteProvider)
	admin.Get("/routing", h.routing.showRouting)
	admin.Post("/routing", h.routing.saveRouting)
	admin.Post("/prices", h.routing.savePrice)
	admin.Post("/prices/delete", h.routing.deletePrice)
	admin.Post("/plans/:plan", h.routing.savePlanLimit)
}

func redirectTo(path string) fiber.Handler {
	return func(c *fiber.Ctx) error { return c.Redirect(path, fiber.StatusSeeOther) }
}

// securityHeaders keeps pages from being framed, sniffed or made to run
// script from anywhere but this server (every script is a static file;
// htmx adds one inline style for its indicators).
func securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	return c.Next()
}

// strictTransport tells browsers to reach this server over HTTPS only; it
// is on when BASE_URL is https (COOKIE_SECURE), never on plain HTTP.
func strictTransport(c *fiber.Ctx) error {
	c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	return c.Next()
}
