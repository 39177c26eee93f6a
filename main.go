// Command tailor is a self-hosted web app that turns a job posting into a
// structured job and drafts a tailored CV and cover letter for it.
//
//	tailor [serve]   run the web server (the default)
//	tailor migrate   apply database migrations and exit
//	tailor rotate-key  re-encrypt stored provider keys under a new key
//	tailor usage rollup [--rebuild]  build (or recompute) the usage rollups
//	tailor usage prune  delete raw usage rows past USAGE_RETENTION_DAYS
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"tailor/billing"
	"tailor/drafting"
	"tailor/handlers"
	"tailor/jobs"
	"tailor/mailer"
	"tailor/metrics"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/orchestrator/provider/builtin"
	"tailor/work"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tailor:", err)
		os.Exit(1)
	}
}

// run is the whole program; tests call it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 1 {
		cmd = args[1]
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	db, err := models.Open(ctx, models.OpenOptions{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	switch cmd {
	case "migrate":
		n, err := migrate(ctx, db)
		if err != nil {
			return err
		}
		log.Info("migrations applied", "count", n, "dialect", db.Dialect())
		return nil
	case "serve":
		return serve(ctx, cfg, getenv, db, log)
	case "rotate-key":
		return rotateKey(ctx, cfg, getenv, db, log)
	case "usage":
		return usageCommand(ctx, args[2:], getenv, db, stdout)
	default:
		return fmt.Errorf("unknown command %q: use serve, migrate, rotate-key or usage", cmd)
	}
}

func serve(ctx context.Context, cfg config, getenv func(string) string, db *models.DB, log *slog.Logger) error {
	started := time.Now()
	if n, err := migrate(ctx, db); err != nil {
		return err
	} else if n > 0 {
		log.Info("migrations applied", "count", n, "dialect", db.Dialect())
	}
	if cfg.AdminEmail != "" {
		created, err := db.EnsureAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword)
		if err != nil {
			return fmt.Errorf("create admin: %w", err)
		}
		if created {
			log.Info("admin account created", "email", cfg.AdminEmail)
		}
	}
	usageSettings, err := loadUsageSettings(getenv)
	if err != nil {
		return err
	}
	upkeepCtx, stopUpkeep := context.WithCancel(ctx)
	defer stopUpkeep()
	upkeepDone := usageUpkeep{db: db, log: log, settings: usageSettings, interval: time.Hour, now: time.Now}.start(upkeepCtx)
	metricSettings, err := loadMetricsSettings(getenv)
	if err != nil {
		return err
	}
	meter := metrics.New()
	queueDepth := func(running bool) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			w, r, err := db.QueueDepth(ctx)
			if err != nil {
				return -1
			}
			if running {
				return float64(r)
			}
			return float64(w)
		}
	}
	meter.Gauge("tailor_queue_waiting_jobs", "Background jobs (extractions, drafts) waiting in the work queue; -1 when it cannot be read.", queueDepth(false))
	meter.Gauge("tailor_queue_running_jobs", "Background jobs running now, on every instance.", queueDepth(true))
	if metricSettings.Addr != "" {
		stopMetrics, err := startMetricsServer(metricSettings.Addr, meter, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	usage := billing.NewUsageWriter(meter.Sink(db), log, 200, 250*time.Millisecond)
	builtinLink := orchestrator.Link{Provider: builtin.New(map[billing.Task]builtin.Func{
		billing.TaskExtraction:      jobs.BuiltinExtract,
		billing.TaskImageValidation: jobs.BuiltinValidateImage,
		billing.TaskCVDraft:         drafting.BuiltinCV,
		billing.TaskCoverLetter:     drafting.BuiltinLetter,
	}), FastModel: "builtin", QualityModel: "builtin"}
	cipher, err := newCipher(cfg, getenv)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 2 * time.Minute}
	chain := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: db, Cipher: cipher, Client: client,
		Env: orchestrator.EnvChain(getenv, client), Builtin: builtinLink, Logger: log})
	// Routing and prices are read from the database through a cache: the
	// routing page invalidates it after a save, and other instances' saves
	// arrive within its TTL.
	policy := newPolicySource(db, log)
	orch := orchestrator.New(orchestrator.Options{Chain: chain, Plans: db, Usage: usage, Logger: log,
		Quota: db, Cache: db.NewCache(log), PolicySource: policy, AsyncSettle: true})
	// "Use the offline draft" asks the builtin provider alone.
	offlineOrch := orchestrator.New(orchestrator.Options{Chain: orchestrator.StaticChain{builtinLink}, Plans: db,
		Usage: usage, Logger: log, PolicySource: policy})

	fetcher := jobs.NewFetcher(jobs.FetchOptions{AllowPrivate: cfg.AllowPrivateNetworks})
	extractor := jobs.NewExtractor(orch, fetcher, jobs.ExtractorOptions{MaxUploadBytes: cfg.MaxUploadBytes})
	svc, err := work.New(ctx, work.Options{DB: db, Extractor: extractor, Drafter: drafting.New(orch),
		OfflineDrafter: drafting.New(offlineOrch), Logger: log, Workers: cfg.Workers, Timeout: cfg.WorkTimeout, PerUser: cfg.PerUser,
		Offline: chain.Offline, Stream: true})
	if err != nil {
		return err
	}
	if err := svc.Start(ctx); err != nil {
		return fmt.Errorf("start the work queue: %w", err)
	}

	var mail handlers.Mailer
	if cfg.SMTPURL != "" {
		m, err := mailer.New(cfg.SMTPURL)
		if err != nil {
			return err
		}
		log.Info("email enabled", "server", m.String())
		mail = m
	}

	app, err := handlers.New(handlers.Options{
		DB: db, Work: svc, Logger: log, WaitTimeout: cfg.WorkTimeout + 30*time.Second,
		SessionSecret: cfg.SessionSecret, CookieSecure: cfg.CookieSecure, MaxUploadBytes: cfg.MaxUploadBytes,
		Offline: chain.Offline, Chain: chain, Cipher: cipher, Policy: policy, Circuits: orch,
		Metrics: meter, MetricsRoute: metricSettings.Addr == "", MetricsToken: metricSettings.Token,
		Mailer: mail, BaseURL: cfg.BaseURL, Stopping: ctx.Done(),
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- app.Listener(ln) }()
	log.Info("tailor is ready", "url", "http://"+ln.Addr().String(), "database", db.Dialect(),
		"offline", chain.Offline(ctx), "startup_ms", time.Since(started).Milliseconds())

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	// Stop taking requests, then let running work finish for a while;
	// what is still running then goes back to the queue for a later
	// attempt (here after a restart, or on another instance). Then flush
	// the usage log.
	if err := app.ShutdownWithTimeout(10 * time.Second); err != nil {
		log.Warn("http shutdown", "error", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := svc.Stop(sctx); err != nil {
		log.Warn("background work handed back to the queue at shutdown", "error", err)
	}
	orch.Close() // settle the last quota reservations
	usage.Close()
	stopUpkeep()
	<-upkeepDone
	log.Info("stopped")
	return nil
}

// migrate applies Tailor's migrations, then River's (its queue tables).
func migrate(ctx context.Context, db *models.DB) (int, error) {
	n, err := db.Migrate(ctx)
	if err != nil {
		return n, fmt.Errorf("migrate: %w", err)
	}
	m, err := work.Migrate(ctx, db)
	if err != nil {
		return n, fmt.Errorf("migrate the work queue: %w", err)
	}
	return n + m, nil
}
