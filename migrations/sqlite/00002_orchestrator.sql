-- +goose Up
CREATE TABLE ai_provider_configs (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    name                 TEXT NOT NULL,
    provider_type        TEXT NOT NULL,
    base_url             TEXT NOT NULL DEFAULT '',
    api_key_encrypted    TEXT NOT NULL DEFAULT '',
    api_key_last4        TEXT NOT NULL DEFAULT '',
    fast_model           TEXT NOT NULL DEFAULT '',
    quality_model        TEXT NOT NULL DEFAULT '',
    priority             INTEGER NOT NULL DEFAULT 100,
    is_active            BOOLEAN NOT NULL DEFAULT TRUE,
    rpm_limit            INTEGER NOT NULL DEFAULT 0,
    last_tested_at       DATETIME,
    last_test_ok         BOOLEAN NOT NULL DEFAULT FALSE,
    last_test_error      TEXT NOT NULL DEFAULT '',
    last_test_latency_ms INTEGER NOT NULL DEFAULT 0,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);
CREATE INDEX idx_provider_configs_active ON ai_provider_configs(is_active, priority);

CREATE TABLE ai_routing_policy (
    plan TEXT NOT NULL,
    task TEXT NOT NULL,
    tier TEXT NOT NULL,
    PRIMARY KEY (plan, task)
);

CREATE TABLE ai_model_prices (
    model                   TEXT PRIMARY KEY,
    input_micros_per_mtok   INTEGER NOT NULL,
    output_micros_per_mtok  INTEGER NOT NULL,
    updated_at              DATETIME NOT NULL
);

CREATE TABLE ai_plan_limits (
    plan                TEXT PRIMARY KEY,
    daily_requests      INTEGER NOT NULL DEFAULT 0,
    monthly_tokens      INTEGER NOT NULL DEFAULT 0,
    monthly_cost_micros INTEGER NOT NULL DEFAULT 0,
    updated_at          DATETIME NOT NULL
);
INSERT INTO ai_plan_limits (plan, daily_requests, monthly_tokens, monthly_cost_micros, updated_at) VALUES
    ('FREEMIUM', 200, 0, 1000000, CURRENT_TIMESTAMP),
    ('PAYGO', 0, 0, 0, CURRENT_TIMESTAMP),
    ('PRO_MONTHLY', 0, 0, 0, CURRENT_TIMESTAMP),
    ('PRO_ANNUAL', 0, 0, 0, CURRENT_TIMESTAMP);

-- One row per user and UTC month: what was used and what is reserved by
-- calls in flight. Reserve is one conditional UPDATE on this row.
CREATE TABLE ai_quota_usage (
    user_id              INTEGER NOT NULL,
    month                TEXT NOT NULL,
    day                  TEXT NOT NULL DEFAULT '',
    day_requests         INTEGER NOT NULL DEFAULT 0,
    reserved_requests    INTEGER NOT NULL DEFAULT 0,
    tokens               INTEGER NOT NULL DEFAULT 0,
    reserved_tokens      INTEGER NOT NULL DEFAULT 0,
    cost_micros          INTEGER NOT NULL DEFAULT 0,
    reserved_cost_micros INTEGER NOT NULL DEFAULT 0,
    updated_at           DATETIME NOT NULL,
    PRIMARY KEY (user_id, month)
);

CREATE TABLE ai_quota_reservations (
    id          TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    month       TEXT NOT NULL,
    tokens      INTEGER NOT NULL,
    cost_micros INTEGER NOT NULL,
    expires_at  DATETIME NOT NULL
);
CREATE INDEX idx_quota_reservations_expires ON ai_quota_reservations(expires_at);

CREATE TABLE ai_cache_entries (
    key        TEXT PRIMARY KEY,
    response   TEXT NOT NULL,
    expires_at DATETIME NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_cache_expires ON ai_cache_entries(expires_at);

-- +goose Down
DROP TABLE ai_cache_entries;
DROP TABLE ai_quota_reservations;
DROP TABLE ai_quota_usage;
DROP TABLE ai_plan_limits;
DROP TABLE ai_model_prices;
DROP TABLE ai_routing_policy;
DROP TABLE ai_provider_configs;
