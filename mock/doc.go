// Package mock holds in-memory test doubles of the stores the
// orchestrator uses: Quota (a billing.QuotaStore), Cache (an
// orchestrator.Cache, which stores bytes), Plans (a billing.PlanSource)
// and UsageSink (a billing.UsageSink), plus Clock, a clock tests move by
// hand. Production wires the database (models) instead; nothing outside
// tests imports this package.
package mock
