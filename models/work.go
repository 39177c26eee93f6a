package models

import (
	"context"
	"strings"
	"time"

	"tailor/apperr"
	"tailor/billing"
)

// TakeWorkSlot gives holder one of the n slots of userID's running work, or
// reports false when all n are held. A slot whose holder never gave it back
// (a killed instance) is free again once it expires. Several instances can
// race for the last slot: the upsert's WHERE lets exactly one of them win.
func (db *DB) TakeWorkSlot(ctx context.Context, userID uint, holder string, n int, lease time.Duration) (bool, error) {
	now := db.now()
	for slot := 0; slot < n; slot++ {
		res := db.ctx(ctx).Exec(`INSERT INTO work_slots (user_id, slot, holder, expires_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE work_slots.expires_at < ? OR work_slots.holder = excluded.holder`,
			userID, slot, holder, now.Add(lease), now)
		if res.Error != nil {
			return false, res.Error
		}
		if res.RowsAffected == 1 {
			return true, nil
		}
	}
	return false, nil
}

// GiveBackWorkSlot frees the slot holder took.
func (db *DB) GiveBackWorkSlot(ctx context.Context, userID uint, holder string) error {
	return db.ctx(ctx).Exec(`DELETE FROM work_slots WHERE user_id = ? AND holder = ?`, userID, holder).Error
}

// RunningWork counts the slots userID holds now (for tests and pages).
func (db *DB) RunningWork(ctx context.Context, userID uint) (int, error) {
	var n int64
	err := db.ctx(ctx).Table("work_slots").Where("user_id = ? AND expires_at >= ?", userID, db.now()).Count(&n).Error
	return int(n), err
}

// ReleaseTaggedReservations gives back the quota still held by calls whose
// reservation carries tag (see billing.WithReservationTag): the calls of
// an earlier attempt of a background job that died mid-way. The retry makes
// its own reservations, so the person is charged once, for the attempt that
// finished.
func (db *DB) ReleaseTaggedReservations(ctx context.Context, tag string) (int, error) {
	if tag == "" {
		return 0, nil
	}
	var held []QuotaReservation
	if err := db.ctx(ctx).Where("id LIKE ?", escapeLike(tag)+"%").Find(&held).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, res := range held {
		ok, err := db.finish(ctx, billing.Reservation{ID: res.ID, UserID: res.UserID, CreatedAt: monthStart(res.Month)}, false, 0, 0)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// QueuedWork counts userID's jobs and drafts not finished yet.
func (db *DB) QueuedWork(ctx context.Context, userID uint) (int, error) {
	total := int64(0)
	for _, m := range []any{&Job{}, &CVDraft{}, &CoverLetter{}} {
		var n int64
		if err := db.ctx(ctx).Model(m).Where("user_id = ? AND status IN ?", userID, []string{StatusPending, StatusRunning}).
			Count(&n).Error; err != nil {
			return 0, err
		}
		total += n
	}
	return int(total), nil
}

// CheckDailyRequests refuses new work before it is queued when the
// person's requests today, the ones in flight and queued (work not started
// yet) already reach the plan's daily limit: a queue of fetches counts
// against the quota before any page is downloaded.
func (db *DB) CheckDailyRequests(ctx context.Context, userID uint, plan string, queued int) error {
	lim, err := db.PlanLimitOf(ctx, plan)
	if err != nil || lim.DailyRequests == 0 {
		return err
	}
	u, err := db.QuotaUsageOf(ctx, userID)
	if err != nil {
		return err
	}
	now := db.now()
	if u.DayRequests+u.ReservedRequests+queued+1 <= lim.DailyRequests {
		return nil
	}
	if qe := billing.QuotaError(plan, billing.Limits{DailyRequests: lim.DailyRequests}, now,
		u.DayRequests+u.ReservedRequests+queued+1, 0, 0); qe != nil {
		return qe
	}
	return apperr.New(apperr.EQUOTA, "You have %d requests waiting or done today, your plan's daily limit. Wait for them to finish, or try again tomorrow.", lim.DailyRequests)
}

// SetJobPending puts a job back in the queue's hands after an attempt
// that will be retried (a database blip), with what the page should say.
func (db *DB) SetJobPending(ctx context.Context, id uint) error {
	return db.ctx(ctx).Model(&Job{}).Where("id = ? AND status <> ?", id, StatusDone).
		Updates(map[string]any{"status": StatusPending, "updated_at": db.now()}).Error
}

// SetDraftPending is SetJobPending for a CV draft or a letter.
func (db *DB) SetDraftPending(ctx context.Context, model any, id uint) error {
	return db.ctx(ctx).Model(model).Where("id = ? AND status <> ?", id, StatusDone).
		Updates(map[string]any{"status": StatusPending, "updated_at": db.now()}).Error
}

// JobByID returns a job whoever owns it, for background work.
func (db *DB) JobByID(ctx context.Context, id uint) (*Job, error) {
	var j Job
	if err := db.ctx(ctx).Where("id = ?", id).Take(&j).Error; err != nil {
		return nil, notFound(err, "job")
	}
	return &j, nil
}

// PurgeWorkSlots drops slots whose holder died without giving them back.
func (db *DB) PurgeWorkSlots(ctx context.Context) (int, error) {
	res := db.ctx(ctx).Exec(`DELETE FROM work_slots WHERE expires_at < ?`, db.now())
	return int(res.RowsAffected), res.Error
}
