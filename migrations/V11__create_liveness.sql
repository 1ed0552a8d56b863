-- Every liveness check of a stored credential, with the facts a responder needs. Never a secret.
CREATE TABLE liveness_check (
    id                   uuid        NOT NULL,
    credential_id        uuid        NOT NULL,
    verdict              text        NOT NULL,
    trigger              text        NOT NULL,
    actor                text        NOT NULL,
    checked_at           timestamptz NOT NULL,
    account_sid          text,
    account_status       text,
    account_type         text,
    subaccount           boolean,
    friendly_name        text,
    key_type             text,
    revealed_account_sid text,
    http_status          integer,
    twilio_error_code    integer,
    reason               text        NOT NULL,
    attempts             integer     NOT NULL,
    CONSTRAINT liveness_check_pk PRIMARY KEY (id),
    CONSTRAINT liveness_check_credential_fk FOREIGN KEY (credential_id) REFERENCES credential (id),
    CONSTRAINT liveness_check_verdict_ck CHECK (verdict IN ('LIVE', 'NOT_LIVE', 'INDETERMINATE', 'NOT_CHECKABLE')),
    CONSTRAINT liveness_check_trigger_ck CHECK (trigger IN ('INGEST', 'SCHEDULE', 'MANUAL', 'API'))
);
CREATE INDEX liveness_check_credential_ix ON liveness_check (credential_id, checked_at DESC);

-- Where each credential stands: its last verdict, when it stopped working, and when to check it next.
CREATE TABLE credential_liveness (
    credential_id         uuid        NOT NULL,
    last_verdict          text,
    last_checked_at       timestamptz,
    first_live_at         timestamptz,
    last_live_at          timestamptz,
    not_live_since        timestamptz,
    stopped_working_at    timestamptz,
    indeterminate_streak  integer     NOT NULL DEFAULT 0,
    next_check_at         timestamptz,
    monitoring            text        NOT NULL DEFAULT 'ACTIVE',
    version               bigint      NOT NULL DEFAULT 0,
    CONSTRAINT credential_liveness_pk PRIMARY KEY (credential_id),
    CONSTRAINT credential_liveness_credential_fk FOREIGN KEY (credential_id) REFERENCES credential (id),
    CONSTRAINT credential_liveness_monitoring_ck CHECK (monitoring IN ('ACTIVE', 'STOPPED'))
);
CREATE INDEX credential_liveness_due_ix ON credential_liveness (next_check_at) WHERE monitoring = 'ACTIVE';

-- Ad-hoc checks through POST /api/v1/liveness: who checked which credential (by fingerprint) and the verdict.
CREATE TABLE liveness_audit (
    id            uuid        NOT NULL,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    token_id      text,
    fingerprint   text        NOT NULL,
    kind          text        NOT NULL,
    account_sid   text,
    key_sid       text,
    verdict       text        NOT NULL,
    tracked       boolean     NOT NULL,
    CONSTRAINT liveness_audit_pk PRIMARY KEY (id)
);
CREATE INDEX liveness_audit_at_ix ON liveness_audit (at DESC);
