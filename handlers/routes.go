package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
)

// routes is the one place every URL of Tailor is declared.
func (h *Handler) routes(app *fiber.App) {
	if h.metrics != nil {
		app.Use(h.metrics.HTTP)
	}
	app.Use(securityHeaders, h.deadline)
	if h.hsts {
		app.Use(strictTransport)
	}

	// Health and assets: no session.
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Get("/static/:hash/:name", h.assets.serve)
	if h.metricsOn {
		app.Get("/metrics", h.metricsAuth, h.metricsAdmin, adaptor.HTTPHandler(h.metrics.Handler()))
	}

	// JSON API: bearer tokens, no cookies, no CSRF.
	api := app.Group("/api/v1")
	api.Post("/auth/register", h.apiRegister)
	api.Post("/auth/login", h.apiLogin)
	authed := api.Group("", h.apiAuth)
	authed.Get("/profile", h.apiGetProfile)
	authed.Put("/profile", bodyLimit(maxProfileBytes), h.apiPutProfile)
	authed.Post("/job-extractor/extract", h.apiExtractJob) // the app's BodyLimit: a screenshot
	authed.Get("/jobs", h.apiListJobs)
	authed.Get("/jobs/:id", h.apiGetJob)
	authed.Get("/jobs/:id/cv.:format", h.downloadCVDocument)
	authed.Get("/jobs/:id/letter.:format", h.downloadLetterDocument)
	authed.Patch("/jobs/:id", h.apiUpdateTracker)
	authed.Get("/jobs/:id/match", h.apiJobMatch)
	authed.Get("/jobs/:id/cv", h.apiLatestCV)
	authed.Get("/jobs/:id/letter", h.apiLatestLetter)
	authed.Post("/cv-drafter/draft", bodyLimit(maxAPIBytes), h.apiDraftCV)
	authed.Post("/cover-letter/generate", bodyLimit(maxAPIBytes), h.apiWriteLetter)
	authed.Get("/account/export", h.apiExportAccount)
	authed.Delete("/account", h.apiDeleteAccount)
	sa := authed.Group("/super-admin", bodyLimit(maxAPIBytes), h.requireAdmin)
	sa.Get("/usage-logs", h.apiListUsage)
	sa.Get("/usage/summary", h.apiUsageSummary)
	sa.Get("/audit", h.apiListAudit)
	sa.Patch("/users/:id", h.apiUpdateUser)
	sa.Get("/providers/configs", h.apiListProviders)
	sa.Post("/providers/configs", h.apiCreateProvider)
	sa.Get("/providers/configs/:id", h.apiGetProvider)
	sa.Put("/providers/configs/:id", h.apiUpdateProvider)
	sa.Delete("/providers/configs/:id", h.apiDeleteProvider)
	sa.Post("/providers/configs/:id/test", h.apiTestProvider)
	sa.Get("/plans/:plan", h.apiGetPlan)
	sa.Put("/plans/:plan", h.apiPutPlan)
	api.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// Pages: cookie session and CSRF on every state-changing form.
	web := app.Group("", h.withSession, h.csrf)
	web.Get("/", h.showHome)
	web.Get("/register", h.showRegister)
	web.Post("/register", h.register)
	web.Get("/login", h.showLogin)
	web.Post("/login", h.login)
	web.Post("/logout", h.logout)
	web.Get("/forgot", h.showForgot)
	web.Post("/forgot", h.requestReset)
	web.Get("/reset/:token", h.showReset)
	web.Post("/reset/:token", h.resetPassword)

	// Pages for people who are logged in.
	in := web.Group("", h.requireUser)
	in.Get("/profile", h.showProfile)
	in.Post("/profile", h.saveProfile)
	in.Post("/profile/import", h.importProfile)
	in.Get("/profile/export", h.exportProfile)

	in.Get("/jobs/new", h.showNewJob)
	in.Post("/jobs", h.createJob)
	in.Get("/jobs/:id", h.showJob)
	in.Get("/jobs/:id/body", h.showJobBody)
	in.Get("/jobs/:id/events", h.streamJobEvents)
	in.Post("/jobs/:id", h.correctJob)
	in.Post("/jobs/:id/retry", h.retryJob)
	in.Post("/jobs/:id/delete", h.deleteJob)
	in.Post("/jobs/:id/tracker", h.saveTracker)

	in.Get("/jobs/:id/cv", h.showCV)
	in.Post("/jobs/:id/cv", h.draftCV)
	in.Post("/jobs/:id/cv/edit", h.editCV)
	in.Get("/jobs/:id/letter", h.showLetter)
	in.Post("/jobs/:id/letter", h.writeLetter)
	in.Post("/jobs/:id/letter/edit", h.editLetter)

	// Documents to send: cv.{pdf,docx,md,txt,json}, letter.{pdf,docx,txt}
	// (the .md and .txt links of earlier versions are the same URLs).
	in.Get("/jobs/:id/cv.:format", h.downloadCVDocument)
	in.Get("/jobs/:id/letter.:format", h.downloadLetterDocument)
	in.Get("/jobs/:id/documents", h.showDocuments)
	in.Post("/jobs/:id/documents", h.chooseTemplate)
	in.Get("/jobs/:id/cv/print", h.printCV)
	in.Get("/jobs/:id/letter/print", h.printLetter)

	in.Get("/settings", h.showSettings)
	in.Post("/settings/tokens", h.createToken)
	in.Post("/settings/tokens/:id/delete", h.deleteToken)
	in.Post("/settings/password", h.changePassword)
	in.Post("/settings/sessions/logout-all", h.logoutEverywhere)
	in.Post("/settings/sessions/:id/delete", h.endSession)
	in.Get("/settings/export", h.exportAccount)
	in.Post("/settings/delete", h.deleteAccount)

	// Admin pages.
	admin := in.Group("/admin", h.requireAdmin)
	admin.Get("", h.redirectTo("/admin/users"))
	admin.Get("/users", h.showAdminUsers)
	admin.Post("/users/:id", h.updateUser)
	admin.Post("/users/:id/reset-link", h.makeResetLink)
	admin.Get("/usage", h.showAdminUsage)
	admin.Get("/usage.csv", h.exportUsageSummary)
	admin.Get("/usage/log", h.showUsageLog)
	admin.Get("/usage/log.csv", h.exportUsageLog)
	admin.Get("/usage/log/:id", h.showUsageRow)
	admin.Get("/audit", h.showAudit)
	admin.Get("/providers", h.showProviders)
	admin.Get("/providers/new", h.showNewProvider)
	admin.Post("/providers", h.createProvider)
	admin.Get("/providers/:id/edit", h.showEditProvider)
	admin.Post("/providers/:id", h.updateProvider)
	admin.Post("/providers/:id/move", h.moveProvider)
	admin.Post("/providers/:id/toggle", h.toggleProvider)
	admin.Post("/providers/:id/test", h.testProvider)
	admin.Get("/providers/:id/delete", h.showDeleteProvider)
	admin.Post("/providers/:id/delete", h.deleteProvider)
	admin.Get("/routing", h.showRouting)
	admin.Post("/routing", h.saveRouting)
	admin.Post("/prices", h.savePrice)
	admin.Post("/prices/delete", h.deletePrice)
	admin.Post("/plans/:plan", h.savePlanLimit)
}

func (h *Handler) redirectTo(path string) fiber.Handler {
	return func(c *fiber.Ctx) error { return c.Redirect(path, fiber.StatusSeeOther) }
}

func (h *Handler) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

func (h *Handler) readyz(c *fiber.Ctx) error {
	if err := h.db.Ping(c.UserContext()); err != nil {
		h.log.Warn("readiness check failed", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unreachable")
	}
	return c.SendString("ready")
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
