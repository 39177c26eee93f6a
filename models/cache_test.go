package models_test

import (
	"bytes"
	"context"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
)

func TestCachePutGet(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		clk := newTestClock(time.Date(2026, 7, 1, 8, 0, 0, 123_456_000, time.UTC))
		var logs bytes.Buffer
		c := db.WithClock(clk.Now).NewCache(slog.New(slog.NewTextHandler(&logs, nil)))

		if _, ok := c.Get(ctx, "absent"); ok {
			t.Fatal("hit on an empty cache")
		}
		want := orchestrator.Response{Text: "{\"title\":\"Nurse\"}\n« ünïcode »", RequestID: "r1", ProviderType: "gemini",
			Model: "gemini-2.5-flash", InputTokens: 1200, OutputTokens: 300, CostMicros: 1110, CostUnknown: false, Attempts: 2}
		c.Put(ctx, "k1", want, time.Hour)
		got, ok := c.Get(ctx, "k1")
		if !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("Get = %+v, %v; want %+v", got, ok, want)
		}
		if _, ok := c.Get(ctx, "k2"); ok {
			t.Fatal("hit for another key")
		}

		// Overwrite: the new answer and the new expiry win.
		want2 := want
		want2.Text, want2.CostUnknown = "second answer", true
		clk.Add(30 * time.Minute)
		c.Put(ctx, "k1", want2, 2*time.Hour)
		if got, ok := c.Get(ctx, "k1"); !ok || !reflect.DeepEqual(got, want2) {
			t.Fatalf("after overwrite Get = %+v, %v; want %+v", got, ok, want2)
		}
		var n int64
		db.Gorm().Model(&models.CacheEntry{}).Count(&n)
		if n != 1 {
			t.Fatalf("%d cache rows after an overwrite, want 1", n)
		}

		// Expiry: alive just before, gone at the moment it expires.
		c.Put(ctx, "short", want, time.Minute)
		clk.Add(59 * time.Second)
		if _, ok := c.Get(ctx, "short"); !ok {
			t.Fatal("entry gone before its TTL")
		}
		clk.Add(time.Second)
		if _, ok := c.Get(ctx, "short"); ok {
			t.Fatal("entry served at its expiry")
		}
		clk.Add(time.Hour) // k1 was rewritten with 2 h at +30 min: still alive at +1 h 31 min
		if _, ok := c.Get(ctx, "k1"); !ok {
			t.Fatal("overwritten entry kept its old, shorter expiry")
		}
		purged, err := db.WithClock(clk.Now).PurgeExpiredCache(ctx)
		if err != nil || purged != 1 {
			t.Fatalf("PurgeExpiredCache = %d, %v; want 1", purged, err)
		}
		clk.Add(time.Hour)
		if _, ok := c.Get(ctx, "k1"); ok {
			t.Fatal("entry served after its TTL")
		}

		// A row that is not a Response is a miss, not a panic.
		if err := db.Gorm().Create(&models.CacheEntry{Key: "junk", Response: "{not json", ExpiresAt: clk.Now().Add(time.Hour),
			CreatedAt: clk.Now()}).Error; err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(ctx, "junk"); ok {
			t.Fatal("hit on an unreadable row")
		}
		if logs.Len() != 0 {
			t.Fatalf("cache logged on a healthy database: %s", logs.String())
		}
	})
}

