// Package metrics is Tailor's Prometheus instrumentation: LLM calls,
// latency, tokens, cost and quota refusals from the usage log as it is
// written, HTTP requests from a Fiber middleware, and the Go runtime. It
// has its own registry, served at /metrics (see main and handlers).
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"tailor/billing"
)

// Metrics holds the collectors.
type Metrics struct {
	reg           *prometheus.Registry
	calls         *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	tokens        *prometheus.CounterVec
	cost          *prometheus.CounterVec
	saved         *prometheus.CounterVec
	quotaRefusals *prometheus.CounterVec
	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
}

// latencyBuckets suit LLM calls: 50 ms to 4 minutes.
var latencyBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 240}

// New makes the collectors and registers them with the Go runtime and
// process collectors on a registry of their own.
func New() *Metrics {
	llm := []string{"provider", "model", "task", "status"}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_llm_calls_total",
			Help: "LLM attempts by provider, model, task and status (success, error, cache_hit, quota_exceeded)."}, llm),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tailor_llm_latency_seconds",
			Help: "Latency of LLM attempts at a provider (success or error).", Buckets: latencyBuckets},
			[]string{"provider", "model", "task"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_llm_tokens_total",
			Help: "Tokens used, by direction (input, output)."}, []string{"provider", "model", "task", "direction"}),
		cost: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_llm_cost_usd_total",
			Help: "What LLM calls cost, in US dollars (from the price table; unpriced models count 0)."}, []string{"provider", "model", "plan"}),
		saved: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_llm_cache_saved_usd_total",
			Help: "What answers served from the cache would have cost, in US dollars."}, []string{"task"}),
		quotaRefusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_quota_refusals_total",
			Help: "Requests refused because the user reached a limit of their plan."}, []string{"plan", "task"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tailor_http_requests_total",
			Help: "HTTP requests by method, route pattern and status code."}, []string{"method", "route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tailor_http_request_duration_seconds",
			Help: "Time to answer HTTP requests, by method and route pattern.", Buckets: prometheus.DefBuckets},
			[]string{"method", "route"}),
	}
	m.reg.MustRegister(m.calls, m.latency, m.tokens, m.cost, m.saved, m.quotaRefusals, m.httpRequests, m.httpDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Gauge registers a value read at each scrape, such as a queue's depth.
func (m *Metrics) Gauge(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry, for tests.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Observe counts one usage row.
func (m *Metrics) Observe(u billing.Usage) {
	model := u.ModelName
	m.calls.WithLabelValues(u.ProviderType, model, u.TaskType, u.Status).Inc()
	switch u.Status {
	case billing.StatusQuotaExceeded:
		m.quotaRefusals.WithLabelValues(u.Plan, u.TaskType).Inc()
		return
	case billing.StatusCacheHit:
		m.saved.WithLabelValues(u.TaskType).Add(float64(u.CostSavedMicros) / 1e6)
		return
	}
	m.latency.WithLabelValues(u.ProviderType, model, u.TaskType).Observe(float64(u.LatencyMS) / 1000)
	m.tokens.WithLabelValues(u.ProviderType, model, u.TaskType, "input").Add(float64(u.InputTokens))
	m.tokens.WithLabelValues(u.ProviderType, model, u.TaskType, "output").Add(float64(u.OutputTokens))
	m.cost.WithLabelValues(u.ProviderType, model, u.Plan).Add(float64(u.CostMicros) / 1e6)
}

// Sink wraps a usage sink: each batch it stores is also counted, once, when
// the store succeeds (the usage writer retries failed batches).
func (m *Metrics) Sink(next billing.UsageSink) billing.UsageSink {
	return sink{m: m, next: next}
}

type sink struct {
	m    *Metrics
	next billing.UsageSink
}

func (s sink) WriteUsage(ctx context.Context, rows []billing.Usage) error {
	if err := s.next.WriteUsage(ctx, rows); err != nil {
		return err
	}
	for _, u := range rows {
		s.m.Observe(u)
	}
	return nil
}

// HTTP is Fiber middleware that counts requests by route pattern (never
// the raw path, so ids do not explode the label set).
func (m *Metrics) HTTP(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		// Let the app turn the error into its answer now, so the status
		// counted is the one sent.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	code := c.Response().StatusCode()
	route := "unmatched"
	if r := c.Route(); r != nil && r.Path != "" {
		route = r.Path
	}
	method := strings.Clone(c.Method()) // Fiber reuses the buffer; the label is kept
	m.httpRequests.WithLabelValues(method, route, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	return nil
}
