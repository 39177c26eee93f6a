-- +goose Up

-- Usage rollups: the usage log summed per hour (and per UTC day) and per
-- provider, model, task and plan, with a count per status (calls = attempts
-- at a provider, success or error; errors; cache hits; quota refusals).
-- The usage writer adds each batch to both tables in the transaction that
-- stores the raw rows, so a rollup is always exact; `tailor usage rollup --rebuild` recomputes them from the
-- raw log. bucket is the hour's (or day's) start in Unix seconds, UTC.
-- h00..h56 count the latencies of calls per fixed log-spaced bucket
-- (models/usage_histogram.go).
-- Counts are INTEGER (one group's calls in one day fit): PostgreSQL sums
-- integers in a machine word, bigints through numeric, several times slower.

CREATE TABLE ai_usage_rollup_hours (
    bucket             BIGINT NOT NULL,
    provider_type      TEXT NOT NULL,
    model_name         TEXT NOT NULL,
    task_type          TEXT NOT NULL,
    plan               TEXT NOT NULL,
    calls              INTEGER NOT NULL DEFAULT 0,
    errors             INTEGER NOT NULL DEFAULT 0,
    cache_hits         INTEGER NOT NULL DEFAULT 0,
    quota_refusals     INTEGER NOT NULL DEFAULT 0,
    input_tokens       BIGINT NOT NULL DEFAULT 0,
    output_tokens      BIGINT NOT NULL DEFAULT 0,
    total_tokens       BIGINT NOT NULL DEFAULT 0,
    cost_micros        BIGINT NOT NULL DEFAULT 0,
    cost_unknown_calls INTEGER NOT NULL DEFAULT 0,
    cost_saved_micros  BIGINT NOT NULL DEFAULT 0,
    latency_sum_ms     BIGINT NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    h21 INTEGER NOT NULL DEFAULT 0,
    h22 INTEGER NOT NULL DEFAULT 0,
    h23 INTEGER NOT NULL DEFAULT 0,
    h24 INTEGER NOT NULL DEFAULT 0,
    h25 INTEGER NOT NULL DEFAULT 0,
    h26 INTEGER NOT NULL DEFAULT 0,
    h27 INTEGER NOT NULL DEFAULT 0,
    h28 INTEGER NOT NULL DEFAULT 0,
    h29 INTEGER NOT NULL DEFAULT 0,
    h30 INTEGER NOT NULL DEFAULT 0,
    h31 INTEGER NOT NULL DEFAULT 0,
    h32 INTEGER NOT NULL DEFAULT 0,
    h33 INTEGER NOT NULL DEFAULT 0,
    h34 INTEGER NOT NULL DEFAULT 0,
    h35 INTEGER NOT NULL DEFAULT 0,
    h36 INTEGER NOT NULL DEFAULT 0,
    h37 INTEGER NOT NULL DEFAULT 0,
    h38 INTEGER NOT NULL DEFAULT 0,
    h39 INTEGER NOT NULL DEFAULT 0,
    h40 INTEGER NOT NULL DEFAULT 0,
    h41 INTEGER NOT NULL DEFAULT 0,
    h42 INTEGER NOT NULL DEFAULT 0,
    h43 INTEGER NOT NULL DEFAULT 0,
    h44 INTEGER NOT NULL DEFAULT 0,
    h45 INTEGER NOT NULL DEFAULT 0,
    h46 INTEGER NOT NULL DEFAULT 0,
    h47 INTEGER NOT NULL DEFAULT 0,
    h48 INTEGER NOT NULL DEFAULT 0,
    h49 INTEGER NOT NULL DEFAULT 0,
    h50 INTEGER NOT NULL DEFAULT 0,
    h51 INTEGER NOT NULL DEFAULT 0,
    h52 INTEGER NOT NULL DEFAULT 0,
    h53 INTEGER NOT NULL DEFAULT 0,
    h54 INTEGER NOT NULL DEFAULT 0,
    h55 INTEGER NOT NULL DEFAULT 0,
    h56 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, provider_type, model_name, task_type, plan)
);

