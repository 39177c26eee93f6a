// Package migrations holds Tailor's versioned SQL schema, one set per
// dialect, embedded in the binary and applied with goose: each file runs in
// a transaction and is recorded in goose_db_version.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Up applies every pending migration for dialect ("postgres" or "sqlite").
func Up(ctx context.Context, db *sql.DB, dialect string) (applied int, err error) {
	p, err := provider(db, dialect)
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	return len(res), err
}

// Version returns the schema version the database is at.
func Version(ctx context.Context, db *sql.DB, dialect string) (int64, error) {
	p, err := provider(db, dialect)
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

func provider(db *sql.DB, dialect string) (*goose.Provider, error) {
	var d goose.Dialect
	switch dialect {
	case "postgres":
		d = goose.DialectPostgres
	case "sqlite":
		d = goose.DialectSQLite3
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
	}
	sub, err := fs.Sub(files, dialect)
	if err != nil {
		return nil, err
	}
	// Out of order: migrations written side by side may land in an order
	// other than their numbers (00007 before 00003); a database that has a
	// later one still gets the earlier one it lacks.
	return goose.NewProvider(d, db, sub, goose.WithAllowOutofOrder(true))
}
