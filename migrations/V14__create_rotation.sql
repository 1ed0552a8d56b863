-- Rotation sagas: each external call is recorded before and after it runs, with an idempotency key,
-- so a crash between steps is visible and resumable without repeating a step that took effect.
CREATE TABLE rotation (
    id                     uuid        NOT NULL,
    incident_id            uuid        NOT NULL,
    mode                   text        NOT NULL,
    auth_source            text        NOT NULL,
    status                 text        NOT NULL,
    new_key_sid            text,
    new_secret_ciphertext  bytea,
    new_secret_key_id      text,
    new_secret_hint        text,
    confirm_after          timestamptz,
    created_at             timestamptz NOT NULL,
    created_by             text        NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                bigint      NOT NULL DEFAULT 0,
    CONSTRAINT rotation_pk PRIMARY KEY (id),
    CONSTRAINT rotation_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT rotation_mode_ck CHECK (mode IN ('ZERO_DOWNTIME', 'IMMEDIATE', 'MANUAL', 'API_KEY')),
    CONSTRAINT rotation_auth_source_ck CHECK (auth_source IN ('SELF', 'ADMIN', 'NONE')),
    CONSTRAINT rotation_secret_pair_ck CHECK ((new_secret_ciphertext IS NULL) = (new_secret_key_id IS NULL))
);
-- At most one rotation in progress per incident.
CREATE UNIQUE INDEX rotation_active_uq ON rotation (incident_id)
    WHERE status NOT IN ('CONFIRMED', 'FAILED', 'ABANDONED');

CREATE TABLE rotation_step (
    id               uuid        NOT NULL,
    rotation_id      uuid        NOT NULL,
    step             text        NOT NULL,
    idempotency_key  text        NOT NULL,
    status           text        NOT NULL,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    http_status      integer,
    twilio_error_code integer,
    reason           text,
    CONSTRAINT rotation_step_pk PRIMARY KEY (id),
    CONSTRAINT rotation_step_rotation_fk FOREIGN KEY (rotation_id) REFERENCES rotation (id),
    CONSTRAINT rotation_step_idempotency_uq UNIQUE (idempotency_key),
    CONSTRAINT rotation_step_status_ck CHECK (status IN ('STARTED', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'RECONCILED'))
);
CREATE INDEX rotation_step_rotation_ix ON rotation_step (rotation_id, started_at);

-- API keys and subaccounts created during the exposure window: possibly the attacker's. Each decision audited.
CREATE TABLE suspect_resource (
    id               uuid        NOT NULL,
    incident_id      uuid        NOT NULL,
    kind             text        NOT NULL,
    sid              text        NOT NULL,
    friendly_name    text,
    twilio_created_at timestamptz,
    decision         text        NOT NULL,
    decided_by       text,
    decided_at       timestamptz,
    note             text,
    found_at         timestamptz NOT NULL,
    CONSTRAINT suspect_resource_pk PRIMARY KEY (id),
    CONSTRAINT suspect_resource_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT suspect_resource_uq UNIQUE (incident_id, sid),
    CONSTRAINT suspect_resource_kind_ck CHECK (kind IN ('API_KEY', 'SUBACCOUNT')),
    CONSTRAINT suspect_resource_decision_ck CHECK (decision IN ('PENDING', 'DELETED', 'KEPT'))
);
