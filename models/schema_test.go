package models_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"tailor/models"
	"tailor/models/dbtest"
)

// TestModelsMatchMigrations proves every GORM field has a column in the
// migrated schema and every column has a field, on both dialects.
func TestModelsMatchMigrations(t *testing.T) {
	all := []any{&models.User{}, &models.APIToken{}, &models.Profile{}, &models.Job{},
		&models.CVDraft{}, &models.CoverLetter{}, &models.UsageLog{}, &models.ProviderConfig{},
		&models.PlanLimit{}, &models.QuotaUsage{}, &models.QuotaReservation{}, &models.CacheEntry{},
		&models.Session{}, &models.RateEvent{}, &models.PasswordReset{}, &models.JobStatusEvent{},
		&models.RoutingRule{}, &models.ModelPrice{}}
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		g := db.Gorm().WithContext(context.Background())
		for _, m := range all {
			s, err := schema.Parse(m, &sync.Map{}, g.NamingStrategy)
			if err != nil {
				t.Fatal(err)
			}
			if !g.Migrator().HasTable(m) {
				t.Errorf("%s: table %s missing", s.Name, s.Table)
				continue
			}
			cols, err := g.Migrator().ColumnTypes(m)
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, c := range cols {
				have[c.Name()] = true
			}
			want := map[string]bool{}
			for _, f := range s.Fields {
				if f.DBName == "" || f.IgnoreMigration {
					continue
				}
				want[f.DBName] = true
				if !have[f.DBName] {
					t.Errorf("%s.%s: no column %s.%s", s.Name, f.Name, s.Table, f.DBName)
				}
			}
			var extra []string
			for c := range have {
				if !want[c] {
					extra = append(extra, c)
				}
			}
			sort.Strings(extra)
			if len(extra) > 0 {
				t.Errorf("%s: columns with no field: %v", s.Table, extra)
			}
		}
	})
}

// The SQLite file and its WAL files hold password hashes and encrypted
// keys: only their owner may read them.
func TestSQLiteFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	db, err := models.Open(context.Background(), models.OpenOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tailor.db", "tailor.db-wal", "tailor.db-shm"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", name, mode)
		}
	}
}
