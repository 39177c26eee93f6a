// Package mock holds in-memory test doubles of the stores the
// orchestrator uses: Quota (a billing.QuotaStore) and Cache (an
// orchestrator.Cache, which stores bytes). Production wires the database
// (models) instead; nothing outside tests imports this package.
package mock
