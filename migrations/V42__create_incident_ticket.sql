-- The external ticket (Jira key or URL) that tracks an incident in the organisation's own tracker.
CREATE TABLE incident_ticket (
    incident_id  uuid        NOT NULL,
    reference    text        NOT NULL,
    url          text,
    set_at       timestamptz NOT NULL,
    set_by       text        NOT NULL,
    CONSTRAINT incident_ticket_pk PRIMARY KEY (incident_id),
    CONSTRAINT incident_ticket_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT incident_ticket_reference_ck CHECK (length(reference) BETWEEN 1 AND 500)
);
