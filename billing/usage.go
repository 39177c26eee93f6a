package billing

import (
	"context"
	"log/slog"
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
	// CostUnknown is true when the model had no price: CostMicros is then
	// 0 but the call was not free.
	CostUnknown bool
	// CostSavedMicros is what the original call cost, on a cache hit.
	CostSavedMicros int64
	Status          string
	// ErrorClass is the Class of a failed attempt: retryable, fatal, auth,
	// content or canceled.
	ErrorClass   string
	ErrorMessage string
	LatencyMS    int64
	Attempt      int
	RequestID    string
	CacheHit     bool
	CreatedAt    time.Time
}

// UsageSink stores a batch of usage rows.
type UsageSink interface {
	WriteUsage(ctx context.Context, rows []Usage) error
}

// UsageWriter batches usage rows off the request path. Write never drops a
// row: when the buffer is full it waits, and after Close it writes the row
// straight to the sink. Close flushes what is left.
type UsageWriter struct {
	sink     UsageSink
	log      *slog.Logger
	in       chan Usage
	done     chan struct{}
	batch    int
	interval time.Duration
	// mu orders Write against Close: Writes hold it shared, so Close cannot
	// close the channel under a Write in flight.
	mu     sync.RWMutex
	closed bool
}

// NewUsageWriter starts a writer that flushes every interval or batch rows.
func NewUsageWriter(sink UsageSink, log *slog.Logger, batch int, interval time.Duration) *UsageWriter {
	if batch <= 0 {
		batch = 200
	}
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	if log == nil {
		log = slog.Default()
	}
	w := &UsageWriter{sink: sink, log: log, in: make(chan Usage, 4*batch), done: make(chan struct{}),
		batch: batch, interval: interval}
	go w.loop()
	return w
}

// Write queues a row. A row written after Close (a request that finished
// during shutdown) goes to the sink at once.
func (w *UsageWriter) Write(u Usage) {
	w.mu.RLock()
	if !w.closed {
		w.in <- u
		w.mu.RUnlock()
		return
	}
	w.mu.RUnlock()
	w.writeBatch([]Usage{u})
}

// Close stops queueing rows, flushes the rest and waits for it. It may be
// called more than once.
func (w *UsageWriter) Close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.in)
	}
	w.mu.Unlock()
	<-w.done
}

// writeBatch stores rows, retrying a few times: the rows are worth more
// than the latency. It gives up loudly.
func (w *UsageWriter) writeBatch(rows []Usage) {
	var err error
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = w.sink.WriteUsage(ctx, rows)
		cancel()
		if err == nil {
			return
		}
		time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
	}
	w.log.Error("usage rows lost", "rows", len(rows), "error", err)
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
		w.writeBatch(buf)
		// The sink may keep the slice; start a new one.
		buf = make([]Usage, 0, w.batch)
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
