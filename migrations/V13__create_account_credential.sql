-- Admin credentials registered per Twilio account (Auth Token or Main API key), encrypted like leaked secrets.
-- They let the service rotate and audit even when the leaked credential may not (or no longer) act.
CREATE TABLE account_credential (
    id                uuid        NOT NULL,
    account_sid       text        NOT NULL,
    kind              text        NOT NULL,
    key_sid           text,
    secret_ciphertext bytea       NOT NULL,
    secret_key_id     text        NOT NULL,
    hint              text        NOT NULL,
    label             text,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    CONSTRAINT account_credential_pk PRIMARY KEY (id),
    CONSTRAINT account_credential_account_uq UNIQUE (account_sid),
    CONSTRAINT account_credential_kind_ck CHECK (kind IN ('AUTH_TOKEN', 'API_KEY')),
    CONSTRAINT account_credential_key_ck CHECK ((kind = 'API_KEY') = (key_sid IS NOT NULL))
);
