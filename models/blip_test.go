package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
)

// TestReadsSurviveTerminatedConnections is the defect as found: after an
// administrator (or a failover) terminated the app's PostgreSQL
// connections, each pooled connection failed the next request that took
// it. Every connection is now checked as it leaves the pool, so a page
// request after the blip is answered.
func TestReadsSurviveTerminatedConnections(t *testing.T) {
	dbtest.RequirePostgres(t)
	base := dbtest.Open(t, "postgres")
	app := fmt.Sprintf("tailor_pageblip_%d", time.Now().UnixNano())
	db, err := models.Open(t.Context(), models.OpenOptions{URL: base.URL() + "&application_name=" + app})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	u := &models.User{Email: "ada@example.com", Name: "Ada", PasswordHash: "x", Plan: "freemium"}
	if err := db.Gorm().Create(u).Error; err != nil {
		t.Fatal(err)
	}
	// Fill the pool: 16 connections, all used within the last second.
	hammer := func() []error {
		var wg sync.WaitGroup
		errs := make([]error, 16)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				defer cancel()
				// A slow read holds its connection so all 16 are opened.
				if err := db.Gorm().WithContext(ctx).Exec("SELECT pg_sleep(0.05)").Error; err != nil {
					errs[i] = err
					return
				}
				_, errs[i] = db.UserByID(ctx, u.ID)
			}()
		}
		wg.Wait()
		return errs
	}
	for _, err := range hammer() {
		if err != nil {
			t.Fatalf("before the blip: %v", err)
		}
	}
	var killed int
	if err := base.Gorm().Raw(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?`, app).Scan(&killed).Error; err != nil {
		t.Fatal(err)
	}
	if killed < 8 {
		t.Fatalf("terminated %d connections; want the pool's", killed)
	}
	time.Sleep(50 * time.Millisecond) // the server has closed them
	failed := 0
	for _, err := range hammer() {
		if err != nil {
			failed++
			t.Logf("after the blip: %v", err)
		}
	}
	if failed > 0 {
		t.Fatalf("%d of 16 reads failed after %d connections were terminated", failed, killed)
	}
}

// BenchmarkReadPostgres is one small read through the pool, with the ping
// each connection gets as it leaves it.
func BenchmarkReadPostgres(b *testing.B) {
	dbtest.RequirePostgres(b)
	db := dbtest.Open(b, "postgres")
	u := &models.User{Email: "ada@example.com", Name: "Ada", PasswordHash: "x", Plan: "freemium"}
	if err := db.Gorm().Create(u).Error; err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.UserByID(ctx, u.ID); err != nil {
			b.Fatal(err)
		}
	}
}
