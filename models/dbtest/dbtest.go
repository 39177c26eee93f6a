// Package dbtest gives tests a freshly migrated database of each dialect:
// a temporary SQLite file, and a private schema on the test PostgreSQL.
// Without a reachable PostgreSQL the postgres half is skipped loudly on a
// laptop and fails under CI=true.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tailor/models"
)

// DefaultPostgresURL is used when TEST_DATABASE_URL is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL is the server tests use.
func PostgresURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Dialects runs f once on SQLite and once on PostgreSQL, each time on an
// empty, migrated database.
func Dialects(t *testing.T, f func(t *testing.T, db *models.DB)) {
	t.Helper()
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) { f(t, Open(t, d)) })
	}
}

// Open returns a migrated database of one dialect, removed after the test.
func Open(t testing.TB, dialect string) *models.DB {
	t.Helper()
	return OpenLogged(t, dialect, nil)
}

// OpenLogged is Open with a logger for the store's own warnings, so a test
// can read what the store logs (and check that no secret is in it).
func OpenLogged(t testing.TB, dialect string, log *slog.Logger) *models.DB {
	t.Helper()
	ctx := context.Background()
	var (
		db  *models.DB
		err error
	)
	switch dialect {
	case "sqlite":
		db, err = models.Open(ctx, models.OpenOptions{URL: "sqlite:" + filepath.Join(t.TempDir(), "test.db"), Logger: log})
	case "postgres":
		var u string
		if u, err = postgresSchema(t); err == nil {
			db, err = models.Open(ctx, models.OpenOptions{URL: u, Logger: log})
		}
	default:
		t.Fatalf("dbtest: unknown dialect %q", dialect)
	}
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("dbtest: migrate %s: %v", dialect, err)
	}
	return db
}

// OpenPostgresPair returns two handles, each with its own connection pool,
// on one fresh migrated PostgreSQL schema: what two app instances sharing
// a database look like, for tests of cross-instance guarantees.
func OpenPostgresPair(t testing.TB) (*models.DB, *models.DB) {
	t.Helper()
	ctx := context.Background()
	u, err := postgresSchema(t)
	if err != nil {
		t.Fatalf("dbtest: open postgres: %v", err)
	}
	var dbs [2]*models.DB
	for i := range dbs {
		db, err := models.Open(ctx, models.OpenOptions{URL: u})
		if err != nil {
			t.Fatalf("dbtest: open postgres: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if _, err := dbs[0].Migrate(ctx); err != nil {
		t.Fatalf("dbtest: migrate postgres: %v", err)
	}
	return dbs[0], dbs[1]
}

var (
	pgOnce sync.Once
	pgErr  error
)

// RequirePostgres skips (or, under CI=true, fails) t when no PostgreSQL answers.
func RequirePostgres(t testing.TB) {
	t.Helper()
	pgOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var db *models.DB
		db, pgErr = models.Open(ctx, models.OpenOptions{URL: PostgresURL()})
		if pgErr == nil {
			db.Close()
		} else {
			fmt.Fprintf(os.Stderr, "\n*** SKIPPING PostgreSQL tests: no database at %s (%v)\n*** set TEST_DATABASE_URL or run .ci/run to start one\n\n", redact(PostgresURL()), pgErr)
		}
	})
	if pgErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true: %v", pgErr)
		}
		t.Skipf("SKIPPED: no PostgreSQL at %s: %v", redact(PostgresURL()), pgErr)
	}
}

// postgresSchema creates a private schema, dropped after the test, and
// returns a URL whose connections use it.
func postgresSchema(t testing.TB) (string, error) {
	RequirePostgres(t)
	ctx := context.Background()
	admin, err := models.Open(ctx, models.OpenOptions{URL: PostgresURL()})
	if err != nil {
		return "", err
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if err := admin.Gorm().Exec("CREATE SCHEMA " + schema).Error; err != nil {
		return "", err
	}
	t.Cleanup(func() {
		a, err := models.Open(context.Background(), models.OpenOptions{URL: PostgresURL()})
		if err == nil {
			a.Gorm().Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(PostgresURL())
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
