-- Whether a responder allowed the usage audit to authenticate with the leaked credential while it is live
-- (the registered admin credential is always preferred).
CREATE TABLE usage_audit_choice (
    incident_id   uuid        NOT NULL,
    allow_leaked  boolean     NOT NULL,
    chosen_by     text        NOT NULL,
    chosen_at     timestamptz NOT NULL,
    CONSTRAINT usage_audit_choice_pk PRIMARY KEY (incident_id),
    CONSTRAINT usage_audit_choice_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id)
);
