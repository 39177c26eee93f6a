-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'user',
    plan          TEXT NOT NULL DEFAULT 'FREEMIUM',
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    last4        TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME
);
CREATE INDEX idx_api_tokens_user ON api_tokens(user_id);

CREATE TABLE profiles (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    document   TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE extracted_job_data (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source_kind    TEXT NOT NULL,
    source_url     TEXT NOT NULL DEFAULT '',
    normalized_url TEXT NOT NULL DEFAULT '',
    input_text     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    error_code     TEXT NOT NULL DEFAULT '',
    error_message  TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    company        TEXT NOT NULL DEFAULT '',
    location       TEXT NOT NULL DEFAULT '',
    posting        TEXT NOT NULL DEFAULT '{}',
    offline        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX idx_jobs_user_created ON extracted_job_data(user_id, created_at);
CREATE INDEX idx_jobs_user_url ON extracted_job_data(user_id, normalized_url);

CREATE TABLE cv_drafts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    job_id          INTEGER NOT NULL REFERENCES extracted_job_data(id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    error_code      TEXT NOT NULL DEFAULT '',
    error_message   TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '{}',
    profile_version INTEGER NOT NULL DEFAULT 0,
    offline         BOOLEAN NOT NULL DEFAULT FALSE,
    edited          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX idx_cv_drafts_job ON cv_drafts(job_id, created_at);

CREATE TABLE cover_letters (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    job_id          INTEGER NOT NULL REFERENCES extracted_job_data(id) ON DELETE CASCADE,
    tone            TEXT NOT NULL,
    status          TEXT NOT NULL,
    error_code      TEXT NOT NULL DEFAULT '',
    error_message   TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '{}',
    word_count      INTEGER NOT NULL DEFAULT 0,
    profile_version INTEGER NOT NULL DEFAULT 0,
    offline         BOOLEAN NOT NULL DEFAULT FALSE,
    edited          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX idx_cover_letters_job ON cover_letters(job_id, created_at);

CREATE TABLE ai_provider_usage_logs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            INTEGER NOT NULL,
    provider_config_id INTEGER,
    provider_type      TEXT NOT NULL,
    model_name         TEXT NOT NULL DEFAULT '',
    task_type          TEXT NOT NULL,
    plan               TEXT NOT NULL DEFAULT '',
    input_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens      INTEGER NOT NULL DEFAULT 0,
    total_tokens       INTEGER NOT NULL DEFAULT 0,
    cost_micros        INTEGER NOT NULL DEFAULT 0,
    cost_unknown       BOOLEAN NOT NULL DEFAULT FALSE,
    cost_saved_micros  INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL,
    error_class        TEXT NOT NULL DEFAULT '',
    error_message      TEXT NOT NULL DEFAULT '',
    latency_ms         INTEGER NOT NULL DEFAULT 0,
    attempt            INTEGER NOT NULL DEFAULT 1,
    request_id         TEXT NOT NULL DEFAULT '',
    cache_hit          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at         DATETIME NOT NULL
);
CREATE INDEX idx_usage_created ON ai_provider_usage_logs(created_at);
CREATE INDEX idx_usage_user_created ON ai_provider_usage_logs(user_id, created_at);
CREATE INDEX idx_usage_request ON ai_provider_usage_logs(request_id);

-- +goose Down
DROP TABLE ai_provider_usage_logs;
DROP TABLE cover_letters;
DROP TABLE cv_drafts;
DROP TABLE extracted_job_data;
DROP TABLE profiles;
DROP TABLE api_tokens;
DROP TABLE users;
