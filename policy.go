package main

import (
	"log/slog"

	"tailor/billing"
	"tailor/models"
)

// newPolicySource is where this instance reads the routing policy and the
// model prices: the database, through a cache of billing.DefaultPolicyTTL.
// The instance that saves a change invalidates it at once; every other
// instance reads the change within the TTL, with no poller and no restart.
func newPolicySource(db *models.DB, log *slog.Logger) *billing.PolicyCache {
	return billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, Logger: log})
}
