-- SLA breaches already announced, so the recurring scan notifies each breach of each target once.
CREATE TABLE sla_breach_notice (
    incident_id  uuid        NOT NULL,
    target       text        NOT NULL,
    noticed_at   timestamptz NOT NULL,
    CONSTRAINT sla_breach_notice_pk PRIMARY KEY (incident_id, target),
    CONSTRAINT sla_breach_notice_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT sla_breach_notice_target_ck CHECK (target IN ('ACKNOWLEDGE', 'CONTAIN'))
);
