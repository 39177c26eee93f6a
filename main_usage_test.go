package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"tailor/billing"
	"tailor/models"
)

func TestUsageRollupCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DATA_DIR": dir, "USAGE_RETENTION_DAYS": "30"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	cmd := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(ctx, append([]string{"tailor", "usage"}, args...), getenv, &out)
		return out.String(), err
	}
	if _, err := cmd("rollup"); err != nil {
		t.Fatal(err)
	}
	// Rows written behind the writer's back (say, restored from a backup)
	// reach the rollups with --rebuild.
	db, err := models.Open(ctx, models.OpenOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i, ago := range []time.Duration{time.Hour, 3 * time.Hour, 40 * 24 * time.Hour} {
		l := models.UsageLog{UserID: 1, ProviderType: "openai", ModelName: "gpt-4o", TaskType: "cv_draft", Plan: "PAYGO",
			Status: billing.StatusSuccess, CostMicros: int64(100 * (i + 1)), LatencyMS: 700, Attempt: 1, CreatedAt: now.Add(-ago)}
		if err := db.Gorm().Create(&l).Error; err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out, err := cmd("rollup")
	if err != nil || !strings.Contains(out, "already built") {
		t.Fatalf("second rollup: %q %v", out, err)
	}
	out, err = cmd("rollup", "--rebuild")
	if err != nil || !strings.Contains(out, "from 3 raw rows") {
		t.Fatalf("rebuild: %q %v", out, err)
	}
	out, err = cmd("prune")
	if err != nil || !strings.Contains(out, "Deleted 1 raw usage rows") {
		t.Fatalf("prune: %q %v", out, err)
	}
	db, err = models.Open(ctx, models.OpenOptions{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.UsageSummary(ctx, models.UsageQuery{From: now.Add(-60 * 24 * time.Hour), To: now})
	if err != nil || st.Calls != 3 || st.CostMicros != 600 {
		t.Fatalf("60-day summary after prune: %d calls %d µ$ (%v), want 3 and 600", st.Calls, st.CostMicros, err)
	}
	if _, err := cmd("rollup", "--everything"); err == nil || !strings.Contains(err.Error(), "tailor usage rollup [--rebuild]") {
		t.Fatalf("bad flag: %v", err)
	}
	env["USAGE_RETENTION_DAYS"] = "soon"
	if _, err := cmd("prune"); err == nil || !strings.Contains(err.Error(), "USAGE_RETENTION_DAYS") {
		t.Fatalf("bad retention: %v", err)
	}
}