CREATE TABLE ai_usage_rollup_days (
    bucket             BIGINT NOT NULL,
    provider_type      TEXT NOT NULL,
    model_name         TEXT NOT NULL,
    task_type          TEXT NOT NULL,
    plan               TEXT NOT NULL,
    calls              INTEGER NOT NULL DEFAULT 0,
    errors             INTEGER NOT NULL DEFAULT 0,
    cache_hits         INTEGER NOT NULL DEFAULT 0,
    quota_refusals     INTEGER NOT NULL DEFAULT 0,
    input_tokens       BIGINT NOT NULL DEFAULT 0,
    output_tokens      BIGINT NOT NULL DEFAULT 0,
    total_tokens       BIGINT NOT NULL DEFAULT 0,
    cost_micros        BIGINT NOT NULL DEFAULT 0,
    cost_unknown_calls INTEGER NOT NULL DEFAULT 0,
    cost_saved_micros  BIGINT NOT NULL DEFAULT 0,
    latency_sum_ms     BIGINT NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    h21 INTEGER NOT NULL DEFAULT 0,
    h22 INTEGER NOT NULL DEFAULT 0,
    h23 INTEGER NOT NULL DEFAULT 0,
    h24 INTEGER NOT NULL DEFAULT 0,
    h25 INTEGER NOT NULL DEFAULT 0,
    h26 INTEGER NOT NULL DEFAULT 0,
    h27 INTEGER NOT NULL DEFAULT 0,
    h28 INTEGER NOT NULL DEFAULT 0,
    h29 INTEGER NOT NULL DEFAULT 0,
    h30 INTEGER NOT NULL DEFAULT 0,
    h31 INTEGER NOT NULL DEFAULT 0,
    h32 INTEGER NOT NULL DEFAULT 0,
    h33 INTEGER NOT NULL DEFAULT 0,
    h34 INTEGER NOT NULL DEFAULT 0,
    h35 INTEGER NOT NULL DEFAULT 0,
    h36 INTEGER NOT NULL DEFAULT 0,
    h37 INTEGER NOT NULL DEFAULT 0,
    h38 INTEGER NOT NULL DEFAULT 0,
    h39 INTEGER NOT NULL DEFAULT 0,
    h40 INTEGER NOT NULL DEFAULT 0,
    h41 INTEGER NOT NULL DEFAULT 0,
    h42 INTEGER NOT NULL DEFAULT 0,
    h43 INTEGER NOT NULL DEFAULT 0,
    h44 INTEGER NOT NULL DEFAULT 0,
    h45 INTEGER NOT NULL DEFAULT 0,
    h46 INTEGER NOT NULL DEFAULT 0,
    h47 INTEGER NOT NULL DEFAULT 0,
    h48 INTEGER NOT NULL DEFAULT 0,
    h49 INTEGER NOT NULL DEFAULT 0,
    h50 INTEGER NOT NULL DEFAULT 0,
    h51 INTEGER NOT NULL DEFAULT 0,
    h52 INTEGER NOT NULL DEFAULT 0,
    h53 INTEGER NOT NULL DEFAULT 0,
    h54 INTEGER NOT NULL DEFAULT 0,
    h55 INTEGER NOT NULL DEFAULT 0,
    h56 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, provider_type, model_name, task_type, plan)
);

-- One row once the rollups hold the whole raw log (set by a rebuild; a
-- database upgraded from before rollups is rebuilt once at start-up).
CREATE TABLE ai_usage_rollup_state (
    id       INTEGER PRIMARY KEY,
    built_at TIMESTAMPTZ NOT NULL
);

-- Every change an admin makes: who, when, what, and the values before and
-- after (JSON; never a key or a secret).
CREATE TABLE admin_audit_log (
    id          BIGSERIAL PRIMARY KEY,
    actor_id    BIGINT NOT NULL DEFAULT 0,
    actor_email TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_audit_created ON admin_audit_log(created_at);

-- +goose Down
DROP TABLE admin_audit_log;
DROP TABLE ai_usage_rollup_state;
DROP TABLE ai_usage_rollup_days;
DROP TABLE ai_usage_rollup_hours;
