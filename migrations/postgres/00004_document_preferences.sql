-- +goose Up
-- How a person's CVs and letters look: the template and the paper size
-- ("auto" follows the profile's country).
CREATE TABLE document_preferences (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    template   TEXT NOT NULL DEFAULT 'classic',
    paper      TEXT NOT NULL DEFAULT 'auto',
    updated_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE document_preferences;
