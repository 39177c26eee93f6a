package models

import "context"

// QueueDepth counts the work queue's jobs (River's river_job table) that
// wait — available, scheduled or retrying — and those running, for
// /metrics. A database without the queue's tables answers an error.
func (db *DB) QueueDepth(ctx context.Context) (waiting, running int64, err error) {
	var rows []struct {
		State string
		N     int64
	}
	err = db.ctx(ctx).Raw(`SELECT CAST(state AS TEXT) AS state, COUNT(*) AS n FROM river_job
		WHERE state IN ('available', 'scheduled', 'retryable', 'running') GROUP BY state`).Scan(&rows).Error
	for _, r := range rows {
		if r.State == "running" {
			running += r.N
		} else {
			waiting += r.N
		}
	}
	return waiting, running, err
}
