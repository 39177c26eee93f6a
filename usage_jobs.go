package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"tailor/models"
)

// usageSettings are the environment variables of the usage log's upkeep.
type usageSettings struct {
	RetentionDays int // USAGE_RETENTION_DAYS, default 90; 0 keeps raw rows forever
}

func loadUsageSettings(getenv func(string) string) (usageSettings, error) {
	s := usageSettings{RetentionDays: 90}
	if v := getenv("USAGE_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return s, fmt.Errorf("USAGE_RETENTION_DAYS must be a number of days (0 keeps every raw row), got %q", v)
		}
		s.RetentionDays = n
	}
	return s, nil
}

// usageUpkeep is the usage log's background job: it builds the rollups
// once for a log from before they existed, then every interval deletes raw
// rows past retention (rollups are kept). The rollups themselves are kept
// current by the usage writer, in the transaction of each batch. It is one
// plain ticker so it can become a periodic queue job; several instances
// may run it at once (the build takes a lock, deletes are idempotent).
type usageUpkeep struct {
	db       *models.DB
	log      *slog.Logger
	settings usageSettings
	interval time.Duration
	now      func() time.Time
}

// start runs the job until ctx ends; the returned channel closes when it
// has stopped.
func (u usageUpkeep) start(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if r, ran, err := u.db.EnsureRollups(ctx); err != nil {
			if !errors.Is(err, context.Canceled) {
				u.log.Warn("build usage rollups", "error", err)
			}
		} else if ran {
			u.log.Info("usage rollups built", "rows", r.Rows, "days", r.Days, "ms", r.Elapsed.Milliseconds())
		}
		t := time.NewTicker(u.interval)
		defer t.Stop()
		for {
			u.prune(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return done
}

func (u usageUpkeep) prune(ctx context.Context) {
	if u.settings.RetentionDays <= 0 {
		return
	}
	cutoff := models.RetentionCutoff(u.now(), u.settings.RetentionDays)
	n, err := u.db.DeleteUsageBefore(ctx, cutoff, 5000)
	if err != nil && !errors.Is(err, context.Canceled) {
		u.log.Warn("delete usage rows past retention", "error", err)
	}
	if n > 0 {
		u.log.Info("deleted usage rows past retention", "count", n, "before", cutoff.Format(time.DateOnly))
	}
}

// usageCommand is `tailor usage rollup [--rebuild]` and `tailor usage prune`.
func usageCommand(ctx context.Context, args []string, getenv func(string) string, db *models.DB, out io.Writer) error {
	const usage = "use: tailor usage rollup [--rebuild]  (build the usage rollups once, or recompute them from the raw log)\n" +
		"     tailor usage prune               (delete raw usage rows older than USAGE_RETENTION_DAYS now)"
	if len(args) == 0 {
		return errors.New(usage)
	}
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	switch {
	case args[0] == "rollup" && len(args) == 1:
		r, ran, err := db.EnsureRollups(ctx)
		if err != nil {
			return err
		}
		if !ran {
			fmt.Fprintln(out, "The rollups are already built; the usage writer keeps them current. Use --rebuild to recompute them.")
			return nil
		}
		fmt.Fprintf(out, "Built the usage rollups from %d rows over %d days in %s.\n", r.Rows, r.Days, r.Elapsed.Round(time.Millisecond))
	case args[0] == "rollup" && len(args) == 2 && args[1] == "--rebuild":
		r, err := db.RebuildRollups(ctx)
		if err != nil {
			return err
		}
		from := "nothing to read"
		if !r.From.IsZero() {
			from = "from " + r.From.Format(time.DateOnly)
		}
		fmt.Fprintf(out, "Rebuilt the usage rollups from %d raw rows over %d days (%s) in %s. Older days keep their rollups.\n",
			r.Rows, r.Days, from, r.Elapsed.Round(time.Millisecond))
	case args[0] == "prune" && len(args) == 1:
		s, err := loadUsageSettings(getenv)
		if err != nil {
			return err
		}
		if s.RetentionDays == 0 {
			fmt.Fprintln(out, "USAGE_RETENTION_DAYS is 0: raw usage rows are kept forever.")
			return nil
		}
		cutoff := models.RetentionCutoff(time.Now(), s.RetentionDays)
		n, err := db.DeleteUsageBefore(ctx, cutoff, 5000)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Deleted %d raw usage rows from before %s; their rollups are kept.\n", n, cutoff.Format(time.DateOnly))
	default:
		return errors.New(usage)
	}
	return nil
}
