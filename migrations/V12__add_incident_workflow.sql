-- The response workflow: who owns the incident, when each stage was reached, how it ended.
ALTER TABLE incident
    ADD COLUMN assignee          text,
    ADD COLUMN acknowledged_at   timestamptz,
    ADD COLUMN contained_at      timestamptz,
    ADD COLUMN remediated_at     timestamptz,
    ADD COLUMN audited_at        timestamptz,
    ADD COLUMN closed_at         timestamptz,
    ADD COLUMN resolution        text,
    ADD COLUMN resolution_reason text,
    ADD COLUMN reopened_count    integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT incident_resolution_ck CHECK (resolution IS NULL
        OR resolution IN ('REVOKED', 'FALSE_POSITIVE', 'TEST_CREDENTIAL', 'NEVER_LIVE', 'ACCEPTED_RISK')),
    ADD CONSTRAINT incident_closed_has_resolution_ck CHECK ((state = 'CLOSED') = (resolution IS NOT NULL));

-- The consumer ledger: every place the leaked credential is used, until replaced or waived.
CREATE TABLE consumer (
    id            uuid        NOT NULL,
    incident_id   uuid        NOT NULL,
    name          text        NOT NULL,
    kind          text        NOT NULL,
    owner         text,
    status        text        NOT NULL,
    suggested     boolean     NOT NULL,
    note          text,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL,
    resolved_at   timestamptz,
    resolved_by   text,
    version       bigint      NOT NULL DEFAULT 0,
    CONSTRAINT consumer_pk PRIMARY KEY (id),
    CONSTRAINT consumer_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT consumer_name_uq UNIQUE (incident_id, name),
    CONSTRAINT consumer_kind_ck CHECK (kind IN ('SERVICE', 'CI_SECRET', 'VAULT_PATH', 'WEBHOOK_VALIDATOR', 'OTHER')),
    CONSTRAINT consumer_status_ck CHECK (status IN ('PENDING', 'REPLACED', 'WAIVED')),
    CONSTRAINT consumer_resolved_ck CHECK ((status = 'PENDING') = (resolved_at IS NULL))
);
CREATE INDEX consumer_incident_ix ON consumer (incident_id);
