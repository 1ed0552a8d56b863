-- Append-only incident history. Each event carries the hash of the previous one, so edits and deletions show.
CREATE TABLE incident_event (
    id            uuid        NOT NULL,
    incident_id   uuid        NOT NULL,
    seq           integer     NOT NULL,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    state_before  text,
    state_after   text,
    details       jsonb       NOT NULL,
    prev_hash     text        NOT NULL,
    hash          text        NOT NULL,
    CONSTRAINT incident_event_pk PRIMARY KEY (id),
    CONSTRAINT incident_event_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT incident_event_seq_uq UNIQUE (incident_id, seq)
);

-- Events are never updated or deleted by the application.
CREATE FUNCTION incident_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'incident_event is append-only';
END;
$$;
CREATE TRIGGER incident_event_no_update BEFORE UPDATE OR DELETE ON incident_event
    FOR EACH ROW EXECUTE FUNCTION incident_event_append_only();
