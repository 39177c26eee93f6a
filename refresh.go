package main

import (
	"context"
	"log/slog"
	"time"

	"tailor/billing"
	"tailor/models"
)

// policyRefresh is how often an instance re-reads the routing policy and
// the model prices, so an admin's change on one instance reaches every
// other within seconds (the instance that made it applies it at once).
const policyRefresh = 5 * time.Second

// refreshPolicy keeps policy and prices in step with the database until ctx
// ends. Deleted prices are kept as tombstones, so a reload converges.
func refreshPolicy(ctx context.Context, db *models.DB, policy *billing.Policy, prices *billing.Prices, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.LoadPolicy(ctx, policy); err != nil && ctx.Err() == nil {
				log.Warn("reload routing policy", "error", err)
			}
			if err := db.LoadPrices(ctx, prices); err != nil && ctx.Err() == nil {
				log.Warn("reload model prices", "error", err)
			}
		}
	}
}
