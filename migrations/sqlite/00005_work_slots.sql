-- +goose Up
-- work_slots caps how much background work one person has running at once
-- across every instance: a River job takes a slot (a row) before it starts
-- and gives it back when it ends; a slot whose holder died expires.
CREATE TABLE work_slots (
    user_id    INTEGER NOT NULL,
    slot       INTEGER NOT NULL,
    holder     TEXT NOT NULL,
    expires_at DATETIME NOT NULL,
    PRIMARY KEY (user_id, slot)
);

-- Work left pending or running by the in-memory pool this queue replaces
-- has no queue job to resume it: say so once, instead of a page waiting
-- for ever.
UPDATE extracted_job_data SET status = 'failed', error_code = 'interrupted',
    error_message = 'Tailor was upgraded while this was running. Try again.', updated_at = CURRENT_TIMESTAMP
    WHERE status IN ('pending', 'running');
UPDATE cv_drafts SET status = 'failed', error_code = 'interrupted',
    error_message = 'Tailor was upgraded while this was running. Try again.', updated_at = CURRENT_TIMESTAMP
    WHERE status IN ('pending', 'running');
UPDATE cover_letters SET status = 'failed', error_code = 'interrupted',
    error_message = 'Tailor was upgraded while this was running. Try again.', updated_at = CURRENT_TIMESTAMP
    WHERE status IN ('pending', 'running');

-- +goose Down
DROP TABLE work_slots;
