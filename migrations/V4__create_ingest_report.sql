-- Each accepted report that added something: where findings came from.
CREATE TABLE ingest_report (
    id            uuid        NOT NULL,
    format        text        NOT NULL,
    source        text        NOT NULL,
    body_sha256   text        NOT NULL,
    body_bytes    bigint      NOT NULL,
    received      integer     NOT NULL,
    twilio        integer     NOT NULL,
    ignored       integer     NOT NULL,
    received_at   timestamptz NOT NULL,
    submitted_by  text        NOT NULL,
    CONSTRAINT ingest_report_pk PRIMARY KEY (id)
);
CREATE INDEX ingest_report_sha_ix ON ingest_report (body_sha256);
