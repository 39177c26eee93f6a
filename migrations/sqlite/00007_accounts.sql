-- +goose Up
-- Server-side sessions: the cookie carries only a random id; its SHA-256 is
-- the key here, so a database leak does not leak working sessions.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL DEFAULT 0,
    data         TEXT NOT NULL DEFAULT '{}',
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL
);
CREATE INDEX idx_sessions_user ON sessions(user_id);
CREATE INDEX idx_sessions_expires ON sessions(expires_at);

-- Sliding-window throttles shared by every instance.
CREATE TABLE rate_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    key        TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_rate_events_key ON rate_events(key, created_at);

-- One-time password reset links (only the hash is kept).
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN expires_at DATETIME;

-- Application tracker.
ALTER TABLE extracted_job_data ADD COLUMN app_status TEXT NOT NULL DEFAULT 'saved';
ALTER TABLE extracted_job_data ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE extracted_job_data ADD COLUMN follow_up_on TEXT NOT NULL DEFAULT '';
CREATE TABLE job_status_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     INTEGER NOT NULL REFERENCES extracted_job_data(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_job_status_events_job ON job_status_events(job_id);

-- +goose Down
DROP TABLE job_status_events;
ALTER TABLE extracted_job_data DROP COLUMN follow_up_on;
ALTER TABLE extracted_job_data DROP COLUMN notes;
ALTER TABLE extracted_job_data DROP COLUMN app_status;
ALTER TABLE api_tokens DROP COLUMN expires_at;
DROP TABLE password_resets;
DROP TABLE rate_events;
DROP TABLE sessions;
