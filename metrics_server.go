package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"tailor/metrics"
)

// metricsSettings say where /metrics is served.
type metricsSettings struct {
	// Addr (METRICS_ADDR) serves /metrics on a listener of its own, with no
	// authentication: bind it to a private interface. Empty serves it on the
	// app's own address behind a bearer token.
	Addr string
	// Token (METRICS_TOKEN) is the bearer token Prometheus sends to the
	// app's /metrics; an admin's API token works too.
	Token string
}

func loadMetricsSettings(getenv func(string) string) (metricsSettings, error) {
	s := metricsSettings{Addr: getenv("METRICS_ADDR"), Token: getenv("METRICS_TOKEN")}
	if s.Token != "" && len(s.Token) < 16 {
		return s, errors.New("METRICS_TOKEN must be at least 16 characters (try: openssl rand -hex 24)")
	}
	return s, nil
}

// startMetricsServer serves /metrics on addr until stop is called.
func startMetricsServer(addr string, m *metrics.Metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "error", err)
		}
	}()
	log.Info("metrics served", "address", ln.Addr().String(), "path", "/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
