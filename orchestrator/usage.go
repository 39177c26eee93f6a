package orchestrator

import (
	"context"
	"log/slog"
	"regexp"
	"sync"
	"time"
)

// Usage statuses.
const (
	StatusSuccess       = "success"
	StatusError         = "error"
	StatusCacheHit      = "cache_hit"
	StatusQuotaExceeded = "quota_exceeded"
)

// Usage is one attempt at a provider, successful or not. Its fields are the
// columns of ai_provider_usage_logs.
type Usage struct {
	UserID           uint
	ProviderConfigID *uint
	ProviderType     string
	ModelName        string
	TaskType         string
	Plan             string
	InputTokens      int
	OutputTokens     int
	TotalTokens      int
	CostMicros       int64
	Status           string
	ErrorMessage     string
	LatencyMS        int64
	Attempt          int
	RequestID        string
	CacheHit         bool
	CreatedAt        time.Time
}

// UsageSink stores a batch of usage rows.
type UsageSink interface {
	WriteUsage(ctx context.Context, rows []Usage) error
}

// UsageWriter batches usage rows off the request path. Write never drops a
// row: when the buffer is full it waits. Close flushes what is left.
type UsageWriter struct {
	sink     UsageSink
	log      *slog.Logger
	in       chan Usage
	done     chan struct{}
	batch    int
	interval time.Duration
	once     sync.Once
}

// NewUsageWriter starts a writer that flushes every interval or batch rows.
func NewUsageWriter(sink UsageSink, log *slog.Logger, batch int, interval time.Duration) *UsageWriter {
	if batch <= 0 {
		batch = 200
	}
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	w := &UsageWriter{sink: sink, log: log, in: make(chan Usage, 4*batch), done: make(chan struct{}),
		batch: batch, interval: interval}
	go w.loop()
	return w
}

// Write queues a row.
func (w *UsageWriter) Write(u Usage) { w.in <- u }

// Close stops accepting rows, flushes the rest and waits for it.
func (w *UsageWriter) Close() {
	w.once.Do(func() { close(w.in) })
	<-w.done
}

func (w *UsageWriter) loop() {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	buf := make([]Usage, 0, w.batch)
	flush := func() {
		if len(buf) == 0 {
			return
		}
		// The rows are worth more than the latency: retry a failed batch a
		// few times before giving up loudly.
		var err error
		for i := 0; i < 5; i++ {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err = w.sink.WriteUsage(ctx, buf)
			cancel()
			if err == nil {
				break
			}
			time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
		}
		if err != nil {
			w.log.Error("usage rows lost", "rows", len(buf), "error", err)
		}
		buf = buf[:0]
	}
	for {
		select {
		case u, ok := <-w.in:
			if !ok {
				flush()
				return
			}
			buf = append(buf, u)
			if len(buf) >= w.batch {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

var secretPattern = regexp.MustCompile(`(?i)(sk-[a-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|(api[_-]?key|key|token|authorization|bearer)["'=: ]+[A-Za-z0-9_\-\.]{8,})`)

// Redact removes anything that looks like a key from an error message before
// it is stored or logged, and caps its length.
func Redact(s string) string {
	s = secretPattern.ReplaceAllString(s, "[redacted]")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}
