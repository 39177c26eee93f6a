package handlers

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/views"
)

// site is what every area's pages share: the layout's data (hashed asset
// URLs, the offline banner) and the one place an error becomes an answer.
// Areas get it explicitly from New; it holds no store.
type site struct {
	log     *slog.Logger
	assets  *assets
	offline func(ctx context.Context) bool
}

// page builds the layout's data for the current request.
func (s *site) page(c *fiber.Ctx, title string) views.Page {
	ss := sess(c)
	flash := ss.get("flash")
	if flash != "" {
		ss.del("flash")
	}
	return views.Page{
		Title:   title,
		User:    currentUser(c),
		CSRF:    ss.get("csrf"),
		Flash:   flash,
		Offline: currentUser(c) != nil && s.offline(c.UserContext()),
		Asset:   s.assets.URL,
		Path:    c.Path(),
	}
}

// errorHandler is the one place an error becomes an answer.
func (s *site) errorHandler(c *fiber.Ctx, err error) error {
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
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "error", err)
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
	return render(c, status, views.ErrorPage(s.page(c, "Error"), status, msg))
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
