-- Where and when a credential was seen. dedup_key makes re-posting a report a no-op.
CREATE TABLE occurrence (
    id            uuid        NOT NULL,
    credential_id uuid        NOT NULL,
    report_id     uuid,
    dedup_key     text        NOT NULL,
    scanner       text        NOT NULL,
    rule          text,
    repository    text,
    file          text,
    line          integer,
    commit_sha    text,
    author        text,
    commit_date   timestamptz,
    link          text,
    detected_at   timestamptz,
    scanner_validity text,
    recorded_at   timestamptz NOT NULL,
    CONSTRAINT occurrence_pk PRIMARY KEY (id),
    CONSTRAINT occurrence_credential_fk FOREIGN KEY (credential_id) REFERENCES credential (id),
    CONSTRAINT occurrence_report_fk FOREIGN KEY (report_id) REFERENCES ingest_report (id),
    CONSTRAINT occurrence_dedup_uq UNIQUE (credential_id, dedup_key)
);
CREATE INDEX occurrence_link_ix ON occurrence (link);
