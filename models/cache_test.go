package models_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"tailor/mock"
	"tailor/models"
	"tailor/models/dbtest"
)

func TestCachePutGet(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := mock.NewClock(time.Date(2026, 7, 1, 8, 0, 0, 123_456_000, time.UTC))
		var logs bytes.Buffer
		c := db.WithClock(clk.Now).NewCache(slog.New(slog.NewTextHandler(&logs, nil)))

		if _, ok := c.Get(ctx, "absent"); ok {
			t.Fatal("hit on an empty cache")
		}
		// The store keeps what the orchestrator gives it, byte for byte.
		want := []byte(`{"Text":"{\"title\":\"Nurse\"}\n« ünïcode »","RequestID":"r1","InputTokens":1200}`)
		c.Put(ctx, "k1", want, time.Hour)
		got, ok := c.Get(ctx, "k1")
		if !ok || !bytes.Equal(got, want) {
			t.Fatalf("Get = %q, %v; want %q", got, ok, want)
		}
		if _, ok := c.Get(ctx, "k2"); ok {
			t.Fatal("hit for another key")
		}

		// Overwrite: the new answer and the new expiry win.
		want2 := []byte(`{"Text":"second answer","CostUnknown":true}`)
		clk.Advance(30 * time.Minute)
		c.Put(ctx, "k1", want2, 2*time.Hour)
		if got, ok := c.Get(ctx, "k1"); !ok || !bytes.Equal(got, want2) {
			t.Fatalf("after overwrite Get = %q, %v; want %q", got, ok, want2)
		}
		var n int64
		db.Gorm().Model(&models.CacheEntry{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d cache rows after an overwrite, want 1", n)
		}

		// Expiry: alive just before, gone at the moment it expires.
		c.Put(ctx, "short", want, time.Minute)
		clk.Advance(59 * time.Second)
		if _, ok := c.Get(ctx, "short"); !ok {
			t.Fatal("entry gone before its TTL")
		}
		clk.Advance(time.Second)
		if _, ok := c.Get(ctx, "short"); ok {
			t.Fatal("entry served at its expiry")
		}
		clk.Advance(time.Hour) // k1 was rewritten with 2 h at +30 min: still alive at +1 h 31 min
		if _, ok := c.Get(ctx, "k1"); !ok {
			t.Fatal("overwritten entry kept its old, shorter expiry")
		}
		purged, err := db.WithClock(clk.Now).PurgeExpiredCache(ctx)
		if err != nil || purged != 1 {
			t.Fatalf("PurgeExpiredCache = %d, %v; want 1", purged, err)
		}
		clk.Advance(time.Hour)
		if _, ok := c.Get(ctx, "k1"); ok {
			t.Fatal("entry served after its TTL")
		}

		// The store does not read what it keeps: a row that is not JSON
		// comes back as it is (the orchestrator treats it as a miss).
		if err := db.Gorm().Create(&models.CacheEntry{Key: "junk", Response: "{not json", ExpiresAt: clk.Now().Add(time.Hour),
			CreatedAt: clk.Now()}).Error; err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get(ctx, "junk"); !ok || string(got) != "{not json" {
			t.Fatalf("junk row = %q, %v", got, ok)
		}
		if logs.Len() != 0 {
			t.Fatalf("cache logged on a healthy database: %s", logs.String())
		}
	})
}
