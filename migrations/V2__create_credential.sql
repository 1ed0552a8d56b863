-- One row per leaked credential. Secrets only as AES-256-GCM ciphertext with the id of the key that made it.
CREATE TABLE credential (
    id                 uuid        NOT NULL,
    kind               text        NOT NULL,
    fingerprint        text        NOT NULL,
    account_sid        text,
    key_sid            text,
    secret_hint        text,
    secret_ciphertext  bytea,
    secret_key_id      text,
    -- keyed hash of the SHA-1 of the secret, so detect-secrets' hashed_secret can join without storing an unkeyed hash
    secret_sha1_mac    text,
    account_sid_sha1_mac text,
    key_sid_sha1_mac   text,
    needs_secret       boolean     NOT NULL DEFAULT false,
    first_seen_at      timestamptz NOT NULL,
    exposure_start     timestamptz NOT NULL,
    secret_destroyed_at timestamptz,
    CONSTRAINT credential_pk PRIMARY KEY (id),
    CONSTRAINT credential_fingerprint_uq UNIQUE (fingerprint),
    CONSTRAINT credential_kind_ck CHECK (kind IN ('AUTH_TOKEN', 'API_KEY', 'ACCOUNT_SID', 'API_KEY_SID', 'HASHED_SECRET', 'UNRESOLVED_ALERT')),
    CONSTRAINT credential_account_sid_ck CHECK (account_sid IS NULL OR account_sid ~ '^AC[0-9a-f]{32}$'),
    CONSTRAINT credential_key_sid_ck CHECK (key_sid IS NULL OR key_sid ~ '^SK[0-9a-f]{32}$'),
    CONSTRAINT credential_secret_pair_ck CHECK ((secret_ciphertext IS NULL) = (secret_key_id IS NULL))
);
CREATE INDEX credential_account_sid_ix ON credential (account_sid);
CREATE INDEX credential_key_sid_ix ON credential (key_sid);
CREATE INDEX credential_secret_sha1_mac_ix ON credential (secret_sha1_mac);
CREATE INDEX credential_account_sid_sha1_mac_ix ON credential (account_sid_sha1_mac);
CREATE INDEX credential_key_sid_sha1_mac_ix ON credential (key_sid_sha1_mac);
