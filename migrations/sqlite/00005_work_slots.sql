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

-- +goose Down
DROP TABLE work_slots;
