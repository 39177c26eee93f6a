package handlers

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/models"
	"tailor/work"
)

// sseLifetime is how long one event stream stays open; the browser opens
// a new one after it (htmx's SSE extension reconnects), and the server's
// write timeout never cuts a stream mid-event.
const sseLifetime = 50 * time.Second

// watcher follows the work of a job (*work.Service).
type watcher interface {
	// Watch returns a job's events with the progress and the model's
	// text of what so far, for a page that opens mid-way.
	Watch(jobID uint, what string) (events <-chan work.Event, progress, text string, cancel func())
}

// eventStore reads whether a job's draft is still being written.
type eventStore interface {
	LatestCVDraft(ctx context.Context, userID, jobID uint) (*models.CVDraft, error)
	LatestCoverLetter(ctx context.Context, userID, jobID uint) (*models.CoverLetter, error)
}

// eventsHandler streams a job's progress to its page.
type eventsHandler struct {
	store    eventStore
	pages    *jobPage
	work     watcher
	stopping <-chan struct{} // closed at shutdown; nil never
}

func newEventsHandler(store eventStore, pages *jobPage, w watcher, stopping <-chan struct{}) *eventsHandler {
	return &eventsHandler{store: store, pages: pages, work: w, stopping: stopping}
}

// streamJobEvents sends the job page what the work of one job is doing as
// Server-Sent Events, from whichever instance does it: "progress" (what
// happens now, as HTML), "delta" (the model's text as it is written) and
// "done" (read the section again). ?what= is job, cv or letter.
func (h *eventsHandler) streamJobEvents(c *fiber.Ctx) error {
	j, err := h.pages.load(c)
	if err != nil {
		return err
	}
	what := c.Query("what", work.WhatJob)
	if what != work.WhatJob && what != work.WhatCV && what != work.WhatLetter {
		what = work.WhatJob
	}
	// Watch before reading the state, so nothing falls in between.
	events, progress, text, cancel := h.work.Watch(j.ID, what)
	busy, err := h.watchedBusy(c.UserContext(), j, what)
	if err != nil {
		cancel()
		return err
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer cancel()
		if !busy {
			writeEvent(w, "done", "")
			_ = w.Flush()
			return
		}
		fmt.Fprint(w, "retry: 2000\n\n")
		if progress != "" {
			writeEvent(w, "progress", html.EscapeString(progress))
		}
		if text != "" {
			writeEvent(w, "delta", html.EscapeString(text))
		}
		if w.Flush() != nil {
			return
		}
		ping := time.NewTicker(15 * time.Second)
		defer ping.Stop()
		end := time.After(sseLifetime)
		for {
			select {
			case ev := <-events:
				if ev.What != what {
					continue
				}
				switch ev.Kind {
				case work.EventProgress:
					writeEvent(w, "progress", html.EscapeString(ev.Text))
				case work.EventDelta:
					writeEvent(w, "delta", html.EscapeString(ev.Text))
				case work.EventReset:
					writeEvent(w, "delta", "\n\n— that provider failed; the next one starts over —\n\n")
				case work.EventDone:
					writeEvent(w, "done", "")
				}
				if w.Flush() != nil || ev.Kind == work.EventDone {
					return
				}
			case <-ping.C:
				fmt.Fprint(w, ": ping\n\n")
				if w.Flush() != nil {
					return
				}
			case <-end:
				return
			case <-h.stopping: // nil: never
				return
			}
		}
	})
	return nil
}

// watchedBusy reports whether the watched work of job j is still to come.
func (h *eventsHandler) watchedBusy(ctx context.Context, j *models.Job, what string) (bool, error) {
	switch what {
	case work.WhatCV:
		d, err := h.store.LatestCVDraft(ctx, j.UserID, j.ID)
		return d != nil && isBusyStatus(d.Status), err
	case work.WhatLetter:
		l, err := h.store.LatestCoverLetter(ctx, j.UserID, j.ID)
		return l != nil && isBusyStatus(l.Status), err
	}
	return isBusyStatus(j.Status), nil
}

func isBusyStatus(s string) bool { return s == models.StatusPending || s == models.StatusRunning }

// writeEvent writes one SSE event; every line of data gets its prefix.
func writeEvent(w *bufio.Writer, name, data string) {
	fmt.Fprintf(w, "event: %s\n", name)
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	w.WriteString("\n")
}
