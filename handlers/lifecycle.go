package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
)

// Body limits of the JSON API, below the app's BodyLimit (which admits a
// screenshot for extraction).
const (
	// maxProfileBytes is the HTML import's limit: a JSON Resume is a few
	// kilobytes, and a bigger one only makes drafting slow.
	maxProfileBytes = 2 << 20
	// maxAPIBytes bounds every other JSON body.
	maxAPIBytes = 256 << 10
)

// deadline gives every request a context that ends: a page's work stops
// after req, an API call that waits for a draft after wait. Without it
// c.UserContext() is context.Background() and nothing a request starts is
// ever told to stop. Errors are rendered by onErr while the context is
// alive: Fiber would call its error handler after this returns and
// cancels it.
func deadline(req, wait time.Duration, onErr fiber.ErrorHandler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d := req
		if strings.HasPrefix(c.Path(), "/api/") && c.Method() == fiber.MethodPost {
			d = wait
		}
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		c.SetUserContext(ctx)
		if err := c.Next(); err != nil {
			return onErr(c, err)
		}
		return nil
	}
}

// bodyLimit answers 413 to a body longer than n bytes.
func bodyLimit(n int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Request().Header.ContentLength() > n || len(c.Body()) > n {
			return apperr.New(apperr.ETOOLARGE, "The request body is larger than %s, the limit for this call. Send less (a JSON Resume is usually a few kilobytes).", humanBytes(n))
		}
		return c.Next()
	}
}

func humanBytes(n int) string {
	if n >= 1<<20 {
		return itoa(n>>20) + " MB"
	}
	return itoa(n>>10) + " KB"
}
