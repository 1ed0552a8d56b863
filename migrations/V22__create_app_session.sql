-- Dashboard sessions, kept server-side so that sign-out, a disabled user or an expired session ends them at once.
-- The cookie holds a random token; only its SHA-256 is stored. The CSRF token is per session.
CREATE TABLE app_session (
    id              uuid        NOT NULL,
    token_hash      bytea       NOT NULL,
    user_id         uuid        NOT NULL,
    csrf_token      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    CONSTRAINT app_session_pk PRIMARY KEY (id),
    CONSTRAINT app_session_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX app_session_token_hash_uq ON app_session (token_hash);
CREATE INDEX app_session_user_idx ON app_session (user_id);
