package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// TestEveryRequestHasADeadline: handlers get a context that ends (pages
// after reqTimeout, API calls that wait for work after waitTimeout), and
// it is cancelled once the request is answered.
func TestEveryRequestHasADeadline(t *testing.T) {
	st := &site{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	app := fiber.New(fiber.Config{Immutable: true})
	app.Use(deadline(30*time.Second, 4*time.Minute, st.errorHandler))
	left := map[string]time.Duration{}
	var kept []context.Context
	record := func(c *fiber.Ctx) error {
		d, ok := c.UserContext().Deadline()
		if !ok {
			t.Errorf("%s %s has no deadline", c.Method(), c.Path())
		}
		left[c.Method()+" "+c.Path()] = time.Until(d)
		kept = append(kept, c.UserContext())
		return nil
	}
	app.Get("/jobs/1", record)
	app.Post("/api/v1/cv-drafter/draft", record)
	for _, r := range [][2]string{{"GET", "/jobs/1"}, {"POST", "/api/v1/cv-drafter/draft"}} {
		if _, err := app.Test(httptest.NewRequest(r[0], r[1], nil)); err != nil {
			t.Fatal(err)
		}
	}
	if d := left["GET /jobs/1"]; d <= 25*time.Second || d > 30*time.Second {
		t.Errorf("page deadline in %s, want about 30 s", d)
	}
	if d := left["POST /api/v1/cv-drafter/draft"]; d <= 3*time.Minute || d > 4*time.Minute {
		t.Errorf("waiting API call deadline in %s, want about 4 min", d)
	}
	for _, ctx := range kept {
		if ctx.Err() == nil {
			t.Error("a request's context was still live after its answer")
		}
	}
}
