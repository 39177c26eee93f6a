-- +goose Up
-- A job's version increases when the person corrects it, so drafts made
-- from an earlier version can say they are out of date.
ALTER TABLE extracted_job_data ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Who wrote each draft (source: model or offline; the provider and model
-- name for a model) and the job version it was made from.
ALTER TABLE cv_drafts ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE cv_drafts ADD COLUMN source_provider TEXT NOT NULL DEFAULT '';
ALTER TABLE cv_drafts ADD COLUMN source_model TEXT NOT NULL DEFAULT '';
ALTER TABLE cv_drafts ADD COLUMN job_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cover_letters ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE cover_letters ADD COLUMN source_provider TEXT NOT NULL DEFAULT '';
ALTER TABLE cover_letters ADD COLUMN source_model TEXT NOT NULL DEFAULT '';
ALTER TABLE cover_letters ADD COLUMN job_version INTEGER NOT NULL DEFAULT 1;

-- Drafts written before sources were recorded keep what was known.
UPDATE cv_drafts SET source = 'offline' WHERE offline AND status = 'done';
UPDATE cover_letters SET source = 'offline' WHERE offline AND status = 'done';

-- +goose Down
ALTER TABLE cover_letters DROP COLUMN job_version;
ALTER TABLE cover_letters DROP COLUMN source_model;
ALTER TABLE cover_letters DROP COLUMN source_provider;
ALTER TABLE cover_letters DROP COLUMN source;
ALTER TABLE cv_drafts DROP COLUMN job_version;
ALTER TABLE cv_drafts DROP COLUMN source_model;
ALTER TABLE cv_drafts DROP COLUMN source_provider;
ALTER TABLE cv_drafts DROP COLUMN source;
ALTER TABLE extracted_job_data DROP COLUMN version;
