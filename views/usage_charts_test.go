package views

import (
	"strings"
	"testing"
	"time"

	"tailor/models"
)

func TestUsageCharts(t *testing.T) {
	d0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	d1, d2 := d0.Add(24*time.Hour), d0.Add(48*time.Hour)
	var h models.Histogram
	for _, ms := range []int64{100, 200, 300, 4000} {
		h.Add(ms)
	}
	st := models.UsageStats{Buckets: []time.Time{d0, d1, d2}, Cells: []models.UsageCell{
		{At: d0, Provider: "openai", Model: "gpt-4o", Plan: "PAYGO", Calls: 5, Errors: 1, CostMicros: 1_500_000, Hist: h},
		{At: d0, Provider: "openai", Model: "gpt-4o", Plan: "FREEMIUM", Calls: 1, CostMicros: 500_000, Hist: h},
		{At: d2, Provider: "gemini", Model: "", Plan: "PRO_ANNUAL", QuotaRefusals: 3},
		{At: d2, Provider: "openai", Model: "gpt-4o", Plan: "PAYGO", CacheHits: 2, SavedMicros: 250_000},
	}}
	charts := map[string]Chart{}
	for _, c := range UsageCharts(st) {
		charts[c.ID] = c
	}
	cost := charts["cost-by-plan"]
	if n := strings.Count(cost.SVG, "<rect"); n != 2 || !strings.Contains(cost.SVG, "Fri Nov 20, PAYGO: $1.50") ||
		!strings.Contains(cost.SVG, "Fri Nov 20, FREEMIUM: $0.50") || len(cost.Legend) != 2 || cost.Legend[0].Name != "PAYGO" {
		t.Errorf("cost chart: %d bars, legend %v\n%s", n, cost.Legend, cost.SVG)
	}
	if !strings.Contains(cost.SVG, ">$2.00<") { // the axis top: the tallest stack, rounded up
		t.Errorf("cost axis does not reach $2.00:\n%s", cost.SVG)
	}
	errs := charts["error-rate"]
	if !strings.Contains(errs.SVG, "openai: 16.7%") || strings.Count(errs.SVG, "<circle") != 1 {
		t.Errorf("error rate: one point (no calls on the other days), 1 of 6 failed:\n%s", errs.SVG)
	}
	lat := charts["latency-0"]
	if !strings.Contains(lat.Title, "openai gpt-4o") || len(lat.Legend) != 3 || lat.Legend[2].Name != "p99" {
		t.Errorf("latency chart: %q %v", lat.Title, lat.Legend)
	}
	if _, ok := charts["latency-1"]; ok {
		t.Error("a latency chart for a model with no provider calls")
	}
	if r := charts["quota-refusals"]; r.Empty || !strings.Contains(r.SVG, "PRO_ANNUAL: 3") {
		t.Errorf("refusals:\n%s", r.SVG)
	}
	if s := charts["cache-savings"]; !strings.Contains(s.SVG, "saved by the cache: $0.25") {
		t.Errorf("savings:\n%s", s.SVG)
	}
	if !charts["calls-by-provider"].Empty && strings.Contains(charts["calls-by-provider"].SVG, "gemini") {
		t.Error("a provider with only quota refusals drawn as making calls")
	}
	empty := UsageCharts(models.UsageStats{Buckets: []time.Time{d0}})
	for _, c := range empty {
		if !c.Empty {
			t.Errorf("%s not empty without data", c.ID)
		}
	}
	for in, want := range map[int64]string{999_999: "$0.999999", 17_043_514: "$17.04", 1_005_000: "$1.01"} {
		if got := moneyShort(in); got != want {
			t.Errorf("moneyShort(%d) = %q, want %q", in, got, want)
		}
	}
}
