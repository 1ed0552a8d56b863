-- Named API tokens. The token itself is shown once at creation; only its SHA-256 is kept.
CREATE TABLE api_token (
    id            uuid        NOT NULL,
    name          text        NOT NULL,
    role          text        NOT NULL,
    lookup_id     text        NOT NULL,
    secret_hash   bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    text,
    CONSTRAINT api_token_pk PRIMARY KEY (id),
    CONSTRAINT api_token_lookup_id_uq UNIQUE (lookup_id),
    CONSTRAINT api_token_role_ck CHECK (role IN ('viewer', 'responder', 'admin', 'ingest')),
    CONSTRAINT api_token_name_ck CHECK (length(name) BETWEEN 1 AND 100)
);
