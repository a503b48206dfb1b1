-- Files live in PostgreSQL, addressed by content, so every worker host sees them.
CREATE TABLE blob (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data       bytea NOT NULL,
    mime       text NOT NULL,
    size       bigint NOT NULL CHECK (size >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (octet_length(data) = size)
);
