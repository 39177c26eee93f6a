// Package billing is what Tailor's AI calls cost and who may make them:
// the plans, the tasks and the tiers a routing Policy maps them to, the
// price table and the PolicySource calls read both through (a PolicyCache
// over a PolicyStore), quota reservations (QuotaStore, Limits) and the
// usage log's rows (Usage, UsageWriter). It holds no provider code and
// imports no other Tailor package but apperr, so storage (models) and the
// call path (orchestrator) can both use it.
package billing
