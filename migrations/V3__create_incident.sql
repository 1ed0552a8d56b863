-- One incident per leaked credential; the version column serialises concurrent actions (optimistic locking).
CREATE TABLE incident (
    id             uuid        NOT NULL,
    credential_id  uuid        NOT NULL,
    state          text        NOT NULL,
    severity       text        NOT NULL,
    title          text        NOT NULL,
    opened_at      timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        bigint      NOT NULL DEFAULT 0,
    CONSTRAINT incident_pk PRIMARY KEY (id),
    CONSTRAINT incident_credential_fk FOREIGN KEY (credential_id) REFERENCES credential (id),
    CONSTRAINT incident_credential_uq UNIQUE (credential_id),
    CONSTRAINT incident_state_ck CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'CONTAINED', 'REMEDIATED', 'AUDITED', 'CLOSED')),
    CONSTRAINT incident_severity_ck CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'))
);
CREATE INDEX incident_state_severity_ix ON incident (state, severity);
CREATE INDEX incident_opened_at_ix ON incident (opened_at DESC);
