// Package models holds Tailor's GORM types and every query on them, behind
// one DB type whose methods take a context. The schema itself lives in
// migrations/; nothing here calls AutoMigrate.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"tailor/apperr"
	"tailor/migrations"
)

// DB is Tailor's store.
type DB struct {
	gorm    *gorm.DB
	dialect string
	now     func() time.Time
	log     *slog.Logger
	// quota is the handle quota statements use: on PostgreSQL a small pool
	// whose commits do not wait for the disk (see reservePG).
	quota    *gorm.DB
	quotaSQL *sql.DB // the same pool, for the statements on every call
	// limits caches plan limits for a few seconds: every call reads them.
	limits *limitCache
	url    string // the postgres:// URL opened, "" for SQLite
	// warned holds the keys warnOnce has logged: the policy and prices are
	// re-read every few seconds, and a bad row is worth one warning.
	// warned is shared by the copies WithClock makes.
	warned *sync.Map
}

// OpenOptions say which database to open.
type OpenOptions struct {
	// URL is a postgres:// URL; empty means SQLite under DataDir.
	URL     string
	DataDir string
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Open connects to PostgreSQL or opens (creating) the SQLite file.
func Open(ctx context.Context, o OpenOptions) (*DB, error) {
	cfg := &gorm.Config{
		TranslateError: true,
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return time.Now().UTC() },
	}
	var (
		g       *gorm.DB
		err     error
		dialect string
	)
	switch {
	case strings.HasPrefix(o.URL, "postgres://") || strings.HasPrefix(o.URL, "postgresql://"):
		dialect = "postgres"
		g, err = openPostgres(o.URL, cfg)
	case o.URL == "" || strings.HasPrefix(o.URL, "sqlite:") || strings.HasPrefix(o.URL, "file:"):
		dialect = "sqlite"
		path := strings.TrimPrefix(strings.TrimPrefix(o.URL, "sqlite:"), "file:")
		if path == "" {
			if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
				return nil, fmt.Errorf("create data dir: %w", err)
			}
			path = filepath.Join(o.DataDir, "tailor.db")
		}
		if err := privateFile(path); err != nil {
			return nil, err
		}
		dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		g, err = gorm.Open(sqlite.Open(dsn), cfg)
	default:
		return nil, fmt.Errorf("DATABASE_URL must start with postgres:// (or be empty for SQLite)")
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	if dialect == "sqlite" {
		// One writer at a time is all SQLite allows; a small pool keeps
		// readers going while busy_timeout queues the writers.
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to %s: %w", dialect, err)
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	db := &DB{gorm: g, dialect: dialect, now: func() time.Time { return now().UTC() }, log: o.Logger, warned: &sync.Map{},
		quota: g, limits: newLimitCache()}
	if dialect == "postgres" {
		db.url = o.URL
		if db.quota, err = openQuotaPool(o.URL, cfg); err != nil {
			return nil, err
		}
	}
	if db.quotaSQL, err = db.quota.DB(); err != nil {
		return nil, err
	}
	return db, nil
}

// openQuotaPool opens the pool for quota counters with synchronous_commit
// off: a commit returns before its WAL reaches the disk. A crash of the
// database server can then forget the last moment of quota counting (a
// few calls not counted) but never corrupts anything, and every call
// saves two disk flushes. Users, jobs, drafts and the usage log keep
// full durability on the main pool.
func openQuotaPool(rawURL string, cfg *gorm.Config) (*gorm.DB, error) {
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	q, err := openPostgres(rawURL+sep+"synchronous_commit=off", cfg)
	if err != nil {
		return nil, fmt.Errorf("open quota pool: %w", err)
	}
	sqlDB, err := q.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(10)
	sqlDB.SetMaxIdleConns(10)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return q, nil
}

// openPostgres opens a pool whose connections are pinged each time they
// leave it. A connection the server closed (an administrator's
// pg_terminate_backend, a failover, a restart) is then replaced before a
// query is sent on it, instead of failing the request that took it: pgx
// pings only connections idle for over a second, and a busy pool's
// connections never are. A ping is one round trip (~0.1 ms on loopback).
func openPostgres(rawURL string, cfg *gorm.Config) (*gorm.DB, error) {
	cc, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	sqlDB := stdlib.OpenDB(*cc, stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return true }))
	return gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), cfg)
}

// Migrate applies pending migrations and returns how many ran.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return 0, err
	}
	return migrations.Up(ctx, sqlDB, db.dialect)
}

// URL is the PostgreSQL URL the store was opened with ("" on SQLite), for
// the work queue's own connection pool (LISTEN/NOTIFY needs pgx).
func (db *DB) URL() string { return db.url }

// SQL is the connection pool under GORM, for the work queue on SQLite.
func (db *DB) SQL() (*sql.DB, error) { return db.gorm.DB() }

// Dialect is "postgres" or "sqlite".
func (db *DB) Dialect() string { return db.dialect }

// Gorm exposes the handle for tests and benchmarks in other packages.
func (db *DB) Gorm() *gorm.DB { return db.gorm }

// Ping reports whether the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connections.
func (db *DB) Close() error {
	if db.quota != db.gorm {
		if q, err := db.quota.DB(); err == nil {
			q.Close()
		}
	}
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// WithClock returns a copy of db that reads time from now.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.now = func() time.Time { return now().UTC() }
	return &c
}

func (db *DB) ctx(ctx context.Context) *gorm.DB { return db.gorm.WithContext(ctx) }

// notFound turns gorm's not-found into an ENOTFOUND for the person.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.New(apperr.ENOTFOUND, "That %s does not exist, or it is not yours.", what)
	}
	return err
}

func (db *DB) logWarn(msg string, args ...any) {
	if db.log != nil {
		db.log.Warn(msg, args...)
	}
}

// warnOnce logs a warning the first time this DB meets key.
func (db *DB) warnOnce(key, msg string, args ...any) {
	if db.warned == nil {
		db.logWarn(msg, args...)
		return
	}
	if _, seen := db.warned.LoadOrStore(key, true); !seen {
		db.logWarn(msg, args...)
	}
}

// privateFile creates the SQLite file readable by its owner only (0600), or
// narrows an existing one. SQLite gives its -wal and -shm files the mode of
// the database file, so they follow.
func privateFile(path string) error {
	if strings.Contains(path, ":memory:") || strings.HasPrefix(path, "?") {
		return nil
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("database file permissions: %w", err)
		}
	}
	return nil
}
