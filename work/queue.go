// Package work runs Tailor's long work — reading a job posting, drafting a
// CV or a letter — as River jobs stored in the app's own database, so the
// work outlives the request and the process that started it: a crashed or
// restarted instance's jobs are picked up again, a database blip is
// retried, and several instances on one PostgreSQL share the queue without
// ever failing each other's work. Progress and the model's text go to the
// pages that watch a job through Events (LISTEN/NOTIFY between instances on
// PostgreSQL, in-process on SQLite).
package work

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"tailor/models"
)

// client is what the service uses of a River client; *river.Client[pgx.Tx]
// and *river.Client[*sql.Tx] both have it, so the rest of the package does
// not care which database it runs on.
type client interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
}

// Migrate applies River's own migrations (its job, leader and queue
// tables) to db and returns how many ran. Tailor's migrations run first.
func Migrate(ctx context.Context, db *models.DB) (int, error) {
	switch db.Dialect() {
	case "postgres":
		pool, err := pgxpool.New(ctx, db.URL())
		if err != nil {
			return 0, fmt.Errorf("river migrate: %w", err)
		}
		defer pool.Close()
		return migrateUp(ctx, riverpgxv5.New(pool))
	default:
		sqlDB, err := db.SQL()
		if err != nil {
			return 0, err
		}
		return migrateUp(ctx, riversqlite.New(sqlDB))
	}
}

// migrateUp applies River's pending migrations through a driver of either
// dialect and returns how many ran.
func migrateUp[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) (int, error) {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quiet(nil)})
	if err != nil {
		return 0, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("river migrate: %w", err)
	}
	return len(res.Versions), nil
}

// newClient builds the River client for db's dialect. On PostgreSQL it has
// its own pgx pool (River needs pgx for LISTEN/NOTIFY), returned so Events
// can use it too; on SQLite it shares GORM's *sql.DB and polls.
func newClient(ctx context.Context, db *models.DB, cfg *river.Config) (client, *pgxpool.Pool, error) {
	if db.Dialect() == "postgres" {
		pcfg, err := pgxpool.ParseConfig(db.URL())
		if err != nil {
			return nil, nil, err
		}
		pcfg.MaxConns = 10
		pool, err := pgxpool.NewWithConfig(ctx, pcfg)
		if err != nil {
			return nil, nil, fmt.Errorf("work queue: %w", err)
		}
		c, err := river.NewClient(riverpgxv5.New(pool), cfg)
		if err != nil {
			pool.Close()
			return nil, nil, fmt.Errorf("work queue: %w", err)
		}
		return c, pool, nil
	}
	sqlDB, err := db.SQL()
	if err != nil {
		return nil, nil, err
	}
	// SQLite has no LISTEN: the queue polls, often, since it is local.
	cfg.PollOnly = true
	cfg.FetchPollInterval = 250 * time.Millisecond
	c, err := river.NewClient(riversqlite.New(sqlDB), cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("work queue: %w", err)
	}
	return c, nil, nil
}

// quiet passes on River's warnings and errors only: its info lines (each
// leader election, each maintenance run) would drown Tailor's own log.
func quiet(log *slog.Logger) *slog.Logger {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return slog.New(levelFloor{log.Handler(), slog.LevelWarn})
}

type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(a), h.min}
}
func (h levelFloor) WithGroup(n string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(n), h.min}
}
