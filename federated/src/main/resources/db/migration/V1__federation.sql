-- One schema for SQLite and PostgreSQL: portable types only (BYTEA is a blob in both), ids assigned by the coordinator.
CREATE TABLE federation (
    id             INTEGER PRIMARY KEY,
    federation_id  BYTEA   NOT NULL,
    plan_text      TEXT    NOT NULL,
    plan_digest    BYTEA   NOT NULL,
    initial_model  BYTEA   NOT NULL,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE participants (
    id           INTEGER PRIMARY KEY,
    public_key   BYTEA   NOT NULL UNIQUE,
    dataset      BYTEA   NOT NULL,
    row_count    BIGINT  NOT NULL,
    enrolled_at  BIGINT  NOT NULL
);

CREATE TABLE rounds (
    round                INTEGER PRIMARY KEY,
    global_model         BYTEA   NOT NULL,
    opened_at            BIGINT  NOT NULL,
    deadline_at          BIGINT  NOT NULL,
    closed_at            BIGINT,
    outcome              TEXT,
    validation_accuracy  DOUBLE PRECISION
);

CREATE TABLE updates (
    id            INTEGER PRIMARY KEY,
    round         INTEGER NOT NULL,
    participant   INTEGER,
    accepted      INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    trained_model BYTEA,
    proof         BYTEA,
    verify_ms     DOUBLE PRECISION,
    received_at   BIGINT  NOT NULL
);

CREATE INDEX updates_by_round ON updates (round, accepted);