// TestCacheThroughGenerate runs the database cache under the orchestrator:
// the second identical call is free and logged as a cache hit with what it
// saved; Force and the user scope go to the provider; the shared scope
// crosses users.
func TestCacheThroughGenerate(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		alice, err := db.CreateUser(ctx, "alice@example.com", "Alice", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		bob, err := db.CreateUser(ctx, "bob@example.com", "Bob", "password1", models.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		p := &instantProvider{in: 2000, out: 500}
		prices := orchestrator.DefaultPrices()
		wantCost, known := prices.Cost("gpt-4o-mini", 2000, 500)
		if !known || wantCost == 0 {
			t.Fatalf("gpt-4o-mini has no price (%d, %v)", wantCost, known)
		}
		uw := orchestrator.NewUsageWriter(db, nil, 100, 10*time.Millisecond)
		o := orchestrator.New(orchestrator.Options{
			Chain: orchestrator.StaticChain{{Provider: p, FastModel: "gpt-4o-mini", QualityModel: "gpt-4o"}},
			Plans: db, Quota: db, Usage: uw, Prices: prices, Cache: db.NewCache(slog.Default()),
		})
		req := func(user uint, prompt string, scope orchestrator.CacheScope, force bool) orchestrator.Request {
			return orchestrator.Request{UserID: user, Task: orchestrator.TaskExtraction, System: "Extract the job.",
				Prompt: prompt, CacheScope: scope, Force: force}
		}

		steps := []struct {
			name      string
			req       orchestrator.Request
			wantHit   bool
			wantCalls int64
		}{
			{"first call pays", req(alice.ID, "posting A", orchestrator.CacheUser, false), false, 1},
			{"same call is a hit", req(alice.ID, "posting A", orchestrator.CacheUser, false), true, 1},
			{"force bypasses", req(alice.ID, "posting A", orchestrator.CacheUser, true), false, 2},
			{"after force still a hit", req(alice.ID, "posting A", orchestrator.CacheUser, false), true, 2},
			{"another prompt misses", req(alice.ID, "posting B", orchestrator.CacheUser, false), false, 3},
			{"user scope does not leak to bob", req(bob.ID, "posting A", orchestrator.CacheUser, false), false, 4},
			{"shared first call pays", req(alice.ID, "public posting", orchestrator.CacheShared, false), false, 5},
			{"shared answer crosses users", req(bob.ID, "public posting", orchestrator.CacheShared, false), true, 5},
			{"shared answer is not a user answer", req(bob.ID, "public posting", orchestrator.CacheUser, false), false, 6},
			{"cache none always pays", req(alice.ID, "posting A", orchestrator.CacheNone, false), false, 7},
		}
		var hits []string
		for _, s := range steps {
			resp, err := o.Generate(ctx, s.req)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if resp.CacheHit != s.wantHit || p.calls.Load() != s.wantCalls {
				t.Fatalf("%s: cache hit %v, provider calls %d; want %v, %d", s.name, resp.CacheHit, p.calls.Load(), s.wantHit, s.wantCalls)
			}
			if resp.Text != "answer for "+s.req.Prompt {
				t.Fatalf("%s: text %q", s.name, resp.Text)
			}
			if s.wantHit {
				if resp.CostMicros != 0 || resp.Attempts != 0 {
					t.Fatalf("%s: a cache hit cost %d in %d attempts", s.name, resp.CostMicros, resp.Attempts)
				}
				hits = append(hits, resp.RequestID)
			} else if resp.CostMicros != wantCost {
				t.Fatalf("%s: cost %d, want %d", s.name, resp.CostMicros, wantCost)
			}
		}
		uw.Close()

		rows, err := db.ListUsage(ctx, models.UsageFilter{Status: orchestrator.StatusCacheHit})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(hits) {
			t.Fatalf("%d cache_hit rows, want %d", len(rows), len(hits))
		}
		for _, r := range rows {
			if !r.CacheHit || r.CostMicros != 0 || r.CostSavedMicros != wantCost || r.InputTokens != 0 ||
				r.ModelName != "gpt-4o-mini" || r.ProviderType != orchestrator.TypeOpenAI {
				t.Fatalf("cache_hit row = %+v; want cost 0, saved %d", r, wantCost)
			}
		}
		success, err := db.ListUsage(ctx, models.UsageFilter{Status: orchestrator.StatusSuccess})
		if err != nil {
			t.Fatal(err)
		}
		if len(success) != 7 {
			t.Fatalf("%d success rows, want 7", len(success))
		}
		// Cache hits used no quota: Alice's tokens are her five paid calls.
		if u := usageOf(t, db, alice.ID); u.DayRequests != 5 || u.Tokens != 5*2500 {
			t.Fatalf("alice's quota = %+v; want 5 requests, %d tokens", u, 5*2500)
		}
	})
}
