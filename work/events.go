package work

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Event kinds.
const (
	// EventProgress says what the work is doing now, in words.
	EventProgress = "progress"
	// EventDelta carries the next piece of the model's answer.
	EventDelta = "delta"
	// EventReset says the model's text so far is void (a provider failed
	// and the next one starts over).
	EventReset = "reset"
	// EventDone says the work finished, well or not: read the row again.
	EventDone = "done"
)

// What an event is about.
const (
	WhatJob    = "job"
	WhatCV     = "cv"
	WhatLetter = "letter"
)

// Event is one piece of news about a job's work. Pages subscribe per job.
type Event struct {
	JobID uint   `json:"job"`
	What  string `json:"what"`
	Kind  string `json:"kind"`
	Text  string `json:"text,omitempty"`
}

// maxPayload keeps a NOTIFY payload under PostgreSQL's 8000-byte limit.
const maxPayload = 7000

// Events delivers events to the subscribers of a job on every instance:
// on PostgreSQL through NOTIFY on a channel all instances LISTEN on (so an
// instance also hears its own), on SQLite (one process) directly.
type Events struct {
	mu   sync.Mutex
	subs map[uint]map[chan Event]struct{}
	// recent is what a page opened mid-way has missed: the last progress
	// and the text streamed so far, per job and what, until "done".
	recent map[recentKey]*recentWork

	pool    *pgxpool.Pool
	channel string
	log     *slog.Logger
}

type recentKey struct {
	job  uint
	what string
}

type recentWork struct {
	progress string
	text     []byte
	seen     time.Time
}

// maxRecentText bounds the streamed text kept for late pages, per job.
const maxRecentText = 64 << 10

func newEvents(pool *pgxpool.Pool, log *slog.Logger) *Events {
	return &Events{subs: map[uint]map[chan Event]struct{}{}, recent: map[recentKey]*recentWork{}, pool: pool, log: log}
}

// Watch is Subscribe for a page that opens while the work runs: it also
// returns the last progress and the text streamed so far, taken at the
// same moment, so nothing is missed or shown twice.
func (e *Events) Watch(jobID uint, what string) (events <-chan Event, progress, text string, cancel func()) {
	e.mu.Lock()
	if r := e.recent[recentKey{jobID, what}]; r != nil {
		progress, text = r.progress, string(r.text)
	}
	e.mu.Unlock()
	// Events delivered between the snapshot and the subscription are
	// lost to this page; subscribing first would show them twice. The
	// window is a lock release wide.
	events, cancel = e.Subscribe(jobID)
	return events, progress, text, cancel
}

// Subscribe returns the events of jobID until cancel is called. A slow
// reader loses events rather than holding up the work; every page reads the
// row again on "done", so nothing is lost for good.
func (e *Events) Subscribe(jobID uint) (<-chan Event, func()) {
	ch := make(chan Event, 256)
	e.mu.Lock()
	if e.subs[jobID] == nil {
		e.subs[jobID] = map[chan Event]struct{}{}
	}
	e.subs[jobID][ch] = struct{}{}
	e.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			e.mu.Lock()
			delete(e.subs[jobID], ch)
			if len(e.subs[jobID]) == 0 {
				delete(e.subs, jobID)
			}
			e.mu.Unlock()
		})
	}
}

// Publish sends ev to every subscriber of its job, on every instance.
func (e *Events) Publish(ctx context.Context, ev Event) {
	if e.pool == nil {
		e.deliver(ev)
		return
	}
	for _, part := range split(ev) {
		b, _ := json.Marshal(part)
		if _, err := e.pool.Exec(ctx, "SELECT pg_notify($1, $2)", e.channel, string(b)); err != nil {
			e.log.Debug("progress event not sent", "job", ev.JobID, "error", err)
			// This instance's own pages still hear it.
			e.deliver(part)
		}
	}
}

// split cuts an event whose text would not fit one NOTIFY into several.
func split(ev Event) []Event {
	if len(ev.Text) <= maxPayload {
		return []Event{ev}
	}
	var out []Event
	text := ev.Text
	for len(text) > 0 {
		n := min(maxPayload, len(text))
		for n < len(text) && n > 0 && !utf8Start(text[n]) {
			n--
		}
		part := ev
		part.Text = text[:n]
		out = append(out, part)
		text = text[n:]
	}
	return out
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// remember keeps what a late page needs; the caller holds e.mu.
func (e *Events) remember(ev Event) {
	k := recentKey{ev.JobID, ev.What}
	if ev.Kind == EventDone {
		delete(e.recent, k)
		return
	}
	r := e.recent[k]
	if r == nil {
		r = &recentWork{}
		e.recent[k] = r
	}
	r.seen = time.Now()
	switch ev.Kind {
	case EventProgress:
		r.progress = ev.Text
	case EventReset:
		r.text = r.text[:0]
	case EventDelta:
		if len(r.text)+len(ev.Text) <= maxRecentText {
			r.text = append(r.text, ev.Text...)
		}
	}
	// Work whose "done" never came (its instance died) is forgotten.
	for k, r := range e.recent {
		if time.Since(r.seen) > 30*time.Minute {
			delete(e.recent, k)
		}
	}
}

func (e *Events) deliver(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.remember(ev)
	for ch := range e.subs[ev.JobID] {
		select {
		case ch <- ev:
		default:
		}
	}
}

// listen relays NOTIFYs to local subscribers until ctx ends, reconnecting
// after a lost connection. The channel is named after the schema, so
// several Tailors on one server (or parallel tests) do not hear each other.
func (e *Events) listen(ctx context.Context, ready chan<- struct{}) {
	var once sync.Once
	signal := func() { once.Do(func() { close(ready) }) }
	defer signal()
	for ctx.Err() == nil {
		if err := e.listenOnce(ctx, signal); err != nil && ctx.Err() == nil {
			e.log.Warn("progress events: listening again after an error", "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

func (e *Events) listenOnce(ctx context.Context, ready func()) error {
	conn, err := e.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// A LISTENing connection must not go back to the pool.
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, "LISTEN "+quoteIdent(e.channel)); err != nil {
		return err
	}
	ready()
	for {
		n, err := pc.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var ev Event
		if json.Unmarshal([]byte(n.Payload), &ev) == nil {
			e.deliver(ev)
		}
	}
}

// channelFor names the NOTIFY channel of a schema.
func channelFor(schema string) string {
	sum := sha256.Sum256([]byte(schema))
	return "tailor_events_" + hex.EncodeToString(sum[:6])
}

func quoteIdent(s string) string { return strconv.Quote(s) }
