package handlers

import (
	"context"
	"log/slog"

	"github.com/gofiber/fiber/v2"
)

// pinger reaches the database.
type pinger interface {
	Ping(ctx context.Context) error
}

// opsHandler answers the load balancer's health and readiness checks.
type opsHandler struct {
	db  pinger
	log *slog.Logger
}

func newOpsHandler(db pinger, log *slog.Logger) *opsHandler { return &opsHandler{db: db, log: log} }

func (h *opsHandler) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

func (h *opsHandler) readyz(c *fiber.Ctx) error {
	if err := h.db.Ping(c.UserContext()); err != nil {
		h.log.Warn("readiness check failed", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unreachable")
	}
	return c.SendString("ready")
}
